"""A GET writes nothing: every page of every role is opened with a query recorder,
and any INSERT, UPDATE or DELETE fails the test — a session's bookkeeping and the
time of the last sign-in aside. Rows a page needs exist before anyone opens it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kam.tests.pages import (
    CONVERTER,
    ROUTES,
    build_world,
    every_url,
    read_whole,
    routes,
)

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
BOOKKEEPING = ('"django_session"', '"last_login"')
ROLES = ["rep", "colleague", "supervisor", "manager", "admin_user", "outsider", None]


def writes(queries):
    return [
        q["sql"]
        for q in queries
        if WRITE.match(q["sql"]) and not any(b in q["sql"] for b in BOOKKEEPING)
    ]


def test_every_route_is_walked():
    with_arguments = {route for route in routes() if CONVERTER.search(route)}
    assert with_arguments - set(ROUTES) == set(), "add the new route to pages.ROUTES"
    assert set(ROUTES) - with_arguments == set()


@pytest.mark.parametrize("who", ROLES, ids=[r or "signed-out" for r in ROLES])
def test_no_page_writes_anything(
    client, request, rep, colleague, supervisor, manager, who
):
    world = build_world(
        rep=rep, colleague=colleague, supervisor=supervisor, manager=manager
    )
    if who:
        client.force_login(request.getfixturevalue(who))
    found = {}
    for url in every_url(world):
        with CaptureQueriesContext(connection) as queries:
            response = read_whole(client.get(url))
        assert response.status_code < 500, url
        if writes(queries.captured_queries):
            found[url] = writes(queries.captured_queries)
    assert found == {}
