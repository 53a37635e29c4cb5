"""Robots (and later webhooks) are posted only where an administrator allowed, and
never to an internal address, however the host resolves."""

import pytest

from notifications.http import AddressRefused, Unreachable, address_problem, post_json


@pytest.fixture
def hosts(settings):
    def _allow(*names):
        settings.KAM_WEBHOOK_HOSTS = list(names)

    return _allow


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://oapi.dingtalk.com/robot/send?access_token=t", True),
        ("https://OAPI.dingtalk.com/robot/send", True),
        ("http://oapi.dingtalk.com/robot/send", False),  # https only
        ("https://oapi.dingtalk.com.evil.com/robot/send", False),
        ("https://evil.com/?next=oapi.dingtalk.com", False),
        ("https://user@oapi.dingtalk.com/robot/send", False),
        ("http://127.0.0.1:8080/robot/send", True),  # loopback, listed: http is fine
        ("http://localhost:8080/robot/send", False),  # not listed
        ("https://oapi.dingtalk.com:99999/", False),
        ("javascript:alert(1)", False),
        ("https://oapi.dingtalk.com/robot/send?access_token=t\r\nX-Evil: 1", False),
        ("https://oapi.dingtalk.com/robot/send?access_token=t t", False),
        ("", False),
    ],
)
def test_only_https_on_a_listed_host_or_http_on_a_listed_loopback(hosts, url, allowed):
    hosts("oapi.dingtalk.com", "127.0.0.1")
    assert (address_problem(url) is None) is allowed


def test_a_listed_host_that_resolves_to_a_private_address_is_refused(hosts):
    hosts("10.1.2.3", "192.168.0.10", "169.254.169.254")
    for host in ("10.1.2.3", "192.168.0.10", "169.254.169.254"):
        with pytest.raises(AddressRefused, match="not a public address"):
            post_json(f"https://{host}/hook", {"a": 1}, timeout=1)


def test_localhost_listed_by_name_is_allowed_to_be_loopback(hosts):
    hosts("localhost")
    # Nothing listens on port 9: refused by the system, not by us.
    with pytest.raises(Unreachable, match="localhost did not answer"):
        post_json("http://localhost:9/hook", {"a": 1}, timeout=1)


def test_a_host_that_does_not_resolve_is_unreachable_not_refused(hosts):
    hosts("robot.invalid")
    with pytest.raises(Unreachable, match="could not be resolved"):
        post_json("https://robot.invalid/hook", {}, timeout=1)


def test_the_error_never_repeats_the_query_string(hosts):
    hosts("127.0.0.1")
    with pytest.raises(Unreachable) as error:
        post_json("http://127.0.0.1:9/hook?key=SECRET-TOKEN", {}, timeout=1)
    assert "SECRET-TOKEN" not in str(error.value)
