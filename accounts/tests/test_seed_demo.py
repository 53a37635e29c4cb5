import io
import random

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from accounts import demo
from accounts.demo import DEMO_PASSWORD, DemoContext
from accounts.models import Role, Team, User
from kam.tests.helpers import needs_postgresql

ROLES = {
    "admin": Role.ADMIN,
    "manager_a": Role.MANAGER,
    "supervisor_a": Role.SUPERVISOR,
    "rep_a1": Role.REP,
    "rep_a2": Role.REP,
    "manager_b": Role.MANAGER,
    "supervisor_b": Role.SUPERVISOR,
    "rep_b1": Role.REP,
}


def test_seed_demo_creates_two_teams_and_every_demo_login(db, capsys):
    call_command("seed_demo")
    assert Team.objects.count() == 2
    assert dict(User.objects.values_list("username", "role")) == ROLES
    for username in ROLES:
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None
    assert "kam-demo-2026" in capsys.readouterr().out


def test_demo_teams_each_have_their_manager(db):
    call_command("seed_demo")
    team_a = User.objects.get(username="rep_a1").team
    team_b = User.objects.get(username="rep_b1").team
    assert team_a.manager.username == "manager_a"
    assert team_b.manager.username == "manager_b"
    assert team_a != team_b
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_refuses_a_database_that_has_data(db):
    call_command("seed_demo")
    with pytest.raises(CommandError, match="already has data"):
        call_command("seed_demo")


def test_seed_demo_if_empty_leaves_existing_data_alone(db, rep, capsys):
    call_command("seed_demo", "--if-empty")
    assert not User.objects.filter(username="rep_a1").exists()
    assert "demo not loaded" in capsys.readouterr().out


def test_the_large_demo_staffs_each_team_fully(db):
    """Benchmark data spreads a team's accounts over a real team's people, so a
    rep's pages show one rep's load, not the whole team's."""
    ctx = DemoContext(
        size="large", rng=random.Random(1), now=timezone.now(), stdout=io.StringIO()
    )
    demo.seed(ctx)
    for team in Team.objects.all():
        people = User.objects.filter(team=team)
        assert people.filter(role=Role.MANAGER).count() == 1
        assert (
            people.filter(role=Role.SUPERVISOR).count() == demo.LARGE_TEAM_SUPERVISORS
        )
        assert people.filter(role=Role.REP).count() == demo.LARGE_TEAM_REPS
    assert set(ROLES) < set(User.objects.values_list("username", flat=True))
    extra = User.objects.get(username="rep_b22")
    assert extra.team == User.objects.get(username="rep_b1").team
    assert extra.check_password(DEMO_PASSWORD)


def test_the_demo_token_of_the_docs_examples_reads_rep_a1s_accounts(db):
    from kam.tests.api import ApiClient
    from notifications.models import WebhookEndpoint
    from prospects.models import Prospect

    call_command("seed_demo", stdout=io.StringIO())
    rep = User.objects.get(username="rep_a1")
    answer = ApiClient(token=demo.DEMO_API_TOKEN).get("/api/v1/accounts/")
    assert answer.status_code == 200
    assert answer.json()["count"] == Prospect.objects.visible_to(rep).count() > 0
    assert WebhookEndpoint.objects.get().event_list


@pytest.mark.django_db(transaction=True)
def test_the_demo_leaves_the_accounts_table_packed_on_postgresql():
    """The demo updates every account after inserting it; on PostgreSQL the table
    then holds its rows compactly, as a restored dump does, not three times over."""
    from django.db import connection

    needs_postgresql("VACUUM is PostgreSQL's")
    call_command("seed_demo", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size('prospects_prospect'),"
            " (SELECT SUM(pg_column_size(p.*)) FROM prospects_prospect p)"
        )
        size, rows = cursor.fetchone()
    assert size < 1.5 * rows + 2 * 8192
