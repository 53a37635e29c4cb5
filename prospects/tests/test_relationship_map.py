"""The relationship map on the account page: an org chart drawn on the server,
the table beside it, and the coverage gaps; and the score's coverage part."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kam.tests.helpers import queries_of_page
from prospects.models import BuyingRole, ScoringWeights, Stance, Strength
from prospects.relationships import account_map, coverage_factors, coverage_gaps
from prospects.services import assessment_for, prospect_part_save
from prospects.tests.factories import ContactFactory

TODAY = timezone.localdate()


def person(prospect, name, *, boss=None, **fields):
    contact = ContactFactory(prospect=prospect, name=name, **fields)
    if boss is not None:
        contact.reports_to = boss
        prospect_part_save(part=contact)
    return contact


@pytest.fixture
def buying_centre(prospect, colleague):
    """总经理 (decision maker, supporter) ← 采购部长 (gatekeeper, opponent, nobody
    owns) and 技术总监 (technical buyer, neutral) ← 工程师 (user, coach)."""
    boss = person(
        prospect, "赵总", buying_role=BuyingRole.DECISION_MAKER,
        attitude=Stance.SUPPORTER, strength=Strength.TRUSTED,
        relationship_owner=colleague, last_met_on=TODAY - timedelta(days=10),
    )  # fmt: skip
    buyer = person(
        prospect, "钱部长", boss=boss, buying_role=BuyingRole.GATEKEEPER,
        attitude=Stance.OPPONENT,
    )  # fmt: skip
    tech = person(
        prospect, "孙总监", boss=boss, buying_role=BuyingRole.TECHNICAL_BUYER,
        attitude=Stance.NEUTRAL, strength=Strength.MET,
    )  # fmt: skip
    engineer = person(
        prospect, "李工", boss=tech, buying_role=BuyingRole.COACH,
        attitude=Stance.SUPPORTER, last_met_on=TODAY - timedelta(days=120),
    )  # fmt: skip
    return boss, buyer, tech, engineer


def test_the_map_puts_each_person_below_their_boss(rep, prospect, buying_centre):
    people = account_map(prospect, rep).people
    depth = {p.contact.name: p.depth for p in people}
    assert depth == {"赵总": 0, "钱部长": 1, "孙总监": 1, "李工": 2}
    x = {p.contact.name: p.x for p in people}
    assert x["赵总"] == (x["钱部长"] + x["孙总监"]) / 2
    assert x["孙总监"] == x["李工"]


def test_the_gaps_name_the_unowned_opponent_and_the_supporter_not_met(
    rep, prospect, buying_centre
):
    gaps = account_map(prospect, rep).gaps
    assert [(g.kind, g.contact.name) for g in gaps] == [
        ("unowned_opponent", "钱部长"),
        ("supporter_not_met", "李工"),
    ]


def test_no_decision_maker_we_have_met_is_a_gap(prospect):
    unmet = ContactFactory(
        prospect=prospect, buying_role=BuyingRole.DECISION_MAKER, strength=Strength.NONE
    )
    assert [g.kind for g in coverage_gaps([unmet], TODAY)] == ["decision_maker"]
    assert [g.kind for g in coverage_gaps([], TODAY)] == ["decision_maker"]


def test_a_supporter_met_within_90_days_is_covered(prospect):
    met = ContactFactory(
        prospect=prospect, attitude=Stance.SUPPORTER,
        buying_role=BuyingRole.DECISION_MAKER, strength=Strength.MET,
        last_met_on=TODAY - timedelta(days=90),
    )  # fmt: skip
    assert coverage_gaps([met], TODAY) == []


def test_the_coverage_part_of_our_position(prospect, buying_centre):
    factors = coverage_factors(list(prospect.contacts.all()), TODAY)
    # A decision maker met; 0 of 1 opponents owned; 1 of 2 supporters met lately.
    assert [(shown, score) for _label, shown, score in factors] == [
        ("1 / 1", 100),
        ("0 / 1", 0),
        ("1 / 2", 50),
    ]
    part = assessment_for(prospect).position_components[-1]
    assert part.key == "relationships"
    assert part.score == 50


def test_an_admin_weighs_the_coverage_part(prospect, buying_centre):
    weights = ScoringWeights.current()
    weights.share_of_wallet = weights.competition = weights.advantages = 0
    weights.relationships = 10
    assert assessment_for(prospect, weights).position == 50
    weights.relationships = 0
    weights.advantages = 20
    assert assessment_for(prospect, weights).position is None  # nothing else known


def test_the_migration_kept_the_weights_row_with_the_new_weight(db):
    weights = ScoringWeights.objects.get(pk=1)
    assert weights.relationships == 20


def test_the_account_page_draws_the_map_and_its_table(
    client, rep, prospect, buying_centre
):
    client.force_login(rep)
    response = client.get(reverse("prospects:detail", args=[prospect.pk]))
    html = response.text
    assert '<svg class="kam-chart kam-org-chart"' in html
    assert html.count('<g class="kam-org-person">') == 4
    assert html.count("<path d=") == 3  # three reporting lines
    assert "#f8d7da" in html  # an opponent's colour
    assert "钱部长 opposes us" in html
    assert "<caption>The people on the map" in html


def test_the_account_page_costs_the_same_with_ten_or_twenty_people(
    client, rep, colleague, prospect
):
    """(Ten at least: the history panel shows the latest changes, whatever they are.)"""
    client.force_login(rep)
    url = reverse("prospects:detail", args=[prospect.pk])
    boss = person(prospect, "A", relationship_owner=colleague)
    for n in range(9):
        person(prospect, f"B{n}", boss=boss, relationship_owner=rep)
    few = queries_of_page(client, url)
    for n in range(10):
        person(prospect, f"C{n}", boss=boss, relationship_owner=colleague)
    assert queries_of_page(client, url) == few
