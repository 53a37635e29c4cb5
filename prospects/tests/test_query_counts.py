"""An account's financial statements and transaction record cost a fixed number of
queries, however many periods and months they hold."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prospects.tests.factories import (
    FinancialStatementFactory,
    MonthlyTransactionFactory,
    ProspectFactory,
)


def _count(client, url):
    client.get(url)  # warm up: the first request also touches the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


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
    few = _count(client, url)
    _add(account, page, 27)
    assert _count(client, url) == few
