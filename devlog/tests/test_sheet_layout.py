"""The development record sheet reads like the paper form: its table written once
for the page and the PDF, every column header printed whole (one or two lines,
broken between words), and on a phone a list of the contacts."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from devlog import documents
from devlog.tests.factories import DevelopmentEntryFactory
from devlog.tests.helpers import pdf_text
from prospects.models import Attitude, Progress
from prospects.tests.factories import ContactFactory, ProspectFactory
from visits.models import FirstContact
from visits.tests.factories import first_contact, held_visit

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "devlog"


def test_the_table_is_written_once_for_the_page_and_the_pdf():
    page = (TEMPLATES / "sheet.html").read_text()
    printed = (TEMPLATES / "pdf" / "development_record.html").read_text()
    assert '{% include "devlog/_sheet_table.html" %}' in page
    assert '{% include "devlog/_sheet_table.html" with pdf=True %}' in printed
    for template in (page, printed):
        assert "<thead" not in template
        assert (
            'translate "Business progress"' not in template.split("kam-sheet-list")[0]
        )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_column_header_prints_whole(rep, language):
    prospect = ProspectFactory(owner=rep)
    DevelopmentEntryFactory(prospect=prospect, created_by=rep)
    with translation.override(language):
        text = pdf_text(documents.development_record(prospect).content)
        labels = [
            *map(str, Progress.labels),
            *map(str, Attitude.labels),
            translation.gettext("Date and time"),
            translation.gettext("Person met"),
            translation.gettext("Development method"),
        ]
    lines = text.splitlines()
    flowing = re.sub(r"\s+", " ", text)
    for label in labels:
        if language == "en":
            # On one or two lines, broken only between words: every word whole.
            assert label in flowing, label
            for word in label.split():
                assert any(word in line.split() for line in lines), word
        else:
            assert label in text, label  # 接触客户, never 接触客 / 户


def test_on_a_phone_the_sheet_is_a_list_of_its_contacts(client, rep):
    prospect = ProspectFactory(owner=rep)
    DevelopmentEntryFactory(prospect=prospect, created_by=rep, person_met="Mr Wang")
    client.force_login(rep)
    html = client.get(reverse("devlog:sheet", args=[prospect.pk])).content.decode()
    wide = html[html.index("kam-sheet-wide") : html.index("kam-sheet-list")]
    narrow = html[html.index("kam-sheet-list") :]
    assert "d-none d-md-block" in html[html.index("kam-sheet-wide") - 80 :][:120]
    assert "<table" in wide
    assert "<table" not in narrow.split("</section>")[0]
    assert "Mr Wang" in narrow.split("</section>")[0]


def test_who_was_met_and_how_print_whole_as_the_paper_form_has_them(rep, supervisor):
    """访问对象 and 开发方式 on one line each: 李明（采购总监）, 首次接触：电子邮件."""
    prospect = ProspectFactory(owner=rep)
    contact = ContactFactory(prospect=prospect, name="李明", position="采购总监")
    visit = held_visit(prospect, supervisor)
    visit.contacts_met.add(contact)
    first_contact(prospect, channel=FirstContact.Channel.EMAIL)
    with translation.override("zh-hans"):
        lines = pdf_text(documents.development_record(prospect).content).splitlines()
    assert any("李明（采购总监）" in line for line in lines), lines
    assert any("首次接触：电子邮件" in line for line in lines), lines
