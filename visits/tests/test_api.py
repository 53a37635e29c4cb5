"""Visits over the API: planned, re-planned and recorded through the web's forms
and services; the follow-up logged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kam.tests.api import ApiClient
from prospects.tests.factories import ProspectFactory
from visits.models import FollowUp, Visit
from visits.tests import factories


@pytest.fixture
def prospect(rep):
    return ProspectFactory(owner=rep, name="华鑫精密")


def when(**delta):
    return (timezone.now() + timedelta(**delta)).isoformat()


def test_a_supervisor_plans_a_visit(supervisor, prospect, rep):
    prospect.colleagues.add(supervisor)
    response = ApiClient(supervisor).post(
        "/api/v1/visits/",
        {"account": prospect.pk, "planned_at": when(days=3), "place": "Their plant"},
    )
    assert response.status_code == 201, response.json()
    visit = Visit.objects.get(pk=response.json()["id"])
    assert visit.lead_visitor == supervisor  # the form's default for a supervisor
    assert visit.status == Visit.Status.PLANNED


def test_a_visit_in_the_past_cannot_be_planned(supervisor, prospect):
    prospect.colleagues.add(supervisor)
    response = ApiClient(supervisor).post(
        "/api/v1/visits/",
        {"account": prospect.pk, "planned_at": when(days=-3), "place": "Plant"},
    )
    assert response.status_code == 400
    assert "planned_at" in response.json()
    assert not Visit.objects.exists()


def test_a_planned_visit_is_re_planned_with_its_version(rep, supervisor, prospect):
    visit = factories.plan_visit(prospect, supervisor)
    api = ApiClient(rep)
    response = api.patch(
        f"/api/v1/visits/{visit.pk}/",
        {"place": "Their office", "version": visit.version},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["place"] == "Their office"
    stale = api.patch(
        f"/api/v1/visits/{visit.pk}/", {"place": "Elsewhere", "version": visit.version}
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == visit.version + 1


def test_a_held_visit_is_not_re_planned(rep, supervisor, prospect):
    visit = factories.held_visit(prospect, supervisor)
    response = ApiClient(rep).patch(
        f"/api/v1/visits/{visit.pk}/", {"place": "X", "version": visit.version}
    )
    assert response.status_code == 400


def test_recording_a_visit_makes_its_follow_up(rep, supervisor, prospect):
    visit = factories.plan_visit(prospect, supervisor, planned_at=timezone.now())
    factories.complete_preparation(visit)
    visit.refresh_from_db()
    response = ApiClient(rep).post(
        f"/api/v1/visits/{visit.pk}/record/",
        {
            "held_at": when(hours=-1),
            "talking_points": "Energy savings",
            "customer_views": "Interested",
            "version": visit.version,
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "held"
    follow_up = FollowUp.objects.get(visit=visit)
    assert body["follow_up"] == follow_up.pk


def test_an_unprepared_visit_is_not_recorded(rep, supervisor, prospect):
    visit = factories.plan_visit(prospect, supervisor, planned_at=timezone.now())
    response = ApiClient(rep).post(
        f"/api/v1/visits/{visit.pk}/record/",
        {
            "held_at": when(hours=-1),
            "talking_points": "A",
            "customer_views": "B",
            "version": visit.version,
        },
    )
    assert response.status_code == 400
    assert "Prepare the visit first" in str(response.json())
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED


def test_the_follow_up_is_logged(rep, supervisor, prospect):
    visit = factories.held_visit(prospect, supervisor)
    follow_up = visit.follow_up
    api = ApiClient(rep)
    response = api.post(
        f"/api/v1/follow-ups/{follow_up.pk}/log/",
        {
            "method": "phone",
            "done_at": when(minutes=-5),
            "customer_opinion": "Happy with the offer",
            "progress": "proposal",
            "attitude": "warm",
            "version": follow_up.version,
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "done"
    missing = api.post(f"/api/v1/follow-ups/{follow_up.pk}/log/", {"method": "phone"})
    assert missing.status_code == 400
    assert "version" in missing.json()


def test_visits_filter_by_status(rep, supervisor, prospect):
    factories.plan_visit(prospect, supervisor)
    held = factories.held_visit(prospect, supervisor)
    rows = ApiClient(rep).get("/api/v1/visits/", status="held").json()["results"]
    assert [row["id"] for row in rows] == [held.pk]


def test_a_page_of_visits_costs_the_same_queries(rep, supervisor, prospect,
                                                 django_assert_max_num_queries):  # fmt: skip
    api = ApiClient(rep)
    factories.held_visit(prospect, supervisor)
    api.get("/api/v1/visits/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/visits/")
    for _ in range(4):
        factories.held_visit(prospect, supervisor)
    with CaptureQueriesContext(connection) as many:
        api.get("/api/v1/visits/")
    assert len(many) == len(few)
