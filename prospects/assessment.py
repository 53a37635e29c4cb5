"""Is an account worth developing, how attractive is it, and where do we stand?

Pure functions over the analysis sections, so that the account page, the stored
score and the demo loader of 10,000 accounts all compute the same thing.

- **Attractiveness score** (0–100): financial health, the forecast and the purchase
  factors, each scored 0–100 and weighed by ``ScoringWeights``. A component with no
  data is left out and the others' weights are scaled up; the breakdown says so.
- **Our position** (0–100): our share of the customer's purchases, the competitors'
  risk, and how many of the six advantages we have documented.
- **Portfolio quadrant**, after McDonald's key-account matrix: attractiveness (high
  or low, split at 50) against our position (strong or weak, split at 50).
- **Verdict** (the playbook's 是否有开发价值): decided by the forecast. Positive
  risk-adjusted profit → worth developing; zero or negative → not worth; no forecast
  → not yet assessed. The other sections add reasons, not votes.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kam.templatetags.kam import days, decimal, money, percent
from prospects.models import Competitor, Prospect, Rating
from prospects.relationships import coverage_factors

SPLIT = 50  # where the matrix divides high from low
RATING_SCORES = {Rating.FAVOURABLE: 100, Rating.NEUTRAL: 50, Rating.UNFAVOURABLE: 0}
RISK_SCORES = {
    Competitor.Risk.LOW: 100,
    Competitor.Risk.MEDIUM: 50,
    Competitor.Risk.HIGH: 0,
}


@dataclass
class Factor:
    """One input of a component: what it is, its value as shown, its 0–100 score."""

    label: str
    shown: str
    score: int | None


@dataclass
class Component:
    key: str
    label: str
    weight: int
    score: int | None
    factors: list = field(default_factory=list)
    share: Decimal = Decimal(0)  # effective weight once missing components drop out

    @property
    def weight_percent(self):
        return self.share * 100

    @property
    def points(self):
        return None if self.score is None else round(self.share * self.score, 1)


@dataclass
class Reason:
    tone: str  # "good", "warning" or "bad"
    text: str


@dataclass
class Assessment:
    score: int | None
    position: int | None
    verdict: str
    quadrant: str
    components: list
    position_components: list
    reasons: list


def scale(value, worst, best):
    """Map ``value`` linearly onto 0–100, where ``worst`` → 0 and ``best`` → 100."""
    if value is None:
        return None
    fraction = (Decimal(value) - Decimal(worst)) / (Decimal(best) - Decimal(worst))
    return round(min(Decimal(1), max(Decimal(0), fraction)) * 100)


def _weighted(components):
    present = [c for c in components if c.score is not None and c.weight > 0]
    total = sum(c.weight for c in present)
    if not total:
        return None
    for component in present:
        component.share = Decimal(component.weight) / total
    return round(sum(c.share * c.score for c in present))


def _average(scores):
    known = [s for s in scores if s is not None]
    return round(sum(known) / len(known)) if known else None


def financial_component(statement, weight):
    factors = []
    if statement is not None:
        s = statement
        factors = [
            Factor(_("Current-asset ratio"), percent(s.current_asset_ratio), scale(s.current_asset_ratio, 10, 60)),
            Factor(_("Current ratio"), decimal(s.current_ratio, 2), scale(s.current_ratio, Decimal("0.5"), 2)),
            Factor(_("Net profit margin"), percent(s.net_profit_margin), scale(s.net_profit_margin, -5, 15)),
            Factor(_("Return on assets"), percent(s.return_on_assets), scale(s.return_on_assets, -5, 10)),
            Factor(_("Collection period"), days(s.collection_period), scale(s.collection_period, 180, 30)),
            Factor(_("Inventory period"), days(s.inventory_period), scale(s.inventory_period, 180, 30)),
        ]  # fmt: skip
    label = _("Financial health")
    if statement is not None:
        label = _("Financial health (%(period)s)") % {"period": statement.period}
    return Component(
        "financial", label, weight, _average(f.score for f in factors), factors
    )


def forecast_component(forecast, weight):
    margin = None
    if forecast is not None and forecast.is_filled and forecast.expected_sales:
        margin = forecast.risk_adjusted_profit / forecast.expected_sales * 100
    factors = [
        Factor(_("Risk-adjusted profit as a share of sales"), percent(margin), scale(margin, 0, 20))
    ]  # fmt: skip
    return Component("forecast", _("Forecast"), weight, factors[0].score, factors)


def purchase_factors_component(factors_record, weight):
    factors = []
    if factors_record is not None:
        labels = dict(Rating.choices)
        for name in factors_record.FACTORS:
            rating = getattr(factors_record, name)
            label = capfirst(factors_record._meta.get_field(name).verbose_name)
            factors.append(
                Factor(label, labels.get(rating, "—"), RATING_SCORES.get(rating))
            )
    return Component(
        "purchase_factors",
        _("Purchase factors"),
        weight,
        _average(f.score for f in factors),
        factors,
    )


def share_of_wallet(transactions):
    """Our share of the customer's purchases over the latest 12 recorded months."""
    rows = [t for t in transactions if t.purchase_volume][-12:]
    volume = sum((t.purchase_volume for t in rows), Decimal(0))
    if not volume:
        return None
    return sum((t.our_sales or Decimal(0) for t in rows), Decimal(0)) / volume * 100


