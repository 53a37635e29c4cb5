from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from visits import services
from visits.models import FOLLOW_UP_AFTER, FollowUp, Visit, VisitPreparation
from visits.tests.factories import (
    ProspectFactory,
    complete_preparation,
    held_visit,
    local_input,
    plan_visit,
)
from visits.tests.helpers import loaded_version, messages_of


def _minute(moment):
    return moment.replace(second=0, microsecond=0)


def _record(client, visit, held_at=None, **changes):
    data = {
        "held_at": local_input(held_at or timezone.now() - timedelta(hours=1)),
        "place": "Their head office",
        "method": "face_to_face",
        "people_met": "Mr Wang, purchasing director",
        "talking_points": "Energy savings of the new line",
        "customer_views": "Interested, worried about price",
        "suggestions": "Bring a total-cost comparison",
        "duration_minutes": "90",
        "progress": "explanation",
        "attitude": "warm",
    }
    data.update(changes)
    data.update(loaded_version(Visit, pk=visit.pk))
    return client.post(reverse("visits:record", args=[visit.pk]), data)


def _preparation_data(**changes):
    data = {
        "discussion_at": local_input(timezone.now() - timedelta(days=1)),
        "colleague_suggestions": "Ask about their purchasing cycle.",
        "classification": "Key account, machinery",
        "analysis": "Centralised purchasing, long decision chain",
        "judgement": "Worth developing",
    }
    for items in VisitPreparation.GROUPS.values():
        for key, _label in items:
            data[f"{key}_done"] = "on"
            data[f"{key}_notes"] = f"notes on {key}"
    data.update(changes)
    return data


def _prepare(client, visit, data):
    """Post the preparation page as a browser that just loaded it: the page creates
    an empty preparation (version 0) on its first load."""
    version = {"version": 0, **loaded_version(VisitPreparation, visit=visit)}
    return client.post(reverse("visits:prepare", args=[visit.pk]), {**data, **version})


@pytest.fixture
def visit(prospect, supervisor):
    return plan_visit(
        prospect, supervisor, planned_at=timezone.now() - timedelta(hours=3)
    )


# --- Preparation gates the record ---------------------------------------------------


def test_recording_is_refused_while_the_preparation_is_incomplete(client, rep, visit):
    client.force_login(rep)
    page = client.get(reverse("visits:record", args=[visit.pk]))
    assert "The preparation is not complete" in page.content.decode()

    response = _record(client, visit)
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert "Prepare the visit first (0 of 30 steps done)" in error
    assert "ask your manager to waive" in error
    assert "Prepare the visit first" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED
    assert visit.held_at is None
    assert visit.talking_points == ""
    assert not FollowUp.objects.exists()


def test_the_preparation_form_completes_every_step(client, rep, visit):
    client.force_login(rep)
    assert client.get(reverse("visits:prepare", args=[visit.pk])).status_code == 200
    response = _prepare(client, visit, _preparation_data())
    assert response.status_code == 302
    preparation = VisitPreparation.objects.get(visit=visit)
    assert preparation.is_complete
    assert preparation.progress == (30, 30)
    assert preparation.item("decision_maker") == {
        "done": True,
        "notes": "notes on decision_maker",
    }

    assert _record(client, visit).status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.HELD


def test_one_unticked_item_keeps_the_preparation_incomplete(client, rep, visit):
    client.force_login(rep)
    data = _preparation_data()
    del data["samples_done"]
    _prepare(client, visit, data)
    assert VisitPreparation.objects.get(visit=visit).progress == (29, 30)
    _record(client, visit)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED
    assert not FollowUp.objects.exists()


def test_a_manager_waives_the_preparation_and_the_visit_can_be_recorded(
    client, rep, manager, visit
):
    client.force_login(manager)
    response = client.post(
        reverse("visits:waive", args=[visit.pk]),
        {"reason": "The customer called us in."},
    )
    assert response.status_code == 302
    preparation = VisitPreparation.objects.get(visit=visit)
    assert preparation.waived_by == manager
    assert preparation.waiver_reason == "The customer called us in."
    assert not preparation.is_complete

    client.force_login(rep)
    assert _record(client, visit).status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.HELD
    # The visit's page names who led it, who waived and who follows up.
    page = client.get(visit.get_absolute_url()).content.decode()
    follow_up = visit.follow_up
    assert f"{visit.lead_visitor} (lead)" in page
    assert f"Waived by {manager}:" in page
    assert f"{follow_up.assignee} follows up by phone" in page


def test_a_rep_cannot_waive_the_preparation(client, rep, visit):
    client.force_login(rep)
    response = client.post(
        reverse("visits:waive", args=[visit.pk]), {"reason": "Hurry"}
    )
    assert response.status_code == 403
    assert not VisitPreparation.objects.get(visit=visit).is_waived


