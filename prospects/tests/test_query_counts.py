"""An account's financial statements and transaction record cost a fixed number of
queries, however many periods and months they hold."""

import pytest
from django.urls import reverse

from kam.tests.helpers import queries_of_page
from prospects.tests.factories import (
    FinancialStatementFactory,
    MonthlyTransactionFactory,
    ProspectFactory,
)


def _add(account, page, n):
    for _ in range(n):
        if page == "prospects:financials":
            FinancialStatementFactory(prospect=account)
        else:
            MonthlyTransactionFactory(prospect=account)


@pytest.mark.parametrize("page", ["prospects:financials", "prospects:transactions"])
def test_the_page_costs_the_same_with_three_or_thirty_rows(client, rep, page):
    account = ProspectFactory(owner=rep)
    client.force_login(rep)
    url = reverse(page, args=[account.pk])
    _add(account, page, 3)
    few = queries_of_page(client, url)
    _add(account, page, 27)
    assert queries_of_page(client, url) == few
