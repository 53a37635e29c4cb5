"""Credentials we must send but never show: a chat robot's webhook address (it
carries the robot's token) and its signing secret.

They are stored encrypted with Fernet (AES-128-CBC and HMAC-SHA256), under a key
derived from DJANGO_SECRET_KEY with HKDF; keys in SECRET_KEY_FALLBACKS still open
what was sealed before a key rotation. A database dump alone reveals neither.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PURPOSE = b"kam.notifications.secrets"


class Unreadable(Exception):
    """Sealed under a key we no longer have (DJANGO_SECRET_KEY changed)."""


def _fernet(secret_key):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _keys():
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in keys])


def seal(text):
    """The encrypted form of ``text`` ("" stays "": nothing to hide)."""
    return _keys().encrypt(text.encode()).decode() if text else ""


def unseal(token):
    if not token:
        return ""
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        raise Unreadable(
            "The stored credential cannot be decrypted with the current "
            "DJANGO_SECRET_KEY; enter the robot's address and secret again."
        ) from None


def hint(text, shown=4):
    """The last few characters, for people to recognise a credential by."""
    return f"…{text[-shown:]}" if len(text) > shown * 2 else "…"


class SealedSecret:
    """A model's signing secret: set in the clear, kept in ``sealed_secret``, read
    only to sign what is sent."""

    @property
    def secret(self):
        return unseal(self.sealed_secret)

    def set_secret(self, secret):
        self.sealed_secret = seal(secret.strip())
