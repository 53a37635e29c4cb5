"""seed_demo fills every section of the demo accounts, assessed as the app would."""

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import Role, User
from prospects.models import Prospect
from prospects.services import assessment_for
from prospects.views import _detail_queryset


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    pass


def test_every_demo_rep_owns_at_least_20_accounts(demo):
    reps = User.objects.filter(role=Role.REP)
    assert reps.count() == 3
    for rep in reps:
        assert Prospect.objects.filter(owner=rep).count() >= 20, rep.username
        assert Prospect.objects.visible_to(rep).count() >= 20


def test_the_demo_has_every_verdict_and_every_quadrant(demo):
    verdicts = set(Prospect.objects.values_list("verdict", flat=True))
    assert verdicts == set(Prospect.Verdict.values)
    quadrants = set(Prospect.objects.open().values_list("quadrant", flat=True))
    assert set(Prospect.Quadrant.values) <= quadrants


def test_the_demo_has_fully_analysed_accounts(demo):
    full = (
        Prospect.objects.filter(
            financial_statements__isnull=False,
            forecast__isnull=False,
            purchase_factors__isnull=False,
            contacts__isnull=False,
            transactions__isnull=False,
            competitors__isnull=False,
            advantages__isnull=False,
            sales_profile__isnull=False,
        )
        .exclude(product_category=None)
        .exclude(customer_nature=None)
        .exclude(service_content=None)
        .distinct()
    )
    assert full.count() >= 10
    account = full.first()
    assert account.financial_statements.count() >= 2  # a trend to show
    assert account.sales_profile.is_filled
    assert account.purchase_factors.is_filled
    assert account.forecast.is_filled
    assert account.contacts.exclude(personality="").exists()


def test_both_teams_have_accounts_and_some_are_shared(demo):
    teams = set(Prospect.objects.values_list("team__name", flat=True))
    assert len(teams) == 2
    assert Prospect.objects.filter(colleagues__isnull=False).exists()
    for account in Prospect.objects.filter(colleagues__isnull=False).distinct():
        assert all(c.team_id == account.team_id for c in account.colleagues.all())


def test_the_stored_assessment_is_what_the_app_computes(demo):
    sample = list(_detail_queryset().order_by("pk")[::7])
    assert len(sample) >= 10
    for account in sample:
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
        ), account.pk
