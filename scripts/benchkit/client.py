"""A browser for the bench: keeps its cookies, fills in forms as a person would
(every field as the page shows it, CSRF token and record version included) and
never follows redirects, so that each request is timed on its own."""

import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

PASSWORD = "kam-demo-2026"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Answer:
    def __init__(self, status, body, seconds, location=""):
        self.status, self.body, self.seconds, self.location = (
            status, body, seconds, location,
        )  # fmt: skip


class Browser:
    def __init__(self, address):
        self.base = f"http://{address}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def _open(self, path, data=None):
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                body = response.read()
                status, location = response.status, ""
        except urllib.error.HTTPError as error:
            body = error.read()
            status, location = error.code, error.headers.get("Location", "")
        return Answer(status, body, time.perf_counter() - started, location)

    def get(self, path):
        return self._open(path)

    def post(self, path, fields):
        return self._open(path, urllib.parse.urlencode(fields).encode())

    def submit(self, path, marker, **changes):
        """Open the form at ``path`` (the one holding a field named ``marker``),
        change some fields and send it: (the form page's answer, the POST's)."""
        page = self.get(path)
        if page.status != 200:
            return page, None
        fields = form_fields(page.body.decode(), marker)
        fields = [(n, v) for n, v in fields if n not in changes]
        fields += list(changes.items())
        return page, self.post(path, fields)

    def sign_in(self, username):
        page = self.get("/accounts/login/")
        fields = dict(form_fields(page.body.decode(), "username"))
        fields.update(username=username, password=PASSWORD)
        answer = self.post("/accounts/login/", fields)
        if answer.status != 302:
            raise SystemExit(f"{username} could not sign in ({answer.status})")
        return self


class _FormReader(HTMLParser):
    """Every form of a page as the (name, value) pairs a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = []
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name") and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._form.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], "multiple" in attrs, None, []]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select[2] = value if self._select[2] is None else self._select[2]
            if "selected" in attrs:
                self._select[3].append(value)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            name, multiple, first, chosen = self._select
            if not chosen and not multiple and first is not None:
                chosen = [first]
            self._form += [(name, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


def form_fields(html, marker):
    """The fields of the page's form that has a field named ``marker``."""
    reader = _FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(name == marker for name, _value in fields):
            return fields
    raise SystemExit(f"no form with a field {marker!r} on the page")
