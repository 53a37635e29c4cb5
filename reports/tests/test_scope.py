"""Totals never include another team; reps and supervisors get "My day"."""

import pytest
from django.urls import reverse

from reports.tests.test_support import (
    PERIOD,
    TEAM_A_NAMES,
    TEAM_B_NAMES,
    account,
    at,
    build_team_a,
    build_team_b,
    by_first_cell,
    first_contact,
    freeze,
    other_supervisor_of,
)

TEAM_A_FUNNEL = [[0, 6], [2, 6], [1, 4], [1, 3], [2, 2]]
TEAM_B_FUNNEL = [[1, 3], [0, 2], [0, 2], [1, 2], [1, 1]]
BOTH_FUNNEL = [[1, 9], [2, 8], [1, 6], [2, 5], [3, 3]]


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def other_supervisor(other_team):
    return other_supervisor_of(other_team)


@pytest.fixture
def pipeline(
    rep, colleague, supervisor, manager, outsider, other_manager, other_supervisor
):
    build_team_a(rep, colleague, supervisor)
    build_team_b(outsider, other_supervisor)


def _dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("reports:team"), {**PERIOD, **params})
    assert response.status_code == 200
    return response


def _funnel(response):
    return [row[1:3] for row in response.context["home"]["funnel"].rows]


def _people(response):
    return {row[0] for row in response.context["home"]["reps"].rows}


def _accounts_named(response):
    """Every account name that appears in a table of the page."""
    home = response.context["home"]
    return {
        row[0] for key in ("overdue", "successes", "forecast") for row in home[key].rows
    }


def _totals(response):
    home = response.context["home"]
    return {
        "funnel": _funnel(response),
        "verdicts": home["verdicts"].rows,
        "matrix": home["matrix"].rows,
        "results": home["results"].rows,
        "reasons": home["reasons"].rows,
        "forecast": home["forecast"].note,
        "overdue": home["overdue"].total,
    }


def test_a_manager_sees_only_their_team(
    client, manager, rep, colleague, supervisor, pipeline
):
    response = _dashboard(client, manager)
    assert _funnel(response) == TEAM_A_FUNNEL
    assert _people(response) == {str(p) for p in (rep, colleague, supervisor, manager)}
    assert _accounts_named(response) <= set(TEAM_A_NAMES)
    assert response.context["home"]["overdue"].total == 3
    assert response.context["home"]["reasons"].rows == [
        ["Price", 2],
        ["Competitor relationship", 1],
        ["Budget or timing", 1],
    ]
    assert "1,800,000 yuan" in response.context["home"]["forecast"].note
    for name in TEAM_B_NAMES:
        assert name not in response.text


def test_the_other_manager_sees_only_theirs(
    client, other_manager, outsider, other_supervisor, pipeline
):
    response = _dashboard(client, other_manager)
    home = response.context["home"]
    assert _funnel(response) == TEAM_B_FUNNEL
    assert _people(response) == {
        str(p) for p in (outsider, other_manager, other_supervisor)
    }
    assert home["results"].rows == [["Won", 1], ["Not won yet", 0], ["Lost", 1]]
    assert home["reasons"].rows == [["Price", 1], ["Policy", 1]]
    assert [row[0] for row in home["overdue"].rows] == ["Xiamen Tech"]
    assert home["forecast"].note == (
        "1 open accounts with a forecast: expected sales 9,000,000 yuan, "
        "risk-adjusted 9,000,000 yuan."
    )
    for name in TEAM_A_NAMES:
        assert name not in response.text


def test_an_admin_sees_every_team(client, admin_user, manager, other_manager, pipeline):
    response = _dashboard(client, admin_user)
    home = response.context["home"]
    assert _funnel(response) == BOTH_FUNNEL
    assert {str(manager), str(other_manager)} <= _people(response)
    assert str(admin_user) not in _people(response)
    assert home["overdue"].total == 4
    assert home["results"].rows == [["Won", 3], ["Not won yet", 1], ["Lost", 2]]
    assert by_first_cell(home["reasons"].rows)["Price"] == [3]


def test_an_admin_narrows_to_one_team_with_the_team_filter(
    client, admin_user, manager, other_manager, team, pipeline
):
    narrowed = _dashboard(client, admin_user, team=team.pk)
    assert _totals(narrowed) == _totals(_dashboard(client, manager))
    assert str(other_manager) not in _people(narrowed)
    assert str(manager) in _people(narrowed)


