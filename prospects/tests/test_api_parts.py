"""Contacts, statements, transactions and competitors changed over the API."""

import pytest

from kam.tests.api import ApiClient
from prospects.tests import factories


@pytest.fixture
def prospect(rep):
    return factories.ProspectFactory(owner=rep)


@pytest.mark.parametrize(
    ("resource", "make", "change"),
    [
        ("contacts", factories.ContactFactory, {"position": "CEO"}),
        (
            "financial-statements",
            factories.FinancialStatementFactory,
            {"revenue": "1200.00"},
        ),
        ("transactions", factories.MonthlyTransactionFactory, {"our_sales": "150.00"}),
        ("competitors", factories.CompetitorFactory, {"risk": "high"}),
    ],
)
def test_a_record_is_changed_with_its_version_and_not_with_a_stale_one(
    rep, prospect, resource, make, change
):
    record = make(prospect=prospect)
    api = ApiClient(rep)
    url = f"/api/v1/{resource}/{record.pk}/"
    response = api.patch(url, {**change, "version": record.version})
    assert response.status_code == 200, response.json()
    name, value = next(iter(change.items()))
    assert str(response.json()[name]) == value
    stale = api.patch(url, {**change, "version": record.version})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == record.version + 1


def test_a_transaction_and_a_competitor_are_added(rep, prospect):
    api = ApiClient(rep)
    month = api.post(
        "/api/v1/transactions/",
        {
            "account": prospect.pk,
            "month": "2026-01",
            "our_sales": "10",
            "purchase_volume": "100",
        },
    )
    assert month.status_code == 201, month.json()
    assert month.json()["share"] == pytest.approx(10.0)
    rival = api.post(
        "/api/v1/competitors/",
        {"account": prospect.pk, "name": "对手公司", "risk": "low"},
    )
    assert rival.status_code == 201, rival.json()


def test_a_bad_month_is_refused_with_the_forms_message(rep, prospect):
    response = ApiClient(rep).post(
        "/api/v1/transactions/", {"account": prospect.pk, "month": "Januar"}
    )
    assert response.status_code == 400
    assert "month" in response.json()
