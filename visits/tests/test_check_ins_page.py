"""The team's check-ins of the day: the manager sees who is where, far ones marked."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from visits import services
from visits.models import VisitCheck
from visits.tests.factories import ProspectFactory, check_in, plan_visit

FAR = {"latitude": "31.230400", "longitude": "121.508500"}


@pytest.fixture
def day_in_the_field(prospect, supervisor, other_team):
    """Two check-ins of the team today (one far from its account), one yesterday,
    and one of another team."""
    check_in(plan_visit(prospect, supervisor))  # locates the account
    near = plan_visit(prospect, supervisor, place="Their head office")
    far = plan_visit(prospect, supervisor, place="Their warehouse")
    check_in(near)
    check_in(far, **FAR)
    old = plan_visit(prospect, supervisor, place="Office of last week")
    check_in(old)
    VisitCheck.objects.filter(visit=old).update(at=timezone.now() - timedelta(days=1))
    stranger = UserFactory(team=other_team, role=Role.SUPERVISOR)
    check_in(
        plan_visit(ProspectFactory(owner=stranger, name="Other team account"), stranger)
    )
    return {"near": near, "far": far, "old": old}


def _page(client, **query):
    return client.get(reverse("visits:check-ins"), query).content.decode()


def test_the_manager_sees_the_team_s_check_ins_of_today(
    client, manager, day_in_the_field
):
    client.force_login(manager)
    page = _page(client)
    assert "3 check-ins" in page
    assert "Their head office" in page
    assert "Their warehouse" in page
    assert "Office of last week" not in page
    assert "Other team account" not in page
    assert page.count("Far: 3.3 km from the account") == 1
    assert "marked when further than 500 m from the account" in page


def test_the_manager_can_look_at_another_day(client, manager, day_in_the_field):
    client.force_login(manager)
    yesterday = timezone.localdate() - timedelta(days=1)
    page = _page(client, day=yesterday.isoformat())
    assert "Office of last week" in page
    assert "Their head office" not in page


def test_only_the_far_ones_can_be_listed(client, manager, day_in_the_field):
    client.force_login(manager)
    page = _page(client, far="1")
    assert "Their warehouse" in page
    assert "Their head office" not in page


def test_a_day_that_is_no_date_shows_today(client, manager, day_in_the_field):
    client.force_login(manager)
    assert "3 check-ins" in _page(client, day="2026-02-30")


def test_a_rep_sees_only_the_check_ins_of_their_accounts(
    client, colleague, rep, day_in_the_field
):
    client.force_login(colleague)
    assert "Nobody checked in to a visit on this day." in _page(client)
    client.force_login(rep)
    assert "3 check-ins" in _page(client)


def test_the_list_shows_the_check_out_and_the_time_spent(
    client, manager, supervisor, day_in_the_field
):
    near = day_in_the_field["near"]
    arrived = timezone.now() - timedelta(minutes=40)
    VisitCheck.objects.filter(visit=near).update(at=arrived)
    services.visit_check_out(visit=near, person=supervisor, location="unavailable")
    client.force_login(manager)
    # Just after midnight the check-in was yesterday's: the list of its day.
    page = _page(client, day=timezone.localdate(arrived).isoformat())
    assert "40 min" in page
    assert "Check-out: No position available" in page


def test_the_list_writes_nothing(client, manager, day_in_the_field):
    client.force_login(manager)
    with CaptureQueriesContext(connection) as queries:
        _page(client)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
        and "django_session" not in q["sql"]
    ]
    assert writes == []


def test_managers_find_the_list_on_their_home_and_everyone_on_the_visits_page(
    client, manager, rep
):
    client.force_login(manager)
    assert reverse("visits:check-ins") in client.get(reverse("home")).content.decode()
    client.force_login(rep)
    page = client.get(reverse("visits:list")).content.decode()
    assert reverse("visits:check-ins") in page
