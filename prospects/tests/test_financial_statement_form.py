"""Entering a financial statement (客户经营信息) through the form."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from kam.amounts import NOT_AN_AMOUNT
from prospects.models import FinancialStatement
from prospects.tests.factories import FinancialStatementFactory, loaded_version

VALID = {
    "period": "2024",
    "revenue": "1000",
    "net_profit": "123.45",
    "total_assets": "2000",
    "current_assets": "750",
    "current_liabilities": "600",
    "accounts_receivable": "200",
    "inventory": "100",
    "cost_of_sales": "500",
}


@pytest.fixture
def post(client, rep, prospect):
    client.force_login(rep)
    url = reverse("prospects:financials-create", args=[prospect.pk])

    def post(headers=None, **changes):
        return client.post(url, {**VALID, **changes}, **(headers or {}))

    return post


def test_the_form_has_the_agreed_field_names(client, rep, prospect):
    client.force_login(rep)
    response = client.get(reverse("prospects:financials-create", args=[prospect.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for name in VALID:
        assert f'name="{name}"' in page


def test_saving_a_statement_returns_to_the_page_with_the_ratios(client, post, prospect):
    response = post()
    assert response.status_code == 302
    assert response["Location"] == reverse("prospects:financials", args=[prospect.pk])
    saved = FinancialStatement.objects.get(prospect=prospect)
    assert saved.period == "2024"
    assert saved.net_profit == Decimal("123.45")
    assert saved.cost_of_sales == Decimal("500")
    page = client.get(response["Location"]).content.decode()
    assert "12.3%" in page  # net profit margin
    assert "1.25" in page  # current ratio
    assert "Ratios for 2024" in page


def test_a_net_loss_is_accepted(post, prospect):
    response = post(net_profit="-250.50")
    assert response.status_code == 302
    assert FinancialStatement.objects.get(prospect=prospect).net_profit == Decimal(
        "-250.50"
    )


@pytest.mark.parametrize("period", ["2025", "2025-H1", "2025-H2", "2025-Q1", "2025-Q4"])
def test_each_kind_of_period_is_accepted(post, prospect, period):
    assert post(period=period).status_code == 302
    assert FinancialStatement.objects.get(prospect=prospect).period == period


def test_a_statement_may_be_partial(post, prospect):
    response = post(total_assets="", current_assets="", inventory="")
    assert response.status_code == 302
    assert FinancialStatement.objects.get(prospect=prospect).total_assets is None


def form_errors(response):
    assert response.status_code == 200
    return response.context["form"].errors


def test_negative_total_assets_are_refused(post):
    response = post(total_assets="-1")
    assert form_errors(response)["total_assets"] == ["This cannot be negative."]
    assert "This cannot be negative." in response.content.decode()
    assert not FinancialStatement.objects.exists()


@pytest.mark.parametrize(
    "field",
    [
        "revenue",
        "current_assets",
        "current_liabilities",
        "accounts_receivable",
        "inventory",
        "cost_of_sales",
    ],
)
def test_every_other_figure_but_net_profit_must_not_be_negative(post, field):
    assert form_errors(post(**{field: "-0.01"}))[field] == ["This cannot be negative."]
    assert not FinancialStatement.objects.exists()


def test_current_assets_cannot_exceed_total_assets(post):
    response = post(current_assets="2000.01")
    assert form_errors(response)["current_assets"] == [
        "Current assets cannot exceed total assets."
    ]
    assert "Current assets cannot exceed total assets." in response.content.decode()
    assert not FinancialStatement.objects.exists()


@pytest.mark.parametrize(
    "period", ["2025-Q5", "abc", "2025-H3", "25", "2025Q1", "", "1899"]
)
def test_a_bad_period_is_refused(post, period):
    errors = form_errors(post(period=period))
    assert list(errors) == ["period"]
    assert not FinancialStatement.objects.exists()


def test_a_bad_period_says_what_is_expected(post):
    response = post(period="2025-Q5")
    message = "Enter a year (2025), a half-year (2025-H1) or a quarter (2025-Q3)."
    assert form_errors(response)["period"] == [message]
    assert message in response.content.decode()


def test_a_second_statement_for_the_same_period_is_a_form_error(post, prospect):
    FinancialStatementFactory(prospect=prospect, period="2024", revenue=Decimal("1"))
    response = post()
    assert form_errors(response)["__all__"] == [
        "This account already has a statement for this period."
    ]
    assert "This account already has a statement for this period." in (
        response.content.decode()
    )
    assert FinancialStatement.objects.get(prospect=prospect).revenue == Decimal("1")


def test_the_same_period_on_another_account_is_fine(post, prospect, rep):
    FinancialStatementFactory(prospect__owner=rep, period="2024")
    assert post().status_code == 302


def test_editing_a_statement_into_an_existing_period_is_a_form_error(
    client, rep, prospect
):
    FinancialStatementFactory(prospect=prospect, period="2023")
    later = FinancialStatementFactory(prospect=prospect, period="2024")
    client.force_login(rep)
    response = client.post(
        reverse("prospects:financials-edit", args=[prospect.pk, later.pk]),
        {**VALID, "period": "2023", **loaded_version(FinancialStatement, pk=later.pk)},
    )
    assert "__all__" in form_errors(response)
    later.refresh_from_db()
    assert later.period == "2024"


def test_editing_a_statement_keeps_its_period(client, rep, prospect):
    row = FinancialStatementFactory(prospect=prospect, period="2024")
    client.force_login(rep)
    response = client.post(
        reverse("prospects:financials-edit", args=[prospect.pk, row.pk]),
        {**VALID, "revenue": "5000", **loaded_version(FinancialStatement, pk=row.pk)},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revenue == Decimal("5000")


def test_a_number_with_too_many_digits_is_refused(post):
    response = post(revenue="1234567890123456789")
    assert form_errors(response)["revenue"] == [
        "Ensure that there are no more than 18 digits in total."
    ]
    assert not FinancialStatement.objects.exists()


def test_a_number_with_too_many_decimals_is_refused(post):
    assert "revenue" in form_errors(post(revenue="1.005"))
    assert not FinancialStatement.objects.exists()


@pytest.mark.parametrize("text", ["abc", "1.000.000", "一千", "NaN", "Infinity"])
def test_text_that_is_not_a_number_is_refused(post, text):
    response = post(revenue=text)
    assert form_errors(response)["revenue"] == [str(NOT_AN_AMOUNT)]
    assert not FinancialStatement.objects.exists()


def test_errors_come_in_chinese_for_a_chinese_browser(post):
    response = post(revenue="abc", headers={"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-hans">' in response.content.decode()
    message = "请用数字填写金额，单位为元；万和亿也可以（150万即1,500,000）。"
    assert form_errors(response)["revenue"] == [message]
    assert message in response.content.decode()
    assert not FinancialStatement.objects.exists()


def test_errors_come_in_chinese_when_the_language_cookie_says_so(client, post):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = post(revenue="1234567890123456789")
    assert form_errors(response)["revenue"] == ["确认总共不超过 18 个数字."]
    assert not FinancialStatement.objects.exists()


def test_a_chinese_user_still_gets_our_own_errors(client, post):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = post(revenue="-5", period="2025-Q5")
    errors = form_errors(response)
    assert set(errors) == {"revenue", "period"}
    assert all(errors[name] for name in errors)
    assert not FinancialStatement.objects.exists()
