import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import check_for_language, get_supported_language_variant

from accounts.models import ApiToken


def user_remember_language(*, user, language):
    """Save ``language`` as the user's choice; an unknown language changes nothing."""
    if not language or not check_for_language(language):
        return
    try:
        # As the field's choices spell it: zh-Hans is zh-hans.
        language = get_supported_language_variant(language.lower())
    except LookupError:
        return
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_set_mobile(*, user, mobile):
    """The mobile number chat robots @-mention the user by ("" for none)."""
    user.mobile = user._meta.get_field("mobile").clean(mobile.strip(), user)
    user.save(update_fields=["mobile"])


# --- API tokens -------------------------------------------------------------------

TOKEN_PREFIX = "kam_"
#: How stale "last used" may get before a request writes it again: a script
#: calling every second does not write every second.
LAST_USED_EVERY = timedelta(minutes=1)


def api_token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name):
    """A new personal API token for ``user``: (the row, the token). The token
    itself is not stored; show it now, once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user=user,
        name=name.strip(),
        digest=api_token_digest(token),
        prefix=token[: len(TOKEN_PREFIX) + 4],
    )
    row.full_clean()
    row.save()
    return row, token


def api_token_revoke(*, token):
    """Revoke it (its owner on the profile page, an admin in the admin): every
    request with it is refused from now on. Revoking twice changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_authenticate(token):
    """The active token ``token`` is, with its user, or None. Notes its use."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX):
        return None
    row = (
        ApiToken.objects.active()
        .select_related("user", "user__team")
        .filter(digest=api_token_digest(token))
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or row.last_used_at < now - LAST_USED_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row
