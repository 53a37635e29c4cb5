import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User

# The installable app's manifest, worker and offline page hold nobody's data.
PUBLIC = {
    "login",
    "set_language",
    "healthz",
    "favicon",
    "manifest",
    "service-worker",
    "offline",
    "schema",  # the API's OpenAPI schema describes the API, and holds no records
}


def _plain_routes(resolver=None, prefix=""):
    """Every URL pattern that takes no arguments, with a name to report."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _plain_routes(pattern, route)
        elif isinstance(pattern, URLPattern) and "<" not in route:
            yield route, pattern.name or route


def test_the_login_page_has_username_and_password_fields(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html


def test_a_user_signs_in_and_lands_on_home(client, rep):
    response = client.post(
        reverse("login"), {"username": "rep", "password": "secret-pass-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_is_refused_with_a_clear_message(client, rep):
    response = client.post(
        reverse("login"), {"username": "rep", "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_is_refused_in_chinese_too(client, rep):
    response = client.post(
        reverse("login"),
        {"username": "rep", "password": "wrong-password"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert "请输入一个正确的" in response.content.decode()


def test_every_page_but_login_needs_a_signed_in_user(client, db):
    checked = 0
    for route, name in _plain_routes():
        if name in PUBLIC or route.startswith("admin/"):
            continue
        response = client.get("/" + route)
        if route.startswith("api/v1/"):
            # A script is told in JSON, not led to a sign-in page.
            assert response.status_code == 401, route
            assert response.json()["code"] == "not_authenticated", route
            continue
        assert response.status_code == 302, route
        assert response["Location"].startswith(reverse("login") + "?next="), route
        checked += 1
    assert checked >= 2  # home and password change at least


def test_the_health_check_answers_without_signing_in(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_sign_out_is_a_post_and_ends_the_session(client, rep):
    client.force_login(rep)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_a_user_changes_their_password(client, rep):
    client.force_login(rep)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-2026",
            "new_password1": "a-much-better-passphrase",
            "new_password2": "a-much-better-passphrase",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Your password has been changed." in response.content.decode()
    rep.refresh_from_db()
    assert rep.check_password("a-much-better-passphrase")


def test_a_weak_new_password_is_refused_and_nothing_changes(client, rep):
    client.force_login(rep)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-2026",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    assert User.objects.get(pk=rep.pk).check_password("secret-pass-2026")


@pytest.mark.parametrize("path", ["/no-such-page/", "/accounts/nothing/"])
def test_an_unknown_page_is_a_friendly_404(client, rep, path, settings):
    client.force_login(rep)
    response = client.get(path)
    assert response.status_code == 404
    assert "This page is not here." in response.content.decode()
