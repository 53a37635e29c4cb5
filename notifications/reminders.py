"""Reminders: which are due, and getting each out exactly once.

What is due lives in the database (a follow-up's due date, an account's date to
approach again); nothing waits in the broker on a long countdown. Other apps
register a ``Source`` of reminders (visits: the one-week follow-up; devlog:
approach again) and this module never imports them. Celery beat runs ``dispatch``
every few minutes; so does ``manage.py dispatch_reminders [--at]``. A dispatch:

1. asks every source for the reminders due at that moment that do not exist yet;
2. inserts each as a Notification; the unique constraints (follow-up and kind,
   account, kind and day) make racing dispatches create it once;
3. gives each new notification a message to every team chat robot that carries its
   kind (``notifications.channels``), unique per notification and robot;
4. enqueues, after commit and by id, the e-mail of every notification waiting to be
   sent — including one whose sender died mid-send and whose lease has run out —
   and, in batches of one robot each, the robot messages waiting likewise.

The e-mail task claims its notification with a conditional UPDATE (a lease), so a
task delivered twice sends once; failures go back to the queue with exponential
backoff until the attempts run out and the failure is recorded for admins. Robot
messages get the same guarantees from ``notifications.outbound``.
backoff until the attempts run out and the failure is recorded for admins. A
reminder whose record cannot be read or made into an e-mail fails at once, on
record, and the rest of its batch goes out.
"""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications import channels, webhooks
from notifications.models import Notification, ReminderSettings
from notifications.outbound import backoff
from notifications.sources import (  # noqa: F401 - the registry's public names
    SOURCES,
    Source,
    local_date,
    register_source,
    start_of,
    still_wanted,
)

log = logging.getLogger(__name__)

Email = Notification.Email
ENQUEUE_BATCH = 20000  # per scan; the next scan takes the rest after a long outage
TASK_BATCH = 50  # e-mails per task, sent over one mail connection


def lease():
    return timedelta(seconds=settings.KAM_REMINDER_LEASE_SECONDS)


@dataclass
class DispatchResult:
    created: dict
    enqueued: list
    robot_batches: list = field(default_factory=list)
    #: What enqueue_robots() answered per batch, and the robots' messages not taken.
    robot_answers: list = field(default_factory=list)
    robot_unqueued: list = field(default_factory=list)
    #: Batches the broker did not take: back in the queue for the next scan.
    unqueued: list = field(default_factory=list)
    #: What enqueue() answered per batch (send_many: each e-mail's status).
    answers: list = field(default_factory=list)

    @property
    def total_created(self):
        return sum(self.created.values())


def _waiting_emails(now):
    """Notifications whose e-mail should be (re)enqueued at ``now``."""
    stale = now - lease()
    waiting = Q(email_status=Email.PENDING, email_next_attempt_at__lte=now) & (
        Q(email_enqueued_at__isnull=True) | Q(email_enqueued_at__lt=stale)
    )
    abandoned = Q(email_status=Email.SENDING, email_lease_until__lt=now)
    return Notification.objects.filter(waiting | abandoned)


def dispatch(now=None, *, enqueue, enqueue_robots=None):
    """One scan: create the reminders due at ``now`` and their team-robot messages,
    and enqueue their e-mails, ``enqueue(ids)`` taking a batch of notification ids
    at a time (the task's ``delay``, or ``send_many`` to send from this process);
    ``enqueue_robots(ids)`` likewise takes a batch of one robot's messages."""
    now = now or timezone.now()
    rules = ReminderSettings.current()
    scan = uuid.uuid4()
    with transaction.atomic():
        new = [n for source in SOURCES for n in source.create(now, rules)]
        for notification in new:
            notification.scan = scan
        Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
        channels.plan(now)
        webhooks.plan_overdue(now)
        # Rows another scan is enqueuing right now are its own: skipped, not waited for.
        ids = list(
            _waiting_emails(now)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:ENQUEUE_BATCH]
        )
        Notification.objects.filter(pk__in=ids).update(email_enqueued_at=now)
        result = DispatchResult(created=_created_by(scan), enqueued=ids)
        batches = [ids[i : i + TASK_BATCH] for i in range(0, len(ids), TASK_BATCH)]
        robot_batches = (
            channels.OUTBOX.batches(now, ENQUEUE_BATCH) if enqueue_robots else []
        )
        result.robot_batches = robot_batches
        transaction.on_commit(lambda: _enqueue(batches, enqueue, now, result))
        transaction.on_commit(
            lambda: _enqueue_robots(robot_batches, enqueue_robots, now, result)
        )
    return result


def _created_by(scan):
    """What this scan inserted itself, by kind (a racing scan's are its own)."""
    return dict(
        Notification.objects.filter(scan=scan)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )


def _enqueue(batches, enqueue, now, result):
    """Hand each batch over; a batch the broker does not take goes back to the
    queue at once (the next scan enqueues it), instead of waiting out its lease."""
    for batch in batches:
        try:
            result.answers.append(enqueue(batch))
        except Exception:
            log.warning("Reminder e-mails not enqueued: %s", batch, exc_info=True)
            Notification.objects.filter(pk__in=batch, email_enqueued_at=now).update(
                email_enqueued_at=None
            )
            result.unqueued.extend(batch)


def _enqueue_robots(batches, enqueue_robots, now, result):
    """The robots' batches likewise: one the broker does not take waits for the
    next scan, and never stops the others."""
    for batch in batches:
        try:
            result.robot_answers.append(enqueue_robots(batch))
        except Exception:
            log.warning("Robot messages not enqueued: %s", batch, exc_info=True)
            channels.OUTBOX.model.objects.filter(pk__in=batch, enqueued_at=now).update(
                enqueued_at=None
            )
            result.robot_unqueued.extend(batch)


