"""Every table of the manager's home downloads as CSV and XLSX, with the page's rows."""

import pytest
from django.urls import reverse

from kam.exports import XLSX
from reports.tests.test_support import (
    OCTOBER,
    PERIOD,
    TEAM_B_NAMES,
    build_team_a,
    build_team_b,
    csv_rows,
    freeze,
    other_supervisor_of,
    page_table,
    same_cell,
    xlsx_rows,
)

KEYS = [
    "funnel",
    "reps",
    "product_category",
    "customer_nature",
    "service_content",
    "verdicts",
    "matrix",
    "overdue",
    "results",
    "reasons",
    "successes",
    "forecast",
]


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def pipeline(rep, colleague, supervisor, manager, outsider, other_manager):
    build_team_a(rep, colleague, supervisor)
    build_team_b(outsider, other_supervisor_of(outsider.team))


@pytest.fixture
def page(client, manager, pipeline):
    client.force_login(manager)
    response = client.get(reverse("reports:team"), PERIOD)
    assert response.status_code == 200
    return response


def _assert_same_rows(key, shown, exported):
    assert len(exported) == len(shown) > 0, key
    for shown_row, exported_row in zip(shown, exported, strict=True):
        assert len(shown_row) == len(exported_row), key
        for on_page, in_file in zip(shown_row, exported_row, strict=True):
            assert same_cell(on_page, in_file), (key, shown_row, exported_row)


def test_every_table_on_the_page_has_an_export(page):
    assert set(page.context["home"].tables) == set(KEYS)
    for key in KEYS:
        assert f'id="table-{key}"' in page.text


def test_every_csv_export_has_the_page_s_rows(client, page):
    for key in KEYS:
        header, shown = page_table(page, key)
        response = client.get(reverse("reports:team-csv", args=[key]), PERIOD)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="kam-{key}-20261101-20261118.csv"'
        )
        exported_header, exported = csv_rows(response)
        assert exported_header == header, key
        _assert_same_rows(key, shown, exported)


def test_every_xlsx_export_opens_with_a_header_row_and_the_page_s_rows(client, page):
    for key in KEYS:
        header, shown = page_table(page, key)
        table = page.context["home"][key]
        response = client.get(reverse("reports:team-xlsx", args=[key]), PERIOD)
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        assert response["Content-Disposition"] == (
            f'attachment; filename="kam-{key}-20261101-20261118.xlsx"'
        )
        title, exported_header, exported = xlsx_rows(response)
        assert title == table.title[:31]
        assert exported_header == header, key
        _assert_same_rows(key, shown, exported)


def test_the_exported_figures_are_numbers_and_dates_in_the_spreadsheet(client, page):
    _title, _header, rows = xlsx_rows(
        client.get(reverse("reports:team-xlsx", args=["overdue"]), PERIOD)
    )
    account, _who, due, days = rows[0]
    assert account == "Hefei Auto"
    assert due.date().isoformat() == "2026-10-26"
    assert days == 23


@pytest.mark.parametrize("route", ["reports:team-csv", "reports:team-xlsx"])
def test_an_unknown_table_is_not_found(client, page, route):
    response = client.get(reverse(route, args=["salaries"]))
    assert response.status_code == 404


def test_the_export_follows_the_period_in_the_query_string(client, page):
    _header, november = csv_rows(
        client.get(reverse("reports:team-csv", args=["funnel"]), PERIOD)
    )
    response = client.get(reverse("reports:team-csv", args=["funnel"]), OCTOBER)
    assert (
        'filename="kam-funnel-20261001-20261031.csv"' in response["Content-Disposition"]
    )
    _header, october = csv_rows(response)
    assert [row[2] for row in november] == ["6", "6", "4", "3", "2"]
    assert [row[2] for row in october] == ["4", "3", "2", "2", "1"]


def test_the_export_follows_the_owner_filter(client, page, rep):
    response = client.get(
        reverse("reports:team-csv", args=["overdue"]), {**PERIOD, "owner": rep.pk}
    )
    _header, rows = csv_rows(response)
    assert [row[0] for row in rows] == ["Emei Tea", "Beijing Foods"]


def test_an_admin_s_export_follows_the_team_filter(client, admin_user, team, pipeline):
    client.force_login(admin_user)
    everyone = client.get(reverse("reports:team-csv", args=["overdue"]), PERIOD)
    one_team = client.get(
        reverse("reports:team-csv", args=["overdue"]), {**PERIOD, "team": team.pk}
    )
    assert "Xiamen Tech" in b"".join(everyone.streaming_content).decode()
    _header, rows = csv_rows(one_team)
    assert [row[0] for row in rows] == ["Hefei Auto", "Emei Tea", "Beijing Foods"]


def test_a_manager_s_export_never_holds_another_team(client, page, other_team):
    wider = {**PERIOD, "team": other_team.pk}
    for key in KEYS:
        response = client.get(reverse("reports:team-csv", args=[key]), wider)
        body = b"".join(response.streaming_content).decode()
        for name in TEAM_B_NAMES:
            assert name not in body, key
    for key in ("overdue", "forecast", "successes"):
        response = client.get(reverse("reports:team-xlsx", args=[key]), wider)
        _title, _header, rows = xlsx_rows(response)
        assert not {row[0] for row in rows} & set(TEAM_B_NAMES), key


def test_the_page_links_each_export_with_its_filters(page):
    assert (
        'href="/reports/team/funnel.csv?period_from=2026-11-01&amp;period_to=2026-11-18"'
        in page.text
    )
    assert (
        'href="/reports/team/forecast.xlsx?period_from=2026-11-01&amp;period_to=2026-11-18"'
        in page.text
    )


def test_an_export_with_a_bad_filter_answers_the_default_period(client, page):
    response = client.get(
        reverse("reports:team-csv", args=["funnel"]), {"period_from": "2026-13-45"}
    )
    assert response.status_code == 200
    assert (
        'filename="kam-funnel-20261020-20261118.csv"' in response["Content-Disposition"]
    )
    _header, rows = csv_rows(response)
    assert [row[2] for row in rows] == ["7", "6", "4", "3", "2"]


def test_a_cell_that_looks_like_a_formula_is_exported_as_text(
    client, manager, rep, pipeline
):
    from reports.tests.test_support import account, forecast

    forecast(account("=HYPERLINK(1)", rep), 10, 0)
    client.force_login(manager)
    _header, rows = csv_rows(client.get(reverse("reports:team-csv", args=["forecast"])))
    assert "'=HYPERLINK(1)" in [row[0] for row in rows]
    _title, _header, cells = xlsx_rows(
        client.get(reverse("reports:team-xlsx", args=["forecast"]))
    )
    assert "=HYPERLINK(1)" in [row[0] for row in cells]


@pytest.mark.parametrize("route", ["reports:team-csv", "reports:team-xlsx"])
def test_the_exports_are_in_chinese_for_a_chinese_user(client, page, route):
    client.cookies["django_language"] = "zh-hans"
    response = client.get(reverse(route, args=["funnel"]), PERIOD)
    if route.endswith("csv"):
        header, rows = csv_rows(response)
    else:
        title, header, rows = xlsx_rows(response)
        assert title == "业务进度漏斗"
    assert header[:3] == ["阶段", "处于该阶段", "已达到"]
    assert rows[0][0] == "接触客户"
