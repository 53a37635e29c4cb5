"""The stage an account reached (Prospect.stage): every logged contact with a further
business progress moves it forward, never back."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from devlog import services
from devlog.models import DevelopmentEntry, Outcome
from devlog.tests.factories import DevelopmentEntryFactory, ago
from devlog.tests.helpers import loaded_version
from prospects.models import Attitude, Progress, Prospect
from visits import services as visit_services
from visits.models import FirstContact
from visits.tests.factories import complete_preparation, local_input, plan_visit


def stage_of(prospect):
    return Prospect.objects.values_list("stage", flat=True).get(pk=prospect.pk)


def log_first_contact(prospect, progress):
    return visit_services.first_contact_log(
        first_contact=FirstContact(
            prospect=prospect,
            channel=FirstContact.Channel.PHONE,
            contacted_at=ago(days=40),
            made_by=prospect.owner,
            progress=progress,
            attitude=Attitude.NEUTRAL,
        )
    )


def record_visit(prospect, supervisor, progress, *, days_ago=10):
    planned = plan_visit(prospect, supervisor, planned_at=ago(days=days_ago))
    complete_preparation(planned)
    planned.held_at = planned.planned_at
    planned.talking_points = "Our proposal"
    planned.customer_views = "Interested"
    planned.progress = progress
    planned.attitude = Attitude.WARM
    return visit_services.visit_record(visit=planned)


def log_follow_up(held, progress):
    follow_up = held.follow_up
    follow_up.done_at = held.held_at + timedelta(days=2)
    follow_up.method = follow_up.Method.PHONE
    follow_up.customer_opinion = "They want a quote"
    follow_up.progress = progress
    return visit_services.follow_up_log(follow_up=follow_up)


def add_entry(prospect, progress):
    return services.entry_save(
        entry=DevelopmentEntryFactory.build(prospect=prospect, progress=progress)
    )


def test_each_kind_of_contact_moves_the_stage_forward(prospect, supervisor):
    log_first_contact(prospect, Progress.CONTACT)
    assert stage_of(prospect) == "contact"

    held = record_visit(prospect, supervisor, Progress.EXPLANATION)
    assert stage_of(prospect) == "explanation"

    log_follow_up(held, Progress.DEMO)
    assert stage_of(prospect) == "demo"

    add_entry(prospect, Progress.PROPOSAL)
    assert stage_of(prospect) == "proposal"


def test_a_contact_with_an_earlier_progress_does_not_move_the_stage_back(
    prospect, supervisor
):
    add_entry(prospect, Progress.PROPOSAL)

    log_first_contact(prospect, Progress.CONTACT)
    held = record_visit(prospect, supervisor, Progress.DEMO)
    log_follow_up(held, Progress.EXPLANATION)
    add_entry(prospect, Progress.CONTACT)

    assert stage_of(prospect) == "proposal"


def test_a_contact_without_a_progress_leaves_the_stage_alone(prospect, supervisor):
    add_entry(prospect, Progress.DEMO)

    log_first_contact(prospect, "")
    record_visit(prospect, supervisor, "")

    assert stage_of(prospect) == "demo"


def test_a_contact_added_on_the_page_moves_the_stage(client, rep, prospect):
    client.force_login(rep)

    client.post(
        reverse("devlog:entry-create", args=[prospect.pk]),
        {
            "occurred_at": local_input(ago(days=1)),
            "person_met": "王总",
            "method": DevelopmentEntry.Method.VISIT,
            "progress": Progress.PROPOSAL,
            "attitude": Attitude.WARM,
        },
    )

    assert stage_of(prospect) == "proposal"


def test_editing_or_deleting_a_row_does_not_move_the_stage_back(client, rep, prospect):
    entry = add_entry(prospect, Progress.PROPOSAL)
    client.force_login(rep)

    client.post(
        reverse("devlog:entry-edit", args=[prospect.pk, entry.pk]),
        {
            "occurred_at": local_input(entry.occurred_at),
            "person_met": entry.person_met,
            "method": entry.method,
            "progress": Progress.CONTACT,
            "attitude": Attitude.COLD,
            **loaded_version(DevelopmentEntry, pk=entry.pk),
        },
    )
    assert DevelopmentEntry.objects.get().progress == "contact"
    assert stage_of(prospect) == "proposal"

    client.post(reverse("devlog:entry-delete", args=[prospect.pk, entry.pk]))
    assert stage_of(prospect) == "proposal"


def test_a_won_account_has_reached_the_contract(prospect):
    add_entry(prospect, Progress.DEMO)

    services.outcome_record(
        outcome=Outcome(
            prospect=prospect,
            result=Outcome.Result.WON,
            decided_on=timezone.localdate(),
            decided_by=prospect.owner,
            summary="Signed",
        ),
        reasons=[],
    )

    assert stage_of(prospect) == "contract"


def test_two_contacts_logged_at_once_never_move_the_stage_back(prospect):
    """Two requests load the account, then each logs a contact: the one logging the
    lesser progress must not overwrite the stage the other one reached."""
    seen_by_second_request = Prospect.objects.get(pk=prospect.pk)

    add_entry(prospect, Progress.PROPOSAL)
    add_entry(seen_by_second_request, Progress.CONTACT)

    assert stage_of(prospect) == "proposal"
