"""Every page a manager and a rep reach meets WCAG 2.1 AA as axe-core judges it in
the browser: contrast of text and links, form labels, landmarks, names of buttons
and links. The journey walks the demo data from the home page, one page of each
kind, like the phone journey (e2e/test_phone_pages.py), and the API's Swagger page."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from e2e.test_phone_pages import sign_in, walk

# axe-core 4.10.3 (MPL-2.0), from the npm registry: run in the page by the test
# (Runtime.evaluate, which the CSP does not govern), never served by KAM.
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def with_axe(page):
    """``page``, with axe loaded into every document it opens from now on (an init
    script: about a fifth less time per page than evaluating it on each)."""
    page.context.add_init_script(script=AXE)
    return page


def violations(page):
    """axe's violations on the page, each in full; the other result types (passes,
    inapplicable …), which axe otherwise details node by node, cut to one node
    each (resultTypes: about a quarter of axe's time per page)."""
    return page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"]})
          .then((r) => r.violations.map((v) => [v.id,
            v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")]))""",
        WCAG_AA,
    )


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())


# A manager's pages in English, a rep's in Chinese: the two walks cover every page
# kind and both languages' labels.
@pytest.mark.parametrize(
    ("username", "language"), [("manager_a", "en"), ("rep_a1", "zh-hans")]
)
def test_every_page_meets_wcag_aa(journey, demo, username, language):
    page = with_axe(journey.open(language))
    page.goto(journey.url("/accounts/login/"))
    found = {"/accounts/login/": violations(page)}
    sign_in(page, username)
    seen = []
    for path in walk(page, journey):
        seen.append(path)
        found[path] = violations(page)
    assert len(seen) >= 30, sorted(seen)
    # The API's docs (Swagger UI, drawn by script once the schema has loaded).
    page.goto(journey.url("/api/docs/"))
    page.locator(".opblock-summary-method").first.wait_for()
    found["/api/docs/"] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}