# --- Sending one e-mail ---------------------------------------------------------------


def claim(notification_ids, now):
    """Take the e-mails for sending: a token marks those no one else holds and
    that are not done; the others are left alone."""
    token = uuid.uuid4()
    claimable = Q(email_status=Email.PENDING) | Q(
        email_status=Email.SENDING, email_lease_until__lt=now
    )
    Notification.objects.filter(claimable, pk__in=notification_ids).update(
        email_status=Email.SENDING, email_claim=token, email_lease_until=now + lease()
    )
    return token


def _finish(notification_id, token, **fields):
    return Notification.objects.filter(pk=notification_id, email_claim=token).update(
        email_claim=None, email_lease_until=None, **fields
    )


def send_many(notification_ids, now=None, *, connection=None):
    """Send reminder e-mails, each once: claimed together in one conditional UPDATE,
    each finished on its own as soon as it is sent (so a crash can repeat at most
    the one in flight). Returns {notification id: resulting e-mail status}."""
    now = now or timezone.now()
    token = claim(notification_ids, now)
    claimed = _with_subjects(Notification.objects.filter(email_claim=token))
    try:
        with transaction.atomic():  # a savepoint: a failed read leaves no harm
            found = list(claimed.order_by("pk"))
    except Exception:  # a record that cannot be read: read them one by one
        found = [_one(pk, token) for pk in _claimed_ids(token)]
    results = {}
    for notification in found:
        if isinstance(notification, int):  # that one could not be read
            results[notification] = _unpreparable(notification, token)
        else:
            results[notification.pk] = _deliver(notification, token, now, connection)
    return results


def _with_subjects(notifications):
    return notifications.select_related(
        "recipient",
        "prospect",
        "follow_up__prospect",
        "follow_up__visit",
        "follow_up__assignee",
    )


def _claimed_ids(token):
    return list(
        Notification.objects.filter(email_claim=token)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _one(pk, token):
    """The notification, or its id if what it is about cannot be read."""
    try:
        with transaction.atomic():
            return _with_subjects(Notification.objects.filter(pk=pk)).get()
    except Exception:
        log.exception("Reminder %s: its record cannot be read", pk)
        return pk


def _unpreparable(pk, token, error="its record cannot be read"):
    """A reminder that no retry will send: failed at once, on record for admins,
    out of the scan's queue."""
    _finish(
        pk,
        token,
        email_status=Email.FAILED,
        email_attempts=F("email_attempts") + 1,
        email_error=f"Could not be prepared: {error}"[:2000],
    )
    return Email.FAILED


def send(notification_id, now=None, *, connection=None):
    """Send one reminder e-mail, once: its status, or None if it was not ours to send."""
    return send_many([notification_id], now, connection=connection).get(notification_id)


def _deliver(notification, token, now, connection):
    if not still_wanted(notification):
        _finish(notification.pk, token, email_status=Email.SKIPPED)
        return Email.SKIPPED
    attempts = notification.email_attempts + 1
    if not notification.recipient.email:
        _finish(
            notification.pk,
            token,
            email_attempts=attempts,
            email_status=Email.FAILED,
            email_error="The recipient has no e-mail address.",
        )
        return Email.FAILED
    try:
        message = reminder_email(notification, connection=connection)
    except Exception as error:  # the data, not the mail server: retrying is no use
        log.exception("Reminder e-mail %s cannot be prepared", notification.pk)
        return _unpreparable(notification.pk, token, f"{type(error).__name__}: {error}")
    try:
        message.send()
    except Exception as error:  # any transport failure: record it, retry later
        failed = attempts >= ReminderSettings.current().max_email_attempts
        log.warning(
            "Reminder e-mail %s failed (attempt %s): %s",
            notification.pk,
            attempts,
            error,
        )
        _finish(
            notification.pk,
            token,
            email_attempts=attempts,
            email_status=Email.FAILED if failed else Email.PENDING,
            email_next_attempt_at=now + backoff(attempts),
            email_enqueued_at=None,
            email_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return Email.FAILED if failed else Email.PENDING
    _finish(
        notification.pk,
        token,
        email_attempts=attempts,
        email_status=Email.SENT,
        email_sent_at=timezone.now(),
        email_error="",
    )
    return Email.SENT


def reminder_email(notification, *, connection=None):
    """The e-mail, in the recipient's language, with the header naming its subject
    (X-KAM-Reminder: <follow-up id>:<kind>, or X-KAM-Approach: <account id>)."""
    recipient = notification.recipient
    language = recipient.language or settings.LANGUAGE_CODE
    follow_up = notification.follow_up
    context = {
        "notification": notification,
        "follow_up": follow_up,
        "account": notification.account,
        "recipient": recipient,
        "url": settings.KAM_BASE_URL.rstrip("/") + notification.get_absolute_url(),
        # Every figure as of the scan that created the reminder (--at replays too).
        "overdue_days": max(
            0, (local_date(notification.created_at) - local_date(follow_up.due_at)).days
        )
        if follow_up
        else 0,
    }
    with translation.override(language):
        subject = render_to_string("notifications/email/reminder_subject.txt", context)
        body = render_to_string("notifications/email/reminder.txt", context)
    header, value = notification.header
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[recipient.email],
        headers={header: value},
        connection=connection,
    )
