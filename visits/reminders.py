"""The one-week follow-up reminders: which are due, and getting each out exactly once.

What is due lives in the database (FollowUp.due_at); nothing waits in the broker on
a long countdown. Celery beat runs ``dispatch`` every few minutes; so does
``manage.py dispatch_reminders [--at]``. A dispatch:

1. works out, for every open follow-up, the reminder the rep should have by now —
   ``upcoming`` from two days before the due date, ``due`` on the day, ``overdue``
   from the day after — and the manager's ``escalation`` once the grace period has
   passed. After downtime only the latest rep reminder is created: an ``upcoming``
   nobody saw is pointless once ``overdue`` applies.
2. inserts each as a Notification; the unique (follow-up, kind) pair makes racing
   dispatches create it once;
3. enqueues, after commit and by id, the e-mail of every notification waiting to be
   sent — including one whose sender died mid-send and whose lease has run out.

The e-mail task claims its notification with a conditional UPDATE (a lease), so a
task delivered twice sends once; failures go back to the queue with exponential
backoff until the attempts run out and the failure is recorded for admins.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Role, User
from visits.models import FollowUp, Notification, ReminderSettings

log = logging.getLogger(__name__)

Kind = Notification.Kind
Email = Notification.Email
REP_KINDS = [Kind.UPCOMING, Kind.DUE, Kind.OVERDUE]  # in the order they supersede
ENQUEUE_BATCH = 20000  # per scan; the next scan takes the rest after a long outage
TASK_BATCH = 50  # e-mails per task, sent over one mail connection


def lease():
    return timedelta(seconds=settings.KAM_REMINDER_LEASE_SECONDS)


def _local_date(moment):
    return timezone.localtime(moment).date()


def _start_of(day):
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def rep_kind(due_at, now, rules):
    """The reminder the rep should have at ``now``, or None before the window opens."""
    today, due = _local_date(now), _local_date(due_at)
    if today > due:
        return Kind.OVERDUE
    if today == due:
        return Kind.DUE
    if (due - today).days <= rules.upcoming_days:
        return Kind.UPCOMING
    return None


def escalates(due_at, now, rules):
    return now >= due_at + timedelta(days=rules.escalation_grace_days)


@dataclass
class DispatchResult:
    created: dict
    enqueued: list

    @property
    def total_created(self):
        return sum(self.created.values())


def _managers_by_team():
    return dict(
        User.objects.filter(role=Role.MANAGER, is_active=True).values_list(
            "team_id", "pk"
        )
    )


@dataclass(frozen=True)
class Source:
    """Where reminders come from: ``create(now, rules)`` lists the new ones due,
    ``still_wanted(notification)`` says whether one waiting to be sent still is."""

    kinds: tuple
    create: object
    still_wanted: object


SOURCES = []


def register_source(source):
    """Other apps add reminders of their own (devlog: approach an account again)."""
    SOURCES.append(source)


def _follow_up_reminders(now, rules):
    window_end = _start_of(_local_date(now) + timedelta(days=rules.upcoming_days + 1))
    candidates = FollowUp.objects.open().filter(due_at__lt=window_end)
    existing = {}
    for follow_up_id, kind in Notification.objects.filter(
        follow_up__in=candidates
    ).values_list("follow_up_id", "kind"):
        existing.setdefault(follow_up_id, set()).add(kind)
    managers = _managers_by_team()
    new = []
    rows = candidates.values_list("pk", "due_at", "assignee_id", "prospect__team_id")
    for follow_up_id, due_at, assignee_id, team_id in rows.iterator(chunk_size=2000):
        have = existing.get(follow_up_id, set())
        kind = rep_kind(due_at, now, rules)
        if kind and not have & set(REP_KINDS[REP_KINDS.index(kind) :]):
            new.append(_notification(follow_up_id, kind, assignee_id, now))
        manager_id = managers.get(team_id)
        if Kind.ESCALATION not in have and escalates(due_at, now, rules):
            if manager_id:
                new.append(
                    _notification(follow_up_id, Kind.ESCALATION, manager_id, now)
                )
            else:
                log.warning(
                    "Follow-up %s is overdue but its team has no manager.", follow_up_id
                )
    return new


def _follow_up_open(notification):
    """Logging the follow-up stops all of its reminders."""
    return notification.follow_up.is_open


register_source(
    Source(
        kinds=(*REP_KINDS, Kind.ESCALATION),
        create=_follow_up_reminders,
        still_wanted=_follow_up_open,
    )
)


def _notification(follow_up_id, kind, recipient_id, now):
    return Notification(
        follow_up_id=follow_up_id,
        kind=kind,
        recipient_id=recipient_id,
        created_at=now,
        email_next_attempt_at=now,
    )


def _waiting_emails(now):
    """Notifications whose e-mail should be (re)enqueued at ``now``."""
    stale = now - lease()
    waiting = Q(email_status=Email.PENDING, email_next_attempt_at__lte=now) & (
        Q(email_enqueued_at__isnull=True) | Q(email_enqueued_at__lt=stale)
    )
    abandoned = Q(email_status=Email.SENDING, email_lease_until__lt=now)
    return Notification.objects.filter(waiting | abandoned)


def dispatch(now=None, *, enqueue=None):
    """One scan: create the reminders due at ``now`` and enqueue their e-mails,
    ``enqueue(ids)`` taking a batch of notification ids at a time."""
    from visits.tasks import send_reminder_emails

    now = now or timezone.now()
    enqueue = enqueue or send_reminder_emails.delay
    rules = ReminderSettings.current()
    with transaction.atomic():
        new = [n for source in SOURCES for n in source.create(now, rules)]
        Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
        ids = list(
            _waiting_emails(now)
            .order_by("pk")
            .values_list("pk", flat=True)[:ENQUEUE_BATCH]
        )
        Notification.objects.filter(pk__in=ids).update(email_enqueued_at=now)
        batches = [ids[i : i + TASK_BATCH] for i in range(0, len(ids), TASK_BATCH)]
        transaction.on_commit(lambda: [enqueue(batch) for batch in batches])
    created = {}
    for notification in new:
        created[notification.kind] = created.get(notification.kind, 0) + 1
    return DispatchResult(created=created, enqueued=ids)


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


def _still_wanted(notification):
    for source in SOURCES:
        if notification.kind in source.kinds:
            return source.still_wanted(notification)
    return False


def backoff(attempts):
    """1, 2, 4 … minutes after each failed attempt, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def send_many(notification_ids, now=None, *, connection=None):
    """Send reminder e-mails, each once: claimed together in one conditional UPDATE,
    each finished on its own as soon as it is sent (so a crash can repeat at most
    the one in flight). Returns {notification id: resulting e-mail status}."""
    now = now or timezone.now()
    token = claim(notification_ids, now)
    claimed = Notification.objects.filter(email_claim=token).select_related(
        "recipient",
        "prospect",
        "follow_up__prospect",
        "follow_up__visit",
        "follow_up__assignee",
    )
    return {n.pk: _deliver(n, token, now, connection) for n in claimed.order_by("pk")}


def send(notification_id, now=None, *, connection=None):
    """Send one reminder e-mail, once: its status, or None if it was not ours to send."""
    return send_many([notification_id], now, connection=connection).get(notification_id)


def _deliver(notification, token, now, connection):
    if not _still_wanted(notification):
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
        reminder_email(notification, now, connection=connection).send()
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


def reminder_email(notification, now, *, connection=None):
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
        "overdue_days": max(0, (_local_date(now) - _local_date(follow_up.due_at)).days)
        if follow_up
        else 0,
    }
    with translation.override(language):
        subject = render_to_string("visits/email/reminder_subject.txt", context)
        body = render_to_string("visits/email/reminder.txt", context)
    header, value = notification.header
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[recipient.email],
        headers={header: value},
        connection=connection,
    )
