import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from visits.models import (
    FOLLOW_UP_AFTER,
    FirstContact,
    FollowUp,
    MeetingDecision,
    MeetingProposal,
    MethodMeeting,
    Visit,
    VisitCheck,
    VisitPreparation,
)

OWNERS = ["rep_a1", "rep_a2", "rep_b1", "supervisor_a", "supervisor_b"]


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (whose tests only read it; each runs
    in a transaction of its own inside this one) and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    pass


def test_each_team_has_a_closed_and_an_open_meeting(demo):
    for manager in User.objects.filter(username__in=["manager_a", "manager_b"]):
        meetings = MethodMeeting.objects.filter(team=manager.team)
        closed = meetings.get(status=MethodMeeting.Status.CLOSED)
        upcoming = meetings.get(status=MethodMeeting.Status.OPEN)
        assert closed.minutes
        decided = set(closed.decisions.values_list("prospect", flat=True))
        assert decided == set(closed.prospects.values_list("pk", flat=True))
        assert closed.proposals.exists()
        assert upcoming.proposals.exists()
        assert not upcoming.decisions.exists()
        assert set(closed.attendees.values_list("team", flat=True)) == {manager.team_id}


def test_proposals_and_decisions_are_on_their_meeting_s_agenda(demo):
    for record in [*MeetingProposal.objects.all(), *MeetingDecision.objects.all()]:
        assert record.meeting.prospects.filter(pk=record.prospect_id).exists()
        assert record.prospect.team_id == record.meeting.team_id


def test_there_are_first_contacts_that_pass_validation(demo):
    contacts = list(FirstContact.objects.select_related("prospect", "contact"))
    assert contacts
    assert {c.channel for c in contacts} == set(FirstContact.Channel.values)
    for contact in contacts:
        contact.full_clean()


def test_there_are_planned_visits_prepared_and_not(demo):
    planned = VisitPreparation.objects.filter(visit__status=Visit.Status.PLANNED)
    complete = [p.is_complete for p in planned]
    assert any(complete)
    assert not all(complete)
    # Those not yet checked in to are ahead; today's checked in to have begun.
    ahead = Visit.objects.filter(
        status=Visit.Status.PLANNED, planned_at__gt=timezone.now()
    )
    begun = Visit.objects.filter(status=Visit.Status.PLANNED, checks__kind="in")
    assert ahead.count() + begun.count() == len(complete)
    assert not ahead.filter(checks__isnull=False).exists()


def test_the_manager_s_list_of_today_shows_check_ins_near_far_and_refused(demo):
    today = VisitCheck.objects.on_day(timezone.localdate()).filter(kind="in")
    for manager in User.objects.filter(username__in=["manager_a", "manager_b"]):
        theirs = today.visible_to(manager)
        assert {c.location for c in theirs} == {"given", "refused"}
        assert theirs.filter(is_far=True).count() == 1
        assert theirs.filter(is_far=False, location="given").count() == 1


def test_recent_visits_were_checked_in_and_out_at_their_account(demo):
    held = Visit.objects.filter(status=Visit.Status.HELD, checks__kind="out")
    assert held.exists()
    for visit in held[:20]:
        assert visit.measured_minutes == visit.duration_minutes
        assert not visit.check_in.is_far
        visit.check_in.full_clean()


def test_every_held_visit_has_exactly_one_follow_up(demo):
    held = Visit.objects.filter(status=Visit.Status.HELD)
    assert held.exists()
    assert FollowUp.objects.count() == held.count()
    assert not held.filter(follow_up__isnull=True).exists()
    for visit in held.select_related("follow_up", "prospect", "lead_visitor"):
        visit.full_clean()
        assert visit.follow_up.due_at == visit.held_at + FOLLOW_UP_AFTER


def test_every_owner_has_follow_ups_due_soon_today_and_overdue(demo):
    today = timezone.localdate()
    due_in = {}
    for owner in User.objects.filter(username__in=OWNERS):
        due_in[owner.username] = sorted(
            (timezone.localdate(f.due_at) - today).days
            for f in FollowUp.objects.visible_to(owner).open().filter(assignee=owner)
        )
    # Due in two days, today, overdue by a day and by a week (local dates), and
    # each visible to the person who must make it.
    assert due_in == {username: [-7, -1, 0, 2] for username in OWNERS}


def test_lead_visitors_are_supervisors_or_above_of_the_account_s_team(demo):
    for visit in Visit.objects.select_related("lead_visitor", "prospect"):
        assert visit.lead_visitor.is_supervisor_or_above
        assert visit.lead_visitor.team_id == visit.prospect.team_id


def test_every_visitor_can_see_their_visits(demo):
    for visit in Visit.objects.prefetch_related("co_visitors"):
        for person in visit.visitors():
            assert Visit.objects.visible_to(person).filter(pk=visit.pk).exists()


def test_logged_follow_ups_pass_validation(demo):
    done = FollowUp.objects.filter(status=FollowUp.Status.DONE).select_related("visit")
    assert done.exists()
    for follow_up in done:
        follow_up.full_clean()


def test_the_demo_people_open_their_visit_pages(client, demo):
    for user in User.objects.filter(
        username__in=["rep_a1", "supervisor_b", "manager_a"]
    ):
        client.force_login(user)
        for name in ("visits:list", "visits:calendar", "visits:meetings"):
            assert client.get(reverse(name)).status_code == 200, (user, name)
        visit = Visit.objects.visible_to(user).first()
        assert client.get(visit.get_absolute_url()).status_code == 200
        meeting = MethodMeeting.objects.visible_to(user).first()
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_status_follows_the_work_and_every_visit_has_its_preparation(demo):
    from devlog.models import DevelopmentEntry
    from prospects.models import Prospect

    potential = Prospect.objects.filter(status=Prospect.Status.POTENTIAL)
    assert potential.exists()
    for model in (FirstContact, Visit, DevelopmentEntry):
        assert not model.objects.filter(prospect__in=potential).exists(), model
    assert not Visit.objects.filter(preparation__isnull=True).exists()
