"""Visits and follow-ups on the group page (prospects.groups.register_rollup)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from visits.models import FollowUp, Visit


def group_figures(members, user):
    """Over the group's members the user may see: two aggregate queries."""
    now = timezone.now()
    visits = Visit.objects.filter(prospect__in=members).aggregate(
        held=Count(
            "pk",
            filter=Q(status=Visit.Status.HELD, held_at__gte=now - timedelta(days=365)),
        ),
        planned=Count("pk", filter=Q(status=Visit.Status.PLANNED, planned_at__gte=now)),
    )
    follow_ups = FollowUp.objects.filter(prospect__in=members).aggregate(
        done=Count("pk", filter=Q(status=FollowUp.Status.DONE)),
        open=Count("pk", filter=Q(status=FollowUp.Status.OPEN)),
        overdue=Count(
            "pk", filter=Q(pk__in=FollowUp.objects.overdue(now).values("pk"))
        ),
    )
    return {"visits": visits, "follow_ups": follow_ups}
