"""The dashboards cost a fixed number of queries whatever the data size.

The small data set is one copy of team A's pipeline and of the rep's day
(test_dashboard_support.py); the large one is ten copies: ten times the accounts,
visits, follow-ups, outcomes, meetings and notifications.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.tests.test_support import (
    build_my_day,
    build_team_a,
    build_team_b,
    freeze,
    notify,
    other_supervisor_of,
)

# What building each page costs: none comes from the page cache.

# session, user (with their team and unread count: kam.auth), then funnel 1, by
# rep 1, classification 3, verdict 1, matrix 1, overdue 2, outcomes 4, forecast 2 …
TEAM_PAGE_QUERIES = 20  # an admin's; a manager's costs less
# The export computes the same tables, without the page frame.
EXPORT_QUERIES = 17
# session, user (with team and unread count), stages, visits (this week's and
# those to prepare), follow-ups, notifications, approach again, meetings,
# undecided accounts: 9. The small day has one held visit this week and two unread
# follow-up reminders, which the page reads one by one today (see the xfail
# below): 12.
MY_DAY_QUERIES = 12


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def grow(rep, colleague, supervisor, manager, outsider, other_manager):
    """Adds copies of the data; the first call also builds team B."""
    made = []

    def add(copies):
        if not made:
            build_team_b(outsider, other_supervisor_of(outsider.team))
        for _ in range(copies):
            suffix = f" {len(made):02d}"
            build_team_a(rep, colleague, supervisor, suffix=suffix)
            day = build_my_day(rep, colleague, supervisor, manager, suffix=suffix)
            notify(rep, follow_up=day["later"].follow_ups.get(), kind="due", minutes_ago=1)  # fmt: skip
            made.append(suffix)

    return add


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)  # a streamed export runs as it is read
    return response


def _count(client, url):
    _get(client, url)  # warm up: the first request also touches the session
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


SIZES = [pytest.param(1, id="small"), pytest.param(10, id="large")]


@pytest.mark.parametrize("copies", SIZES)
def test_the_team_dashboard_costs_a_fixed_number_of_queries(
    client, manager, grow, copies, django_assert_max_num_queries
):
    grow(copies)
    client.force_login(manager)
    with django_assert_max_num_queries(TEAM_PAGE_QUERIES):
        response = _get(client, reverse("reports:team"))
    # three overdue in team A, two (Overdue Co, Their Co) in the rep's day
    assert response.context["home"]["overdue"].total == 5 * copies


@pytest.mark.parametrize("copies", SIZES)
def test_an_admin_s_dashboard_costs_no_more(
    client, admin_user, grow, copies, django_assert_max_num_queries
):
    grow(copies)
    client.force_login(admin_user)
    with django_assert_max_num_queries(TEAM_PAGE_QUERIES):
        _get(client, reverse("reports:team"))


@pytest.mark.parametrize("copies", SIZES)
@pytest.mark.parametrize("route", ["reports:team-csv", "reports:team-xlsx"])
def test_an_export_costs_a_fixed_number_of_queries(
    client, manager, grow, copies, route, django_assert_max_num_queries
):
    grow(copies)
    client.force_login(manager)
    with django_assert_max_num_queries(EXPORT_QUERIES):
        _get(client, reverse(route, args=["overdue"]))


@pytest.mark.parametrize(
    "copies",
    [pytest.param(1, id="small"), pytest.param(10, id="large")],
)
def test_my_day_costs_a_fixed_number_of_queries(
    client, rep, grow, copies, django_assert_max_num_queries
):
    grow(copies)
    client.force_login(rep)
    with django_assert_max_num_queries(MY_DAY_QUERIES):
        response = _get(client, reverse("home"))
    assert len(response.context["mine"]["visits"]) == 3 * copies


def test_the_team_dashboard_costs_the_same_on_small_and_large_data(
    client, manager, grow
):
    client.force_login(manager)
    grow(1)
    small = _count(client, reverse("reports:team"))
    grow(9)
    assert _count(client, reverse("reports:team")) == small


def test_an_export_costs_the_same_on_small_and_large_data(client, manager, grow):
    client.force_login(manager)
    url = reverse("reports:team-xlsx", args=["forecast"])
    grow(1)
    small = _count(client, url)
    grow(9)
    assert _count(client, url) == small


def test_my_day_costs_the_same_on_small_and_large_data(client, rep, grow):
    client.force_login(rep)
    grow(1)
    small = _count(client, reverse("home"))
    grow(9)
    assert _count(client, reverse("home")) == small
