"""Every amount shown says its unit: a figure on its own carries it ("1,234 yuan",
"1,234 元"); in a table the column header carries it and the cells the number."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kam.templatetags import kam as filters
from prospects.tests.factories import (
    FinancialStatementFactory,
    ForecastFactory,
    MonthlyTransactionFactory,
)

D = Decimal


@pytest.mark.parametrize(
    ("language", "figure", "header"),
    [
        ("en", "1,234,567 yuan", "Our sales (yuan)"),
        ("zh-hans", "1,234,567 元", "我方销售额（元）"),
    ],
)
def test_an_amount_and_a_header_say_the_unit_in_each_language(language, figure, header):
    with translation.override(language):
        assert filters.money(D("1234566.6")) == figure
        assert filters.in_yuan(translation.gettext("Our sales")) == header
        assert filters.amount(D("1234566.6")) == "1,234,567"
        assert filters.money(None) == filters.amount("") == "—"


def test_a_negative_amount_keeps_its_sign_before_the_number():
    with translation.override("en"):
        assert filters.money(D("-36000")) == "-36,000 yuan"


def headers(page):
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<th[^>]*scope=\"col\"[^>]*>(.*?)</th>", page, re.S)
    ]


def page(client, user, name, prospect, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse(name, args=[prospect.pk])).content.decode()


SHOWN = {
    "en": {
        "revenue": "Revenue (yuan)",
        "cost": "Cost of sales (yuan)",
        "sales": "Our sales (yuan)",
        "profit": "60,000 yuan",
    },
    "zh-hans": {
        "revenue": "营业收入（元）",
        "cost": "营业成本（元）",
        "sales": "我方销售额（元）",
        "profit": "60,000 元",
    },
}
each_language = pytest.mark.parametrize("language", list(SHOWN))


@each_language
def test_the_figures_table_says_the_unit_in_its_headers(
    client, rep, prospect, language
):
    FinancialStatementFactory(prospect=prospect, revenue=D("120000000"))
    shown = page(client, rep, "prospects:financials", prospect, language)
    assert SHOWN[language]["revenue"] in headers(shown)
    assert SHOWN[language]["cost"] in headers(shown)
    assert '<td class="text-end">120,000,000</td>' in shown
    assert "¥" not in shown


@each_language
def test_the_account_page_says_the_unit_of_every_amount(
    client, rep, prospect, language
):
    MonthlyTransactionFactory(prospect=prospect, our_sales=D("350000"))
    ForecastFactory(prospect=prospect)
    shown = page(client, rep, "prospects:detail", prospect, language)
    assert SHOWN[language]["sales"] in headers(shown)
    assert '<td class="text-end">350,000</td>' in shown
    # 1,000,000 of sales × 20 % margin × (1 − 20 % risk) − 100,000 of costs.
    profit = SHOWN[language]["profit"]
    assert f'<td class="text-end fw-bold">{profit}</td>' in shown
    assert "¥" not in shown


def test_the_transactions_page_and_its_chart_say_the_unit(client, rep, prospect):
    MonthlyTransactionFactory(prospect=prospect, our_sales=D("350000"))
    shown = page(client, rep, "prospects:transactions", prospect, "zh-hans")
    assert "我方销售额（元）" in headers(shown)
    assert 'aria-label="我方销售额与客户采购额（元）"' in shown
    assert "¥" not in shown
