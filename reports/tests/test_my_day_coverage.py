"""My day names the gaps of the relationship maps at my accounts."""

from datetime import timedelta

import pytest
from django.urls import reverse

from prospects.models import BuyingRole, Prospect, Stance, Strength
from prospects.tests.factories import ContactFactory, ProspectFactory
from reports.tests.test_support import NOW, freeze


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    freeze(monkeypatch)


def test_my_day_names_the_gaps_of_my_maps(client, rep, colleague):
    mine = ProspectFactory(owner=rep, name="Map Co")
    ContactFactory(
        prospect=mine, name="Opp", buying_role=BuyingRole.DECISION_MAKER,
        attitude=Stance.OPPONENT, strength=Strength.MET,
    )  # fmt: skip
    ContactFactory(
        prospect=mine, name="Fan", buying_role=BuyingRole.COACH,
        attitude=Stance.SUPPORTER, last_met_on=NOW.date() - timedelta(days=200),
    )  # fmt: skip
    theirs = ProspectFactory(owner=colleague, name="Not Mine Co")
    ContactFactory(prospect=theirs, attitude=Stance.OPPONENT)
    ProspectFactory(owner=rep, name="No Map Co")  # no contact: no map to mend
    closed = ProspectFactory(owner=rep, name="Won Co", status=Prospect.Status.WON)
    ContactFactory(prospect=closed, attitude=Stance.OPPONENT)
    client.force_login(rep)
    tasks = client.get(reverse("home")).context["mine"]["tasks"]
    coverage = [t for t in tasks if "#relationship-map" in t.url]
    assert [t.text for t in coverage] == [
        "Map Co: Opp opposes us and nobody on our side owns the relationship.",
        "Map Co: Fan supports us but nobody has met them for 90 days.",
    ]
    assert coverage[0].url == mine.get_absolute_url() + "#relationship-map"


def _account_with_gaps(owner, name, opponent, supporter):
    """An account with three gaps: no decision maker met, an opponent nobody
    owns, a supporter not met for 90 days."""
    account = ProspectFactory(owner=owner, name=name)
    ContactFactory(prospect=account, name=opponent, attitude=Stance.OPPONENT)
    ContactFactory(prospect=account, name=supporter, attitude=Stance.SUPPORTER)
    return account


def test_the_accounts_with_most_gaps_come_first_five_gaps_at_most(client, rep):
    one_gap = ProspectFactory(owner=rep, name="A One Gap Co")
    ContactFactory(
        prospect=one_gap, name="Boss", buying_role=BuyingRole.DECISION_MAKER,
        strength=Strength.REGULAR,
    )  # fmt: skip
    ContactFactory(prospect=one_gap, name="Foe", attitude=Stance.OPPONENT)
    covered = ProspectFactory(owner=rep, name="A Covered Co")
    ContactFactory(
        prospect=covered, buying_role=BuyingRole.DECISION_MAKER,
        strength=Strength.TRUSTED, attitude=Stance.SUPPORTER,
        last_met_on=NOW.date() - timedelta(days=10),
    )  # fmt: skip
    _account_with_gaps(rep, "C Co", "Carl", "Cleo")
    _account_with_gaps(rep, "B Co", "Bert", "Bea")
    client.force_login(rep)
    tasks = client.get(reverse("home")).context["mine"]["tasks"]
    assert [t.text for t in tasks if "#relationship-map" in t.url] == [
        "B Co: No contact with a decision maker: nobody on our side has met one.",
        "B Co: Bert opposes us and nobody on our side owns the relationship.",
        "B Co: Bea supports us but nobody has met them for 90 days.",
        "C Co: No contact with a decision maker: nobody on our side has met one.",
        "C Co: Carl opposes us and nobody on our side owns the relationship.",
    ]
