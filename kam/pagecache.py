"""Pages a person has just seen, served again from the cache until anything changes.

Every write that reaches the database through Django (a save, a queryset update or
delete, a bulk insert, raw SQL) replaces the *data generation*, a random token kept in
the shared cache. A page is stored under the generation it was built at, so the next
load after any change, by anyone, is built afresh. A write inside a transaction
replaces the token twice: at once, and again on commit, so a page built from what the
database showed before the commit is never stored under the newest token.

Pages also expire after ``KAM_PAGE_CACHE_SECONDS``: what changes with the clock alone
(a follow-up falling overdue) is at most that old, and a reload builds the page anew
(the browser's ``Cache-Control: max-age=0`` or ``no-cache``, or ``?fresh=1``). Each
entry belongs to one person, one language, one address and one CSRF secret; a request
carrying messages to show, or none of the CSRF cookie its forms need, is always built.
"""

import hashlib
import logging
import re
import secrets
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "kam:data-generation"
# Bookkeeping of sign-in that no cached page shows: sessions and lockout attempts.
UNSHOWN_TABLES = ("django_session", "axes_")
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)',
    re.IGNORECASE,
)


def data_generation():
    """The current token; a new one if the cache has none (or lost it)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        token = cache.get(GENERATION_KEY)
    return token


def data_changed():
    """Retire every stored page. Never lets a cache outage fail the write behind it."""
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), None)
    except Exception:
        logger.exception("Could not retire cached pages after a change")


def changes_shown_data(sql):
    match = _WRITE.match(sql)
    return bool(match) and not match.group(1).startswith(UNSHOWN_TABLES)


def _retires_on_commit(connection):
    return any(hook is data_changed for _ids, hook, _robust in connection.run_on_commit)


def note_writes(execute, sql, params, many, context):
    """A database execute-wrapper: after a write, retire the stored pages."""
    result = execute(sql, params, many, context)
    if changes_shown_data(sql):
        data_changed()
        connection = context["connection"]
        if connection.in_atomic_block and not _retires_on_commit(connection):
            transaction.on_commit(data_changed, using=connection.alias)
    return result


def watch_connection(sender, connection, **kwargs):
    """Hooked to ``connection_created``: every connection notes its writes."""
    if note_writes not in connection.execute_wrappers:
        # First, so that a caller's ``with connection.execute_wrapper(...)`` still
        # removes its own wrapper (it pops the last one).
        connection.execute_wrappers.insert(0, note_writes)


def _page_key(request, generation):
    parts = (
        request.user.pk,
        generation,
        get_language(),
        request.is_secure(),
        request.get_host(),
        request.get_full_path(),
        request.META["CSRF_COOKIE"],
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"kam:page:{digest}"


def _cacheable(request):
    return (
        settings.KAM_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and request.user.is_authenticated
        and "CSRF_COOKIE" in request.META
        and not len(get_messages(request))
    )


def _reloaded(request):
    directives = request.headers.get("Cache-Control", "").replace(" ", "").lower()
    return (
        "no-cache" in directives or "max-age=0" in directives or "fresh" in request.GET
    )


def _storable(response):
    """A plain page: no cookie, no header of the view's own (a download, no-cache)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and set(response.headers) == {"Content-Type"}
        and response["Content-Type"].startswith("text/html")
    )


def cached_per_person(view):
    """Serve a signed-in page from the cache while nothing has changed (see above)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        try:
            key = _page_key(request, data_generation())
            stored = None if _reloaded(request) else cache.get(key)
        except Exception:
            logger.exception("Page cache unavailable; building the page")
            return view(request, *args, **kwargs)
        if stored is not None:
            content_type, content = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _storable(response):
            try:
                cache.set(
                    key,
                    (response["Content-Type"], response.content),
                    settings.KAM_PAGE_CACHE_SECONDS,
                )
            except Exception:
                logger.exception("Could not store a page in the cache")
        return response

    return wrapped
