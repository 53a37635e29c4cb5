"""The manager's home shows the exact figures of a small hand-built pipeline.

The data set and the reasoning behind every expected figure are in
test_dashboard_support.py; the clock stands at NOW (2026-11-18 12:00, Shanghai).
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from prospects.models import Prospect
from reports import pipeline as figures
from reports.tables import Period
from reports.tests.test_support import (
    NOW,
    OCTOBER,
    PERIOD,
    SHANGHAI,
    account,
    at,
    build_team_a,
    build_team_b,
    by_first_cell,
    csv_rows,
    first_contact,
    forecast,
    freeze,
    held_visit,
    other_supervisor_of,
    outcome,
)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def pipeline(rep, colleague, supervisor, manager, outsider, other_manager):
    team_a = build_team_a(rep, colleague, supervisor)
    build_team_b(outsider, other_supervisor_of(outsider.team))
    return team_a


@pytest.fixture
def home(client, manager, pipeline):
    """The manager's tables for the period 2026-11-01 … 2026-11-18."""
    client.force_login(manager)
    response = client.get(reverse("reports:team"), PERIOD)
    assert response.status_code == 200
    return response.context["home"]


def _funnel(home):
    return [row[1:] for row in home["funnel"].rows]


# --- The funnel ---------------------------------------------------------------------


def test_the_funnel_counts_the_accounts_worked_in_the_period_by_furthest_stage(home):
    assert [row[0] for row in home["funnel"].rows] == [
        "Contact",
        "Product explanation",
        "Product demo",
        "Proposal",
        "Contract",
    ]
    # at stage, reached it, conversion from the stage before (%), dropped off
    assert _funnel(home) == [
        [0, 6, None, None],
        [2, 6, Decimal("100.0"), 0],
        [1, 4, Decimal("66.7"), 2],
        [1, 3, Decimal("75.0"), 1],
        [2, 2, Decimal("66.7"), 1],
    ]


def test_an_account_without_a_contact_in_the_period_is_not_in_the_funnel(home):
    # Guangzhou Paper was never contacted, Hefei Auto only in October: 6 of 8.
    assert home["funnel"].rows[0][2] == 6
    assert Prospect.objects.filter(team__name="Team A").count() == 8


def test_without_a_period_the_funnel_covers_the_last_30_days(client, manager, pipeline):
    client.force_login(manager)
    response = client.get(reverse("reports:team"))
    home = response.context["home"]
    assert (home.period.first_day, home.period.last_day) == (
        date(2026, 10, 20),
        date(2026, 11, 18),
    )
    # Hefei Auto's first contact of 10-25 now counts, at the contact stage.
    assert _funnel(home) == [
        [1, 7, None, None],
        [2, 6, Decimal("85.7"), 1],
        [1, 4, Decimal("66.7"), 2],
        [1, 3, Decimal("75.0"), 1],
        [2, 2, Decimal("66.7"), 1],
    ]


def test_another_period_counts_the_accounts_worked_then(client, manager, pipeline):
    client.force_login(manager)
    home = client.get(reverse("reports:team"), OCTOBER).context["home"]
    # October: Beijing Foods and Emei Tea (first contacts), Chengdu Chem (visit),
    # Hefei Auto (first contact and visit).
    assert [row[1:3] for row in home["funnel"].rows] == [
        [1, 4],
        [1, 3],
        [0, 2],
        [1, 2],
        [1, 1],
    ]
    assert home.period.first_day == date(2026, 10, 1)


def test_a_stage_nobody_reached_converts_at_zero_percent_and_the_next_shows_no_rate(
    rep, supervisor, colleague
):
    first_contact(account("Solo", rep, stage="contact"), at(11, 2))
    period = Period.from_dates(date(2026, 11, 1), date(2026, 11, 18))
    table = figures.funnel(Prospect.objects.all(), period)
    assert [row[1:] for row in table.rows] == [
        [1, 1, None, None],
        [0, 0, Decimal("0.0"), 1],
        [0, 0, None, 0],
        [0, 0, None, 0],
        [0, 0, None, 0],
    ]


