"""seed_demo has won, lost, resting and ongoing accounts, each with a full development
record sheet, and outcomes as the app would have recorded them."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from devlog import selectors
from devlog.models import Outcome
from prospects.models import Progress, Prospect

STATUSES = ["won", "lost", "dormant", "developing"]


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_seeded, db):
    pass


def sheets(status):
    """The sheets of the accounts of ``status`` (an account merged into another
    is archived empty: its records are the other's now)."""
    accounts = Prospect.objects.filter(status=status, merged_into__isnull=True)
    return [selectors.sheet(prospect) for prospect in accounts.order_by("pk")]


def furthest(sheet):
    reached = [row.progress for row in sheet.rows if row.progress]
    return max(reached, key=Progress.rank, default="")


@pytest.mark.parametrize("status", STATUSES)
def test_every_kind_of_account_has_full_sheets(demo, status):
    accounts = sheets(status)

    assert len(accounts) >= 3
    for sheet in accounts:
        full = [row for row in sheet.rows if row.progress and row.attitude]
        assert len(full) >= 3, sheet.prospect
        assert {row.source for row in sheet.rows} >= {"visit", "follow_up"}
        assert sheet.total_minutes > 0


def test_some_sheets_have_rows_added_by_hand(demo):
    sources = {row.source for sheet in sheets("won") for row in sheet.rows}
    sources |= {row.source for sheet in sheets("developing") for row in sheet.rows}

    assert sources == {"first_contact", "visit", "follow_up", "entry"}


def test_every_won_account_reached_the_contract_and_is_in_the_register(demo):
    for sheet in sheets("won"):
        assert sheet.prospect.stage == "contract"
        assert sheet.outcome.result == Outcome.Result.WON
        assert sheet.outcome.summary
        assert not sheet.outcome.reasons.exists()
        assert sheet.outcome.approach_again_on is None


def test_every_lost_account_is_archived_with_its_reasons(demo):
    for sheet in sheets("lost"):
        outcome = sheet.outcome
        assert outcome.result == Outcome.Result.LOST
        assert outcome.archived_at is not None
        assert outcome.restored_at is None
        assert outcome.reasons.exists()
        assert outcome.summary
        assert outcome.lessons


def test_every_resting_account_has_a_review_and_a_day_to_try_again(demo):
    for sheet in sheets("dormant"):
        outcome = sheet.outcome
        assert outcome.result == Outcome.Result.NOT_YET
        assert outcome.reasons.exists()
        assert outcome.approach_again_on > timezone.localdate()


def test_outcomes_are_dated_after_the_first_contact_and_not_in_the_future(demo):
    for status in ("won", "lost", "dormant"):
        for sheet in sheets(status):
            decided = sheet.outcome.decided_on
            assert decided <= timezone.localdate()
            assert timezone.localdate(sheet.first_at) <= decided, sheet.prospect


@pytest.mark.parametrize("status", ["lost", "dormant", "developing", "potential"])
def test_the_stored_stage_is_the_furthest_progress_on_the_sheet(demo, status):
    for prospect in Prospect.objects.filter(status=status):
        assert prospect.stage == furthest(selectors.sheet(prospect)), prospect


def test_a_won_account_s_sheet_ticks_the_contract(demo):
    for sheet in sheets("won"):
        assert furthest(sheet) == "contract", sheet.prospect


def test_the_demo_manager_sees_the_register_and_the_archive(client, demo):
    manager = User.objects.get(username="manager_a")
    client.force_login(manager)

    register = client.get(reverse("devlog:register")).context["accounts"]
    archive = client.get(reverse("devlog:archive")).context["accounts"]

    assert register
    assert {p.team_id for p in register} == {manager.team_id}
    assert {p.status for p in register} == {"won"}
    assert archive
    assert {p.status for p in archive} == {"lost"}
    account = register[0]
    assert client.get(reverse("devlog:sheet", args=[account.pk])).status_code == 200


def test_every_demo_record_has_its_history_begun_by_a_person(demo):
    from kam import history

    for model in history.registered_models():
        started = model.history.filter(history_type="+")
        assert started.count() == model.objects.count(), model
        assert not started.filter(history_user=None).exists(), model
        assert not started.filter(history_date__gt=timezone.now()).exists(), model


def test_a_demo_follow_up_is_entered_when_its_visit_is_recorded(demo):
    from visits.models import FollowUp

    for follow_up in FollowUp.objects.select_related("visit")[:50]:
        entered = follow_up.history.earliest("history_date").history_date
        assert entered == follow_up.visit.held_at, follow_up


def test_the_demo_shows_later_changes_on_the_account_page(demo, client):
    from prospects.models import Forecast

    revised = Forecast.history.filter(history_type="~").first()
    prospect = Prospect.objects.get(pk=revised.prospect_id)
    client.force_login(prospect.owner)
    section = reverse("prospects:panel-record", args=[prospect.pk])
    html = client.get(section, headers={"X-KAM-Section": "1"}).content.decode()
    recent = html[html.index("Recent changes") :].split("</ul>")[0]
    assert "Cost and sales forecast" in recent
    assert "Risk coefficient (%)" in recent
    assert str(revised.history_user) in recent


@pytest.mark.parametrize("manager", ["manager_a", "manager_b"])
def test_the_demo_pipeline_narrows_like_a_funnel(client, demo, manager):
    """Accounts stop at every stage, most of them early: each stage holds some, and
    fewer reach each next stage than the one before."""
    client.force_login(User.objects.get(username=manager))
    funnel = client.get(reverse("home")).context["home"]["funnel"].rows
    at_stage = [row[1] for row in funnel]
    reached = [row[2] for row in funnel]
    assert all(at_stage[:3]), at_stage  # contact, product explanation, demo
    assert reached == sorted(reached, reverse=True)
    assert reached[0] > 2 * reached[-1]
