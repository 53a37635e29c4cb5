"""Who may see what is read through indexes on PostgreSQL: a manager's accounts
(their team's OR those they work on) and the visits someone leads OR joins.

``x = 1 OR id IN (subquery)`` can only be answered there by testing every row
against a hashed subplan (at 10,000 accounts a manager's list read them all);
``kam.lookups.AnyOf`` writes the subquery so that it runs once, first (an InitPlan),
and both sides of the OR can be index scans."""

import pytest
from django.db import connection

from kam.tests.helpers import needs_postgresql
from prospects.models import Prospect
from prospects.tests.factories import ProspectFactory
from visits.models import Visit
from visits.tests import factories as visit_factories


@pytest.fixture
def postgresql():
    needs_postgresql("query plans are PostgreSQL's")


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def runs_once(plan):
    return "InitPlan" in plan and "SubPlan" not in plan


def test_a_managers_accounts_read_their_subquery_once(
    postgresql, manager, rep, outsider
):
    developing = Prospect.Status.DEVELOPING
    teams = ProspectFactory(owner=rep, status=developing)
    worked_on = ProspectFactory(owner=outsider, colleagues=[manager], status=developing)
    ProspectFactory(owner=outsider, status=developing)
    accounts = Prospect.objects.visible_to(manager).filter(status=developing)
    shown = plan(accounts)
    assert runs_once(shown), shown
    assert set(accounts) == {teams, worked_on}


def test_the_visits_someone_joins_read_their_subquery_once(
    postgresql, rep, supervisor, manager
):
    account = ProspectFactory(owner=rep)
    joined = visit_factories.plan_visit(account, manager, co_visitors=[supervisor])
    led = visit_factories.plan_visit(account, supervisor)
    visit_factories.plan_visit(account, manager)
    visits = Visit.objects.involving(supervisor)
    shown = plan(visits)
    assert runs_once(shown), shown
    assert set(visits) == {joined, led}


def test_a_reps_own_accounts_are_joined_not_compared_with_a_list(postgresql, rep):
    """Alone (no OR), the ids are joined: a rep's accounts ANDed twice as lists of
    ids (visible to them and worked by them) took twice as long."""
    ProspectFactory(owner=rep)
    accounts = Prospect.objects.worked_by(rep)
    shown = plan(accounts)
    assert "InitPlan" not in shown, shown
    assert "SubPlan" not in shown, shown
    assert accounts.count() == 1


def test_what_someone_works_is_read_once_and_only_while_they_may_sign_in(
    rep, manager, colleague
):
    """A rep's own accounts: their ids in one subquery (visible_to(rep).worked_by(rep)
    wrote it twice), a manager's own and not the team's, nobody's once inactive."""
    own = ProspectFactory(owner=rep)
    joined = ProspectFactory(owner=colleague, colleagues=[rep])
    ProspectFactory(owner=colleague)
    mine = Prospect.objects.worked_by(rep)
    assert str(mine.query).count('FROM "prospects_prospect_colleagues"') == 1
    assert set(mine) == {own, joined}
    assert not Prospect.objects.worked_by(manager).exists()
    rep.is_active = False
    assert not Prospect.objects.worked_by(rep).exists()