def test_a_contact_at_midnight_after_the_last_day_is_not_in_the_period(rep):
    first_contact(account("Midnight", rep, stage="contact"), at(11, 11, 0, 0))
    period = Period.from_dates(date(2026, 11, 1), date(2026, 11, 10))
    assert figures.funnel(Prospect.objects.all(), period).rows[0][2] == 0


# --- By rep ---------------------------------------------------------------------------


def test_by_rep_counts_accounts_visits_follow_ups_and_overdue_per_person(
    home, rep, colleague, supervisor, manager
):
    assert home["reps"].header == [
        "Person",
        "Role",
        "Accounts",
        "Visits held",
        "Follow-ups on time",
        "Follow-ups late",
        "Overdue now",
    ]
    assert by_first_cell(home["reps"].rows) == {
        # accounts owned; visits held in the period as lead or co-visitor;
        # follow-ups logged in the period on time / late; open and past due now
        str(rep): ["Sales rep", 4, 2, 1, 0, 2],
        str(colleague): ["Sales rep", 4, 0, 0, 1, 0],
        str(supervisor): ["KA supervisor", 0, 2, 0, 0, 1],
        str(manager): ["KA manager", 0, 0, 0, 0, 0],
    }


def test_by_rep_lists_the_people_in_name_order(
    home, rep, colleague, supervisor, manager
):
    people = sorted([rep, colleague, supervisor, manager], key=lambda p: p.full_name)
    assert [row[0] for row in home["reps"].rows] == [str(p) for p in people]


# --- By classification, verdict and matrix --------------------------------------------


def test_by_product_category_counts_accounts_open_and_won_with_not_classified(home):
    table = home["product_category"]
    assert table.header == ["Product category", "Accounts", "Open", "Won"]
    assert by_first_cell(table.rows) == {
        "Machinery": [3, 2, 1],
        "Food": [2, 1, 0],
        "Not classified": [3, 1, 1],
    }
    assert [row[1] for row in table.rows] == [3, 3, 2]  # the largest first


def test_by_customer_nature_and_service_content(home):
    assert by_first_cell(home["customer_nature"].rows) == {
        "State-owned": [2, 1, 1],
        "Not classified": [6, 3, 1],
    }
    assert by_first_cell(home["service_content"].rows) == {
        "Not classified": [7, 4, 1],
        "Installation": [1, 0, 1],
    }
    assert home["customer_nature"].header[0] == "Customer nature"
    assert home["service_content"].header[0] == "Service content"


def test_by_verdict_counts_every_verdict_even_an_empty_one(home):
    assert home["verdicts"].rows == [
        ["Not yet assessed", 3],
        ["Worth developing", 3],
        ["Not worth developing", 2],
    ]


def test_the_portfolio_matrix_counts_open_accounts_only(home):
    # Chengdu Chem (won, strategic) and Emei Tea (lost, streamline) are left out.
    assert home["matrix"].rows == [
        ["Strategic: invest", 1],
        ["Develop: build our position", 1],
        ["Maintain: serve efficiently", 1],
        ["Streamline: minimal effort", 0],
    ]


# --- Overdue follow-ups -----------------------------------------------------------------


def test_overdue_follow_ups_are_listed_oldest_first_with_who_owns_them(
    home, rep, supervisor
):
    assert home["overdue"].rows == [
        ["Hefei Auto", str(supervisor), date(2026, 10, 26), 23],
        ["Emei Tea", str(rep), date(2026, 10, 27), 22],
        ["Beijing Foods", str(rep), date(2026, 11, 15), 3],
    ]
    assert home["overdue"].total == 3


def test_days_overdue_are_local_calendar_days(rep, supervisor):
    """Due 00:30 in Shanghai on 11-16 is 11-15 in UTC; due 23:30 on 11-15 is only
    2½ days before NOW. Both are counted in the team's calendar days."""
    early = account("Early", rep)
    late = account("Late", rep)
    held_visit(early, supervisor, at(11, 9, 0, 30), co=[rep])  # due 11-16 00:30
    held_visit(late, supervisor, at(11, 8, 23, 30), co=[rep])  # due 11-15 23:30
    table = figures.overdue_follow_ups(Prospect.objects.all(), NOW)
    assert [(row[0], row[2], row[3]) for row in table.rows] == [
        ("Late", date(2026, 11, 15), 3),
        ("Early", date(2026, 11, 16), 2),
    ]


