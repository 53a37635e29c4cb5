"""Writes to notifications: reading them. Reminders are created by the scan
(``notifications.reminders``), never by a page."""

from django.utils import timezone

from notifications.models import Notification


def notification_mark_read(*, notification):
    """Mark one notification read; reading it again changes nothing."""
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user):
    """Mark every unread notification of ``user`` read; how many there were."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def notifications_settle_follow_up(*, follow_up):
    """The follow-up was logged: the reminders already sent about it leave the
    unread count (the scan stops sending them, see visits.reminders)."""
    Notification.objects.filter(follow_up=follow_up).unread().update(
        read_at=timezone.now()
    )
