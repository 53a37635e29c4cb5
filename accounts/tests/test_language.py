from django.conf import settings
from django.urls import reverse

from accounts.models import User


def _switch(client, language, next_url="/"):
    return client.post(
        reverse("set_language"), {"language": language, "next": next_url}
    )


def test_switching_language_sets_the_cookie_and_remembers_it(client, rep):
    client.force_login(rep)
    response = _switch(client, "zh-hans")
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert User.objects.get(pk=rep.pk).language == "zh-hans"
    assert "大客户开发" in client.get(reverse("home")).content.decode()


def test_the_switch_returns_to_the_page_it_came_from(client, rep):
    client.force_login(rep)
    response = _switch(client, "en", next_url=reverse("password_change"))
    assert response["Location"] == reverse("password_change")


def test_the_switch_never_redirects_off_site(client, rep):
    client.force_login(rep)
    response = _switch(client, "en", next_url="https://evil.example.com/")
    assert response["Location"] == "/"


def test_an_unknown_language_changes_nothing(client, rep):
    client.force_login(rep)
    _switch(client, "xx-klingon")
    assert User.objects.get(pk=rep.pk).language == ""


def test_the_login_page_can_switch_language_before_signing_in(client, db):
    response = _switch(client, "zh-hans", next_url=reverse("login"))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert "登录" in client.get(reverse("login")).content.decode()


def test_the_browser_language_is_honoured(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert "登录" in response.content.decode()
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Sign in to KAM" in response.content.decode()


def test_the_language_cookie_beats_the_browser_language(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "Sign in to KAM" in response.content.decode()


def test_signing_in_restores_the_saved_language(client, rep):
    rep.language = "zh-hans"
    rep.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("login"), {"username": "rep", "password": "secret-pass-2026"}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert "我的今日" in client.get(reverse("home")).content.decode()  # "My day"


def test_a_first_sign_in_saves_the_language_in_use(client, rep):
    client.post(
        reverse("login"),
        {"username": "rep", "password": "secret-pass-2026"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert User.objects.get(pk=rep.pk).language == "zh-hans"
