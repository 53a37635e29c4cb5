"""When accounts change hands (prospects.moves): the unread reminders about them
go to the new owner, and the new owner finds each account in the bell. A notice
lives in the app only: its e-mail is never sent."""

from django.db.models import Q
from django.utils import timezone

from notifications.models import Notification

Kind = Notification.Kind


def move_reminders(handed):
    now = timezone.now()
    for old_owner, account_ids in handed.by_previous_owner().items():
        about = Q(follow_up__prospect_id__in=account_ids) | Q(
            prospect_id__in=account_ids
        )
        Notification.objects.filter(
            about, recipient_id=old_owner, read_at__isnull=True
        ).exclude(kind__in=[Kind.ESCALATION, Kind.HANDED_OVER]).update(
            recipient=handed.to
        )
    Notification.objects.bulk_create(
        [
            Notification(
                prospect_id=account_id,
                kind=Kind.HANDED_OVER,
                recipient=handed.to,
                created_at=now,
                email_status=Notification.Email.SKIPPED,
                email_next_attempt_at=now,
            )
            for account_id in handed.account_ids
        ]
    )
