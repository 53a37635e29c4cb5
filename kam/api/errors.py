"""Errors as JSON, in the caller's language (``Accept-Language``).

- ``{"detail": "…", "code": "…"}`` for a refusal (401, 403, 404, 405, 429);
- ``{"field": ["…"], "non_field_errors": ["…"]}`` for bad input (400), the forms'
  own messages;
- ``{"detail": "…", "code": "conflict", "current_version": N}`` (409) when the
  record changed since the version sent.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from kam.versioning import CONFLICT


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = CONFLICT
    default_code = "conflict"

    def __init__(self, current_version=None):
        super().__init__()
        self.current_version = current_version


def service_errors(error):
    """A service's refusal (a Django ValidationError) as the answer's field errors."""
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": error.messages}
    return {
        ("non_field_errors" if name == "__all__" else name): messages
        for name, messages in error.message_dict.items()
    }


def handle(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(service_errors(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(response.data, list):
            response.data = {"non_field_errors": response.data}
        return response
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    body = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    if isinstance(exc, Conflict):
        body["current_version"] = exc.current_version
    return Response(body, status=response.status_code, headers=_headers(response))


def _headers(response):
    return {
        name: value
        for name, value in response.items()
        if name in ("WWW-Authenticate", "Retry-After", "Allow")
    }
