from celery import shared_task

from prospects.imports import batches
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


@shared_task(soft_time_limit=900, time_limit=960)
def run_import(batch_id):
    """Check or write a large import (prospects.imports.batches): claimed by its
    state, so a second delivery does nothing."""
    batches.run(batch_id)
