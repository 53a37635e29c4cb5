"""The record sheet and the account page read the development record in a fixed
number of queries, however many contacts it holds; the register and the archive
however many accounts they list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devlog.models import Outcome
from devlog.tests.factories import (
    DevelopmentEntryFactory,
    OutcomeFactory,
    ago,
    first_contact,
    follow_up,
    reason,
    visit,
)
from kam.tests.helpers import queries_of_page
from prospects.models import Prospect
from prospects.tests.factories import ProductCategoryFactory, ProspectFactory


def _record(prospect, n):
    """n of each kind of contact: first contacts, held and followed-up visits,
    contacts added by hand."""
    for i in range(n):
        first_contact(prospect, at=ago(days=60 + i))
        held = visit(prospect, at=ago(days=40 + i))
        follow_up(held, done_at=ago(days=35 + i))
        DevelopmentEntryFactory(prospect=prospect, occurred_at=ago(days=20 + i))


@pytest.mark.parametrize("page", ["devlog:sheet", "prospects:detail"])
def test_the_record_costs_the_same_with_three_or_thirty_contacts_of_each_kind(
    client, rep, prospect, page
):
    client.force_login(rep)
    url = reverse(page, args=[prospect.pk])
    _record(prospect, 3)
    few = queries_of_page(client, url)
    _record(prospect, 27)
    assert queries_of_page(client, url) == few


def _closed(rep, n, result):
    """n accounts of ``rep`` with their outcome, won or lost for a reason."""
    status = (
        Prospect.Status.WON if result == Outcome.Result.WON else Prospect.Status.LOST
    )
    for _ in range(n):
        account = ProspectFactory(owner=rep, status=status)
        OutcomeFactory(prospect=account, result=result, reasons=[reason("Price")])


@pytest.mark.parametrize(("page", "result"), [("devlog:register", "won"), ("devlog:archive", "lost")])  # fmt: skip
def test_the_register_and_the_archive_cost_the_same_with_three_or_thirty_accounts(
    client, rep, page, result
):
    client.force_login(rep)
    _closed(rep, 3, result)
    few = queries_of_page(client, reverse(page))
    _closed(rep, 27, result)
    assert queries_of_page(client, reverse(page)) == few


def test_the_record_sheet_reads_the_account_without_its_classification(client, rep):
    account = ProspectFactory(owner=rep, product_category=ProductCategoryFactory())
    client.force_login(rep)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("devlog:sheet", args=[account.pk]))
    assert response.status_code == 200
    assert account.name in response.content.decode()
    assert not any("prospects_productcategory" in q["sql"] for q in captured)
