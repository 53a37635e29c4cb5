"""The "approach again" reminder: on the day chosen in a failure review, the
account's owner is reminded to try again. It rides on the follow-up reminders'
scan and delivery (notifications.reminders), so it too goes out once."""

from django.utils import timezone

from devlog.models import Outcome
from notifications.models import Notification
from notifications.reminders import Source
from prospects.models import Prospect

RESTING = (Prospect.Status.LOST, Prospect.Status.DORMANT)
KIND = Notification.Kind.APPROACH_AGAIN


def _due(now):
    return Outcome.objects.filter(
        approach_again_on__lte=timezone.localtime(now).date(),
        restored_at__isnull=True,
        result__in=(Outcome.Result.LOST, Outcome.Result.NOT_YET),
        prospect__status__in=RESTING,
    )


def create(now, rules):
    due = list(
        _due(now).values_list("prospect_id", "approach_again_on", "prospect__owner_id")
    )
    sent = set(
        Notification.objects.filter(
            kind=KIND, prospect_id__in=[prospect_id for prospect_id, *_ in due]
        ).values_list("prospect_id", "due_on")
    )
    return [
        Notification(
            prospect_id=prospect_id,
            kind=KIND,
            due_on=day,
            recipient_id=owner_id,
            created_at=now,
            email_next_attempt_at=now,
        )
        for prospect_id, day, owner_id in due
        if (prospect_id, day) not in sent
    ]


def still_wanted(notification):
    """Not if the account was restored, won, or given another date meanwhile."""
    outcome = Outcome.objects.filter(prospect_id=notification.prospect_id).first()
    return bool(
        outcome
        and outcome.is_current
        and outcome.approach_again_on == notification.due_on
        and notification.prospect.status in RESTING
    )


SOURCE = Source(kinds=(KIND,), create=create, still_wanted=still_wanted)