def test_a_manager_cannot_widen_to_another_team_with_the_team_parameter(
    client, manager, other_team, pipeline
):
    own = _totals(_dashboard(client, manager))
    response = _dashboard(client, manager, team=other_team.pk)
    assert "team" not in response.context["filter"].form.fields
    assert _totals(response) == own
    for name in TEAM_B_NAMES:
        assert name not in response.text


def test_an_owner_from_another_team_is_a_form_error_never_a_leak(
    client, manager, outsider, pipeline
):
    client.force_login(manager)
    by_default = _totals(client.get(reverse("reports:team")))
    response = _dashboard(client, manager, owner=outsider.pk)
    form = response.context["filter"].form
    assert form.errors["owner"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    # The invalid filter is set aside as a whole: the default period, the team.
    assert _totals(response) == by_default
    assert str(outsider) not in response.text
    for name in TEAM_B_NAMES:
        assert name not in response.text


def test_the_owner_filter_narrows_to_one_rep_s_accounts(client, manager, rep, pipeline):
    response = _dashboard(client, manager, owner=rep.pk)
    # Anhui Steel (demo), Beijing Foods, Fuzhou Glass (explanation), Emei Tea (proposal)
    assert _funnel(response) == [[0, 4], [2, 4], [1, 2], [1, 1], [0, 0]]
    assert response.context["home"]["results"].rows == [
        ["Won", 0],
        ["Not won yet", 1],
        ["Lost", 1],
    ]


def test_an_admin_s_owner_and_team_filters_together_never_cross_teams(
    client, admin_user, team, outsider, pipeline
):
    response = _dashboard(client, admin_user, team=team.pk, owner=outsider.pk)
    assert _funnel(response) == [[0, 0]] * 5
    for name in TEAM_B_NAMES:
        assert name not in response.text


def test_an_account_of_another_team_the_manager_works_on_is_not_in_the_totals(
    client, manager, outsider, pipeline
):
    own = _totals(_dashboard(client, manager))
    elsewhere = account("Old friend", outsider, stage="proposal")
    elsewhere.colleagues.add(manager)
    first_contact(elsewhere, at(11, 3))
    response = _dashboard(client, manager)
    assert _totals(response) == own


# --- Reps and supervisors ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["rep", "supervisor"])
def test_reps_and_supervisors_get_my_day_at_the_site_root(
    client, request, who, pipeline
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.templates[0].name == "reports/my_day.html"
    assert "home" not in response.context
    assert "What to do next" in response.text


@pytest.mark.parametrize("who", ["manager", "admin_user"])
def test_managers_and_admins_get_the_team_pipeline_at_the_site_root(
    client, request, who, pipeline
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.templates[0].name == "reports/team.html"
    assert "Funnel by business progress" in response.text


def test_a_manager_also_reaches_my_day(client, manager, pipeline):
    client.force_login(manager)
    response = client.get(reverse("reports:mine"))
    assert response.status_code == 200
    assert "mine" in response.context


@pytest.mark.parametrize("who", ["rep", "supervisor"])
def test_a_rep_asking_for_the_team_page_gets_their_day_instead(
    client, who, request, pipeline
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reports:team"), {**PERIOD, "team": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:mine")


@pytest.mark.parametrize("fmt", ["team-csv", "team-xlsx"])
def test_a_rep_gets_no_team_export(client, rep, pipeline, fmt):
    client.force_login(rep)
    response = client.get(reverse(f"reports:{fmt}", args=["overdue"]), PERIOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:mine")


def test_the_team_page_requires_signing_in(client, pipeline):
    response = client.get(reverse("reports:team"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "/devlog/team/?period_from=2026-11-01",
            "/reports/team/?period_from=2026-11-01",
        ),
        ("/devlog/team/funnel.csv?owner=3", "/reports/team/funnel.csv?owner=3"),
        ("/devlog/team/funnel.xlsx", "/reports/team/funnel.xlsx"),
        ("/devlog/mine/", "/reports/mine/"),
    ],
)
def test_the_addresses_people_kept_lead_to_the_moved_pages(client, manager, old, new):
    client.force_login(manager)
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
