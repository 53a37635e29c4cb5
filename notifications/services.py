"""Writes to notifications: reading them, a team's chat robots, a person's reminder
preferences. Reminders are created by the scan (``notifications.reminders``),
never by a page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import user_set_mobile
from notifications.models import MutedEmail, Notification
from notifications.outbound import Status


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


@transaction.atomic
def channel_save(*, channel, kinds, address="", secret=None, actor=None):
    """Add or change a team's chat robot. An empty ``address`` keeps the stored
    one; ``secret`` None keeps the stored secret, "" removes it."""
    if address:
        channel.set_address(address)
    elif channel.pk is None:
        raise ValidationError({"address": _("Enter the robot's webhook address.")})
    if secret is not None:
        channel.set_secret(secret)
    channel.set_kinds(kinds)
    if channel.pk is None:
        channel.created_by = actor
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def channel_delete(*, channel):
    """Remove a robot; its messages waiting to be sent go with it, and an e-mail
    muted for one of them is sent after all."""
    Notification.objects.filter(
        email_status=Notification.Email.MUTED,
        channel_deliveries__channel=channel,
        channel_deliveries__status__in=[Status.PENDING, Status.SENDING],
    ).update(
        email_status=Notification.Email.PENDING,
        email_next_attempt_at=timezone.now(),
        email_enqueued_at=None,
    )
    channel.delete()


@transaction.atomic
def reminder_preferences_save(*, user, mobile, muted_kinds):
    """The number robots @-mention the user by, and the reminder kinds they read in
    the team's chat instead of by e-mail."""
    user_set_mobile(user=user, mobile=mobile)
    MutedEmail.objects.filter(user=user).exclude(kind__in=muted_kinds).delete()
    MutedEmail.objects.bulk_create(
        [MutedEmail(user=user, kind=kind) for kind in muted_kinds],
        ignore_conflicts=True,
    )


@transaction.atomic
def webhook_endpoint_save(*, endpoint, events, url="", secret=""):
    """Register or change an outgoing webhook endpoint. An empty ``url`` or
    ``secret`` keeps the stored one; a new endpoint needs both."""
    if url:
        endpoint.set_url(url)
    if secret:
        endpoint.set_secret(secret)
    if not endpoint.sealed_url or not endpoint.sealed_secret:
        raise ValidationError(_("Give the endpoint's address and signing secret."))
    endpoint.set_events(events)
    endpoint.full_clean()
    endpoint.save()
    return endpoint
