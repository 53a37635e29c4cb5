"""The printed sheets: HTML templates rendered to A4 PDFs by WeasyPrint.

WeasyPrint fetches whatever a document refers to, local files and network
addresses included. Ours may only fetch the project's own static files, through
the ``kam-static:`` addresses that the ``pdf_asset`` tag writes; anything else —
``file://``, http(s), data a user typed into a field — is refused.
"""

import functools
import hashlib
import importlib.metadata
import mimetypes
import os
import re
from functools import cached_property
from pathlib import PurePosixPath

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import condition

SCHEME = "kam-static:"


class RefusedURL(ValueError):
    """A PDF asked for something that is not one of the project's static files."""


def read_static(url):
    """(bytes, MIME type) of the project's static file at ``url`` (``kam-static:…``);
    RefusedURL for any other address."""
    if not url.startswith(SCHEME):
        raise RefusedURL(
            f"PDFs fetch only the project's static files; refused {url!r}."
        )
    relative = url.removeprefix(SCHEME)
    parts = PurePosixPath(relative).parts
    if not parts or ".." in parts or relative.startswith("/"):
        raise RefusedURL(f"Not a static file: {url!r}.")
    path = finders.find(relative)
    if not path:
        raise RefusedURL(f"No such static file: {url!r}.")
    with open(path, "rb") as handle:
        body = handle.read()
    return body, mimetypes.guess_type(relative)[0] or "application/octet-stream"


# WeasyPrint is imported with the first PDF a process prints: its import (fonts,
# cffi) is half a second of every process's start, and most processes (the worker,
# commands, a web process until someone prints) never print.
@functools.cache
def static_only_fetcher():
    """WeasyPrint's URL fetcher class that reads only the project's static files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            body, mime_type = read_static(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return StaticOnlyFetcher


@functools.cache
def renderer_version():
    """WeasyPrint's version, read without importing it: a new one may print the same
    HTML differently, so it is part of every sheet's ETag."""
    return importlib.metadata.version("weasyprint")


def html_to_pdf(html):
    """The PDF bytes of ``html``, fetching nothing but static files."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    return HTML(
        string=html, base_url=SCHEME, url_fetcher=static_only_fetcher()()
    ).write_pdf(font_config=FontConfiguration())


class Document:
    """A printed sheet: (filename, mimetype, bytes). Made from HTML, its bytes are
    rendered when first read, so that a browser that has it already (same ETag)
    costs no rendering."""

    def __init__(self, filename, mimetype, content=None, *, html=None):
        self.filename, self.mimetype, self.html = filename, mimetype, html
        self._content = content

    @property
    def content(self):
        if self._content is None:
            self._content = html_to_pdf(self.html)
        return self._content

    @cached_property
    def etag(self):
        """A digest of all the PDF is made from: its HTML (so every value it
        shows, in the language it shows them), the static files the HTML draws
        on, the renderer's version and the file name."""
        digest = hashlib.sha256(f"{renderer_version()}\n{self.filename}\n".encode())
        if self.html is None:
            digest.update(self.content)
        else:
            digest.update(self.html.encode())
            for relative in sorted(
                set(re.findall(rf"{SCHEME}([^\"')\s]+)", self.html))
            ):
                digest.update(_asset_digest(relative))
        return f'"{digest.hexdigest()[:40]}"'


def _asset_digest(relative):
    path = finders.find(relative)
    if not path:
        return b"missing:" + relative.encode()
    stat = os.stat(path)
    return _file_digest(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _file_digest(path, _mtime, _size):
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def render(template_name, context, *, filename):
    """The PDF of ``template_name``: (filename, mimetype, bytes)."""
    return Document(
        filename, "application/pdf", html=render_to_string(template_name, context)
    )


def response(document, *, download=False):
    """The PDF, opened in the browser (or downloaded), named after its account.
    Browsers keep it for this user only and ask again each time (no-cache): the
    ETag then spares the rendering if nothing it shows has changed."""
    reply = HttpResponse(document.content, content_type=document.mimetype)
    reply["Content-Disposition"] = content_disposition_header(
        download, document.filename
    )
    reply["X-Content-Type-Options"] = "nosniff"
    reply["ETag"] = document.etag
    patch_cache_control(reply, private=True, no_cache=True)
    return reply


def view(make):
    """A view answering with the document ``make(request, **kwargs)`` returns, or
    304 Not Modified when the browser already has that very document. ``make``
    fetches what the user may see (404 otherwise) and builds the HTML; only a
    changed document is rendered to PDF."""

    def etag(request, **kwargs):
        request.kam_document = make(request, **kwargs)
        return request.kam_document.etag

    @functools.wraps(make)
    @condition(etag_func=etag)
    def answer(request, **kwargs):
        return response(request.kam_document)

    return answer


def safe_filename(*parts):
    """A file name from the account's name and the document: no path separators,
    no control characters, Chinese kept."""
    text = " - ".join(str(p) for p in parts if p)
    cleaned = "".join(c for c in text if c.isprintable() and c not in '/\\:*?"<>|')
    return cleaned.strip()[:150] + ".pdf"
