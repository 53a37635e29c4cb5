"""With Redis (the cache or the broker) unreachable, every page still answers,
saves still save, and what must be queued is queued again by the next scan —
never lost, never a 500."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kam.tests.pages import build_world, every_url, read_whole
from notifications import reminders
from notifications.models import Notification
from prospects.models import Prospect, ScoringWeights
from prospects.services import prospect_refresh_assessment
from prospects.tasks import rescore_if_weights_changed
from prospects.tests.factories import (
    FinancialStatementFactory,
    ForecastFactory,
    ProspectFactory,
)
from visits.tests.reminder_support import follow_up_due

# The forecast weighs nine times the financial health: another score than the default.
WEIGHTS = dict.fromkeys(["purchase_factors", "advantages", "relationships"], "0") | {
    "financial": "10",
    "forecast": "90",
    "share_of_wallet": "60",
    "competition": "40",
}


@pytest.mark.usefixtures("cache_down")
@pytest.mark.parametrize("who", ["rep", "manager", "admin_user"])
def test_every_page_answers_without_the_cache(
    client, request, rep, colleague, supervisor, manager, who
):
    world = build_world(
        rep=rep, colleague=colleague, supervisor=supervisor, manager=manager
    )
    client.force_login(request.getfixturevalue(who))
    for url in every_url(world):
        assert read_whole(client.get(url)).status_code < 500, url


@pytest.mark.usefixtures("cache_down")
def test_the_team_exports_work_without_the_cache(client, rep, manager):
    ProspectFactory(owner=rep)
    client.force_login(manager)
    for name in ("reports:team-csv", "reports:team-xlsx"):
        response = client.get(reverse(name, args=["funnel"]))
        assert response.status_code == 200


@pytest.mark.usefixtures("cache_down", "broker_down")
def test_saves_still_save(client, rep, django_capture_on_commit_callbacks):
    prospect = ProspectFactory(owner=rep)
    client.force_login(rep)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("prospects:edit", args=[prospect.pk]),
            {"version": prospect.version, "name": "Saved anyway", "owner": rep.pk},
        )
    assert response.status_code == 302
    assert Prospect.objects.get(pk=prospect.pk).name == "Saved anyway"


def test_new_weights_are_applied_by_the_next_scan_when_the_broker_was_down(
    client, admin_user, rep, broker_down, django_capture_on_commit_callbacks
):
    prospect = ProspectFactory(owner=rep)
    FinancialStatementFactory(prospect=prospect, period="2024")
    ForecastFactory(prospect=prospect)
    prospect_refresh_assessment(prospect)
    before = Prospect.objects.get(pk=prospect.pk).score
    client.force_login(admin_user)
    url = reverse("admin:prospects_scoringweights_change", args=[1])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, WEIGHTS).status_code == 302  # saved, no 500
    assert Prospect.objects.get(pk=prospect.pk).score == before  # not rescored yet
    assert ScoringWeights.current().rescore_pending

    rescore_if_weights_changed.apply()  # the next scan, once the broker is back

    assert Prospect.objects.get(pk=prospect.pk).score != before
    assert not ScoringWeights.current().rescore_pending
    assert rescore_if_weights_changed.apply().result == 0  # nothing left to do


def test_reminder_emails_the_broker_did_not_take_are_queued_by_the_next_scan(
    rep, supervisor, broker_down, capsys, django_capture_on_commit_callbacks
):
    follow_up_due(rep, supervisor, timezone.now() + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("dispatch_reminders")  # no traceback
    assert "could not be enqueued" in capsys.readouterr().out
    notification = Notification.objects.get()
    assert notification.email_enqueued_at is None
    enqueued = reminders.dispatch(enqueue=lambda ids: None).enqueued
    assert enqueued == [notification.pk]
