"""A reminder reaches each platform's robot in that platform's own format, signed
where the robot is, naming the account, who follows up, the due date and the link."""

import pytest
from django.utils import timezone

from notifications import channels, services
from notifications.models import ChannelDelivery
from notifications.outbound import Status
from visits.tests.reminder_support import days, follow_up_due

PLATFORMS = [("wecom", ""), ("dingtalk", "SEC0a+b/c=d"), ("feishu", "fs-secret+/=")]


def _text(kind, body):
    """What a person reads in the group, whatever the message type."""
    if kind == "wecom":
        return body.get("markdown", body.get("text", {})).get("content")
    if kind == "dingtalk":
        return body["markdown"]["text"]
    card = body["card"]
    return (
        card["header"]["title"]["content"]
        + "\n"
        + card["elements"][0]["text"]["content"]
    )


@pytest.mark.parametrize(("kind", "secret"), PLATFORMS)
def test_a_due_follow_up_reaches_the_robot_in_its_format(
    rep, supervisor, manager, add_robot, scan, kind, secret
):
    channel, robot = add_robot(kind, secret=secret)
    follow_up = follow_up_due(rep, supervisor, timezone.now(), name="华鑫精密机械")
    scan()
    (body,) = robot.received
    assert robot.refused == []
    shape = {"wecom": ("msgtype", "markdown"), "dingtalk": ("msgtype", "markdown"),
             "feishu": ("msg_type", "interactive")}[kind]  # fmt: skip
    assert body[shape[0]] == shape[1]
    text = _text(kind, body)
    assert "Follow up 华鑫精密机械 today" in text
    assert str(rep) in text
    assert timezone.localtime(follow_up.due_at).strftime("%Y-%m-%d") in text
    assert f"/visits/{follow_up.visit_id}/" in text
    delivery = ChannelDelivery.objects.get(channel=channel)
    assert (delivery.status, delivery.attempts) == (Status.SENT, 1)
    assert "0" in delivery.answer


@pytest.mark.parametrize(("kind", "secret"), PLATFORMS[1:])
def test_a_wrong_secret_is_refused_by_the_platform_and_retried(
    rep, supervisor, manager, add_robot, scan, kind, secret
):
    channel, robot = add_robot(kind, secret=secret)
    services.channel_save(channel=channel, kinds=channel.kind_list, secret="SECwrong")
    follow_up_due(rep, supervisor, timezone.now())
    scan()
    assert robot.received == []
    assert [problem for problem, _body in robot.refused] == ["sign"]
    delivery = ChannelDelivery.objects.get(channel=channel)
    assert delivery.status == Status.PENDING  # tried again after the backoff
    assert {"dingtalk": "310000", "feishu": "19021"}[kind] in delivery.error


@pytest.mark.parametrize(("kind", "secret"), PLATFORMS[1:])
def test_a_timestamp_over_an_hour_old_is_refused(
    rep, supervisor, manager, add_robot, kind, secret
):
    channel, robot = add_robot(kind, secret=secret)
    message = channels.test_message(channel)
    with pytest.raises(channels.DeliveryError, match=r"19021|310000"):
        channels.post(channel, message, timezone.now() - days(1) / 12)
    assert [problem for problem, _body in robot.refused] == ["timestamp"]


def test_an_unsigned_robot_still_gets_a_plain_message(
    rep, supervisor, manager, add_robot, scan
):
    _channel, robot = add_robot("dingtalk")
    follow_up_due(rep, supervisor, timezone.now())
    scan()
    assert len(robot.received) == 1


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "feishu"])
def test_an_escalation_mentions_nobody_by_number_unless_they_gave_one(
    rep, supervisor, manager, add_robot, scan, kind
):
    _channel, robot = add_robot(kind, kinds=["escalation"])
    follow_up_due(rep, supervisor, timezone.now() - days(3), name="Without")
    scan()
    manager.mobile = "13800001111"
    manager.save()
    follow_up_due(rep, supervisor, timezone.now() - days(3), name="With")
    scan()
    without, with_number = robot.received
    assert "13800001111" not in str(without)
    if kind == "wecom":
        # WeCom's markdown cannot @-mention by number; its text message can.
        assert without["msgtype"] == "markdown"
        assert with_number["text"]["mentioned_mobile_list"] == ["13800001111"]
    elif kind == "dingtalk":
        assert without["at"]["atMobiles"] == []
        assert with_number["at"]["atMobiles"] == ["13800001111"]
        assert "@13800001111" in with_number["markdown"]["text"]
    else:
        # A Feishu custom robot @-mentions by user id only: the card names people.
        assert "13800001111" not in str(with_number)
        assert str(rep) in _text(kind, with_number)


def test_the_message_is_in_the_robots_language(
    rep, supervisor, manager, add_robot, scan
):
    _channel, robot = add_robot("feishu", language="zh-hans")
    follow_up_due(rep, supervisor, timezone.now(), name="华鑫")
    scan()
    text = _text("feishu", robot.received[0])
    assert "今天" in text
    assert "回访" in text


def test_approach_again_names_the_owner_and_the_day(rep, manager, add_robot, scan):
    from devlog.models import Outcome
    from prospects.models import Prospect

    _channel, robot = add_robot("wecom", kinds=["approach_again"])
    prospect = Prospect.objects.create(
        name="远东", team=rep.team, owner=rep, status=Prospect.Status.LOST
    )
    Outcome.objects.create(
        prospect=prospect,
        result=Outcome.Result.LOST,
        decided_on=timezone.localdate() - days(30),
        decided_by=manager,
        summary="Price",
        approach_again_on=timezone.localdate(),
    )
    scan()
    (body,) = robot.received
    content = body["markdown"]["content"]
    assert "远东" in content
    assert str(rep) in content
    assert prospect.get_absolute_url() in content
