"""Bad filter input gets a clear message in the form, never a 500, and the page
falls back to the default period without widening anything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.tests.test_support import (
    DEFAULT_PERIOD_TEXT,
    PERIOD,
    TEAM_B_NAMES,
    build_team_a,
    build_team_b,
    freeze,
    other_supervisor_of,
)

# The team's funnel over the default period (the last 30 days up to NOW).
DEFAULT_FUNNEL = [[1, 7], [2, 6], [1, 4], [1, 3], [2, 2]]

# PostgreSQL takes 0001-01-01 00:00+08:00 as it is; SQLite's backend converts it to
# UTC first, which falls before year 1.


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def pipeline(rep, colleague, supervisor, manager, outsider, other_manager):
    build_team_a(rep, colleague, supervisor)
    build_team_b(outsider, other_supervisor_of(outsider.team))


def _get(client, user, params):
    client.force_login(user)
    response = client.get(reverse("reports:team"), params)
    assert response.status_code == 200
    return response


def _funnel(response):
    return [row[1:3] for row in response.context["home"]["funnel"].rows]


def _shows_default_period(response):
    home = response.context["home"]
    return (
        f"{home.period.first_day:%Y-%m-%d} – {home.period.last_day:%Y-%m-%d}"
        == DEFAULT_PERIOD_TEXT
        and DEFAULT_PERIOD_TEXT in response.text
        and _funnel(response) == DEFAULT_FUNNEL
    )


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"period_from": "2026-13-45"}, "period_from", "Enter a valid date."),
        ({"period_to": "yesterday"}, "period_to", "Enter a valid date."),
        (
            {"period_from": "2026-11-18", "period_to": "2026-11-01"},
            "period_to",
            "The period must end after it starts.",
        ),
        (
            {"period_from": "2016-01-01", "period_to": "2026-01-01"},
            "period_from",
            "Choose a period of at most three years.",
        ),
        (
            {"period_from": "2016-01-01"},
            "period_from",
            "Choose a period of at most three years.",
        ),
    ],
    ids=["impossible-date", "not-a-date", "backwards", "ten-years", "open-ended"],
)
def test_a_bad_period_is_a_form_error_and_the_default_period_is_shown(
    client, manager, pipeline, params, field, message
):
    response = _get(client, manager, params)
    form = response.context["filter"].form
    assert form.errors[field] == [message]
    assert message in response.text
    assert 'id="dashboard-filters" class="collapse show' in response.text
    assert _shows_default_period(response)


def test_a_period_of_exactly_three_years_is_accepted(client, manager, pipeline):
    response = _get(
        client, manager, {"period_from": "2023-11-19", "period_to": "2026-11-18"}
    )
    assert not response.context["filter"].form.errors
    assert response.context["home"].period.first_day.isoformat() == "2023-11-19"
    # Every account of the team with any contact since: all but Guangzhou Paper.
    assert _funnel(response)[0] == [1, 7]


def test_a_single_day_period_is_accepted(client, manager, pipeline):
    response = _get(
        client, manager, {"period_from": "2026-11-05", "period_to": "2026-11-05"}
    )
    assert not response.context["filter"].form.errors
    # Only Anhui Steel's visit of 11-05.
    assert _funnel(response) == [[0, 1], [0, 1], [1, 1], [0, 0], [0, 0]]


def test_a_team_that_is_not_a_number_is_a_form_error_for_an_admin(
    client, admin_user, pipeline
):
    response = _get(client, admin_user, {**PERIOD, "team": "abc"})
    assert response.context["filter"].form.errors["team"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    # An admin's default is every team: nothing beyond what they may see.
    home = response.context["home"]
    assert home.period.first_day.isoformat() == "2026-10-20"
    assert home["funnel"].rows[0][2] == 10  # 7 of team A and 3 of team B


def test_a_team_that_does_not_exist_is_a_form_error_for_an_admin(
    client, admin_user, pipeline
):
    response = _get(client, admin_user, {"team": "999999"})
    assert "team" in response.context["filter"].form.errors


def test_a_team_that_is_not_a_number_is_ignored_for_a_manager(
    client, manager, pipeline
):
    response = _get(client, manager, {**PERIOD, "team": "abc"})
    assert not response.context["filter"].form.errors
    assert _funnel(response)[0] == [0, 6]
    for name in TEAM_B_NAMES:
        assert name not in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"owner": "abc"},
        {"owner": "999999"},
        {"product_category": "abc"},
        {"period_from": "2026-11-01'; DROP TABLE prospects_prospect; --"},
        pytest.param({"period_from": "9999-12-31", "period_to": "9999-12-31"}),
        pytest.param(
            {"period_from": "0001-01-01", "period_to": "0001-01-02"},
        ),
    ],
    ids=[
        "owner-text",
        "owner-unknown",
        "category-text",
        "injection",
        "year-9999",
        "year-1",
    ],
)
def test_odd_filter_input_never_breaks_the_page(client, manager, pipeline, params):
    response = _get(client, manager, params)
    assert response.context["home"]["funnel"].rows[0][2] <= 7
    for name in TEAM_B_NAMES:
        assert name not in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"period_from": "2026-13-45"},
        {"period_from": "2026-11-18", "period_to": "2026-11-01"},
        {"period_from": "2016-01-01", "period_to": "2026-01-01"},
        pytest.param({"period_from": "9999-12-31", "period_to": "9999-12-31"}),
    ],
    ids=["impossible-date", "backwards", "ten-years", "year-9999"],
)
@pytest.mark.parametrize("route", ["reports:team-csv", "reports:team-xlsx"])
def test_odd_filter_input_never_breaks_an_export(
    client, manager, pipeline, route, params
):
    client.force_login(manager)
    response = client.get(reverse(route, args=["funnel"]), params)
    assert response.status_code == 200


def test_the_product_category_filter_narrows_the_accounts(client, manager, pipeline):
    from prospects.models import ProductCategory

    machinery = ProductCategory.objects.get(name_en="Machinery")
    response = _get(client, manager, {**PERIOD, "product_category": machinery.pk})
    # Anhui Steel (demo) and Chengdu Chem (contract); Guangzhou Paper not worked.
    assert _funnel(response) == [[0, 2], [0, 2], [1, 2], [0, 1], [1, 1]]
    assert [row[0] for row in response.context["home"]["product_category"].rows] == [
        "Machinery"
    ]


def test_the_filter_form_keeps_what_was_chosen(client, manager, pipeline):
    response = _get(client, manager, PERIOD)
    assert 'value="2026-11-01"' in response.text
    assert 'value="2026-11-18"' in response.text
    assert "2026-11-01 – 2026-11-18" in response.text


def test_the_page_says_which_filters_narrow_the_figures(client, manager, pipeline):
    from prospects.models import ProductCategory

    assert "Showing only" not in _get(client, manager, PERIOD).text
    machinery = ProductCategory.objects.get(name_en="Machinery")
    page = _get(client, manager, {**PERIOD, "product_category": machinery.pk}).text
    assert "Showing only" in page
    assert "Product category: Machinery" in page


def test_the_filter_s_selects_read_their_choices_in_plain_queries(
    client, manager, rep, pipeline
):
    """Each select a plain query, not a server-side cursor (on PostgreSQL three
    round trips where one does), and every choice offered."""
    client.force_login(manager)
    # warm up: the first request also touches the session
    client.get(reverse("reports:team"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("reports:team")).content.decode()
    assert not [q["sql"] for q in queries if q["sql"].startswith("DECLARE")]
    assert f'<option value="{rep.pk}">{rep}</option>' in page