def test_a_waiver_needs_a_reason(client, manager, visit):
    client.force_login(manager)
    response = client.post(reverse("visits:waive", args=[visit.pk]), {"reason": ""})
    assert "Give the reason for the waiver." in messages_of(response)
    assert not VisitPreparation.objects.get(visit=visit).is_waived


# --- The record and its follow-up ---------------------------------------------------


def test_recording_a_held_visit_creates_its_follow_up_a_week_later(client, rep, visit):
    complete_preparation(visit)
    held_at = _minute(timezone.now() - timedelta(hours=2))
    client.force_login(rep)
    response = _record(client, visit, held_at=held_at)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.HELD
    assert visit.held_at == held_at
    assert visit.talking_points == "Energy savings of the new line"
    assert visit.customer_views == "Interested, worried about price"
    assert visit.suggestions == "Bring a total-cost comparison"
    follow_up = FollowUp.objects.get()
    assert follow_up.visit == visit
    assert follow_up.prospect == visit.prospect
    assert follow_up.is_open
    assert follow_up.due_at == held_at + FOLLOW_UP_AFTER
    due = timezone.localtime(follow_up.due_at).strftime("%Y-%m-%d")
    assert f"Follow up by {due}." in " ".join(messages_of(response))


def test_recording_again_keeps_one_follow_up_and_moves_its_due_date(client, rep, visit):
    complete_preparation(visit)
    client.force_login(rep)
    _record(client, visit, held_at=_minute(timezone.now() - timedelta(hours=2)))
    earlier = _minute(timezone.now() - timedelta(days=1))
    assert _record(client, visit, held_at=earlier).status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.due_at == earlier + FOLLOW_UP_AFTER


def test_a_visit_cannot_be_recorded_before_it_happens(client, rep, visit):
    complete_preparation(visit)
    client.force_login(rep)
    response = _record(client, visit, held_at=timezone.now() + timedelta(days=1))
    assert response.context["form"].errors["held_at"] == [
        "A visit cannot be recorded before it happens."
    ]
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED
    assert not FollowUp.objects.exists()


def test_the_record_sheet_needs_talking_points_and_the_customer_s_views(
    client, rep, visit
):
    complete_preparation(visit)
    client.force_login(rep)
    response = _record(client, visit, talking_points="", customer_views=" ")
    assert set(response.context["form"].errors) == {"talking_points", "customer_views"}
    assert not FollowUp.objects.exists()


def test_a_cancelled_visit_cannot_be_recorded(client, rep, visit):
    complete_preparation(visit)
    visit.status = Visit.Status.CANCELLED
    visit.save()
    client.force_login(rep)
    assert _record(client, visit).status_code == 404
    assert not FollowUp.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_visit_and_its_follow_up_are_saved_in_one_transaction(client, rep, visit):
    complete_preparation(visit)
    client.force_login(rep)
    with (
        mock.patch.object(
            FollowUp.objects, "get_or_create", side_effect=RuntimeError("db down")
        ),
        pytest.raises(RuntimeError, match="db down"),
    ):
        _record(client, visit)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED
    assert visit.held_at is None
    assert not FollowUp.objects.exists()


def test_a_failing_follow_up_save_undoes_the_record(rep, visit, monkeypatch):
    complete_preparation(visit)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(FollowUp, "save", fail)
    visit.held_at = timezone.now() - timedelta(hours=1)
    visit.talking_points = "Points"
    visit.customer_views = "Views"
    with pytest.raises(RuntimeError):
        services.visit_record(visit=visit)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED
    assert not FollowUp.objects.exists()


def test_the_owner_follows_up_when_they_went_on_the_visit(rep, supervisor, prospect):
    visit = held_visit(prospect, supervisor, co_visitors=[rep])
    assert visit.follow_up.assignee == rep


def test_the_lead_visitor_follows_up_when_the_owner_stayed_home(
    rep, supervisor, colleague, prospect
):
    visit = held_visit(prospect, supervisor, co_visitors=[colleague])
    assert visit.follow_up.assignee == supervisor


def test_the_owner_follows_up_when_they_led_the_visit(supervisor):
    own = ProspectFactory(owner=supervisor)
    assert held_visit(own, supervisor).follow_up.assignee == supervisor


# --- Logging the follow-up ----------------------------------------------------------


@pytest.fixture
def held(prospect, supervisor, rep):
    return held_visit(
        prospect,
        supervisor,
        co_visitors=[rep],
        held_at=timezone.now() - timedelta(days=3),
    )


def _follow_up(client, visit, done_at, **changes):
    data = {
        "method": "phone",
        "done_at": local_input(done_at),
        "customer_opinion": "They want a quote.",
        "next_step": "Send the quote.",
        "progress": "proposal",
        "attitude": "warm",
    }
    data.update(changes)
    data.update(loaded_version(FollowUp, visit=visit))
    return client.post(reverse("visits:follow-up", args=[visit.pk]), data)


