"""A manager adds, tests and removes the team's chat robots, in English and Chinese;
the address and secret, once saved, are never shown again."""

import pytest
from django.urls import reverse

from notifications import secrets
from notifications.models import Channel
from notifications.outbound import Status

ADD = reverse("notifications:channel-create")
LIST = reverse("notifications:channels")


def _add(client, url, **fields):
    data = {"kind": "dingtalk", "name": "华东销售群", "address": url,
            "secret": "SECtop-secret-value", "kinds": ["due", "escalation"],
            "language": "zh-hans", **fields}  # fmt: skip
    return client.post(ADD, data)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_manager_adds_tests_and_removes_a_robot(client, manager, robots, language):
    client.force_login(manager)
    client.cookies["django_language"] = language
    url = robots.add("dingtalk", secret="SECtop-secret-value")
    token = url.rsplit("=", 1)[1]
    assert client.get(ADD).status_code == 200
    response = _add(client, url)
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert channel.team == manager.team
    assert channel.kind_list == ["due", "escalation"]
    page = client.get(LIST).content.decode()
    assert "华东销售群" in page
    assert token not in page
    assert "SECtop-secret-value" not in page
    assert ("Send a test message" if language == "en" else "发送测试消息") in page

    response = client.post(
        reverse("notifications:channel-test", args=[channel.pk]), follow=True
    )
    assert "errcode 0" in response.content.decode()
    (body,) = robots.robot(token).received
    assert body["msgtype"] == "markdown"
    assert "KAM" in body["markdown"]["title"]

    response = client.post(
        reverse("notifications:channel-delete", args=[channel.pk]), follow=True
    )
    assert response.status_code == 200
    assert not Channel.objects.exists()


def test_a_failed_test_message_reports_the_platforms_answer(client, manager, robots):
    client.force_login(manager)
    url = robots.add("feishu", secret="right")
    _add(client, url, kind="feishu", secret="wrong")
    channel = Channel.objects.get()
    response = client.post(
        reverse("notifications:channel-test", args=[channel.pk]), follow=True
    )
    page = response.content.decode()
    assert "did not take the test message" in page
    assert "19021" in page


def test_the_address_and_secret_are_stored_sealed(client, manager, robots):
    client.force_login(manager)
    url = robots.add("dingtalk", secret="SECtop-secret-value")
    _add(client, url)
    row = Channel.objects.values().get()
    assert url not in str(row)
    assert "SECtop-secret-value" not in str(row)
    channel = Channel.objects.get()
    assert (channel.address, channel.secret) == (url, "SECtop-secret-value")
    assert secrets.unseal(row["sealed_secret"]) == "SECtop-secret-value"


def test_editing_keeps_the_address_and_secret_unless_new_ones_are_typed(
    client, manager, robots
):
    client.force_login(manager)
    url = robots.add("dingtalk", secret="SECtop-secret-value")
    _add(client, url)
    channel = Channel.objects.get()
    edit = reverse("notifications:channel-edit", args=[channel.pk])
    page = client.get(edit).content.decode()
    assert url not in page
    assert "SECtop-secret-value" not in page
    assert channel.address_hint in page
    response = client.post(
        edit,
        {"name": "改名了", "address": "", "secret": "", "kinds": ["overdue"],
         "language": "en", "version": channel.version},
    )  # fmt: skip
    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.name, channel.kind_list) == ("改名了", ["overdue"])
    assert (channel.address, channel.secret) == (url, "SECtop-secret-value")
    client.post(
        edit,
        {"name": "改名了", "remove_secret": "on", "kinds": ["overdue"],
         "language": "en", "version": channel.version},
    )  # fmt: skip
    channel.refresh_from_db()
    assert channel.secret == ""


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://evil.example.com/robot/send?access_token=x", "is not a host robots"),
        ("http://oapi.dingtalk.com/robot/send?access_token=x", "must start with https"),
        ("https://oapi.dingtalk.com/other?access_token=x", "A DingTalk robot"),
        ("https://user:pw@oapi.dingtalk.com/robot/send?access_token=x", "user name"),
        ("ftp://oapi.dingtalk.com/robot/send", "starting with https"),
        ("not-a-url", "starting with https"),
        ("https://oapi.dingtalk.com/robot/send?access_token=a b", "spaces or control"),
    ],
)
def test_an_address_off_the_allowed_hosts_is_refused_clearly(
    client, manager, url, message
):
    client.force_login(manager)
    response = _add(client, url)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "华东销售群" in page  # what was typed stays
    assert not Channel.objects.exists()


def test_a_wecom_robot_takes_no_secret(client, manager, robots):
    client.force_login(manager)
    response = _add(client, robots.add("wecom"), kind="wecom", secret="x")
    assert "robots are not signed" in response.content.decode()
    assert not Channel.objects.exists()


def test_an_admin_adds_a_robot_to_any_team(client, admin_user, other_team, robots):
    client.force_login(admin_user)
    response = _add(client, robots.add("dingtalk"), team=other_team.pk, secret="")
    assert response.status_code == 302
    assert Channel.objects.get().team == other_team


def test_a_manager_cannot_add_to_another_team(client, manager, other_team, robots):
    client.force_login(manager)
    _add(client, robots.add("dingtalk"), team=other_team.pk, secret="")
    assert Channel.objects.get().team == manager.team


@pytest.mark.parametrize("who", ["rep", "supervisor", "colleague"])
def test_staff_below_manager_have_no_robot_pages(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 404
    assert client.get(ADD).status_code == 404


def test_the_demo_robots_show_as_failing_to_the_admin(db, client, scan, settings):
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import User

    call_command("seed_demo", stdout=StringIO())
    scan()
    client.force_login(User.objects.get(username="admin"))
    response = client.get(
        reverse("admin:notifications_channeldelivery_changelist"),
        {"status__exact": Status.FAILED},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "not a host robots may be reached on" in page or "did not answer" in page
