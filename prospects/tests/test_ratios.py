"""The six ratios of 客户经营信息, and how the pages display them."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kam.templatetags import kam as filters
from prospects.models import FinancialStatement
from prospects.ratios import ratio
from prospects.tests.factories import FinancialStatementFactory

D = Decimal


def statement(**figures):
    base = {
        "revenue": D("1000"),
        "net_profit": D("100"),
        "total_assets": D("2000"),
        "current_assets": D("800"),
        "current_liabilities": D("400"),
        "accounts_receivable": D("200"),
        "inventory": D("150"),
        "cost_of_sales": D("750"),
    }
    return FinancialStatement(period="2024", **{**base, **figures})


def test_the_current_asset_ratio_is_current_over_total_assets_in_percent():
    assert statement().current_asset_ratio == D("40")
    assert statement(
        current_assets=D("1"), total_assets=D("3")
    ).current_asset_ratio == (D("1") / D("3") * 100)


def test_the_current_ratio_is_current_assets_over_current_liabilities():
    assert statement().current_ratio == D("2")
    assert statement(current_liabilities=D("1600")).current_ratio == D("0.5")


def test_the_net_profit_margin_is_net_profit_over_revenue_in_percent():
    assert statement(net_profit=D("123.45")).net_profit_margin == D("12.345")


def test_a_net_loss_gives_a_negative_margin_and_return_on_assets():
    loss = statement(net_profit=D("-50"))
    assert loss.net_profit_margin == D("-5")
    assert loss.return_on_assets == D("-2.5")


def test_return_on_assets_is_net_profit_over_total_assets_in_percent():
    assert statement().return_on_assets == D("5")


def test_the_collection_period_is_receivables_over_revenue_times_365():
    assert statement().collection_period == D("73")
    assert statement(accounts_receivable=D("250")).collection_period == D("91.25")


def test_the_inventory_period_is_inventory_over_cost_of_sales_times_365():
    assert statement().inventory_period == D("73")
    assert statement(inventory=D("300")).inventory_period == D("146")


def test_a_period_that_is_a_whole_number_of_days_is_computed_exactly(
    client, rep, prospect
):
    assert ratio(D("75"), D("73"), scale=365) == D("375")
    FinancialStatementFactory(
        prospect=prospect, period="2024", inventory=D("7500"), cost_of_sales=D("7300")
    )
    client.force_login(rep)
    response = client.get(reverse("prospects:financials", args=[prospect.pk]))
    assert ratio_values(response)[5] == "375.0 days"


RATIOS = {
    "current_asset_ratio": ("current_assets", "total_assets"),
    "current_ratio": ("current_assets", "current_liabilities"),
    "net_profit_margin": ("net_profit", "revenue"),
    "return_on_assets": ("net_profit", "total_assets"),
    "collection_period": ("accounts_receivable", "revenue"),
    "inventory_period": ("inventory", "cost_of_sales"),
}


@pytest.mark.parametrize("name", RATIOS)
def test_a_zero_denominator_gives_no_ratio(name):
    _numerator, denominator = RATIOS[name]
    assert getattr(statement(**{denominator: D("0")}), name) is None
    assert getattr(statement(**{denominator: D("0.00")}), name) is None


@pytest.mark.parametrize("name", RATIOS)
def test_a_missing_denominator_gives_no_ratio(name):
    _numerator, denominator = RATIOS[name]
    assert getattr(statement(**{denominator: None}), name) is None


@pytest.mark.parametrize("name", RATIOS)
def test_a_missing_numerator_gives_no_ratio(name):
    numerator, _denominator = RATIOS[name]
    assert getattr(statement(**{numerator: None}), name) is None


def test_a_zero_numerator_is_a_real_zero_not_a_missing_value():
    assert statement(net_profit=D("0")).net_profit_margin == D("0")


def test_ratio_accepts_integers_and_scales():
    assert ratio(1, 4) == D("0.25")
    assert ratio(1, 4, scale=100) == D("25")
    assert ratio(None, 4) is None
    assert ratio(1, 0) is None


# The display filters (kam/templatetags/kam.py).


def test_the_display_filters_show_a_dash_for_a_missing_value():
    for show in (filters.percent, filters.decimal, filters.days, filters.money):
        assert show(None) == "—"
        assert show("") == "—"


def test_the_display_filters_format_their_figures():
    assert filters.percent(D("12.345")) == "12.3%"
    assert filters.percent(D("40"), 0) == "40%"
    assert filters.decimal(D("2")) == "2.00"
    assert filters.decimal(D("1234.5"), 2) == "1,234.50"
    assert filters.days(D("73")) == "73.0 days"
    assert filters.money(D("1234567")) == "1,234,567 yuan"


def test_the_display_filters_round_rather_than_truncate():
    assert filters.percent(D("9.96")) == "10.0%"
    assert filters.decimal(D("2.999"), 2) == "3.00"
    assert filters.days(D("91.29")) == "91.3 days"
    assert filters.money(D("1234.6")) == "1,235 yuan"


def ratio_values(response):
    """The six ratio figures of the latest period, in page order."""
    return re.findall(
        r'<div class="kam-ratio-value">(.*?)</div>', response.content.decode()
    )


def test_the_financials_page_shows_each_ratio_with_its_precision(client, rep, prospect):
    FinancialStatementFactory(
        prospect=prospect,
        period="2024",
        revenue=D("1000"),
        net_profit=D("123.45"),
        total_assets=D("2000"),
        current_assets=D("750"),
        current_liabilities=D("600"),
        accounts_receivable=D("200"),
        inventory=D("100"),
        cost_of_sales=D("500"),
    )
    client.force_login(rep)
    response = client.get(reverse("prospects:financials", args=[prospect.pk]))
    assert ratio_values(response) == [
        "37.5%",  # 750 / 2000
        "1.25",  # 750 / 600
        "12.3%",  # 123.45 / 1000
        "6.2%",  # 123.45 / 2000 = 6.1725 %, rounded
        "73.0 days",  # 200 / 1000 × 365
        "73.0 days",  # 100 / 500 × 365
    ]


def test_zero_and_missing_denominators_show_a_dash_on_the_page(client, rep, prospect):
    FinancialStatementFactory(
        prospect=prospect,
        period="2024",
        revenue=D("0"),
        net_profit=D("10"),
        total_assets=D("0"),
        current_assets=D("0"),
        current_liabilities=None,
        accounts_receivable=D("5"),
        inventory=D("5"),
        cost_of_sales=D("0"),
    )
    client.force_login(rep)
    for name in ("prospects:financials", "prospects:detail"):
        response = client.get(reverse(name, args=[prospect.pk]))
        assert response.status_code == 200
        assert ratio_values(response) == ["—"] * 6


def test_the_trend_table_lists_every_period_in_order(client, rep, prospect):
    for period, profit in (("2023", "50"), ("2022", "-20"), ("2024", "100")):
        FinancialStatementFactory(
            prospect=prospect, period=period, net_profit=D(profit)
        )
    client.force_login(rep)
    response = client.get(reverse("prospects:financials", args=[prospect.pk]))
    page = response.content.decode()
    rows = re.findall(r'<th scope="row">(\d{4})</th>\s*<td class="text-end">', page)
    assert rows[:3] == ["2022", "2023", "2024"]
    assert "-2.0%" in page  # the 2022 loss: -20 / 1000
    assert "<svg" in page
