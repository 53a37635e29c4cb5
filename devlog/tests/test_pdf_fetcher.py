"""WeasyPrint fetches nothing but the project's own static files: no file://, no
network, whatever a user typed into a field."""

import socket
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from weasyprint import HTML

from devlog.tests.factories import DevelopmentEntryFactory, visit
from devlog.tests.helpers import pdf_text, squeezed
from kam import pdf
from kam.pdf import RefusedURL

StaticOnlyFetcher = pdf.static_only_fetcher()

FILE = '<img src="file:///etc/passwd">'
REMOTE = '<img src="http://127.0.0.1:9/x.png">'


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a URL or a connection fails the test."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"PDF rendering tried to reach out: {args!r}")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for, and whether it was refused."""
    asked = []
    fetch = StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = fetch(self, url, headers)
        except RefusedURL:
            asked.append((url, "refused"))
            raise
        asked.append((url, "fetched"))
        return response

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    return asked


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://example.com/x.png",
        "http://127.0.0.1:9/x.png",
        "https://example.com/style.css",
        "ftp://example.com/x",
        "data:text/css;base64,Ym9keXtjb2xvcjpyZWR9",
        "//example.com/x.png",
        "/etc/passwd",
        "../../kam/settings.py",
        "kam-static:../../settings.py",
        "kam-static:css/../../kam/settings.py",
        "kam-static:/etc/passwd",
        "kam-static://etc/passwd",
        "kam-static:nonexistent.css",
        "kam-static:",
        "kam-static:%2e%2e/%2e%2e/kam/settings.py",
        "KAM-STATIC:../../kam/settings.py",
    ],
)
def test_the_fetcher_refuses_anything_but_a_static_file(url, no_network):
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(url)

    assert no_network == []


@pytest.mark.parametrize(
    ("url", "mime_type"),
    [
        ("kam-static:css/pdf.css", "text/css"),
        ("kam-static:fonts/NotoSansSC-KAM-Regular.otf", "font/otf"),
    ],
)
def test_the_fetcher_returns_the_project_s_static_files(url, mime_type, no_network):
    response = StaticOnlyFetcher().fetch(url)

    path = Path(settings.BASE_DIR, "static", url.removeprefix("kam-static:"))
    assert response.read() == path.read_bytes()
    assert response.content_type == mime_type
    response.close()


def test_markup_typed_into_the_record_is_printed_not_fetched(
    client, rep, prospect, no_network, fetched
):
    visit(prospect, people_met=FILE, customer_views=REMOTE)
    DevelopmentEntryFactory(prospect=prospect, person_met=REMOTE, remarks=FILE)
    client.force_login(rep)

    response = client.get(reverse("devlog:sheet-pdf", args=[prospect.pk]))

    assert response.status_code == 200
    assert no_network == []
    assert fetched
    assert all(url.startswith("kam-static:") for url, _result in fetched), fetched
    assert ("kam-static:css/pdf.css", "fetched") in fetched
    text = squeezed(pdf_text(response.content))
    assert text.count(squeezed(FILE)) == 2
    assert text.count(squeezed(REMOTE)) == 2
    assert "root:" not in text


def test_even_markup_reaching_weasyprint_fetches_nothing(no_network, fetched):
    """Were a template ever to print a field unescaped, the fetcher still holds."""
    html = f"""<html><head>
      <link rel="stylesheet" href="https://example.com/evil.css">
      <link rel="stylesheet" href="file:///etc/passwd">
      <style>@import url("http://127.0.0.1:9/evil.css");
             body {{ background: url("file:///etc/hostname"); }}</style>
      </head><body>
      <p>Before</p>{FILE}{REMOTE}
      <img src="data:image/png;base64,iVBORw0KGgo=">
      <img src="../../../../etc/passwd">
      <object data="file:///etc/passwd"></object>
      <embed src="file:///etc/passwd">
      <p>After</p></body></html>"""

    document = HTML(
        string=html, base_url=pdf.SCHEME, url_fetcher=StaticOnlyFetcher()
    ).write_pdf()

    assert no_network == []
    refused = {url for url, result in fetched if result == "refused"}
    assert {
        "https://example.com/evil.css",
        "file:///etc/passwd",
        "http://127.0.0.1:9/evil.css",
        "file:///etc/hostname",
        "http://127.0.0.1:9/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "../../../../etc/passwd",
    } <= refused
    assert not [url for url, result in fetched if result == "fetched"]
    text = pdf_text(document)
    assert "Before" in text
    assert "After" in text
    assert "root:" not in text
