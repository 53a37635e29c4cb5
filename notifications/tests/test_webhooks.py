"""Outgoing webhooks: each event reaches each endpoint once, signed, and a failure
is retried with backoff, then recorded for an admin to retry."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kam.tests.api import ApiClient
from notifications import services, webhooks
from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.outbound import Status
from notifications.tests.webhook_server import WebhookServer
from prospects.models import Prospect
from prospects.tests.factories import ProspectFactory
from visits.tests import factories as visit_factories

ALL = [event for event, _label in webhooks.Event.choices]


@pytest.fixture
def prospect(rep):
    return ProspectFactory(name="华鑫精密", owner=rep)


@pytest.fixture
def receiver(settings):
    settings.KAM_WEBHOOK_HOSTS = [*settings.KAM_WEBHOOK_HOSTS, "127.0.0.1"]
    settings.KAM_WEBHOOK_TIMEOUT_SECONDS = 2
    with WebhookServer() as server:
        yield server


@pytest.fixture
def endpoint(receiver):
    return services.webhook_endpoint_save(
        endpoint=WebhookEndpoint(name="ERP"),
        events=ALL,
        url=receiver.url,
        secret=receiver.state.secret,
    )


def send_now(callbacks):
    """Run the on-commit hand-over, sending from this process."""
    for callback in callbacks:
        callback()


def win(api, prospect):
    return api.post(
        "/api/v1/outcomes/",
        {
            "account": prospect.pk,
            "result": "won",
            "decided_on": str(timezone.localdate()),
            "summary": "Our solution cut their energy bill.",
        },
    )


def test_a_won_account_is_posted_once_signed(
    rep, prospect, endpoint, receiver, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(webhooks, "_enqueue", webhooks.send_many)
    with django_capture_on_commit_callbacks(execute=True):
        response = win(ApiClient(rep), prospect)
    assert response.status_code == 201, response.json()
    assert [r.event for r in receiver.received] == ["account.won"]
    got = receiver.received[0]
    delivery = WebhookDelivery.objects.get()
    assert got.delivery == str(delivery.delivery_id)
    assert got.body["data"]["account"]["id"] == prospect.pk
    assert got.body["data"]["outcome"]["result"] == "won"
    assert delivery.status == Status.SENT
    assert receiver.state.refused == []
    prospect.refresh_from_db()
    assert prospect.status == Prospect.Status.WON


def test_the_same_outcome_saved_again_is_not_posted_again(
    rep, prospect, endpoint, receiver, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(webhooks, "_enqueue", webhooks.send_many)
    api = ApiClient(rep)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = win(api, prospect).json()
        api.patch(
            f"/api/v1/outcomes/{outcome['id']}/",
            {"summary": "Better words.", "version": outcome["version"]},
        )
    assert [r.event for r in receiver.received] == ["account.won"]


def test_a_lost_account_is_posted(rep, prospect, endpoint, receiver, monkeypatch,
                                  django_capture_on_commit_callbacks):  # fmt: skip
    from devlog.models import FailureReason

    monkeypatch.setattr(webhooks, "_enqueue", webhooks.send_many)
    reason = FailureReason.objects.filter(active=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        response = ApiClient(rep).post(
            "/api/v1/outcomes/",
            {
                "account": prospect.pk,
                "result": "lost",
                "decided_on": str(timezone.localdate()),
                "summary": "Price.",
                "reasons": [reason.pk],
            },
        )
    assert response.status_code == 201, response.json()
    assert [r.event for r in receiver.received] == ["account.lost"]
    assert receiver.received[0].body["data"]["outcome"]["reasons"] == [reason.name_en]


def test_a_recorded_visit_is_posted_once(
    rep, supervisor, prospect, endpoint, receiver, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    monkeypatch.setattr(webhooks, "_enqueue", webhooks.send_many)
    with django_capture_on_commit_callbacks(execute=True):
        visit = visit_factories.held_visit(prospect, supervisor)
        visit.refresh_from_db()
        visit.talking_points = "Again"
        from visits import services as visit_services

        visit_services.visit_record(visit=visit)
    assert [r.event for r in receiver.received] == ["visit.recorded"]
    data = receiver.received[0].body["data"]
    assert data["visit"] == visit.pk
    assert data["follow_up"]["id"] == visit.follow_up.pk


def test_an_overdue_follow_up_is_posted_by_the_scan(
    rep, supervisor, prospect, endpoint, receiver, monkeypatch, scan
):
    monkeypatch.setattr(webhooks, "_enqueue", webhooks.send_many)
    held = timezone.now() - timedelta(days=10)
    visit = visit_factories.held_visit(prospect, supervisor, held_at=held)
    WebhookDelivery.objects.all().delete()  # the visit's own event aside
    scan()
    scan()
    overdue = [r for r in receiver.received if r.event == "follow_up.overdue"]
    assert len(overdue) == 1
    assert overdue[0].body["data"]["follow_up"] == visit.follow_up.pk


def test_an_endpoint_gets_only_its_events(rep, prospect, receiver, monkeypatch,
                                          django_capture_on_commit_callbacks):  # fmt: skip
    monkeypatch.setattr(webhooks, "_enqueue", webhooks.send_many)
    services.webhook_endpoint_save(
        endpoint=WebhookEndpoint(name="BI"),
        events=["visit.recorded"],
        url=receiver.url,
        secret=receiver.state.secret,
    )
    with django_capture_on_commit_callbacks(execute=True):
        win(ApiClient(rep), prospect)
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_a_failure_is_retried_with_backoff_then_recorded(
    rep, prospect, endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.KAM_WEBHOOK_ATTEMPTS = 2
    receiver.state.fail_next = 5
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False):
        win(ApiClient(rep), prospect)
    delivery = WebhookDelivery.objects.get()
    webhooks.send_many([delivery.pk], now=now)
    delivery.refresh_from_db()
    assert delivery.status == Status.PENDING
    assert delivery.attempts == 1
    assert delivery.next_attempt_at == now + timedelta(minutes=1)
    assert "503" in delivery.error
    # The scan finds it again once its backoff is over, not before.
    assert (
        webhooks.dispatch(now + timedelta(seconds=30), enqueue=lambda ids: None) == []
    )
    later = now + timedelta(minutes=2)
    assert webhooks.dispatch(later, enqueue=lambda ids: None) == [[delivery.pk]]
    webhooks.send_many([delivery.pk], now=later)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert receiver.received == []


def test_an_admin_retries_a_failed_delivery(
    rep, prospect, endpoint, receiver, admin_user, client,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    receiver.state.fail_next = 1
    with django_capture_on_commit_callbacks(execute=False):
        win(ApiClient(rep), prospect)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=Status.FAILED)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:notifications_webhookdelivery_changelist"),
        {"action": "retry", "_selected_action": [delivery.pk]},
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == Status.PENDING
    batches = webhooks.dispatch(timezone.now(), enqueue=lambda ids: None)
    webhooks.send_many(batches[0])
    webhooks.send_many(batches[0])
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT


def test_an_endpoint_on_a_host_not_allowed_is_refused(db):
    with pytest.raises(Exception, match="not a host"):
        services.webhook_endpoint_save(
            endpoint=WebhookEndpoint(name="Evil"),
            events=ALL,
            url="https://internal.example.com/hook",
            secret="a-long-enough-secret",
        )
    assert not WebhookEndpoint.objects.exists()


def test_the_admin_registers_an_endpoint_and_never_shows_its_secret(
    client, admin_user, receiver
):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:notifications_webhookendpoint_add"),
        {
            "name": "ERP",
            "url": receiver.url,
            "secret": "s3cret-s3cret-s3cret",
            "event_choices": ["account.won", "account.lost"],
            "active": "on",
        },
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.event_list == ["account.won", "account.lost"]
    assert endpoint.secret == "s3cret-s3cret-s3cret"
    page = client.get(
        reverse("admin:notifications_webhookendpoint_change", args=[endpoint.pk])
    )
    assert "s3cret" not in page.content.decode()
    assert receiver.url not in page.content.decode()
