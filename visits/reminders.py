"""The one-week follow-up's reminders, a source for ``notifications.reminders``.

For every open follow-up, the reminder the rep should have by now: ``upcoming``
from two days before the due date, ``due`` on the day, ``overdue`` from the day
after; and the manager's ``escalation`` once the grace period has passed. After
downtime only the latest rep reminder is created: an ``upcoming`` nobody saw is
pointless once ``overdue`` applies.
"""

import logging
from datetime import timedelta

from accounts.models import Role, User
from kam.dates import EARLIEST
from notifications.models import Notification
from notifications.reminders import Source, local_date, start_of
from visits.models import FollowUp, due_state

log = logging.getLogger(__name__)

Kind = Notification.Kind
REP_KINDS = [Kind.UPCOMING, Kind.DUE, Kind.OVERDUE]  # in the order they supersede


def rep_kind(due_at, now, rules):
    """The reminder the rep should have at ``now``, or None before the window opens
    (due today and overdue as everywhere else: visits.models.due_state)."""
    state = due_state(due_at, now)
    if state == "overdue":
        return Kind.OVERDUE
    if state == "today":
        return Kind.DUE
    if (local_date(due_at) - local_date(now)).days <= rules.upcoming_days:
        return Kind.UPCOMING
    return None


def escalates(due_at, now, rules):
    return now >= due_at + timedelta(days=rules.escalation_grace_days)


def _managers_by_team():
    return dict(
        User.objects.filter(role=Role.MANAGER, is_active=True).values_list(
            "team_id", "pk"
        )
    )


def create(now, rules):
    window_end = start_of(local_date(now) + timedelta(days=rules.upcoming_days + 1))
    # A due date stored before the date windows (year 1) is left out, not read:
    # it would fail the scan for everyone.
    candidates = FollowUp.objects.open().filter(
        due_at__lt=window_end, due_at__gte=start_of(EARLIEST)
    )
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


def _notification(follow_up_id, kind, recipient_id, now):
    return Notification(
        follow_up_id=follow_up_id,
        kind=kind,
        recipient_id=recipient_id,
        created_at=now,
        email_next_attempt_at=now,
    )


def still_wanted(notification):
    """Logging the follow-up stops all of its reminders."""
    return notification.follow_up.is_open


SOURCE = Source(
    kinds=(*REP_KINDS, Kind.ESCALATION), create=create, still_wanted=still_wanted
)
