from celery import shared_task

from prospects.services import prospects_rescore_all


@shared_task
def rescore_all_prospects():
    """Recompute every account's stored assessment (after the weights change)."""
    return prospects_rescore_all()
