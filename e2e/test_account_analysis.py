"""Journey 1: a rep creates an account, classifies it, enters a financial statement,
reads the ratios, fills the forecast and gets the verdict — in English and Chinese."""

from decimal import Decimal

import pytest

from e2e.pages import submit, success_message
from prospects.models import Prospect
from prospects.tests.factories import (
    CustomerNatureFactory,
    IndustryFactory,
    ProductCategoryFactory,
    ServiceContentFactory,
)

NAME = "华鑫精密机械 Huaxin Precision"

STATEMENT = {
    "period": "2025",
    "revenue": "10000000",
    "cost_of_sales": "7300000",
    "net_profit": "800000",
    "total_assets": "20000000",
    "current_assets": "9000000",
    "current_liabilities": "6000000",
    "accounts_receivable": "2000000",
    "inventory": "1000000",
}
# current assets ÷ total assets, ÷ current liabilities, net profit ÷ revenue,
# ÷ total assets, receivables ÷ revenue × 365, inventory ÷ cost of sales × 365.
RATIOS = ["45.0%", "1.50", "8.0%", "4.0%", "73.0 {days}", "50.0 {days}"]

COSTS = {
    "expected_sales": "1000000",
    "inventory_interest": "10000",
    "staff_cost": "50000",
    "travel_cost": "10000",
    "management_cost": "30000",
    "risk_coefficient": "20",
}

TEXTS = {
    "en": {
        "created": f"The account {NAME} was created.",
        "size": "100–499 staff",
        "statement_saved": "Saved: financial statement.",
        "ratios_heading": "Ratios for 2025",
        "ratio_labels": [
            "Current-asset ratio",
            "Current ratio",
            "Net profit margin",
            "Return on assets",
            "Collection period",
            "Inventory period",
        ],
        "days": "days",
        "forecast_saved": "Saved: Cost and sales forecast.",
        "question": "Is it worth developing?",
        "risk_adjusted": "Risk-adjusted profit",
    },
    "zh-hans": {
        "created": f"客户 {NAME} 已创建。",
        "size": "100–499人",
        "statement_saved": "已保存：财务报表。",
        "ratios_heading": "2025 财务比率",
        "ratio_labels": [
            "流动资产率",
            "流动比率",
            "净利润率",
            "资产回报率",
            "回款周期",
            "存货周期",
        ],
        "days": "天",
        "forecast_saved": "已保存：费用、销售预测。",
        "question": "是否有开发价值？",
        "risk_adjusted": "风险调整后利润",
    },
}

# Risk-adjusted profit = sales × margin × (1 − 20% risk) − 100,000 yuan of costs.
VERDICTS = [
    pytest.param("en", "20", "worth", "Worth developing", "60,000 yuan", id="en"),
    pytest.param("zh-hans", "8", "not_worth", "无开发价值", "-36,000 元", id="zh-hans"),
]


@pytest.fixture
def lookups():
    return {
        "product_category": ProductCategoryFactory(
            name_en="Machine tools", name_zh="机床"
        ),
        "customer_nature": CustomerNatureFactory(
            name_en="Private enterprise", name_zh="民营企业"
        ),
        "service_content": ServiceContentFactory(
            name_en="Equipment supply", name_zh="设备供应"
        ),
        "industry": IndustryFactory(name_en="Manufacturing", name_zh="制造业"),
    }


def shown_name(lookup, language):
    return lookup.name_zh if language == "zh-hans" else lookup.name_en


def create_account(page, lookups, language):
    page.locator("main a[href='/prospects/new/']").click()
    form = page.locator("main form.kam-form")
    form.locator("[name=name]").fill(NAME)
    for field, lookup in lookups.items():
        form.locator(f"select[name={field}]").select_option(
            label=shown_name(lookup, language)
        )
    form.locator("[name=region]").fill("华东 East China")
    form.locator("select[name=size]").select_option(label=TEXTS[language]["size"])
    submit(form)


def enter_statement(page, prospect):
    page.locator(f"a[href='/prospects/{prospect.pk}/financials/new/']").first.click()
    form = page.locator("main form.kam-form")
    for field, value in STATEMENT.items():
        form.locator(f"[name={field}]").fill(value)
    submit(form)


def fill_forecast(page, margin):
    page.locator("#forecast").get_by_role("link").click()
    form = page.locator("main form.kam-form")
    for field, value in COSTS.items():
        form.locator(f"[name={field}]").fill(value)
    form.locator("[name=margin]").fill(margin)
    form.locator("[name=notes]").fill("Two new lines from next spring.")
    submit(form)


@pytest.mark.parametrize(
    ("language", "margin", "verdict", "verdict_text", "profit"), VERDICTS
)
def test_a_rep_analyses_a_new_account_and_gets_the_verdict(
    journey,
    with_password,
    rep,
    lookups,
    language,
    margin,
    verdict,
    verdict_text,
    profit,
):
    texts = TEXTS[language]
    page = journey.sign_in(with_password(rep), language)
    page.goto(journey.url("/prospects/"))

    create_account(page, lookups, language)
    assert success_message(page) == texts["created"]
    prospect = Prospect.objects.get(name=NAME)
    assert (prospect.owner, prospect.team) == (rep, rep.team)
    assert prospect.product_category == lookups["product_category"]
    classification = page.locator("#classification dl").inner_text()
    for lookup in lookups.values():
        assert shown_name(lookup, language) in classification
    assert texts["size"] in classification

    enter_statement(page, prospect)
    assert success_message(page) == texts["statement_saved"]
    ratios = page.locator("section.card").filter(has_text=texts["ratios_heading"])
    assert ratios.locator(".kam-ratio-label").all_inner_texts() == texts["ratio_labels"]
    assert ratios.locator(".kam-ratio-value").all_inner_texts() == [
        ratio.format(days=texts["days"]) for ratio in RATIOS
    ]
    assert page.locator("svg.kam-chart").count() == 2

    page.goto(journey.url(prospect.get_absolute_url()))
    fill_forecast(page, margin)
    assert success_message(page) == texts["forecast_saved"]
    card = page.locator(".kam-verdict-card")
    assert card.locator("h2").inner_text() == texts["question"]
    badge = card.locator(".kam-verdict")
    assert badge.inner_text() == verdict_text
    assert f"kam-verdict-{verdict}" in badge.get_attribute("class")
    risk_adjusted = page.locator("#forecast tr").filter(has_text=texts["risk_adjusted"])
    assert risk_adjusted.locator("td").inner_text() == profit
    prospect.refresh_from_db()
    assert prospect.verdict == verdict
    assert prospect.forecast.margin == Decimal(margin)