def test_the_overdue_table_shows_the_oldest_twenty_and_the_total(rep, supervisor):
    for n in range(22):
        held_visit(account(f"Due {n:02d}", rep), supervisor, at(10, 1 + n), co=[rep])
    table = figures.overdue_follow_ups(Prospect.objects.all(), NOW)
    assert len(table.rows) == 20
    assert table.total == 22
    assert table.rows[0][0] == "Due 00"


def test_a_follow_up_due_later_today_is_not_overdue(rep, supervisor):
    held_visit(account("Later today", rep), supervisor, at(11, 11, 15), co=[rep])
    table = figures.overdue_follow_ups(Prospect.objects.all(), NOW)
    assert table.rows == []


# --- Outcomes -------------------------------------------------------------------------


def test_the_outcomes_of_the_period_are_counted_by_result(home):
    assert home["results"].rows == [["Won", 2], ["Not won yet", 1], ["Lost", 1]]


def test_failure_reasons_are_counted_most_frequent_first(home):
    assert home["reasons"].rows == [
        ["Price", 2],
        ["Competitor relationship", 1],
        ["Budget or timing", 1],
    ]


def test_the_wins_of_the_period_are_listed_latest_first_with_why(home):
    assert home["successes"].rows == [
        ["Dalian Port", date(2026, 11, 14), "Service won Dalian Port"],
        ["Chengdu Chem", date(2026, 11, 10), "Energy savings won Chengdu Chem"],
    ]


def test_outcomes_outside_the_period_are_not_counted(client, manager, pipeline):
    client.force_login(manager)
    home = client.get(reverse("reports:team"), OCTOBER).context["home"]
    assert home["results"].rows == [["Won", 0], ["Not won yet", 0], ["Lost", 0]]
    assert home["reasons"].rows == []
    assert home["successes"].rows == []
    assert "Average time from first contact to win: — days." in home["results"].note


def test_a_restored_outcome_is_no_longer_counted(rep):
    restored = outcome(
        account("Back again", rep),
        "lost",
        date(2026, 11, 7),
        reasons=["Other"],
        restored_at=at(11, 8),
    )
    assert restored.pk
    period = Period.from_dates(date(2026, 11, 1), date(2026, 11, 18))
    results, reasons, _successes = figures.outcomes(Prospect.objects.all(), period)
    assert results.rows == [["Won", 0], ["Not won yet", 0], ["Lost", 0]]
    assert reasons.rows == []


# --- Average days from first contact to win --------------------------------------------


def test_the_average_time_to_win_is_exact_in_days(home):
    # Chengdu Chem 09-09 → 11-10: 62 days; Dalian Port 11-04 → 11-14: 10 days.
    assert home["results"].note == (
        "Average time from first contact to win: 36 days."
    ), connection.vendor


def test_the_time_to_win_counts_from_the_local_day_of_the_first_contact(rep):
    """00:30 on 11-04 in Shanghai is 16:30 on 11-03 in UTC: 10 days, not 11."""
    won = account("Night owl", rep, status="won", stage="contract")
    first_contact(won, at(11, 4, 0, 30))
    first_contact(won, at(11, 6))  # a later contact does not move the start
    outcome(won, "won", date(2026, 11, 14))
    period = Period.from_dates(date(2026, 11, 1), date(2026, 11, 18))
    results, _reasons, _successes = figures.outcomes(Prospect.objects.all(), period)
    assert results.note == "Average time from first contact to win: 10 days."


def test_the_time_to_win_counts_from_the_first_of_several_contacts(rep):
    won = account("Slow burn", rep, status="won", stage="contract")
    first_contact(won, at(11, 10, 23, 59))
    first_contact(won, at(8, 1, 8, 0))  # logged later, happened first
    outcome(won, "won", date(2026, 11, 15))
    period = Period.from_dates(date(2026, 11, 1), date(2026, 11, 18))
    results, _reasons, _successes = figures.outcomes(Prospect.objects.all(), period)
    assert results.note == "Average time from first contact to win: 106 days."


