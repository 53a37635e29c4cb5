"""The printed sheets: HTML templates rendered to A4 PDFs by WeasyPrint.

WeasyPrint fetches whatever a document refers to, local files and network
addresses included. Ours may only fetch the project's own static files, through
the ``kam-static:`` addresses that the ``pdf_asset`` tag writes; anything else —
``file://``, http(s), data a user typed into a field — is refused.
"""

import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

SCHEME = "kam-static:"


class RefusedURL(ValueError):
    """A PDF asked for something that is not one of the project's static files."""


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
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
        mime_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        with open(path, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


@dataclass
class Document:
    filename: str
    mimetype: str
    content: bytes


def render(template_name, context, *, filename):
    """Render ``template_name`` to a PDF: (filename, mimetype, bytes)."""
    html = render_to_string(template_name, context)
    fonts = FontConfiguration()
    pdf = HTML(string=html, base_url=SCHEME, url_fetcher=StaticOnlyFetcher()).write_pdf(
        font_config=fonts
    )
    return Document(filename, "application/pdf", pdf)


def response(document, *, download=False):
    """The PDF, opened in the browser (or downloaded), named after its account."""
    reply = HttpResponse(document.content, content_type=document.mimetype)
    reply["Content-Disposition"] = content_disposition_header(
        download, document.filename
    )
    reply["X-Content-Type-Options"] = "nosniff"
    return reply


def safe_filename(*parts):
    """A file name from the account's name and the document: no path separators,
    no control characters, Chinese kept."""
    text = " - ".join(str(p) for p in parts if p)
    cleaned = "".join(c for c in text if c.isprintable() and c not in '/\\:*?"<>|')
    return cleaned.strip()[:150] + ".pdf"
