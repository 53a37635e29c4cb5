"""Readers of pages and PDFs shared by the devlog tests."""

import re
from html.parser import HTMLParser
from io import BytesIO

from django.contrib.messages import get_messages
from pypdf import PdfReader

from kam.tests.helpers import loaded_version  # noqa: F401  (used by the tests)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


class _Cells(HTMLParser):
    """The body rows of the first table with ``css_class``: per cell, its text and
    whether it holds a tick (an icon ``bi-check-lg`` or a ✓)."""

    def __init__(self, css_class):
        super().__init__()
        self.css_class = css_class
        self.depth = 0  # inside the table when > 0
        self.in_body = False
        self.rows = []
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "table" and (self.depth or self.css_class in classes):
            self.depth += 1
        if not self.depth:
            return
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = {"text": "", "tick": False}
            self.rows[-1].append(self.cell)
        elif tag == "i" and self.cell is not None and "bi-check-lg" in classes:
            self.cell["tick"] = True

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th"):
            if self.cell is not None:
                self.cell["text"] = " ".join(self.cell["text"].split())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
            if "✓" in data:
                self.cell["tick"] = True


def table_rows(html, css_class):
    parser = _Cells(css_class)
    parser.feed(html)
    return [row for row in parser.rows if row]


def pdf_text(content):
    """Every page's text, as pypdf reads it back."""
    reader = PdfReader(BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text):
    """Text without any white space: table cells wrap words onto new lines."""
    return re.sub(r"\s+", "", text)


def pdf_fonts(content):
    """(page number, base font name, embedded?) of every font of every page."""
    reader = PdfReader(BytesIO(content))
    found = []
    for number, page in enumerate(reader.pages, 1):
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":
                font_dict = font["/DescendantFonts"][0].get_object()
            else:
                font_dict = font
            descriptor = font_dict["/FontDescriptor"].get_object()
            embedded = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found.append((number, str(font["/BaseFont"]), embedded))
    return found
