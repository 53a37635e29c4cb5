"""A webhook through the real pipeline: the event commits, its delivery is enqueued
on commit, a real Celery worker posts it to the receiver, signed, once."""

import pytest
from django.utils import timezone

from kam.tests.api import ApiClient
from notifications import services, webhooks
from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.outbound import Status
from notifications.tests.webhook_server import WebhookServer
from notifications.tests.workers import Workers, wait_for
from prospects.tests.factories import ProspectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workers(_broker_outside_var, settings):
    settings.KAM_WEBHOOK_HOSTS = [*settings.KAM_WEBHOOK_HOSTS, "127.0.0.1"]
    started = Workers(
        _broker_outside_var,
        KAM_WEBHOOK_HOSTS=",".join(settings.KAM_WEBHOOK_HOSTS),
        KAM_WEBHOOK_TIMEOUT_SECONDS="5",
    )
    yield started
    started.stop()


def test_a_won_account_reaches_the_receiver_through_a_worker_once(rep, workers):
    prospect = ProspectFactory(owner=rep)
    with WebhookServer() as receiver:
        services.webhook_endpoint_save(
            endpoint=WebhookEndpoint(name="ERP"),
            events=["account.won"],
            url=receiver.url,
            secret=receiver.state.secret,
        )
        workers.start("one")
        workers.start("two")
        response = ApiClient(rep).post(
            "/api/v1/outcomes/",
            {
                "account": prospect.pk,
                "result": "won",
                "decided_on": str(timezone.localdate()),
                "summary": "Signed.",
            },
        )
        assert response.status_code == 201, response.json()
        delivery = WebhookDelivery.objects.get()
        assert wait_for(lambda: len(receiver.received) == 1, seconds=60)
        # A scan racing the worker enqueues nothing more: it is sent already.
        webhooks.dispatch()
        assert wait_for(
            lambda: WebhookDelivery.objects.get().status == Status.SENT, seconds=30
        )
        assert len(receiver.received) == 1
        assert receiver.received[0].delivery == str(delivery.delivery_id)
        assert receiver.state.refused == []
