"""An account's status and stage move only through their services: never from the
edit form, the admin or a bare ``.update()``; each move bumps the version and is
in the change history as the person who made it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from devlog import services as devlog_services
from devlog.models import Outcome
from kam.history import account_history
from kam.versioning import CONFLICT
from prospects.models import Progress, Prospect
from prospects.services import prospect_advance_stage, prospect_set_status
from prospects.tests.factories import ProspectFactory
from visits import services as visit_services
from visits.models import FirstContact

Status = Prospect.Status


def status_of(prospect):
    return Prospect.objects.values_list("status", flat=True).get(pk=prospect.pk)


def edit(client, prospect, **changes):
    current = Prospect.objects.get(pk=prospect.pk)
    return client.post(
        reverse("prospects:edit", args=[prospect.pk]),
        {
            "version": current.version,
            "name": current.name,
            "owner": current.owner_id,
            **changes,
        },
    )


def status_changes(prospect):
    """(who, old, new) of every status change in the account's history."""
    return [
        (entry.who, change.old, change.new)
        for entry in account_history(prospect)
        for change in entry.changes
        if change.label == "Status"
    ]


def test_the_account_form_has_no_status(client, rep):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    for name, args in (("prospects:edit", [prospect.pk]), ("prospects:create", [])):
        page = client.get(reverse(name, args=args)).content.decode()
        assert 'name="status"' not in page


@pytest.mark.parametrize(
    ("before", "posted"),
    [
        (Status.DEVELOPING, Status.WON),  # into the register with no outcome
        (Status.DEVELOPING, Status.LOST),  # into the archive with no review
        (Status.WON, Status.DEVELOPING),  # out of the register, which restore refuses
    ],
)
def test_a_status_posted_to_the_edit_form_changes_nothing(client, rep, before, posted):
    prospect = ProspectFactory(owner=rep, status=before)
    client.force_login(rep)
    assert edit(client, prospect, status=posted, region="华东").status_code == 302
    assert status_of(prospect) == before
    assert Prospect.objects.get(pk=prospect.pk).region == "华东"


def test_a_new_account_starts_as_potential_whatever_is_posted(client, rep):
    client.force_login(rep)
    client.post(reverse("prospects:create"), {"name": "新客户", "status": "won"})
    assert Prospect.objects.get(name="新客户").status == Status.POTENTIAL


def test_setting_the_status_bumps_the_version_in_the_actors_name(rep, manager):
    prospect = ProspectFactory(owner=rep, status=Status.DEVELOPING)
    before = prospect.version
    prospect_set_status(prospect=prospect, status=Status.DORMANT, by=manager)
    stored = Prospect.objects.get(pk=prospect.pk)
    assert (stored.status, stored.version) == (Status.DORMANT, before + 1)
    assert prospect.version == stored.version  # the caller's copy follows
    assert status_changes(prospect) == [(manager, "Developing", "Dormant")]


def test_advancing_the_stage_bumps_the_version_in_the_actors_name(rep, colleague):
    prospect = ProspectFactory(owner=rep, status=Status.DEVELOPING)
    before = prospect.version
    prospect_advance_stage(prospect=prospect, progress=Progress.DEMO, by=colleague)
    prospect_advance_stage(prospect=prospect, progress=Progress.CONTACT, by=rep)
    stored = Prospect.objects.get(pk=prospect.pk)
    assert (stored.stage, stored.version) == (Progress.DEMO, before + 1)
    [latest, *_] = account_history(prospect)
    assert latest.who == colleague
    assert [(c.label, c.new) for c in latest.changes] == [
        ("Stage reached", "Product demo")
    ]


def test_a_status_change_is_never_credited_to_whoever_saves_next(
    client, rep, manager, supervisor
):
    """Once an outcome moved the status, the manager's edit of the name is the
    manager's alone: the status change is the rep's, made when it was made."""
    prospect = ProspectFactory(owner=rep, status=Status.DEVELOPING)
    client.force_login(rep)
    client.post(
        reverse("devlog:outcome", args=[prospect.pk]),
        {"result": "won", "decided_on": timezone.localdate(), "summary": "Signed"},
    )
    assert status_of(prospect) == Status.WON
    boss = Client()
    boss.force_login(manager)
    assert edit(boss, prospect, name="Renamed").status_code == 302
    assert status_changes(prospect) == [(rep, "Developing", "Won (key account)")]
    renamed = account_history(prospect)[0]
    assert renamed.who == manager
    assert [c.label for c in renamed.changes] == ["Name"]


def test_an_edit_form_opened_before_the_outcome_gets_the_conflict(client, rep):
    prospect = ProspectFactory(owner=rep, status=Status.DEVELOPING)
    client.force_login(rep)
    loaded = Prospect.objects.get(pk=prospect.pk).version
    devlog_services.outcome_record(
        outcome=Outcome(
            prospect=prospect,
            result=Outcome.Result.WON,
            decided_on=timezone.localdate(),
            decided_by=rep,
            summary="Signed",
        ),
        reasons=[],
    )
    response = client.post(
        reverse("prospects:edit", args=[prospect.pk]),
        {"version": loaded, "name": "Stale", "owner": rep.pk},
    )
    assert str(CONFLICT)[:40] in response.content.decode()
    assert Prospect.objects.get(pk=prospect.pk).name != "Stale"


def _first_contact(prospect, **fields):
    return visit_services.first_contact_log(
        first_contact=FirstContact(
            prospect=prospect,
            channel=FirstContact.Channel.PHONE,
            contacted_at=timezone.now(),
            made_by=prospect.owner,
            **fields,
        )
    )


def test_the_first_contact_moves_a_potential_account_to_developing(rep):
    prospect = ProspectFactory(owner=rep, status=Status.POTENTIAL)
    _first_contact(prospect, progress=Progress.CONTACT)
    assert status_of(prospect) == Status.DEVELOPING
    assert status_changes(prospect) == [(rep, "Potential", "Developing")]
    assert Prospect.objects.get(pk=prospect.pk).stage == Progress.CONTACT


@pytest.mark.parametrize("status", [Status.WON, Status.LOST, Status.DORMANT])
def test_a_contact_leaves_any_other_status_alone(rep, status):
    prospect = ProspectFactory(owner=rep, status=status)
    _first_contact(prospect)
    assert status_of(prospect) == status


@pytest.mark.parametrize("field", ["status", "stage", "owner", "team"])
def test_a_bare_update_of_a_state_field_is_refused(rep, field):
    with pytest.raises(TypeError, match="service"):
        Prospect.objects.filter(owner=rep).update(**{field: None})


def test_the_admin_cannot_delete_accounts_in_bulk_or_one_by_one(client, admin_user):
    prospect = ProspectFactory()
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:prospects_prospect_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    response = client.post(
        reverse("admin:prospects_prospect_changelist"),
        {"action": "delete_selected", "_selected_action": [prospect.pk]},
    )
    assert Prospect.objects.filter(pk=prospect.pk).exists()
    assert response.status_code in (200, 302)
    delete = client.get(reverse("admin:prospects_prospect_delete", args=[prospect.pk]))
    assert delete.status_code == 403


def test_the_admin_shows_status_and_stage_but_does_not_edit_them(client, admin_user):
    prospect = ProspectFactory(status=Status.DEVELOPING)
    client.force_login(admin_user)
    url = reverse("admin:prospects_prospect_change", args=[prospect.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    assert 'name="stage"' not in page
    assert "Developing" in page
