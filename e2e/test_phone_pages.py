"""Journey 9: every page a rep or a supervisor reaches on a 390 px phone reads
without scrolling sideways, in both languages. The journey walks the demo data the
way a user does: from the home page, following the links of each page it opens,
one page of each kind (an account, a visit, …)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from e2e.pages import PHONE, scrolls_sideways

# Not pages to read: files, exports, feeds, the admin, actions behind a button.
SKIPPED = re.compile(
    r"\.(pdf|csv|xlsx|ics|zip)$|^/admin/|^/accounts/logout/|/delete/|^/static/|^/media/"
    r"|^/visits/materials/\d+/$|^/api/"
)
MOST_PAGES = 80


def kind_of(path):
    """Pages that differ only in the record they show are one kind of page."""
    return re.sub(r"\d+", "N", path)


def links_on(page, origin):
    """The paths of the page's links to KAM's own pages, each once (gathered in the
    page: a list of accounts links each account several times)."""
    paths = page.evaluate(
        """(origin) => [...new Set([...document.querySelectorAll("a[href]")]
            .filter((a) => a.origin === origin).map((a) => a.pathname))]""",
        origin,
    )
    return [path for path in paths if not SKIPPED.search(path)]


def sign_in(page, username):
    """Sign in on the login page the browser shows."""
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def walk(page, journey):
    """Every kind of page reachable by links from the home page, opened once each
    (at most MOST_PAGES kinds): yields each path once its page has loaded."""
    origin = journey.guard.origin
    queue, seen = ["/"], set()
    while queue and len(seen) < MOST_PAGES:
        path = queue.pop(0)
        if kind_of(path) in seen:
            continue
        seen.add(kind_of(path))
        page.goto(journey.url(path))
        yield path
        queue += [f for f in links_on(page, origin) if kind_of(f) not in seen]


def too_wide(page):
    """What sticks out past the right edge, to say which element to fix."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 3).map((e) => e.tagName + '.' + e.className)"""
    )


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("username", ["rep_a1", "supervisor_a"])
def test_no_page_a_rep_reaches_scrolls_sideways_on_a_phone(
    journey, demo, username, language
):
    page = journey.open(language, **PHONE)
    page.goto(journey.url("/accounts/login/"))
    sign_in(page, username)
    wide, seen = {}, []
    for path in walk(page, journey):
        seen.append(path)
        if scrolls_sideways(page):
            wide[path] = too_wide(page)
    assert len(seen) >= 30, sorted(seen)  # the walk reached the whole app
    assert wide == {}