def test_logging_the_follow_up_closes_it(client, rep, held):
    client.force_login(rep)
    assert client.get(reverse("visits:follow-up", args=[held.pk])).status_code == 200
    done_at = _minute(timezone.now() - timedelta(hours=1))
    response = _follow_up(client, held, done_at)
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.status == FollowUp.Status.DONE
    assert follow_up.done_at == done_at
    assert follow_up.method == "phone"
    assert follow_up.customer_opinion == "They want a quote."
    page = client.get(held.get_absolute_url()).content.decode()
    assert "They want a quote." in page


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (timedelta(days=-4), "The follow-up cannot come before the visit."),
        (timedelta(days=1), "A follow-up cannot be logged before it happens."),
    ],
)
def test_a_follow_up_before_the_visit_or_in_the_future_is_refused(
    client, rep, held, offset, message
):
    client.force_login(rep)
    response = _follow_up(client, held, timezone.now() + offset)
    assert response.status_code == 200
    assert response.context["form"].errors["done_at"] == [message]
    follow_up = FollowUp.objects.get()
    assert follow_up.is_open
    assert follow_up.done_at is None
    assert follow_up.customer_opinion == ""


def test_the_follow_up_needs_the_customer_s_opinion(client, rep, held):
    client.force_login(rep)
    response = _follow_up(
        client, held, timezone.now() - timedelta(hours=1), customer_opinion=""
    )
    assert "customer_opinion" in response.context["form"].errors
    assert FollowUp.objects.get().is_open


def test_a_planned_visit_has_no_follow_up_to_log(client, rep, visit):
    client.force_login(rep)
    assert client.get(reverse("visits:follow-up", args=[visit.pk])).status_code == 404


# --- People met: the account's contacts ---------------------------------------------


def test_people_met_are_chosen_from_the_account_s_contacts_or_added_inline(
    client, rep, visit
):
    from prospects.models import Contact
    from visits.tests.factories import ContactFactory

    complete_preparation(visit)
    known = ContactFactory(prospect=visit.prospect, name="王伟", position="采购总监")
    elsewhere = ContactFactory(prospect=ProspectFactory(owner=rep), name="Not here")
    client.force_login(rep)
    page = client.get(reverse("visits:record", args=[visit.pk])).content.decode()
    assert "王伟 · 采购总监" in page
    assert "Not here" not in page
    response = _record(
        client,
        visit,
        contacts_met=[known.pk],
        new_contact_name="赵刚",
        new_contact_position="车间主任",
        people_met="",
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    added = Contact.objects.get(name="赵刚")
    assert added.prospect == visit.prospect
    assert added.position == "车间主任"
    assert set(visit.contacts_met.all()) == {known, added}
    assert visit.met_line == "王伟 (采购总监), 赵刚 (车间主任)"
    sheet = client.get(
        reverse("devlog:sheet", args=[visit.prospect.pk])
    ).content.decode()
    assert "王伟 (采购总监), 赵刚 (车间主任)" in sheet
    assert elsewhere.visits_met.count() == 0


def test_a_contact_of_another_account_cannot_be_met(client, rep, visit):
    from visits.tests.factories import ContactFactory

    complete_preparation(visit)
    ContactFactory(prospect=visit.prospect)
    elsewhere = ContactFactory(prospect=ProspectFactory(owner=rep))
    client.force_login(rep)
    response = _record(client, visit, contacts_met=[elsewhere.pk])
    assert response.status_code == 200
    assert "contacts_met" in response.context["form"].errors
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_a_new_contact_needs_a_name(client, rep, visit):
    complete_preparation(visit)
    client.force_login(rep)
    response = _record(client, visit, new_contact_position="Buyer")
    assert response.context["form"].errors["new_contact_name"] == [
        "Give the new contact's name."
    ]


def test_a_visit_record_marks_the_people_met_as_met_that_day(client, rep, visit):
    """The relationship map's "supporter not met for 90 days" follows the visits."""
    from prospects.models import Contact, Strength
    from visits.tests.factories import ContactFactory

    complete_preparation(visit)
    long_ago = timezone.localdate() - timedelta(days=200)
    known = ContactFactory(prospect=visit.prospect, name="王伟", last_met_on=long_ago)
    client.force_login(rep)
    held_at = timezone.now() - timedelta(hours=2)
    response = _record(client, visit, held_at=held_at, contacts_met=[known.pk])
    assert response.status_code == 302
    known = Contact.objects.get(pk=known.pk)
    assert known.last_met_on == timezone.localdate(held_at)
    assert known.strength == Strength.MET
    assert known.history.first().history_user == rep
