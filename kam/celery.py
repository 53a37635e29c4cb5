"""The Celery app: configured from Django settings (CELERY_*), tasks found per app."""

import logging
import os
from datetime import UTC, datetime, timedelta

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")
logger = logging.getLogger(__name__)

#: Work due later than this belongs in the database, found by a periodic scan:
#: a Redis broker re-delivers long countdowns after its visibility timeout and
#: loses them on restart.
MAX_DELAY = timedelta(minutes=5)


class ShortDelayTask(Task):
    """Refuses to put a task on the broker with a countdown or eta beyond MAX_DELAY."""

    def apply_async(
        self, args=None, kwargs=None, *, countdown=None, eta=None, **options
    ):
        delay = timedelta(seconds=countdown) if countdown is not None else None
        if eta is not None:
            eta_utc = eta if eta.tzinfo else eta.replace(tzinfo=UTC)
            delay = eta_utc - datetime.now(UTC)
        if delay is not None and delay > MAX_DELAY:
            raise ValueError(
                f"{self.name}: a delay of {delay} exceeds {MAX_DELAY}; "
                "keep what is due in the database and let the periodic scan find it."
            )
        return super().apply_async(
            args, kwargs, countdown=countdown, eta=eta, **options
        )


def enqueue(task, *args):
    """Put ``task`` on the broker now; False if the broker cannot be reached. Call
    it only for work whose need is kept in the database, so that a periodic scan
    queues it again: the request or the scan goes on, and nothing is lost."""
    try:
        task.apply_async(args, retry=False)
    except Exception:  # the broker's outage is logged, not the caller's failure
        logger.warning(
            "The broker is unreachable; %s waits for the next scan",
            task.name,
            exc_info=True,
        )
        return False
    return True


app = Celery("kam", task_cls=ShortDelayTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
