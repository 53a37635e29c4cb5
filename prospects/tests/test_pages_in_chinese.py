"""Every page of the app renders in Simplified Chinese, with every section filled."""

import pytest
from django.conf import settings
from django.urls import reverse

from prospects.models import Advantage
from prospects.services import prospect_refresh_assessment
from prospects.tests.factories import (
    AdvantageFactory,
    CompetitorFactory,
    ContactFactory,
    CustomerNatureFactory,
    FinancialStatementFactory,
    ForecastFactory,
    IndustryFactory,
    MonthlyTransactionFactory,
    ProductCategoryFactory,
    PurchaseFactorsFactory,
    SalesProfileFactory,
    ServiceContentFactory,
)
from prospects.tests.test_scoping import HOW_TO_CALL


@pytest.fixture
def full(prospect):
    prospect.product_category = ProductCategoryFactory(
        name_en="Machines", name_zh="机器设备"
    )
    prospect.customer_nature = CustomerNatureFactory()
    prospect.service_content = ServiceContentFactory()
    prospect.industry = IndustryFactory()
    prospect.save()
    FinancialStatementFactory(prospect=prospect, period="2023", net_profit=-50)
    FinancialStatementFactory(prospect=prospect, period="2024", current_liabilities=900)
    ContactFactory(prospect=prospect)
    MonthlyTransactionFactory(prospect=prospect, our_sales=400)
    CompetitorFactory(prospect=prospect, risk="high")
    for aspect in Advantage.Aspect.values[:3]:
        AdvantageFactory(prospect=prospect, aspect=aspect)
    SalesProfileFactory(prospect=prospect)
    PurchaseFactorsFactory(prospect=prospect, purchase_cost="unfavourable")
    ForecastFactory(prospect=prospect)
    prospect_refresh_assessment(prospect)
    return prospect


ROWS = {
    "financials": "financial_statements",
    "contacts": "contacts",
    "transactions": "transactions",
    "competitors": "competitors",
}


def test_every_page_renders_in_chinese(client, manager, full):
    """English is covered page by page in test_scoping; a translation with a broken
    placeholder would crash here."""
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    for name in ("list", "matrix", "create", "export-csv", "export-xlsx"):
        assert client.get(reverse(f"prospects:{name}")).status_code == 200, name
    for name, (method, kind) in HOW_TO_CALL.items():
        if method != "GET":
            continue
        args = [full.pk]
        if kind:
            args.append(getattr(full, ROWS[kind]).first().pk)
        response = client.get(reverse(f"prospects:{name}", args=args))
        assert response.status_code == 200, name
        if response["Content-Type"] == "application/pdf":
            continue  # the printed profile in Chinese: devlog/tests/test_pdfs.py
        assert '<html lang="zh-hans">' in response.content.decode(), name


def test_the_account_page_speaks_chinese(client, rep, full):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(rep)
    page = client.get(reverse("prospects:detail", args=[full.pk])).content.decode()
    assert "机器设备" in page  # the lookup's Chinese name
    assert "Machines" not in page