def coverage_component(contacts, today, weight):
    factors = [Factor(*f) for f in coverage_factors(contacts, today)]
    score = _average(f.score for f in factors)
    label = _("Relationship coverage")
    return Component("relationships", label, weight, score, factors)


def position_components(transactions, competitor_risks, advantage_count, weights):
    share = share_of_wallet(transactions)
    risks = [RISK_SCORES[r] for r in competitor_risks if r in RISK_SCORES]
    # No advantage noted counts as weak only once something else is known;
    # an account nobody has analysed has no position yet.
    advantages = scale(advantage_count, 0, 6)
    if share is None and not risks and not advantage_count:
        advantages = None
    return [
        Component(
            "share_of_wallet",
            _("Share of wallet"),
            weights.share_of_wallet,
            scale(share, 0, 50),
            [Factor(_("Our share, latest 12 months"), percent(share), scale(share, 0, 50))],
        ),
        Component(
            "competition",
            _("Competition"),
            weights.competition,
            _average(risks),
            [Factor(_("Competitors recorded"), str(len(risks)), _average(risks))],
        ),
        Component(
            "advantages",
            _("Documented advantages"),
            weights.advantages,
            advantages,
            [Factor(_("Aspects with a note, of 6"), str(advantage_count), advantages)],
        ),
    ]  # fmt: skip


def quadrant(score, position):
    if score is None or position is None:
        return ""
    attractive, strong = score >= SPLIT, position >= SPLIT
    if attractive:
        return Prospect.Quadrant.STRATEGIC if strong else Prospect.Quadrant.DEVELOP
    return Prospect.Quadrant.MAINTAIN if strong else Prospect.Quadrant.STREAMLINE


def verdict(forecast):
    if forecast is None or not forecast.is_filled:
        return Prospect.Verdict.UNDECIDED
    if forecast.risk_adjusted_profit > 0:
        return Prospect.Verdict.WORTH
    return Prospect.Verdict.NOT_WORTH


def reasons(*, statement, forecast, factors, share, competitor_risks, score):
    found = []
    if forecast is None or not forecast.is_filled:
        found.append(
            Reason(
                "warning", _("Fill in the cost and sales forecast to reach a verdict.")
            )
        )
    else:
        values = {
            "profit": money(forecast.risk_adjusted_profit),
            "expected": money(forecast.expected_profit),
            "risk": percent(forecast.risk_coefficient or 0, 0),
        }
        if forecast.risk_adjusted_profit > 0:
            text = _(
                "Risk-adjusted profit is %(profit)s (expected %(expected)s at a risk of %(risk)s)."
            )
            found.append(Reason("good", text % values))
        else:
            text = _(
                "Risk-adjusted profit is %(profit)s (expected %(expected)s at a risk of %(risk)s): the account does not pay for its development."
            )
            found.append(Reason("bad", text % values))
    if statement is not None:
        if statement.net_profit is not None and statement.net_profit < 0:
            found.append(
                Reason("warning", _("The customer made a loss in %(period)s.") % {"period": statement.period})
            )  # fmt: skip
        if statement.current_ratio is not None and statement.current_ratio < 1:
            found.append(
                Reason("warning", _("Current ratio below 1: the customer may struggle to pay its bills."))
            )  # fmt: skip
        if statement.collection_period is not None and statement.collection_period > 90:
            found.append(
                Reason("warning", _("The customer takes %(days)s to collect its receivables.") % {"days": days(statement.collection_period)})
            )  # fmt: skip
    if factors is not None:
        unfavourable = [
            str(factors._meta.get_field(name).verbose_name)
            for name in factors.FACTORS
            if getattr(factors, name) == Rating.UNFAVOURABLE
        ]
        if unfavourable:
            found.append(
                Reason("warning", _("Unfavourable purchase factors: %(factors)s.") % {"factors": ", ".join(unfavourable)})
            )  # fmt: skip
    if Competitor.Risk.HIGH in competitor_risks:
        found.append(Reason("warning", _("A competitor here is a high risk to us.")))
    if share is not None and share >= 30:
        found.append(
            Reason("good", _("We already supply %(share)s of the customer's purchases.") % {"share": percent(share, 0)})
        )  # fmt: skip
    if score is not None and score >= 70:
        found.append(Reason("good", _("High attractiveness score: %(score)s of 100.") % {"score": score}))  # fmt: skip
    return found


def assess(
    *,
    statement,
    forecast,
    factors,
    transactions,
    competitor_risks,
    advantage_count,
    weights,
    contacts=(),
    today=None,
):
    components = [
        financial_component(statement, weights.financial),
        forecast_component(forecast, weights.forecast),
        purchase_factors_component(factors, weights.purchase_factors),
    ]
    score = _weighted(components)
    positions = position_components(
        transactions, competitor_risks, advantage_count, weights
    )
    today = today or timezone.localdate()
    positions.append(coverage_component(contacts, today, weights.relationships))
    position = _weighted(positions)
    return Assessment(
        score=score,
        position=position,
        verdict=verdict(forecast),
        quadrant=quadrant(score, position),
        components=components,
        position_components=positions,
        reasons=reasons(
            statement=statement,
            forecast=forecast,
            factors=factors,
            share=share_of_wallet(transactions),
            competitor_risks=competitor_risks,
            score=score,
        ),
    )
