"""The REST API's sign-in: ``Authorization: Token <personal API token>``."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.services import api_token_authenticate


class TokenAuthentication(authentication.BaseAuthentication):
    """A personal token (``accounts.ApiToken``): revoked, unknown or belonging to
    an inactive user, it is refused with 401 — never treated as anonymous."""

    keyword = "Token"

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the header as “Authorization: Token <your token>”.")
            )
        try:
            token = words[1].decode()
        except UnicodeError:
            token = ""
        row = api_token_authenticate(token)
        if row is None:
            raise exceptions.AuthenticationFailed(
                _("This API token is not valid: it is unknown or was revoked.")
            )
        return row.user, row

    def authenticate_header(self, request):
        return self.keyword
