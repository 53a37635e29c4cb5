"""Robot messages have the e-mail's guarantees: sent once, retried with backoff on
a platform error code or no answer, recorded as failed for an admin to retry, at
the rate the platform allows; one failing robot never holds up another or e-mail."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import channels, reminders, services
from notifications.models import (
    Channel,
    ChannelDelivery,
    MutedEmail,
    Notification,
    ReminderSettings,
)
from notifications.outbound import Status, backoff
from visits.tests.reminder_support import NOON, follow_up_due

Email = Notification.Email


@pytest.fixture
def scan_at(django_capture_on_commit_callbacks):
    """The scan at ``moment``, sending from this process as of that moment (fine
    for WeCom, whose robots check no timestamp)."""

    def _scan(moment):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.dispatch(
                moment,
                enqueue=lambda ids: reminders.send_many(ids, moment),
                enqueue_robots=lambda ids: channels.send_many(ids, moment),
            )

    return _scan


def _delivery(channel):
    return ChannelDelivery.objects.get(channel=channel)


def test_a_platform_error_code_is_retried_then_recorded_as_failed(
    rep, supervisor, manager, add_robot, scan_at, mailoutbox
):
    rules = ReminderSettings.current()
    rules.max_robot_attempts = 3
    rules.save()
    channel, robot = add_robot("wecom", error=45009)  # WeCom: over the rate limit
    follow_up_due(rep, supervisor, NOON)
    moment = NOON
    scan_at(moment)
    assert _delivery(channel).status == Status.PENDING
    # Before the backoff the scan leaves it; after it, it is tried again.
    assert scan_at(moment + backoff(1) / 2).robot_batches == []
    for attempt in (1, 2):
        moment += backoff(attempt)
        assert scan_at(moment).robot_batches == [[_delivery(channel).pk]]
    delivery = _delivery(channel)
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 3)
    assert "errcode 45009" in delivery.error
    assert len(robot.refused) == 3
    assert scan_at(moment + timedelta(hours=1)).robot_batches == []
    assert len(mailoutbox) == 1  # the e-mail went out regardless, once


def test_admins_see_failed_robot_messages_and_retry_them(
    rep, supervisor, manager, admin_user, add_robot, scan_at, client
):
    channel, robot = add_robot("wecom", error=93000)
    follow_up_due(rep, supervisor, NOON)
    scan_at(NOON)
    ChannelDelivery.objects.update(status=Status.FAILED)
    client.force_login(admin_user)
    changelist = reverse("admin:notifications_channeldelivery_changelist")
    page = client.get(changelist, {"status": "failed"}).content.decode()
    assert "errcode 93000" in page
    assert robot.token not in page  # the address's token is never shown
    response = client.post(
        changelist,
        {"action": "retry", "_selected_action": [_delivery(channel).pk]},
        follow=True,
    )
    assert "will be retried by the next scan" in response.content.decode()
    robot.error = None
    # The retry is for the next scan, whenever that runs.
    (retried,) = ChannelDelivery.objects.filter(status=Status.PENDING)
    scan_at(timezone.now())
    retried.refresh_from_db()
    assert retried.status == Status.SENT
    assert len(robot.received) >= 1


def test_one_failing_robot_does_not_hold_up_another(
    rep, supervisor, manager, add_robot, scan_at
):
    failing, _ = add_robot("wecom", error=-1)
    working, robot = add_robot("wecom")
    follow_up_due(rep, supervisor, NOON)
    result = scan_at(NOON)
    assert len(result.robot_batches) == 2  # a task per robot
    assert _delivery(failing).status == Status.PENDING
    assert _delivery(working).status == Status.SENT
    assert len(robot.received) == 1


def test_a_slow_robot_times_out_without_holding_up_email(
    rep, supervisor, manager, add_robot, scan_at, mailoutbox
):
    _channel, robot = add_robot("wecom", delay=3)  # the timeout is 1 s
    for n in range(3):
        follow_up_due(rep, supervisor, NOON, name=f"Slow {n}")
    scan_at(NOON)
    assert len(mailoutbox) == 3
    errors = list(ChannelDelivery.objects.order_by("pk").values_list("status", "error"))
    assert {status for status, _error in errors} == {Status.PENDING}
    assert "timed out" in errors[0][1]
    # After one timeout the rest of the robot's batch was not tried: one wait, not three.
    assert all("not tried, just after" in error for _status, error in errors[1:])
    assert robot.received == []


def test_a_dead_robot_is_retried_later_and_email_goes_out(
    rep, supervisor, manager, scan_at, mailoutbox, settings
):
    settings.KAM_WEBHOOK_HOSTS = [*settings.KAM_WEBHOOK_HOSTS, "127.0.0.1"]
    channel = services.channel_save(
        channel=Channel(team=rep.team, kind="wecom", name="Nobody home"),
        kinds=["due"],
        address="http://127.0.0.1:9/cgi-bin/webhook/send?key=gone",
    )
    follow_up_due(rep, supervisor, NOON)
    scan_at(NOON)
    delivery = _delivery(channel)
    assert delivery.status == Status.PENDING
    assert "127.0.0.1 did not answer" in delivery.error
    assert "gone" not in delivery.error  # the token stays out of the record
    assert len(mailoutbox) == 1


def test_a_robot_takes_twenty_messages_a_minute_and_the_rest_wait(
    rep, supervisor, manager, add_robot, scan_at
):
    _channel, robot = add_robot("wecom")
    for n in range(25):
        follow_up_due(rep, supervisor, NOON, name=f"Busy {n}")
    result = scan_at(NOON)
    assert len(robot.received) == 20
    waiting = ChannelDelivery.objects.filter(status=Status.PENDING)
    assert waiting.count() == 5
    assert {d.next_attempt_at for d in waiting} == {NOON + timedelta(minutes=1)}
    assert sum(map(len, result.robot_batches)) == 25
    # A minute later (the task comes back for them, or the scan does) they go.
    channels.send_many(
        list(waiting.values_list("pk", flat=True)), NOON + timedelta(minutes=1)
    )
    assert len(robot.received) == 25
    assert ChannelDelivery.objects.filter(status=Status.SENT).count() == 25


def test_a_feishu_robot_takes_five_a_second(rep, supervisor, manager, add_robot):
    _channel, robot = add_robot("feishu")
    for n in range(7):
        follow_up_due(rep, supervisor, NOON, name=f"Quick {n}")
    reminders.dispatch(NOON, enqueue=lambda ids: None)
    ids = list(ChannelDelivery.objects.values_list("pk", flat=True))
    _outcomes, deferred = channels.send_many(ids, NOON)
    assert (len(robot.received), len(deferred)) == (5, 2)


def test_a_logged_follow_up_is_not_posted(rep, supervisor, manager, add_robot, scan_at):
    channel, robot = add_robot("wecom")
    follow_up = follow_up_due(rep, supervisor, NOON)
    reminders.dispatch(NOON, enqueue=lambda ids: None)
    follow_up.status = follow_up.Status.DONE
    follow_up.save()
    channels.send_many(list(ChannelDelivery.objects.values_list("pk", flat=True)), NOON)
    assert _delivery(channel).status == Status.SKIPPED
    assert robot.received == []


def test_a_host_no_longer_allowed_is_refused_at_send_time(
    rep, supervisor, manager, add_robot, scan_at, settings
):
    channel, robot = add_robot("wecom")
    follow_up_due(rep, supervisor, NOON)
    settings.KAM_WEBHOOK_HOSTS = ["qyapi.weixin.qq.com"]
    scan_at(NOON)
    delivery = _delivery(channel)
    assert delivery.status == Status.FAILED  # no retry can help
    assert "not a host robots may be reached on" in delivery.error
    assert robot.received == robot.refused == []


def test_a_robot_added_later_gets_no_old_reminders(
    rep, supervisor, manager, add_robot, scan_at
):
    follow_up_due(rep, supervisor, NOON)
    scan_at(NOON)
    _channel, robot = add_robot("wecom")
    scan_at(NOON + timedelta(minutes=5))
    assert robot.received == []


# --- Muting e-mail for what the team's robot carries -------------------------------


def test_a_muted_kind_reaches_the_chat_but_not_the_mailbox(
    rep, supervisor, manager, add_robot, scan_at, mailoutbox
):
    _channel, robot = add_robot("wecom", kinds=["due"])
    MutedEmail.objects.create(user=rep, kind="due")
    follow_up_due(rep, supervisor, NOON)
    scan_at(NOON)
    assert len(robot.received) == 1
    assert mailoutbox == []
    assert Notification.objects.get().email_status == Email.MUTED


def test_muting_a_kind_no_robot_carries_changes_nothing(
    rep, supervisor, manager, add_robot, scan_at, mailoutbox
):
    add_robot("wecom", kinds=["escalation"])
    MutedEmail.objects.create(user=rep, kind="due")
    follow_up_due(rep, supervisor, NOON)
    scan_at(NOON)
    assert len(mailoutbox) == 1


def test_when_the_robot_gives_up_the_muted_email_goes_out_after_all(
    rep, supervisor, manager, add_robot, scan_at, mailoutbox
):
    rules = ReminderSettings.current()
    rules.max_robot_attempts = 1
    rules.save()
    add_robot("wecom", kinds=["due"], error=93000)
    MutedEmail.objects.create(user=rep, kind="due")
    follow_up_due(rep, supervisor, NOON)
    scan_at(NOON)
    assert mailoutbox == []
    scan_at(NOON + timedelta(minutes=5))
    assert len(mailoutbox) == 1
    assert Notification.objects.get().email_status == Email.SENT


def test_removing_a_robot_sends_the_emails_muted_for_its_waiting_messages(
    rep, supervisor, manager, add_robot, mailoutbox, scan_at
):
    channel, _robot = add_robot("wecom", kinds=["due"])
    MutedEmail.objects.create(user=rep, kind="due")
    follow_up_due(rep, supervisor, NOON)
    reminders.dispatch(NOON, enqueue=lambda ids: None)
    assert Notification.objects.get().email_status == Email.MUTED
    services.channel_delete(channel=channel)
    scan_at(timezone.now())  # whenever the next scan runs
    assert Notification.objects.get(kind="due").email_status == Email.SENT


def test_a_batch_that_runs_out_of_time_puts_the_rest_back(
    rep, supervisor, manager, add_robot
):
    _channel, robot = add_robot("wecom")
    for n in range(3):
        follow_up_due(rep, supervisor, NOON, name=f"Late {n}")
    reminders.dispatch(NOON, enqueue=lambda ids: None)
    ids = list(ChannelDelivery.objects.values_list("pk", flat=True))
    _outcomes, deferred = replace(channels.OUTBOX, budget=0).send_many(ids, NOON)
    assert sorted(deferred) == sorted(ids)
    assert robot.received == []
    assert set(ChannelDelivery.objects.values_list("status", "attempts")) == {
        (Status.PENDING, 0)
    }
