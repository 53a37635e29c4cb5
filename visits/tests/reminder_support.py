"""Building blocks for the reminder tests: a held visit and its open follow-up."""

from datetime import datetime, timedelta

from django.utils import timezone

from prospects.models import Prospect
from visits.models import FOLLOW_UP_AFTER, FollowUp, Visit

# A fixed Wednesday morning in the team's time zone (Asia/Shanghai).
NOON = datetime(2026, 11, 18, 12, 0, tzinfo=timezone.get_current_timezone())


def follow_up_due(owner, leader, due_at, *, name=None):
    """An account of ``owner``'s, visited with ``leader``, follow-up due at ``due_at``."""
    prospect = Prospect.objects.create(
        name=name or f"Account due {due_at:%Y%m%d%H%M%S%f}",
        team=owner.team,
        owner=owner,
    )
    held_at = due_at - FOLLOW_UP_AFTER
    visit = Visit.objects.create(
        prospect=prospect,
        lead_visitor=leader,
        planned_at=held_at,
        held_at=held_at,
        place="Head office",
        status=Visit.Status.HELD,
        talking_points="Our offer",
        customer_views="Interested",
        created_by=owner,
    )
    visit.co_visitors.add(owner)
    return FollowUp.objects.create(
        visit=visit, prospect=prospect, assignee=owner, due_at=due_at
    )


def days(n):
    return timedelta(days=n)
