"""The portfolio matrix: open accounts by quadrant, in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prospects.models import Prospect
from prospects.selectors import matrix
from prospects.tests.factories import ProspectFactory

Q = Prospect.Quadrant


def counts(response):
    return {q["value"]: q["count"] for q in response.context["matrix"]["quadrants"]}


def place(owner, quadrant, score, position, **extra):
    return ProspectFactory(
        owner=owner, quadrant=quadrant, score=score, position_score=position, **extra
    )


@pytest.fixture
def portfolio(rep, colleague, outsider):
    place(rep, Q.STRATEGIC, 80, 80, name="Star")
    place(rep, Q.STRATEGIC, 60, 55, status="developing")
    place(rep, Q.DEVELOP, 70, 20)
    place(rep, Q.STREAMLINE, 10, 10)
    place(rep, Q.MAINTAIN, 30, 90, status="won")  # not open: not counted
    place(rep, Q.DEVELOP, 90, 10, status="lost")  # not open
    ProspectFactory(owner=rep)  # not placed yet
    place(colleague, Q.MAINTAIN, 20, 70)  # same team, not rep's
    place(outsider, Q.STRATEGIC, 99, 99, name="Foreign Star")
    place(outsider, Q.STREAMLINE, 1, 1)


def test_the_matrix_counts_the_users_open_accounts_per_quadrant(client, rep, portfolio):
    client.force_login(rep)
    response = client.get(reverse("prospects:matrix"))
    assert response.status_code == 200
    assert counts(response) == {
        Q.STRATEGIC: 2,
        Q.DEVELOP: 1,
        Q.MAINTAIN: 0,
        Q.STREAMLINE: 1,
    }
    assert response.context["matrix"]["unplaced"] == 1
    page = response.content.decode()
    assert "Star" in page
    assert "Foreign Star" not in page


def test_a_manager_counts_the_whole_team_but_no_other(client, manager, portfolio):
    client.force_login(manager)
    response = client.get(reverse("prospects:matrix"))
    assert counts(response) == {
        Q.STRATEGIC: 2,
        Q.DEVELOP: 1,
        Q.MAINTAIN: 1,
        Q.STREAMLINE: 1,
    }
    assert "Foreign Star" not in response.content.decode()


def test_an_admin_counts_everything_open(client, admin_user, portfolio):
    client.force_login(admin_user)
    response = client.get(reverse("prospects:matrix"))
    assert counts(response) == {
        Q.STRATEGIC: 3,
        Q.DEVELOP: 1,
        Q.MAINTAIN: 1,
        Q.STREAMLINE: 2,
    }


def test_the_density_grid_bins_by_tens(rep, portfolio):
    result = matrix(Prospect.objects.visible_to(rep).open())
    cells = {
        (row["from"], position * 10): cell["n"]
        for row in result["grid"]
        for position, cell in enumerate(row["cells"])
        if cell["n"]
    }
    assert cells == {(80, 80): 1, (60, 50): 1, (70, 20): 1, (10, 10): 1}
    assert len(result["grid"]) == 10
    assert result["grid"][0]["from"] == 90  # highest attractiveness on top


def test_a_score_of_100_falls_in_the_top_band(rep):
    place(rep, Q.STRATEGIC, 100, 100)
    result = matrix(Prospect.objects.visible_to(rep))
    assert result["grid"][0]["cells"][9]["n"] == 1


def test_each_quadrant_lists_its_best_accounts_first(rep):
    for score in (55, 95, 75):
        place(rep, Q.STRATEGIC, score, 60, name=f"S{score}")
    result = matrix(Prospect.objects.visible_to(rep), per_quadrant=2)
    strategic = result["quadrants"][0]
    assert strategic["value"] == Q.STRATEGIC
    assert [p.name for p in strategic["top"]] == ["S95", "S75"]
    assert strategic["count"] == 3


def test_the_best_accounts_are_read_with_what_the_matrix_shows_only(rep):
    place(rep, Q.STRATEGIC, 80, 60, name="Shown")
    with CaptureQueriesContext(connection) as captured:
        best = matrix(Prospect.objects.visible_to(rep))["quadrants"][0]["top"]
        assert [(p.name, p.score, p.position_score) for p in best] == [
            ("Shown", 80, 60)
        ]
        assert best[0].get_absolute_url().endswith(f"/{best[0].pk}/")
    read = captured.captured_queries[-1]["sql"]
    assert "accounts_user" not in read
    assert "search_text" not in read


@pytest.mark.parametrize("accounts", [5, 40])
def test_the_matrix_takes_a_fixed_number_of_queries(
    client, rep, accounts, django_assert_max_num_queries
):
    quadrants = list(Q)
    for i in range(accounts):
        place(rep, quadrants[i % 4], (i * 7) % 101, (i * 13) % 101)
    client.force_login(rep)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("prospects:matrix"))
    assert sum(counts(response).values()) == accounts
