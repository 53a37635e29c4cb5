"""Every API resource, per role: a list holds only what the caller may see, and a
record outside their scope answers 404 — exactly as on the web."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from accounts.tests.factories import UserFactory
from kam.tests.api import ApiClient
from kam.tests.pages import build_world

RESOURCES = {
    "accounts": lambda w: w.prospect,
    "contacts": lambda w: w.rows["contacts"],
    "financial-statements": lambda w: w.rows["financials"],
    "transactions": lambda w: w.rows["transactions"],
    "competitors": lambda w: w.rows["competitors"],
    "forecasts": lambda w: w.prospect.forecast,
    "visits": lambda w: w.held,
    "follow-ups": lambda w: w.held.follow_up,
    "development-entries": lambda w: w.entry,
    "outcomes": lambda w: w.lost.outcome,
}
ROLES = [
    "rep",
    "colleague",
    "supervisor",
    "manager",
    "admin_user",
    "outsider",
    "other_manager",
]
#: Who sees every record of the world (the rep owns its accounts), who none.
ALWAYS, NEVER = {"rep", "manager", "admin_user"}, {"outsider", "other_manager"}


@pytest.fixture
def world(rep, colleague, supervisor, manager):
    return build_world(
        rep=rep, colleague=colleague, supervisor=supervisor, manager=manager
    )


def listed_ids(api, resource):
    body = api.get(f"/api/v1/{resource}/", page_size=200).json()
    return {row["id"] for row in body["results"]}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_each_role_sees_exactly_its_scope(request, world, who, resource):
    user = request.getfixturevalue(who)
    api = ApiClient(user)
    record = RESOURCES[resource](world)
    # As on the web: the record's own scoped queryset decides.
    sees = type(record).objects.visible_to(user).filter(pk=record.pk).exists()
    assert sees or who not in ALWAYS
    assert not sees or who not in NEVER
    detail = api.get(f"/api/v1/{resource}/{record.pk}/")
    if sees:
        assert detail.status_code == 200
        assert detail.json()["id"] == record.pk
        assert record.pk in listed_ids(api, resource)
    else:
        assert detail.status_code == 404
        assert detail.json()["code"] == "not_found"
        assert record.pk not in listed_ids(api, resource)


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_record_of_another_team_cannot_be_changed(world, outsider, resource):
    record = RESOURCES[resource](world)
    api = ApiClient(outsider)
    response = api.patch(f"/api/v1/{resource}/{record.pk}/", {"version": 0})
    assert response.status_code in (404, 405)
    assert response.status_code == 404 or resource in ("forecasts", "follow-ups")


def test_notifications_are_the_callers_own(world, rep, colleague):
    mine = ApiClient(world.notification.recipient)
    other = colleague if world.notification.recipient != colleague else rep
    url = f"/api/v1/notifications/{world.notification.pk}/"
    assert mine.get(url).status_code == 200
    assert ApiClient(other).get(url).status_code == 404
    assert ApiClient(other).post(url + "read/").status_code == 404
    ids = {
        n["id"]
        for n in ApiClient(other).get("/api/v1/notifications/").json()["results"]
    }
    assert world.notification.pk not in ids


LISTS = [*RESOURCES, "notifications"]


def _list_queries(api, resource):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"/api/v1/{resource}/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("resource", LISTS)
def test_a_page_costs_the_same_queries_with_twice_the_records(
    rep, colleague, supervisor, manager, outsider, other_manager, admin_user, resource
):
    build_world(rep=rep, colleague=colleague, supervisor=supervisor, manager=manager)
    api = ApiClient(admin_user)  # sees both teams' worlds
    api.get("/api/v1/accounts/")  # the token's first use notes it
    once = _list_queries(api, resource)
    team = other_manager.team
    build_world(
        rep=outsider,
        colleague=UserFactory(team=team),
        supervisor=UserFactory(team=team, role=Role.SUPERVISOR),
        manager=other_manager,
    )
    assert _list_queries(api, resource) == once
