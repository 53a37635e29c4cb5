"""Is an account worth developing, how attractive is it, where do we stand?"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from prospects import assessment
from prospects.assessment import assess, quadrant, scale, share_of_wallet, verdict
from prospects.models import (
    Competitor,
    FinancialStatement,
    Forecast,
    MonthlyTransaction,
    Prospect,
    PurchaseFactors,
    Rating,
    ScoringWeights,
)

D = Decimal
Verdict, Quadrant = Prospect.Verdict, Prospect.Quadrant


def statement(**changes):
    figures = {
        "revenue": D("1000"),
        "net_profit": D("100"),
        "total_assets": D("2000"),
        "current_assets": D("800"),
        "current_liabilities": D("400"),
        "accounts_receivable": D("200"),
        "inventory": D("150"),
        "cost_of_sales": D("750"),
    }
    return FinancialStatement(period="2024", **{**figures, **changes})


def forecast(**changes):
    figures = {
        "expected_sales": D("1000000"),
        "margin": D("20"),
        "inventory_interest": D("10000"),
        "staff_cost": D("50000"),
        "travel_cost": D("10000"),
        "management_cost": D("30000"),
        "risk_coefficient": D("20"),
    }
    return Forecast(**{**figures, **changes})


def factors(cost=Rating.NEUTRAL, technical=Rating.FAVOURABLE, policy=Rating.NEUTRAL):
    return PurchaseFactors(
        purchase_cost=cost, technical_content=technical, policy_social=policy
    )


def months(*pairs):
    return [
        MonthlyTransaction(
            month=date(2024 + i // 12, i % 12 + 1, 1),
            our_sales=None if ours is None else D(ours),
            purchase_volume=None if volume is None else D(volume),
        )
        for i, (ours, volume) in enumerate(pairs)
    ]


def weights(**changes):
    return ScoringWeights(**changes)  # defaults 40/40/20 and 50/30/20


def run(**inputs):
    base = {
        "statement": None,
        "forecast": None,
        "factors": None,
        "transactions": [],
        "competitor_risks": [],
        "advantage_count": 0,
        "weights": weights(),
    }
    return assess(**{**base, **inputs})


# scale()


def test_scale_maps_the_worst_value_to_0_and_the_best_to_100():
    assert scale(10, 10, 60) == 0
    assert scale(60, 10, 60) == 100
    assert scale(35, 10, 60) == 50
    assert scale(D("0.5"), D("0.5"), 2) == 0


def test_scale_clamps_values_beyond_either_end():
    assert scale(-500, 10, 60) == 0
    assert scale(500, 10, 60) == 100


def test_scale_works_where_lower_is_better():
    assert scale(180, 180, 30) == 0
    assert scale(30, 180, 30) == 100
    assert scale(105, 180, 30) == 50
    assert scale(400, 180, 30) == 0
    assert scale(0, 180, 30) == 100


def test_scale_of_nothing_is_nothing():
    assert scale(None, 0, 100) is None


# The forecast and the verdict


def test_gross_profit_is_sales_times_margin():
    assert forecast().gross_profit == D("200000")
    assert forecast(margin=D("12.5")).gross_profit == D("125000")


def test_expected_profit_subtracts_every_development_cost():
    assert forecast().total_cost == D("100000")
    assert forecast().expected_profit == D("100000")


def test_risk_adjusted_profit_discounts_the_sales_but_not_the_costs():
    # 200,000 × (1 − 20%) − 100,000
    assert forecast().risk_adjusted_profit == D("60000")
    assert forecast(risk_coefficient=D("100")).risk_adjusted_profit == D("-100000")


def test_missing_costs_and_risk_count_as_zero():
    bare = forecast(
        inventory_interest=None,
        staff_cost=None,
        travel_cost=None,
        management_cost=None,
        risk_coefficient=None,
    )
    assert bare.total_cost == D("0")
    assert bare.risk_adjusted_profit == D("200000")


def test_a_forecast_without_sales_or_margin_has_no_profit():
    assert forecast(expected_sales=None).risk_adjusted_profit is None
    assert forecast(margin=None).expected_profit is None


def test_no_forecast_leaves_the_verdict_undecided():
    assert verdict(None) == Verdict.UNDECIDED
    assert verdict(forecast(margin=None)) == Verdict.UNDECIDED
    assert verdict(forecast(expected_sales=None)) == Verdict.UNDECIDED


def test_a_positive_risk_adjusted_profit_is_worth_developing():
    assert verdict(forecast()) == Verdict.WORTH
    assert verdict(forecast(risk_coefficient=D("49.99"))) == Verdict.WORTH


def test_a_zero_risk_adjusted_profit_is_not_worth_developing():
    breakeven = forecast(risk_coefficient=D("50"))  # 200,000 × 50% − 100,000
    assert breakeven.risk_adjusted_profit == 0
    assert verdict(breakeven) == Verdict.NOT_WORTH


def test_a_negative_risk_adjusted_profit_is_not_worth_developing():
    assert verdict(forecast(margin=D("-10"))) == Verdict.NOT_WORTH
    assert verdict(forecast(staff_cost=D("1000000"))) == Verdict.NOT_WORTH


def test_the_verdict_ignores_everything_but_the_forecast():
    result = run(
        statement=statement(net_profit=D("-900")),
        forecast=forecast(),
        factors=factors(Rating.UNFAVOURABLE, Rating.UNFAVOURABLE, Rating.UNFAVOURABLE),
        competitor_risks=[Competitor.Risk.HIGH],
    )
    assert result.verdict == Verdict.WORTH


# The attractiveness score

# By hand, for statement() with the default weights:
#   current-asset ratio 40 %   → scale(40, 10, 60)     = 60
#   current ratio 2            → scale(2, 0.5, 2)      = 100
#   net profit margin 10 %     → scale(10, -5, 15)     = 75
#   return on assets 5 %       → scale(5, -5, 10)      = 67
#   collection period 73 days  → scale(73, 180, 30)    = 71
#   inventory period 73 days   → scale(73, 180, 30)    = 71
#   financial health = 444 / 6 = 74
# forecast(): 60,000 of 1,000,000 = 6 % → scale(6, 0, 20) = 30
# factors(): neutral 50, favourable 100, neutral 50 → 67
FINANCIAL, FORECAST, FACTORS = 74, 30, 67


def test_each_component_is_scored_from_its_inputs():
    result = run(statement=statement(), forecast=forecast(), factors=factors())
    scores = {c.key: c.score for c in result.components}
    assert scores == {
        "financial": FINANCIAL,
        "forecast": FORECAST,
        "purchase_factors": FACTORS,
    }
    assert [f.score for f in result.components[0].factors] == [60, 100, 75, 67, 71, 71]


def test_the_score_is_the_weighted_average_of_the_components():
    result = run(statement=statement(), forecast=forecast(), factors=factors())
    # (40 × 74 + 40 × 30 + 20 × 67) / 100 = 55
    assert result.score == 55
    assert [c.share for c in result.components] == [D("0.4"), D("0.4"), D("0.2")]


def test_a_missing_component_drops_out_and_the_others_count_for_more():
    result = run(statement=statement(), forecast=forecast())
    # (40 × 74 + 40 × 30) / 80 = 52
    assert result.score == 52
    assert [c.share for c in result.components] == [D("0.5"), D("0.5"), D("0")]
    assert result.components[2].points is None


def test_a_single_component_is_the_score():
    assert run(statement=statement()).score == FINANCIAL
    assert run(factors=factors()).score == FACTORS


def test_no_data_means_no_score_and_no_quadrant():
    result = run()
    assert result.score is None
    assert result.position is None
    assert result.verdict == Verdict.UNDECIDED
    assert result.quadrant == ""


def test_a_statement_with_no_usable_figure_is_left_out():
    empty = FinancialStatement(period="2024")
    assert run(statement=empty, forecast=forecast()).score == FORECAST


def test_the_weights_change_the_score():
    inputs = {"statement": statement(), "forecast": forecast(), "factors": factors()}
    # (10 × 74 + 80 × 30 + 10 × 67) / 100 = 38.1
    mostly_forecast = weights(financial=10, forecast=80, purchase_factors=10)
    only_financial = weights(financial=100, forecast=0, purchase_factors=0)
    assert run(**inputs, weights=mostly_forecast).score == 38
    assert run(**inputs, weights=only_financial).score == FINANCIAL


def test_a_zero_weight_leaves_its_component_out():
    result = run(
        statement=statement(),
        forecast=forecast(),
        weights=weights(financial=0, forecast=40, purchase_factors=20),
    )
    assert result.score == FORECAST


def test_the_weights_need_one_attractiveness_and_one_position_weight():
    with pytest.raises(ValidationError):
        weights(financial=0, forecast=0, purchase_factors=0).clean()
    with pytest.raises(ValidationError):
        weights(share_of_wallet=0, competition=0, advantages=0, relationships=0).clean()
    weights(share_of_wallet=0, competition=0, advantages=0).clean()  # coverage alone
    weights().clean()


# Our position and the matrix


def test_share_of_wallet_is_our_sales_over_their_purchases():
    assert share_of_wallet(months(("100", "1000"), ("300", "1000"))) == D("20")


def test_share_of_wallet_uses_the_latest_12_months_with_a_volume():
    old = [("1000", "1000")] * 2  # 100 % long ago
    recent = [("100", "1000")] * 12  # 10 % lately
    gaps = [("50", None), ("0", "0")]  # no volume: not counted
    assert share_of_wallet(months(*old, *recent, *gaps)) == D("10")


def test_share_of_wallet_without_any_volume_is_unknown():
    assert share_of_wallet([]) is None
    assert share_of_wallet(months(("5", None), ("5", "0"))) is None


def test_missing_sales_in_a_month_count_as_zero():
    assert share_of_wallet(months((None, "1000"), ("100", "1000"))) == D("5")


def test_the_position_weighs_share_competition_and_advantages():
    result = run(
        transactions=months(*[("100", "1000")] * 12),  # 10 % → 20
        competitor_risks=[Competitor.Risk.LOW, Competitor.Risk.HIGH],  # → 50
        advantage_count=3,  # of 6 → 50
    )
    # No contact yet: the relationship coverage is left out.
    assert [c.score for c in result.position_components] == [20, 50, 50, None]
    # 0.5 × 20 + 0.3 × 50 + 0.2 × 50
    assert result.position == 35


def test_the_quadrant_splits_both_scores_at_50():
    assert quadrant(50, 50) == Quadrant.STRATEGIC
    assert quadrant(50, 49) == Quadrant.DEVELOP
    assert quadrant(49, 50) == Quadrant.MAINTAIN
    assert quadrant(49, 49) == Quadrant.STREAMLINE
    assert quadrant(100, 0) == Quadrant.DEVELOP
    assert quadrant(None, 50) == ""
    assert quadrant(50, None) == ""


def test_a_full_assessment_places_the_account():
    result = run(
        statement=statement(),
        forecast=forecast(),
        factors=factors(),
        transactions=months(*[("100", "1000")] * 12),
        competitor_risks=[Competitor.Risk.LOW, Competitor.Risk.HIGH],
        advantage_count=3,
    )
    assert (result.score, result.position) == (55, 35)
    assert result.quadrant == Quadrant.DEVELOP
    assert result.verdict == Verdict.WORTH


# Reasons


def texts(result, tone=None):
    return [r.text for r in result.reasons if tone is None or r.tone == tone]


def test_without_a_forecast_the_reasons_ask_for_one():
    assert texts(run(statement=statement()), "warning") == [
        "Fill in the cost and sales forecast to reach a verdict."
    ]


def test_a_worthwhile_forecast_is_explained_with_its_figures():
    [reason] = texts(run(forecast=forecast()), "good")
    assert "60,000 yuan" in reason
    assert "100,000 yuan" in reason
    assert "20%" in reason


def test_an_unprofitable_forecast_is_a_bad_reason():
    [reason] = texts(run(forecast=forecast(margin=D("5"))), "bad")
    assert "does not pay for its development" in reason


def test_the_reasons_mention_a_loss():
    result = run(statement=statement(net_profit=D("-50")), forecast=forecast())
    assert "The customer made a loss in 2024." in texts(result, "warning")


def test_the_reasons_mention_a_current_ratio_below_one():
    result = run(statement=statement(current_liabilities=D("801")))
    assert any("Current ratio below 1" in text for text in texts(result, "warning"))
    healthy = run(statement=statement(current_liabilities=D("800")))
    assert not any("Current ratio" in text for text in texts(healthy))


def test_the_reasons_mention_a_slow_collection_and_unfavourable_factors():
    result = run(
        statement=statement(accounts_receivable=D("500")),  # 182.5 days
        factors=factors(cost=Rating.UNFAVOURABLE),
        competitor_risks=[Competitor.Risk.HIGH],
    )
    found = " ".join(texts(result, "warning"))
    assert "to collect its receivables" in found
    assert "Unfavourable purchase factors: purchase cost." in found
    assert "A competitor here is a high risk to us." in found


def test_a_large_share_and_a_high_score_are_good_reasons():
    result = run(
        statement=statement(),
        transactions=months(("400", "1000")),
        weights=weights(),
    )
    good = texts(result, "good")
    assert "We already supply 40% of the customer's purchases." in good
    assert "High attractiveness score: 74 of 100." in good


def test_money_in_reasons_is_shown_in_whole_yuan():
    assert assessment.money(D("1234567")) == "1,234,567 yuan"
    assert assessment.money(None) == "—"
