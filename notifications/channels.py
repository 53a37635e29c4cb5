"""Reminders in the team's group chat: 企业微信, 钉钉 and 飞书 robots.

The scan (``notifications.reminders.dispatch``) calls ``plan(now)`` in its
transaction: every notification it has just created gets a ``ChannelDelivery`` for
each robot of the account's team that carries its kind (unique per notification
and robot, so racing scans make it once), and the e-mail of a recipient who muted
that kind is not sent. Delivery is ``OUTBOX`` (``notifications.outbound``): claimed
with a lease, rate-limited per robot, retried with backoff, recorded as failed —
and then the muted e-mail goes out after all, so no reminder is lost.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications import secrets
from notifications.http import DeliveryError, post_json
from notifications.models import (
    Channel,
    ChannelDelivery,
    MutedEmail,
    Notification,
    ReminderSettings,
)
from notifications.outbound import Outbox
from notifications.robots import RobotMessage
from notifications.sources import local_date, still_wanted

Email = Notification.Email
Kind = Notification.Kind


class CredentialsLost(DeliveryError):
    permanent = True


def plan(now):
    """Robot messages for the notifications created at ``now``; mute their e-mails."""
    teams = {}
    for channel in Channel.objects.all():
        teams.setdefault(channel.team_id, []).append(channel)
    if not teams:
        return
    rows = Notification.objects.filter(created_at=now).values_list(
        "pk", "kind", "follow_up__prospect__team_id", "prospect__team_id"
    )
    deliveries = [
        ChannelDelivery(notification_id=pk, channel=channel, next_attempt_at=now)
        for pk, kind, follow_up_team, account_team in rows
        for channel in teams.get(follow_up_team or account_team, ())
        if channel.carries(kind)
    ]
    ChannelDelivery.objects.bulk_create(
        deliveries, ignore_conflicts=True, batch_size=2000
    )
    muted = MutedEmail.objects.filter(user=OuterRef("recipient"), kind=OuterRef("kind"))
    carried = ChannelDelivery.objects.filter(notification=OuterRef("pk"))
    Notification.objects.filter(
        Exists(muted), Exists(carried), created_at=now, email_status=Email.PENDING
    ).update(email_status=Email.MUTED)


def reminder_message(notification, now):
    """The reminder as the team's robot says it, in the active language."""
    follow_up, account = notification.follow_up, notification.account
    context = {
        "notification": notification,
        "follow_up": follow_up,
        "account": account,
    }
    title = " ".join(
        render_to_string("notifications/email/reminder_title.txt", context).split()
    )
    facts = [(_("Key account"), account.name)]
    mobiles = []
    if follow_up:
        facts += [
            (_("Follows up"), str(follow_up.assignee)),
            (_("Due"), date_format(timezone.localtime(follow_up.due_at), "Y-m-d")),
        ]
        if notification.kind == Kind.ESCALATION:
            late = (local_date(now) - local_date(follow_up.due_at)).days
            facts.append((_("Days overdue"), str(max(0, late))))
            people = (follow_up.assignee, notification.recipient)
            mobiles = list(dict.fromkeys(p.mobile for p in people if p.mobile))
        link_text = _("Open the follow-up")
    else:
        facts += [
            (_("Owner"), str(account.owner)),
            (_("Approach again on"), date_format(notification.due_on, "Y-m-d")),
        ]
        link_text = _("Open the account")
    return RobotMessage(
        title=title,
        facts=facts,
        url=settings.KAM_BASE_URL.rstrip("/") + notification.get_absolute_url(),
        link_text=link_text,
        mobiles=mobiles,
    )


def test_message(channel):
    labels = ", ".join(str(label) for label in channel.get_kinds_display())
    return RobotMessage(
        title=_("KAM test message"),
        facts=[
            (_("Team"), channel.team.name),
            (_("Robot"), channel.name),
            (_("Reminders it carries"), labels or _("none yet")),
        ],
        url=settings.KAM_BASE_URL.rstrip("/") + reverse("notifications:channels"),
        link_text=_("Open the team's chat robots"),
    )


def post(channel, message, now):
    """Post ``message`` to the robot; the platform's answer in a line."""
    try:
        address, secret = channel.address, channel.secret
    except secrets.Unreadable as error:
        raise CredentialsLost(str(error)) from None
    url, body = channel.platform.request(address, secret, message, now)
    return channel.platform.outcome(post_json(url, body))


def send_test(channel):
    """Send a test message now (no retry): the platform's answer, or DeliveryError."""
    with translation.override(channel.language):
        message = test_message(channel)
    answer = post(channel, message, timezone.now())
    Channel.objects.filter(pk=channel.pk).update(last_answer=answer[:500])
    return answer


def _send(delivery, now):
    with translation.override(delivery.channel.language):
        message = reminder_message(delivery.notification, now)
    return post(delivery.channel, message, now)


def _fall_back_to_email(delivery, now):
    """The robot gave up: a muted e-mail is sent after all."""
    Notification.objects.filter(
        pk=delivery.notification_id, email_status=Email.MUTED
    ).update(
        email_status=Email.PENDING,
        email_next_attempt_at=now,
        email_enqueued_at=None,
    )


def lease():
    return timedelta(seconds=settings.KAM_REMINDER_LEASE_SECONDS)


OUTBOX = Outbox(
    model=ChannelDelivery,
    target="channel",
    send=_send,
    limits=lambda channel: channel.platform.LIMITS,
    lease=lease,
    max_attempts=lambda: ReminderSettings.current().max_robot_attempts,
    still_wanted=lambda delivery: still_wanted(delivery.notification),
    on_failed=_fall_back_to_email,
    related=(
        "channel__team",
        "notification__recipient",
        "notification__prospect__owner",
        "notification__follow_up__prospect",
        "notification__follow_up__visit",
        "notification__follow_up__assignee",
    ),
)


def send_many(ids, now=None):
    """Send these robot messages, each once; see ``Outbox.send_many``."""
    return OUTBOX.send_many(ids, now)
