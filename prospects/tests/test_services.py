"""Every write leaves the stored assessment (score, verdict, quadrant) current."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kam.figures import FiguresChanged
from prospects.models import (
    Advantage,
    FinancialStatement,
    Forecast,
    Prospect,
    ScoringWeights,
)
from prospects.services import (
    assessment_for,
    prospect_part_save,
    prospect_refresh_assessment,
    prospect_save_advantages,
    prospects_rescore_all,
)
from prospects.tasks import rescore_all_prospects
from prospects.tests.factories import (
    CompetitorFactory,
    FinancialStatementFactory,
    ForecastFactory,
    MonthlyTransactionFactory,
    ProspectFactory,
    PurchaseFactorsFactory,
    loaded_version,
)

FORECAST = {
    "expected_sales": "1000000",
    "margin": "20",
    "inventory_interest": "10000",
    "staff_cost": "50000",
    "travel_cost": "10000",
    "management_cost": "30000",
    "risk_coefficient": "20",
    "notes": "",
}


def stored(prospect):
    return Prospect.objects.get(pk=prospect.pk)


@pytest.fixture
def logged_in(client, rep):
    client.force_login(rep)
    return client


def test_a_new_account_is_undecided_and_unscored(prospect):
    assert (prospect.verdict, prospect.score, prospect.quadrant) == (
        "undecided",
        None,
        "",
    )


def test_saving_the_forecast_decides_the_verdict(logged_in, prospect):
    url = reverse("prospects:forecast", args=[prospect.pk])
    response = logged_in.post(url, FORECAST)
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("prospects:detail", args=[prospect.pk]) + "#forecast"
    )
    account = stored(prospect)
    assert account.verdict == Prospect.Verdict.WORTH
    assert account.score == 30  # the forecast alone: 6 % risk-adjusted margin

    logged_in.post(
        url, {**FORECAST, "margin": "5", **loaded_version(Forecast, prospect=prospect)}
    )
    assert stored(prospect).verdict == Prospect.Verdict.NOT_WORTH
    assert Forecast.objects.filter(prospect=prospect).count() == 1


def test_the_account_page_shows_the_verdict_and_its_reasons(logged_in, prospect):
    logged_in.post(reverse("prospects:forecast", args=[prospect.pk]), FORECAST)
    page = logged_in.get(
        reverse("prospects:detail", args=[prospect.pk])
    ).content.decode()
    assert "Worth developing" in page
    assert "Risk-adjusted profit is 60,000 yuan" in page


def test_adding_a_statement_scores_the_account(logged_in, prospect):
    logged_in.post(
        reverse("prospects:financials-create", args=[prospect.pk]),
        {
            "period": "2024",
            "revenue": "1000",
            "net_profit": "100",
            "total_assets": "2000",
            "current_assets": "800",
            "current_liabilities": "400",
            "accounts_receivable": "200",
            "inventory": "150",
            "cost_of_sales": "750",
        },
    )
    assert stored(prospect).score == 74  # see test_assessment for the arithmetic


def test_saving_purchase_factors_scores_the_account(logged_in, prospect):
    response = logged_in.post(
        reverse("prospects:purchase-factors", args=[prospect.pk]),
        {
            "purchase_cost": "favourable",
            "technical_content": "favourable",
            "policy_social": "unfavourable",
        },
    )
    assert response.status_code == 302
    assert stored(prospect).score == 67


def test_transactions_competitors_and_advantages_place_the_account(logged_in, prospect):
    ForecastFactory(prospect=prospect)  # attractiveness 30: low
    prospect_refresh_assessment(prospect)
    assert stored(prospect).position_score is None
    assert stored(prospect).quadrant == ""  # no position yet
    logged_in.post(
        reverse("prospects:transactions-create", args=[prospect.pk]),
        {"month": "2025-01", "our_sales": "300", "purchase_volume": "1000"},
    )
    # share 30 % → 60 (weight 50); no advantage noted → 0 (weight 20): 3000 / 70
    account = stored(prospect)
    assert account.position_score == 43
    assert account.quadrant == Prospect.Quadrant.STREAMLINE
    logged_in.post(
        reverse("prospects:advantages", args=[prospect.pk]),
        {f"{aspect}_note": "noted" for aspect in Advantage.Aspect.values},
    )
    # (50 × 60 + 20 × 100) / 70 = 71.4
    account = stored(prospect)
    assert account.position_score == 71
    assert account.quadrant == Prospect.Quadrant.MAINTAIN
    logged_in.post(
        reverse("prospects:competitors-create", args=[prospect.pk]),
        {"name": "ABB", "risk": "high", "strengths": "", "weaknesses": "", "notes": ""},
    )
    # (50 × 60 + 30 × 0 + 20 × 100) / 100
    assert stored(prospect).position_score == 50
    assert stored(prospect).quadrant == Prospect.Quadrant.MAINTAIN


def test_deleting_a_row_rescores_the_account(logged_in, prospect):
    row = MonthlyTransactionFactory(prospect=prospect)
    ForecastFactory(prospect=prospect)
    prospect_refresh_assessment(prospect)
    assert stored(prospect).position_score is not None
    response = logged_in.post(
        reverse("prospects:transactions-delete", args=[prospect.pk, row.pk])
    )
    assert response.status_code == 302
    assert stored(prospect).position_score is None
    assert stored(prospect).quadrant == ""


def test_the_stored_assessment_matches_what_the_page_computes(logged_in, prospect):
    FinancialStatementFactory(prospect=prospect, period="2024")
    ForecastFactory(prospect=prospect)
    PurchaseFactorsFactory(prospect=prospect)
    CompetitorFactory(prospect=prospect, risk="low")
    MonthlyTransactionFactory(prospect=prospect)
    prospect_refresh_assessment(prospect)
    account = stored(prospect)
    result = assessment_for(account)
    assert (
        account.score,
        account.position_score,
        account.verdict,
        account.quadrant,
    ) == (
        result.score,
        result.position,
        result.verdict,
        result.quadrant,
    )
    assert account.score == 55


def test_prospect_part_save_validates_before_saving(prospect):
    with pytest.raises(ValidationError):
        prospect_part_save(part=FinancialStatement(prospect=prospect, period="2025-Q5"))
    assert not FinancialStatement.objects.exists()


def test_rescoring_all_accounts_applies_new_weights(rep, outsider):
    mine = ProspectFactory(owner=rep)
    theirs = ProspectFactory(owner=outsider)
    for account in (mine, theirs):
        FinancialStatementFactory(prospect=account, period="2024")
        ForecastFactory(prospect=account)
        prospect_refresh_assessment(account)
    assert stored(mine).score == 52  # (40 × 74 + 40 × 30) / 80
    ScoringWeights.objects.filter(pk=1).update(financial=100, forecast=0)
    assert stored(mine).score == 52  # stored until rescored
    assert prospects_rescore_all(batch=1) == 2
    assert stored(mine).score == 74
    assert stored(theirs).score == 74


def test_saving_advantages_creates_updates_and_deletes_rows(prospect):
    prospect_save_advantages(
        prospect=prospect,
        notes={
            "lower_cost": ("  15% less energy ", "a plant in Suzhou"),
            "solution": ("Flexible line", ""),
            "avoid_waste": ("", ""),
        },
    )
    rows = {a.aspect: (a.note, a.evidence) for a in prospect.advantages.all()}
    assert rows == {
        "lower_cost": ("15% less energy", "a plant in Suzhou"),
        "solution": ("Flexible line", ""),
    }
    assert stored(prospect).position_score == 33  # 2 of 6

    prospect_save_advantages(
        prospect=prospect,
        notes={"lower_cost": ("20% less energy", ""), "solution": ("", "")},
    )
    rows = {a.aspect: (a.note, a.evidence) for a in prospect.advantages.all()}
    assert rows == {"lower_cost": ("20% less energy", "")}
    assert stored(prospect).position_score == 17


def test_evidence_without_a_note_is_kept_but_does_not_count(prospect):
    prospect_save_advantages(
        prospect=prospect, notes={"solution": ("", "a case study")}
    )
    assert Advantage.objects.get(prospect=prospect).evidence == "a case study"
    assert stored(prospect).position_score is None  # nothing known about our position


def test_changing_the_weights_in_the_admin_rescores_every_account(
    client, admin_user, prospect, django_capture_on_commit_callbacks
):
    FinancialStatementFactory(prospect=prospect, period="2024")
    ForecastFactory(prospect=prospect)
    prospect_refresh_assessment(prospect)
    assert stored(prospect).score == 52
    client.force_login(admin_user)
    weights = ScoringWeights.current()
    url = reverse("admin:prospects_scoringweights_change", args=[weights.pk])
    data = {
        "financial": "0",
        "forecast": "100",
        "purchase_factors": "0",
        "share_of_wallet": "50",
        "competition": "30",
        "advantages": "20",
        "relationships": "20",
    }
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, data)
    assert response.status_code == 302
    assert len([c for c in callbacks if not isinstance(c, FiguresChanged)]) == 1
    # The task the callback would enqueue, as a worker runs it.
    assert rescore_all_prospects.apply().result == 1
    assert stored(prospect).score == 30  # the forecast alone


def test_the_admin_refuses_weights_that_are_all_zero(client, admin_user):
    client.force_login(admin_user)
    weights = ScoringWeights.current()
    url = reverse("admin:prospects_scoringweights_change", args=[weights.pk])
    data = {
        "financial": "0",
        "forecast": "0",
        "purchase_factors": "0",
        "share_of_wallet": "50",
        "competition": "30",
        "advantages": "20",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        "At least one attractiveness weight must be above 0."
        in response.content.decode()
    )
    weights.refresh_from_db()
    assert weights.financial == 40
