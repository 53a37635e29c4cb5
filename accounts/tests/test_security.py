"""Sign-in lockout, session lifetime and the security headers of every page."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from prospects.tests.factories import ProspectFactory

GOOD = "secret-pass-2026"


def _sign_in(client, username, password, address="10.0.0.7"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_repeated_failures_lock_the_username(client, rep):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "rep", "wrong").status_code == 200
    assert _sign_in(client, "rep", "wrong").status_code == 429  # the last straw
    locked = _sign_in(client, "rep", GOOD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins for this username." in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_username_does_not_lock_out_colleagues_at_the_same_address(
    client, rep, colleague
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "rep", "wrong")
    response = _sign_in(client, "colleague", GOOD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_a_successful_sign_in_resets_the_count(client, rep):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "rep", "wrong")
    assert _sign_in(client, "rep", GOOD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "rep", "wrong")
    assert _sign_in(client, "rep", GOOD).status_code == 302


def test_an_administrator_can_unlock_a_username(client, rep):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "rep", "wrong")
    call_command("axes_reset_username", "rep")
    assert _sign_in(client, "rep", GOOD).status_code == 302


def test_the_lockout_page_speaks_chinese_too(client, rep):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "rep", "wrong")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "登录失败次数过多" in _sign_in(client, "rep", GOOD).content.decode()


def test_a_sign_in_lasts_a_working_day():
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY


def _pages(rep):
    prospect = ProspectFactory(owner=rep)
    return [
        reverse("login"),
        reverse("home"),
        reverse("prospects:list"),
        prospect.get_absolute_url(),
        reverse("prospects:export-csv"),
        reverse("devlog:sheet-pdf", args=[prospect.pk]),
        reverse("visits:calendar"),
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
)
def test_every_kind_of_page_carries_the_security_headers(client, rep, header, expected):
    client.force_login(rep)
    for path in _pages(rep):
        assert client.get(path)[header] == expected, path


def test_the_content_security_policy_allows_no_inline_script_and_nothing_off_site(
    client, rep
):
    client.force_login(rep)
    for path in _pages(rep):
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(
            d.strip().split(" ", 1) for d in policy.split(";") if d.strip()
        )
        assert directives["script-src"] == "'self'", path
        assert directives["default-src"] == "'self'", path
        assert directives["frame-ancestors"] == "'none'", path
        assert "unsafe-inline" not in policy
        assert "http" not in policy  # no other origin anywhere
