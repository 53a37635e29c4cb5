"""Outgoing webhooks: KAM's events posted to other systems, signed, each once.

An app says what happened with ``publish(event, key=…, data=…)`` inside the
transaction that made it happen (devlog: account won or lost; visits: visit
recorded; the reminder scan: follow-up overdue). Every active endpoint that takes
the event gets a ``WebhookDelivery`` — unique per endpoint and ``key``, so the same
event about the same record is sent once however often it is published — whose
JSON body is fixed now. After commit its id is enqueued; delivery is ``OUTBOX``
(``notifications.outbound``, as the chat robots'): claimed with a lease, retried
with backoff, recorded as failed for an admin to retry. The periodic scan
(``dispatch``) enqueues what is due again.

Each POST carries ``X-KAM-Event`` (the event), ``X-KAM-Delivery`` (the delivery's
id, the same on a retry: receivers drop repeats by it) and ``X-KAM-Signature:
sha256=<hex HMAC-SHA256 of the body with the endpoint's secret>``.
"""

import hashlib
import hmac
import json
import uuid
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from notifications import secrets
from notifications.http import DeliveryError, Rejected, post_body
from notifications.models import Notification, WebhookDelivery, WebhookEndpoint
from notifications.models import WebhookEvent as Event
from notifications.outbound import Outbox

__all__ = ["Event", "dispatch", "publish", "publish_many", "send_many", "signature"]


class CredentialsLost(DeliveryError):
    permanent = True


def signature(secret, body):
    """The value of X-KAM-Signature for ``body`` (bytes)."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def _enqueue(ids):
    # By name: the task module imports this one.
    current_app.send_task("notifications.tasks.send_webhooks", args=[ids])


def publish(event, *, key, data, now=None, enqueue=None):
    """Record ``event`` for every endpoint that takes it; enqueued after commit.
    ``data`` is the event's record, as JSON. Returns the new deliveries' ids."""
    return publish_many(event, [(key, data)], now=now, enqueue=enqueue)


def _listening(event):
    return [
        e for e in WebhookEndpoint.objects.filter(active=True) if event in e.event_list
    ]


def publish_many(event, items, *, now=None, enqueue=None, endpoints=None):
    """``publish`` for many records at once: ``items`` are (key, data) pairs."""
    now = now or timezone.now()
    endpoints = _listening(event) if endpoints is None else endpoints
    rows = [
        _delivery(endpoint, event, key, data, now)
        for endpoint in endpoints
        for key, data in items
    ]
    if not rows:
        return []
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    ids = list(
        WebhookDelivery.objects.filter(
            delivery_id__in=[row.delivery_id for row in rows]
        ).values_list("pk", flat=True)
    )
    if ids:
        WebhookDelivery.objects.filter(pk__in=ids).update(enqueued_at=now)
        batches = [
            ids[i : i + OUTBOX.batch_size]
            for i in range(0, len(ids), OUTBOX.batch_size)
        ]
        transaction.on_commit(lambda: _hand_over(batches, enqueue or _enqueue))
    return ids


def _delivery(endpoint, event, key, data, now):
    delivery_id = uuid.uuid4()
    body = {
        "event": event,
        "delivery": str(delivery_id),
        "occurred_at": now,
        "data": data,
    }
    return WebhookDelivery(
        endpoint=endpoint,
        event=event,
        key=f"{event}:{key}"[:100],
        delivery_id=delivery_id,
        body=json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        next_attempt_at=now,
        created_at=now,
    )


def _hand_over(batches, enqueue):
    for batch in batches:
        try:
            enqueue(batch)
        except Exception:
            WebhookDelivery.objects.filter(pk__in=batch).update(enqueued_at=None)


def plan_overdue(now):
    """The reminder scan's part: the follow-ups that became overdue at ``now``
    (their ``overdue`` reminder was just created) are published once each. One
    query when no endpoint listens, a few when one does."""
    endpoints = _listening(Event.FOLLOW_UP_OVERDUE)
    if not endpoints:
        return []
    rows = Notification.objects.filter(
        created_at=now, kind=Notification.Kind.OVERDUE
    ).select_related("follow_up__prospect", "follow_up__assignee")
    items = [(n.follow_up_id, _overdue(n.follow_up)) for n in rows]
    return publish_many(Event.FOLLOW_UP_OVERDUE, items, now=now, endpoints=endpoints)


def _overdue(follow_up):
    return {
        "follow_up": follow_up.pk,
        "visit": follow_up.visit_id,
        "account": {"id": follow_up.prospect_id, "name": follow_up.prospect.name},
        "assignee": follow_up.assignee.username,
        "due_at": follow_up.due_at,
    }


def dispatch(now=None, *, enqueue=None):
    """The periodic scan: enqueue the deliveries due (retries, lost tasks)."""
    now = now or timezone.now()
    with transaction.atomic():
        batches = OUTBOX.batches(now, 20000)
        transaction.on_commit(lambda: _hand_over(batches, enqueue or _enqueue))
    return batches


def _send(delivery, now):
    endpoint = delivery.endpoint
    try:
        url, secret = endpoint.url, endpoint.secret
    except secrets.Unreadable as error:
        raise CredentialsLost(str(error)) from None
    body = delivery.body.encode()
    answer = post_body(
        url,
        body,
        headers={
            "X-KAM-Event": delivery.event,
            "X-KAM-Delivery": str(delivery.delivery_id),
            "X-KAM-Signature": signature(secret, body),
        },
    )
    if 200 <= answer.status < 300:
        return f"HTTP {answer.status}"
    raise Rejected(
        f"{endpoint.host} answered HTTP {answer.status}: {answer.text[:200]}"
    )


def lease():
    return timedelta(seconds=settings.KAM_REMINDER_LEASE_SECONDS)


OUTBOX = Outbox(
    model=WebhookDelivery,
    target="endpoint",
    send=_send,
    limits=lambda endpoint: [(settings.KAM_WEBHOOK_RATE_PER_MINUTE, 60)],
    lease=lease,
    max_attempts=lambda: settings.KAM_WEBHOOK_ATTEMPTS,
    still_wanted=lambda delivery: delivery.endpoint.active,
)


def send_many(ids, now=None):
    """Send these deliveries, each once; see ``Outbox.send_many``."""
    return OUTBOX.send_many(ids, now)
