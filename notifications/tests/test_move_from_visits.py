"""Notifications and reminder settings came from the visits app: migrating an
installation that has them keeps every row, and going back restores them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import Team, User
from prospects.models import Prospect

BEFORE = [("visits", "0008_historicalfirstcontact_historicalfollowup_and_more")]
MOVED = ("notifications", "0002_names_and_settings_row")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.fixture
def back_to_today():
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_today")
def test_moving_the_models_keeps_their_rows():
    old = _migrate([*BEFORE, ("notifications", None)])
    # People and accounts stay as they are today; only the moved tables go back.
    rep = User.objects.create(username="moved", team=Team.objects.create(name="T"))
    account = Prospect.objects.create(name="Moved Co", team=rep.team, owner=rep)
    now = timezone.now()
    old.get_model("visits", "Notification").objects.create(
        prospect_id=account.pk, kind="approach_again", due_on=now.date(), recipient_id=rep.pk,
        created_at=now, email_next_attempt_at=now, email_status="sent",
    )  # fmt: skip
    old.get_model("visits", "ReminderSettings").objects.update_or_create(
        pk=1, defaults={"upcoming_days": 5}
    )

    new = _migrate([MOVED])
    [moved] = new.get_model("notifications", "Notification").objects.all()
    assert (moved.prospect_id, moved.kind, moved.email_status) == (
        account.pk,
        "approach_again",
        "sent",
    )
    assert (
        new.get_model("notifications", "ReminderSettings").objects.get().upcoming_days
        == 5
    )

    back = _migrate([*BEFORE, ("notifications", None)])
    assert (
        back.get_model("visits", "Notification").objects.get().prospect_id == account.pk
    )  # and back_to_today migrates forward again, whatever the test met
