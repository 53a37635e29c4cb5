"""Journey: the development record sheet on a 390 px phone is a list of its
contacts a person reads without scrolling sideways; on a desktop it is the paper
form's table with every column, its buttons within the page."""

import pytest

from devlog.tests.factories import DevelopmentEntryFactory
from e2e.pages import PHONE, scrolls_sideways
from prospects.tests.factories import ProspectFactory

PEOPLE = ["采购总监 王伟 Wang Wei", "Chief engineer Liu 刘工"]


@pytest.fixture
def sheet(rep):
    prospect = ProspectFactory(name="Huaxin Precision 华鑫精密", owner=rep)
    for person in PEOPLE:
        DevelopmentEntryFactory(prospect=prospect, created_by=rep, person_met=person)
    return prospect


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_on_a_phone_the_sheet_is_a_readable_list(
    journey, with_password, rep, sheet, language
):
    page = journey.sign_in(with_password(rep), language, **PHONE)
    page.goto(journey.url(f"/devlog/{sheet.pk}/"))
    assert not scrolls_sideways(page)
    assert not page.locator("table.kam-sheet").is_visible()
    listed = page.locator(".kam-sheet-list")
    assert listed.is_visible()
    text = listed.inner_text()
    for person in PEOPLE:
        assert person in text
    assert listed.locator("li.card").count() == len(PEOPLE)


@pytest.mark.parametrize("width", [1366, 1920])
def test_on_a_desktop_every_column_and_button_is_within_the_page(
    journey, with_password, rep, sheet, width
):
    page = journey.sign_in(with_password(rep), viewport={"width": width, "height": 900})
    page.goto(journey.url(f"/devlog/{sheet.pk}/"))
    table = page.locator("table.kam-sheet")
    assert table.is_visible()
    assert not page.locator(".kam-sheet-list").is_visible()
    right = page.evaluate("window.innerWidth")
    for button in page.locator("table.kam-sheet .btn").all():
        assert button.bounding_box()["x"] + button.bounding_box()["width"] <= right
