"""Sign-in and password change under attack: an over-long username answers like a
wrong password and leaves no bookkeeping the database cannot hold; wrong old
passwords lock the username like wrong sign-ins; the language code is stored as
the field's choices spell it."""

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User

GOOD = "secret-pass-2026"


def test_a_username_longer_than_any_is_refused_like_a_wrong_password(client, rep):
    response = client.post(
        reverse("login"), {"username": "x" * 300, "password": "whatever"}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    # The lockout bookkeeping holds usernames of at most 255 characters (a 500 on
    # PostgreSQL): nothing that long is written.
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()


def _change(client, old):
    return client.post(
        reverse("password_change"),
        {
            "old_password": old,
            "new_password1": "a-much-better-passphrase",
            "new_password2": "a-much-better-passphrase",
        },
    )


def test_wrong_old_passwords_lock_the_username_like_sign_in(client, rep):
    client.force_login(rep)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _change(client, "wrong").status_code == 200
    assert _change(client, "wrong").status_code == 429  # the last straw
    locked = _change(client, GOOD)
    assert locked.status_code == 429
    rep.refresh_from_db()
    assert rep.check_password(GOOD)  # not changed
    elsewhere = Client().post(
        reverse("login"), {"username": rep.username, "password": GOOD}
    )
    assert elsewhere.status_code == 429  # and signing in is locked too


def test_a_right_old_password_clears_the_count(client, rep):
    client.force_login(rep)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _change(client, "wrong")
    assert _change(client, GOOD).status_code == 302
    assert not AccessAttempt.objects.filter(username=rep.username).exists()


def test_the_language_is_stored_as_its_choices_spell_it(client, rep):
    client.force_login(rep)
    client.post(reverse("set_language"), {"language": "zh-Hans", "next": "/"})
    assert User.objects.get(pk=rep.pk).language == "zh-hans"


def test_codes_stored_before_are_normalised(rep):
    import importlib

    from django.apps import apps

    User.objects.filter(pk=rep.pk).update(language="zh-Hans")
    importlib.import_module(
        "accounts.migrations.0003_language_codes_as_the_choices_spell_them"
    ).as_the_choices_spell_them(apps, None)
    assert User.objects.get(pk=rep.pk).language == "zh-hans"
