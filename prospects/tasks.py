from celery import shared_task

from prospects.services import (
    prospects_rescore_all,
    prospects_rescore_if_weights_changed,
)


@shared_task
def rescore_all_prospects():
    """Recompute every account's stored assessment (after the weights change)."""
    return prospects_rescore_all()


@shared_task
def rescore_if_weights_changed():
    """Beat runs this every few minutes: the rescore whose task was lost, if any."""
    return prospects_rescore_if_weights_changed()