def test_a_win_without_a_first_contact_does_not_spoil_the_average(rep):
    won = account("Walk-in", rep, status="won", stage="contract")
    outcome(won, "won", date(2026, 11, 15))
    other = account("Regular", rep, status="won", stage="contract")
    first_contact(other, at(11, 1, 9))
    outcome(other, "won", date(2026, 11, 8))
    period = Period.from_dates(date(2026, 11, 1), date(2026, 11, 18))
    results, _reasons, _successes = figures.outcomes(Prospect.objects.all(), period)
    assert results.rows[0] == ["Won", 2]
    assert results.note == "Average time from first contact to win: 7 days."


def test_the_average_time_to_win_is_shown_on_the_page(client, manager, pipeline):
    client.force_login(manager)
    response = client.get(reverse("reports:team"), PERIOD)
    assert "Average time from first contact to win: 36 days." in response.text


# --- The forecast -------------------------------------------------------------------------


def test_the_forecast_sums_expected_and_risk_adjusted_sales_of_open_accounts(home):
    table = home["forecast"]
    assert table.header == [
        "Account",
        "Expected annual sales (yuan)",
        "Risk coefficient (%)",
        "Risk-adjusted sales (yuan)",
    ]
    # expected × (100 − risk) / 100; no risk counts as 0; the won and lost
    # accounts and the forecast without expected sales are left out.
    assert [[r[0], r[1], r[2], r[3]] for r in table.rows] == [
        ["Anhui Steel", Decimal("1000000"), Decimal("20"), Decimal("800000")],
        ["Beijing Foods", Decimal("500000"), None, Decimal("500000")],
        ["Guangzhou Paper", Decimal("300000"), Decimal("50"), Decimal("150000")],
    ]
    assert table.note == (
        "3 open accounts with a forecast: expected sales 1,800,000 yuan, "
        "risk-adjusted 1,450,000 yuan."
    )


def test_risk_adjusted_sales_keep_the_fen_of_odd_amounts(rep):
    forecast(account("Odd", rep), "333333.33", "12.50")
    forecast(account("Even", rep), "100.10", "0")
    table = figures.pipeline_forecast(Prospect.objects.all())
    adjusted = {row[0]: row[3] for row in table.rows}
    # 333,333.33 × 87.5 % = 291,666.66375
    assert round(adjusted["Odd"], 2) == Decimal("291666.66")
    assert adjusted["Even"] == Decimal("100.10")
    assert table.note.endswith(
        "expected sales 333,433 yuan, risk-adjusted 291,767 yuan."
    )


def test_the_forecast_export_shows_risk_adjusted_sales_in_yuan_and_fen(
    client, manager, rep
):
    forecast(account("Round", rep), 1_000_000, 20)
    forecast(account("Odd", rep), "333333.33", "12.50")
    client.force_login(manager)
    response = client.get(reverse("reports:team-csv", args=["forecast"]))
    _header, rows = csv_rows(response)
    assert {row[0]: row[3] for row in rows} == {
        "Odd": "291666.66",
        "Round": "800000.00",
    }


def test_the_forecast_lists_the_ten_largest_but_sums_them_all(rep):
    for n in range(12):
        forecast(account(f"Deal {n:02d}", rep), 1000 * (n + 1), 0)
    table = figures.pipeline_forecast(Prospect.objects.all())
    assert [row[0] for row in table.rows] == [f"Deal {n:02d}" for n in range(11, 1, -1)]
    assert table.note.startswith(
        "12 open accounts with a forecast: expected sales 78,000 yuan"
    )


# --- The period boundaries in the team's time zone -----------------------------------------


def test_the_period_runs_from_local_midnight_to_local_midnight():
    period = Period.from_dates(date(2026, 11, 1), date(2026, 11, 18))
    assert period.start == datetime(2026, 11, 1, tzinfo=SHANGHAI)
    assert period.end - period.start == timedelta(days=18)
    assert (period.first_day, period.last_day) == (
        date(2026, 11, 1),
        date(2026, 11, 18),
    )
