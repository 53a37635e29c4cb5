"""Browser journeys: Playwright drives Debian's Chromium against the live server.

Every page a journey opens is guarded: a JavaScript error, a failed request, an
answer of 400 or more, or anything fetched from another origin fails the test. The
last page of every journey is kept as a full-page screenshot.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from playwright.sync_api import sync_playwright

# Debian's Chromium headless shell, as Playwright itself uses for headless runs: the
# same Blink and V8 without the desktop browser around them, about a third less time
# per journey. The full browser serves where only it is installed.
CHROMIUMS = (
    Path("/usr/bin/chromium-headless-shell"),
    Path("/usr/bin/chromium"),
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "e2e-Journey-2026!"
LOCALES = {"en": "en-GB", "zh-hans": "zh-CN"}
TIMEOUT_MS = 10_000  # a page of this app answers in well under a second
INLINE_SCHEMES = ("data:", "blob:", "about:")


def artifacts_dir():
    folder = Path(
        os.environ.get("KAM_E2E_ARTIFACTS")
        or settings.BASE_DIR / "var" / "e2e-artifacts"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
</fontconfig>
"""


def fontconfig_with_kam_fonts(folder):
    """A fontconfig file adding the project's own CJK font to the system's, so the
    screenshots show Chinese even where no CJK font is installed."""
    path = folder / "fonts.conf"
    path.write_text(FONTCONFIG.format(fonts=settings.BASE_DIR / "static" / "fonts"))
    return path


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the
    # journeys make beside it are synchronous all the same. Set here, not at import,
    # so that the rest of the suite keeps Django's async-safety check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield from _chromium(tmp_path_factory)


def installed_chromium():
    return next((path for path in CHROMIUMS if path.exists()), None)


def _chromium(tmp_path_factory):
    executable = installed_chromium()
    if executable is None:
        message = "chromium is not installed: apt-get install chromium-headless-shell"
        if os.environ.get("KAM_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        fonts = fontconfig_with_kam_fonts(tmp_path_factory.mktemp("fontconfig"))
        chromium = playwright.chromium.launch(
            executable_path=str(executable),
            args=CHROMIUM_ARGS,
            env={**os.environ, "FONTCONFIG_FILE": str(fonts)},
        )
        yield chromium
        chromium.close()
        # While Playwright's event loop is "running" in this thread, Django keeps the
        # thread's database connections apart from those it made before (asgiref's
        # Local); close them here, or the test database cannot be dropped at the end.
        connections.close_all()


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


FAVICONS = {"favicon.svg", "favicon.ico"}


@dataclass
class PageGuard:
    """What went wrong in the browser, collected while the journey runs."""

    origin: str
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    error_responses: list = field(default_factory=list)
    off_site: list = field(default_factory=list)
    expected_statuses: set = field(default_factory=set)
    downloads: set = field(default_factory=set)
    out_of_signal: set = field(default_factory=set)

    def watch(self, context):
        context.on("console", self._console)
        context.on("weberror", lambda error: self.page_errors.append(error.error))
        context.on("request", self._request)
        context.on("requestfailed", self._failed)
        context.on("response", self._response)

    def expect_status(self, status, path):
        """A test that provokes an error answer says so."""
        self.expected_statuses.add((status, path))

    def expect_download(self, path):
        """The browser aborts the navigation a download starts from: not a failure."""
        self.downloads.add(path)

    def expect_no_signal(self, path):
        """A journey that takes the phone out of signal expects this page to fail
        to load (the service worker then answers with the offline page)."""
        self.out_of_signal.add(path)

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location})")

    def _request(self, request):
        if request.url.startswith(INLINE_SCHEMES):
            return
        if origin_of(request.url) != self.origin:
            self.off_site.append(request.url)

    def _failed(self, request):
        if urlsplit(request.url).path in self.downloads:
            return
        if (
            request.failure == "net::ERR_INTERNET_DISCONNECTED"
            and urlsplit(request.url).path in self.out_of_signal
        ):
            return
        if (
            request.failure == "net::ERR_ABORTED"
            and not request.is_navigation_request()
        ):
            return  # a favicon or image still loading when the journey moved on
        if (
            request.failure == "net::ERR_FAILED"
            and urlsplit(request.url).path.rsplit("/", 1)[-1] in FAVICONS
        ):
            # The browser, not the page, fetches the icon after the load event; the
            # service worker answers a cancelled fetch with a network error.
            return
        self.failed_requests.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        path = urlsplit(response.url).path
        if (
            response.status >= 400
            and (response.status, path) not in self.expected_statuses
        ):
            self.error_responses.append(f"{response.status} {response.url}")

    def problems(self):
        found = {
            "JavaScript console errors": self.console_errors,
            "uncaught page errors": self.page_errors,
            "failed requests": self.failed_requests,
            "error answers": self.error_responses,
            "requests off-site": self.off_site,
        }
        return "\n".join(
            f"{title}:\n" + "\n".join(f"  - {item}" for item in items)
            for title, items in found.items()
            if items
        )


class Journey:
    """The browser side of one test: its contexts (one per person), their guard, and
    the page the journey ended on."""

    def __init__(self, browser, base_url, name):
        self.browser = browser
        self.base_url = base_url
        self.name = name
        self.guard = PageGuard(origin_of(base_url))
        self.contexts = []
        self.last_page = None

    def url(self, path):
        return f"{self.base_url}{path}"

    def open(self, language="en", **options):
        """A fresh context and page in ``language`` (the django_language cookie and
        the browser's own locale)."""
        context = self.browser.new_context(
            locale=LOCALES[language],
            timezone_id=settings.TIME_ZONE,
            accept_downloads=True,
            **options,
        )
        context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "url": self.base_url,
                }
            ]
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.guard.watch(context)
        self.contexts.append(context)
        page = context.new_page()
        page.on("load", lambda loaded: setattr(self, "last_page", loaded))
        return page

    def sign_in(self, user, language="en", **options):
        """A page signed in as ``user`` through the login form."""
        page = self.open(language, **options)
        page.goto(self.url(reverse("login")))
        form = page.locator("main form")
        form.locator("input[name=username]").fill(user.username)
        form.locator("input[name=password]").fill(PASSWORD)
        form.locator("button[type=submit]").click()
        page.wait_for_url(lambda url: reverse("login") not in url)
        return page

    def keep(self, suffix, content):
        """Keep a file the journey fetched (a PDF, an export) beside its screenshot."""
        (artifacts_dir() / f"{self.name}{suffix}").write_bytes(content)

    def finish(self):
        if self.last_page is not None and not self.last_page.is_closed():
            self.last_page.screenshot(
                path=artifacts_dir() / f"{self.name}.png", full_page=True, scale="css"
            )
        for context in self.contexts:
            context.close()
        problems = self.guard.problems()
        if problems:
            pytest.fail(f"The browser met problems:\n{problems}", pytrace=False)


def artifact_name(node):
    return re.sub(r"[^\w.-]+", "_", f"{Path(node.path).stem}-{node.name}").strip("_")


@pytest.fixture
def journey(browser, live_server, transactional_db, request):
    journey = Journey(browser, live_server.url, artifact_name(request.node))
    yield journey
    journey.finish()


@pytest.fixture
def with_password():
    """Give users the journeys' password, to sign in through the real form."""

    def give(*users):
        for user in users:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        return users[0] if len(users) == 1 else users

    return give
