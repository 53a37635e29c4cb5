"""A robot's address and secret are kept encrypted, and survive a key rotation."""

import pytest

from notifications import secrets


def test_sealed_text_does_not_show_the_secret_and_opens_again():
    sealed = secrets.seal("SECabc123")
    assert "SECabc123" not in sealed
    assert secrets.unseal(sealed) == "SECabc123"
    assert secrets.seal("") == secrets.unseal("") == ""


def test_a_rotated_key_still_opens_what_the_old_one_sealed(settings):
    sealed = secrets.seal("SECabc123")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    assert secrets.unseal(sealed) == "SECabc123"


def test_a_lost_key_says_so(settings):
    sealed = secrets.seal("SECabc123")
    settings.SECRET_KEY = "another-key-" + "y" * 50
    with pytest.raises(secrets.Unreadable, match="DJANGO_SECRET_KEY"):
        secrets.unseal(sealed)


def test_a_hint_shows_only_the_last_characters():
    assert secrets.hint("https://qyapi.weixin.qq.com/x?key=abcd-1234") == "…1234"
    assert secrets.hint("short") == "…"
