"""Journey 4: a rep adds contacts to the development record sheet by hand and prints
it: the PDF holds every row entered, in the rep's language."""

from datetime import timedelta

import pytest
from django.utils import timezone

from devlog.models import DevelopmentEntry
from devlog.tests.helpers import pdf_text, squeezed
from e2e.pages import local_input, submit, success_message
from prospects.tests.factories import ProspectFactory

TEXTS = {
    "en": {
        "added": "The contact was added to the development record.",
        "title": "Key-account development record sheet",
        "methods": ["Business meal", "Phone"],
        "progress": ["Product explanation", "Product demo"],
        "attitude": "Warm",
    },
    "zh-hans": {
        "added": "接触已记入开发记录。",
        "title": "大客户开发记录表",
        "methods": ["商务宴请", "电话"],
        "progress": ["产品说明", "产品展示"],
        "attitude": "热情",
    },
}


def contacts():
    """Two contacts, oldest first, at whole minutes in the team's time zone."""
    today = timezone.localtime().replace(second=0, microsecond=0)
    return [
        {
            "occurred_at": (today - timedelta(days=3)).replace(hour=10, minute=30),
            "person_met": "采购总监 王伟 Wang Wei",
            "duration_minutes": "120",
            "remarks": "Talked about next year's expansion 明年扩产",
        },
        {
            "occurred_at": (today - timedelta(days=1)).replace(hour=15, minute=5),
            "person_met": "Chief engineer Liu 刘工",
            "duration_minutes": "20",
            "remarks": "Asked for a demonstration at the plant",
        },
    ]


def add_contact(page, prospect, contact, method, progress, attitude):
    page.locator(f"main a[href='/devlog/{prospect.pk}/entries/new/']").click()
    form = page.locator("main form.kam-form")
    form.locator("[name=occurred_at]").fill(local_input(contact["occurred_at"]))
    form.locator("select[name=method]").select_option(label=method)
    form.locator("[name=person_met]").fill(contact["person_met"])
    form.locator("[name=duration_minutes]").fill(contact["duration_minutes"])
    form.locator("select[name=progress]").select_option(label=progress)
    form.locator("select[name=attitude]").select_option(label=attitude)
    form.locator("[name=remarks]").fill(contact["remarks"])
    submit(form)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_printed_record_sheet_holds_the_rows_entered(
    journey, with_password, rep, language
):
    texts = TEXTS[language]
    prospect = ProspectFactory(name="Huaxin Precision 华鑫精密", owner=rep)
    page = journey.sign_in(with_password(rep), language)
    page.goto(journey.url(f"/devlog/{prospect.pk}/"))
    entered = contacts()
    for contact, method, progress in zip(
        entered, texts["methods"], texts["progress"], strict=True
    ):
        add_contact(page, prospect, contact, method, progress, texts["attitude"])
        assert success_message(page) == texts["added"]
    assert DevelopmentEntry.objects.filter(prospect=prospect).count() == 2

    sheet = page.locator("table.kam-sheet tbody").first.inner_text()
    for contact in entered:
        assert f"{contact['occurred_at']:%Y-%m-%d %H:%M}" in sheet
        assert contact["person_met"] in sheet

    link = page.locator("main a[href$='/record.pdf']")
    answer = page.context.request.get(journey.url(link.get_attribute("href")))
    assert answer.ok
    assert answer.headers["content-type"] == "application/pdf"
    journey.keep(".pdf", answer.body())
    text = squeezed(pdf_text(answer.body()))
    assert squeezed(texts["title"]) in text
    assert squeezed(prospect.name) in text
    for contact, method in zip(entered, texts["methods"], strict=True):
        for shown in (
            f"{contact['occurred_at']:%Y-%m-%d %H:%M}",
            contact["person_met"],
            method,
            contact["remarks"],
        ):
            assert squeezed(shown) in text, shown
