"""An account's parts are read in their own order without joining the accounts:
ordered by ``prospect``, Django sorted every read of one account's contacts,
statements or competitors by the account's name, through a join."""

import pytest

from devlog.models import DevelopmentEntry
from prospects.models import (
    Advantage,
    Competitor,
    Contact,
    FinancialStatement,
    MonthlyTransaction,
)
from prospects.tests.factories import ProspectFactory

PARTS = [Advantage, Competitor, Contact, FinancialStatement, MonthlyTransaction, DevelopmentEntry]  # fmt: skip


@pytest.mark.parametrize("part", PARTS, ids=lambda model: model.__name__)
def test_one_accounts_parts_are_read_without_a_join(part):
    sql = str(part.objects.filter(prospect_id=1).query)
    assert "JOIN" not in sql
    assert "ORDER BY" in sql


def test_contacts_of_several_accounts_come_account_by_account(rep):
    first, second = ProspectFactory(owner=rep, name="Zeta"), ProspectFactory(owner=rep, name="Alpha")  # fmt: skip
    for account in (second, first):
        for name in ("Wu", "Li"):
            Contact.objects.create(prospect=account, name=name)
    listed = [(c.prospect_id, c.name) for c in Contact.objects.filter(prospect__in=[first, second])]  # fmt: skip
    assert listed == [
        (first.pk, "Li"), (first.pk, "Wu"), (second.pk, "Li"), (second.pk, "Wu")
    ]  # fmt: skip
