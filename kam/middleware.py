"""Requests no browser sends, refused before any view (or the database) sees them:
a NUL character or an over-long value in the path or the query answers 400, and a
body declared larger than an upload may be answers 413 before it is read."""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views.defaults import bad_request

LONGEST_PATH = 1000
LONGEST_QUERY = 8000
LONGEST_VALUE = 1000  # a search, a filter, a page number: never longer
FORM_FIELDS = 1024 * 1024  # room for a form's fields next to its largest file


class HostileRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request, None)
        if declared > settings.KAM_MAX_UPLOAD_BYTES + FORM_FIELDS:
            return render(
                request,
                "413.html",
                {"limit": filesizeformat(settings.KAM_MAX_UPLOAD_BYTES)},
                status=413,
            )
        if (
            _hostile(request.path, LONGEST_PATH)
            or len(request.META.get("QUERY_STRING", "")) > LONGEST_QUERY
        ):
            return bad_request(request, None)
        for key, values in request.GET.lists():
            if any(_hostile(text, LONGEST_VALUE) for text in (key, *values)):
                return bad_request(request, None)
        return None


def _hostile(text, longest):
    return "\x00" in text or len(text) > longest
