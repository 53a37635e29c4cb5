"""Outcomes on the group page (prospects.groups.register_rollup)."""

from django.db.models import Count, Q

from devlog.models import Outcome


def group_figures(members, user):
    """The members' current outcomes, by result: one aggregate query."""
    current = Outcome.objects.filter(prospect__in=members, restored_at__isnull=True)
    counts = current.aggregate(
        **{
            value: Count("pk", filter=Q(result=value))
            for value, _label in Outcome.Result.choices
        }
    )
    return {
        "outcomes": [(label, counts[value]) for value, label in Outcome.Result.choices]
    }
