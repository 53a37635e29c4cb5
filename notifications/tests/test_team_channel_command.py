"""`manage.py team_channel add|list|test|remove`, as operators script it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from notifications.models import Channel


def run(*args):
    out = StringIO()
    call_command("team_channel", *args, stdout=out)
    return out.getvalue()


def test_add_list_test_and_remove(team, robots):
    url = robots.add("feishu", secret="fs-secret")
    token = url.rsplit("/", 1)[1]
    output = run("add", "--team", team.name, "--kind", "feishu", "--url", url,
                 "--secret", "fs-secret", "--kinds", "due,escalation")  # fmt: skip
    channel = Channel.objects.get()
    assert f"Added robot {channel.pk}" in output
    assert channel.kind_list == ["due", "escalation"]
    listing = run("list")
    assert team.name in listing
    assert "signed" in listing
    assert token not in listing
    assert "fs-secret" not in listing
    assert "code 0" in run("test", str(channel.pk))
    assert len(robots.robot(token).received) == 1
    run("remove", str(channel.pk))
    assert not Channel.objects.exists()
    assert "No chat robots" in run("list")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "Nobody"], "No team is called"),
        (["--kinds", "due,sometimes"], "Unknown reminder kinds: sometimes"),
        (["--url", "https://example.com/robot/send?access_token=t"], "not a host"),
        (["--secret", "x", "--kind", "wecom"], "not signed"),
    ],
)
def test_bad_input_is_refused_clearly(team, args, message):
    base = {"--team": team.name, "--kind": "dingtalk",
            "--url": "https://oapi.dingtalk.com/robot/send?access_token=t"}  # fmt: skip
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    if base["--kind"] == "wecom":
        base["--url"] = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    with pytest.raises(CommandError, match=message):
        run("add", *[item for pair in base.items() for item in pair])
    assert not Channel.objects.exists()


def test_a_test_message_that_fails_says_why(team, robots):
    url = robots.add("wecom", error=93000)
    run("add", "--team", team.name, "--kind", "wecom", "--url", url)
    with pytest.raises(CommandError, match="errcode 93000"):
        run("test", str(Channel.objects.get().pk))


def test_an_unknown_id_is_refused(db):
    with pytest.raises(CommandError, match="No chat robot has id 42"):
        run("remove", "42")
