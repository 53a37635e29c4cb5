"""The API's rate limit: per personal token (KAM_API_RATE), so one runaway script
slows only itself; a signed-in user in the docs counts as themselves."""

import logging

from rest_framework.throttling import SimpleRateThrottle

log = logging.getLogger(__name__)


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        token = request.auth
        if getattr(token, "pk", None) is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        # With the cache down the API still answers, unlimited meanwhile.
        try:
            return super().allow_request(request, view)
        except Exception:
            log.warning("API rate limit not counted: the cache is unreachable")
            return True
