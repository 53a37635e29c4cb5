"""Journey 5: a manager's home draws the team's charts; a filter redraws them; a
table downloads as CSV and XLSX with the filtered figures."""

import csv
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from devlog.tests.factories import DevelopmentEntryFactory
from e2e.pages import scrolls_sideways, submit
from prospects.models import Progress
from prospects.tests.factories import ProspectFactory

FUNNEL = "svg[aria-label='Funnel by business progress']"


@pytest.fixture
def pipeline(rep, colleague):
    """Four accounts worked this month: the rep's three, the colleague's one won."""
    stages = [
        (rep, Progress.CONTACT),
        (rep, Progress.DEMO),
        (rep, Progress.PROPOSAL),
        (colleague, Progress.CONTRACT),
    ]
    for number, (owner, stage) in enumerate(stages):
        account = ProspectFactory(name=f"Account {number}", owner=owner, stage=stage)
        DevelopmentEntryFactory(
            prospect=account,
            progress=stage,
            occurred_at=timezone.now() - timedelta(days=3),
        )


def funnel_bars(page):
    """The "Reached it" figure of every stage, as the chart's bars say it."""
    return page.locator(f"{FUNNEL} rect title").all_text_contents()


def reached(*counts):
    return [f"Reached it: {count}" for count in counts]


def download(page, journey, link):
    journey.guard.expect_download(link.get_attribute("href").split("?")[0])
    with page.expect_download() as started:
        link.click()
    return started.value


def test_a_manager_filters_the_charts_and_exports_a_table(
    journey, with_password, manager, colleague, pipeline
):
    page = journey.sign_in(with_password(manager))
    assert page.locator("main h1").inner_text() == "Team pipeline"
    assert page.locator(FUNNEL).is_visible()
    assert page.locator("svg[aria-label='By rep']").is_visible()
    assert funnel_bars(page) == reached(4, 3, 3, 2, 1)

    page.get_by_role("button", name="Filters").click()
    filters = page.locator("form#dashboard-filters")
    filters.locator("select[name=owner]").select_option(label=str(colleague))
    submit(filters)
    assert f"owner={colleague.pk}" in page.url
    assert funnel_bars(page) == reached(1, 1, 1, 1, 1)

    table = page.locator("#table-funnel")
    exported = download(page, journey, table.get_by_role("link", name="CSV"))
    assert exported.suggested_filename.startswith("kam-funnel-")
    assert exported.suggested_filename.endswith(".csv")
    rows = list(csv.reader(exported.path().read_text("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Stage", "At this stage", "Reached it"]
    assert [(row[0], row[2]) for row in rows[1:]] == [
        (str(label), "1") for label in Progress.labels
    ]

    exported = download(page, journey, table.get_by_role("link", name="XLSX"))
    assert exported.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(BytesIO(exported.path().read_bytes())).active
    assert [
        (row[0], row[2]) for row in sheet.iter_rows(min_row=2, values_only=True)
    ] == [(str(label), 1) for label in Progress.labels]


@pytest.mark.parametrize("width", [1200, 1366, 1440])
def test_the_bar_keeps_room_to_search_at_desktop_widths(
    journey, with_password, manager, width
):
    """Every link, the search box, the language, the bell and a long name fit in one
    bar (from 1200 px; narrower, the bar folds into its menu button)."""
    manager.full_name = "王建国 Wang Jianguo"
    manager.save()
    page = journey.sign_in(
        with_password(manager), viewport={"width": width, "height": 800}
    )
    box = page.locator(".kam-nav-search").bounding_box()
    assert box["width"] >= 120
    assert not scrolls_sideways(page)
    assert page.locator(".kam-navbar").bounding_box()["height"] < 70
    assert page.evaluate(
        "(bar) => bar.scrollWidth <= bar.clientWidth",
        page.locator(".kam-navbar .container-lg").element_handle(),
    )
