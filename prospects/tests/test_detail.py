"""The account page: every section, how complete the analysis is, the verdict."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prospects.models import Advantage
from prospects.services import prospect_refresh_assessment
from prospects.tests.factories import (
    AdvantageFactory,
    CompetitorFactory,
    ContactFactory,
    FinancialStatementFactory,
    ForecastFactory,
    MonthlyTransactionFactory,
    ProductCategoryFactory,
    ProspectFactory,
    PurchaseFactorsFactory,
    SalesProfileFactory,
)


def analyse_fully(account, rows=1):
    for i in range(rows):
        FinancialStatementFactory(prospect=account, period=str(2020 + i))
        ContactFactory(prospect=account)
        MonthlyTransactionFactory(prospect=account)
        CompetitorFactory(prospect=account)
    for aspect in list(Advantage.Aspect)[:rows]:
        AdvantageFactory(prospect=account, aspect=aspect)
    SalesProfileFactory(prospect=account)
    PurchaseFactorsFactory(prospect=account)
    ForecastFactory(prospect=account)
    prospect_refresh_assessment(account)


def test_a_new_account_shows_every_section_empty(client, rep, prospect):
    client.force_login(rep)
    response = client.get(reverse("prospects:detail", args=[prospect.pk]))
    page = response.content.decode()
    for anchor in (
        "classification",
        "financials",
        "sales",
        "decision-makers",
        "purchase-factors",
        "transactions",
        "competitors",
        "forecast",
        "advantages",
    ):
        assert f'id="{anchor}"' in page
    assert response.context["completeness"]["done"] == 0
    assert "0 of 9 sections filled" in page
    assert "Not yet assessed" in page


def test_a_fully_analysed_account_is_complete_with_a_verdict(client, rep, prospect):
    category = ProductCategoryFactory()
    prospect.product_category = category
    prospect.save()
    analyse_fully(prospect)
    client.force_login(rep)
    response = client.get(reverse("prospects:detail", args=[prospect.pk]))
    completeness = response.context["completeness"]
    undone = [s.anchor for s in completeness["sections"] if not s.done]
    assert undone == ["classification"]  # customer nature and service content missing
    assert "8 of 9 sections filled" in response.content.decode()
    assert "Worth developing" in response.content.decode()


def prospect_selects(queries):
    return [
        q["sql"]
        for q in queries
        if re.match(r'SELECT "prospects_prospect"\."id"', q["sql"])
    ]


@pytest.mark.parametrize("name", ["detail", "advantages"])
def test_the_page_reads_only_the_account_it_shows(
    client, rep, prospect, outsider, name
):
    for _i in range(3):
        ContactFactory(prospect__owner=outsider)
    client.force_login(rep)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(f"prospects:{name}", args=[prospect.pk]))
    assert response.status_code == 200
    selects = prospect_selects(captured.captured_queries)
    assert selects
    for sql in selects:
        assert " WHERE " in sql, sql


def test_the_detail_page_takes_a_fixed_number_of_queries(client, rep):
    few, many = ProspectFactory(owner=rep), ProspectFactory(owner=rep)
    analyse_fully(few, rows=1)
    analyse_fully(many, rows=6)
    client.force_login(rep)
    client.get(reverse("prospects:detail", args=[few.pk]))  # settle one-off lookups
    counts = []
    for account in (few, many):
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(reverse("prospects:detail", args=[account.pk])).status_code
                == 200
            )
        assert not any("_historical" in q["sql"] for q in captured)  # loads apart
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_record_section_takes_a_fixed_number_of_queries(client, rep):
    few, many = ProspectFactory(owner=rep), ProspectFactory(owner=rep)
    analyse_fully(few, rows=1)
    analyse_fully(many, rows=6)
    client.force_login(rep)
    section = "prospects:panel-record"
    client.get(reverse(section, args=[few.pk]))  # settle one-off lookups
    page, history = [], []
    for account in (few, many):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                reverse(section, args=[account.pk]),
                headers={"X-KAM-Section": "1"},
            )
            assert response.status_code == 200
        reads_history = ["_historical" in q["sql"] for q in captured]
        page.append(reads_history.count(False))
        history.append(reads_history.count(True))
    assert page[0] == page[1]
    # "Recent changes": one query finds the last five, one per kind of record
    # among them reads them, however long the history.
    assert all(1 < n <= 1 + 5 for n in history)


def test_the_latest_statement_is_the_period_that_ends_last(client, rep, prospect):
    FinancialStatementFactory(prospect=prospect, period="2025-H2")
    FinancialStatementFactory(prospect=prospect, period="2025-Q1")
    client.force_login(rep)
    response = client.get(reverse("prospects:financials", args=[prospect.pk]))
    assert "Ratios for 2025-H2" in response.content.decode()


def test_the_record_section_reads_the_account_without_its_classification(client, rep):
    account = ProspectFactory(owner=rep, product_category=ProductCategoryFactory())
    client.force_login(rep)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            reverse("prospects:panel-record", args=[account.pk]),
            headers={"X-KAM-Section": "1"},
        )
    assert response.status_code == 200
    assert not any("prospects_productcategory" in q["sql"] for q in captured)
