"""The printed sheets: served inline as PDFs named after the account, in the user's
language, every column label and value readable in them, every font embedded.

Rendering takes a while, so the documents are rendered once for the module (their
data rolled back afterwards) and each test reads what it needs from them.
"""

import re
from datetime import timedelta
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import TeamFactory, UserFactory
from devlog.tests.factories import (
    DevelopmentEntryFactory,
    OutcomeFactory,
    ago,
    first_contact,
    follow_up,
    visit,
)
from devlog.tests.helpers import pdf_fonts, pdf_text, squeezed
from kam import pdf
from prospects.models import Attitude, Progress
from prospects.services import prospect_refresh_assessment
from prospects.tests.factories import (
    ContactFactory,
    FinancialStatementFactory,
    ForecastFactory,
    ProspectFactory,
)
from visits.models import FirstContact, Visit

NAME = "华鑫精密机械有限公司"
PERSONAL = {
    "personality": "Distrusts-salesmen-personality",
    "pressures": "Cost-cut-pressure-note",
    "interests": "Orchid-growing-interest",
    "family_notes": "Twin-daughters-family-note",
}
LETTER = "尊敬的王总：我司诚邀贵公司参加下月的新品推介会，敬请回复。"

ENGLISH_LABELS = [
    "Key-account development record sheet",
    "Date and time",
    "Person met",
    "Time spent",
    "Development method",
    "Business progress",
    *map(str, Progress.labels),
    "Customer's attitude",
    *map(str, Attitude.labels),
    "Remarks",
    "Result",
    "Total contacts",
    "Total development time",
    "Why it succeeded or failed",
]
CHINESE_LABELS = [
    "大客户开发记录表",
    "访问对象",
    "滞留时间",
    "开发方式",
    "业务进度",
    "接触客户",
    "产品说明",
    "产品展示",
    "建议书",
    "缔约",
    "客户态度",
    "热情",
    "冷淡",
    "备注",
    "累计接触次数",
    "开发总时间",
    "开发成功/失败原因总结",
]
# Every row's person met and remarks, as typed.
ROW_VALUES = [
    ("Mr Wang", "Agreed to meet next month"),
    ("王总", "对节能方案很感兴趣"),
    ("Engineer Zhang", "Still comparing offers"),
    ("采购部李经理", "Lunch: the proposal went down well"),
    ("Ms Chen", "Signed the framework contract"),
]


def build_account():
    """An account with a full record: one row per progress step, every attitude."""
    rep = UserFactory(username="pdf_rep", role=Role.REP, team=TeamFactory())
    supervisor = UserFactory(
        username="pdf_supervisor", role=Role.SUPERVISOR, team=rep.team
    )
    prospect = ProspectFactory(name=NAME, owner=rep)
    wang = ContactFactory(prospect=prospect, name="Mr Wang", **PERSONAL)
    FinancialStatementFactory(prospect=prospect, period="2025")
    ForecastFactory(prospect=prospect)
    prospect_refresh_assessment(prospect)
    letter = first_contact(
        prospect,
        at=ago(days=40),
        contact=wang,
        content=LETTER,
        response=ROW_VALUES[0][1],
        duration_minutes=15,
        progress=Progress.CONTACT,
        attitude=Attitude.NEUTRAL,
    )
    held = visit(
        prospect,
        at=ago(days=30),
        lead_visitor=supervisor,
        place="客户总部会议室",
        people_met=ROW_VALUES[1][0],
        talking_points="介绍了我司产品在节能方面的优势",
        customer_views=ROW_VALUES[1][1],
        suggestions="Bring a sample next time",
        duration_minutes=90,
        progress=Progress.EXPLANATION,
        attitude=Attitude.WARM,
    )
    follow_up(
        held,
        done_at=ago(days=25),
        person_contacted=ROW_VALUES[2][0],
        customer_opinion=ROW_VALUES[2][1],
        duration_minutes=20,
        progress=Progress.DEMO,
        attitude=Attitude.COLD,
    )
    for days_ago, (person, remarks), progress in [
        (10, ROW_VALUES[3], Progress.PROPOSAL),
        (2, ROW_VALUES[4], Progress.CONTRACT),
    ]:
        DevelopmentEntryFactory(
            prospect=prospect,
            occurred_at=ago(days=days_ago),
            person_met=person,
            remarks=remarks,
            duration_minutes=180,
            progress=progress,
            attitude=Attitude.WARM,
        )
    OutcomeFactory(
        prospect=prospect,
        result="won",
        summary="决策人认可我们的节能方案",
        decided_on=timezone.localdate(),
    )
    return {"rep": rep, "prospect": prospect, "visit": held, "letter": letter}


def _served(response):
    return {
        "status": response.status_code,
        "type": response["Content-Type"],
        "disposition": response["Content-Disposition"],
        "nosniff": response.get("X-Content-Type-Options"),
        "content": response.content,
    }


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker):
    """The account's sheets as the owner gets them, in English and in Chinese."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers, LANGUAGE_CODE="en"),
        transaction.atomic(),
    ):
        account = build_account()
        prospect = account["prospect"]
        client = Client()
        client.force_login(account["rep"])
        urls = {
            "sheet": reverse("devlog:sheet-pdf", args=[prospect.pk]),
            "visit": reverse("visits:record-pdf", args=[account["visit"].pk]),
            "profile": reverse("prospects:profile-pdf", args=[prospect.pk]),
            "letter": reverse("visits:letter-pdf", args=[account["letter"].pk]),
        }
        served = {kind: _served(client.get(url)) for kind, url in urls.items()}
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        # A request leaves its language active in the thread: not beyond this one.
        with translation.override(translation.get_language()):
            for kind in ("sheet", "visit"):
                served[f"{kind}-zh"] = _served(client.get(urls[kind]))
        served["held_at"] = timezone.localtime(account["visit"].held_at)
        served["letter_on"] = timezone.localdate(account["letter"].contacted_at)
        transaction.set_rollback(True)
    for document in served.values():
        if isinstance(document, dict):
            document["text"] = pdf_text(document["content"])
    return served


def filename_of(disposition):
    """The file name of an inline Content-Disposition, UTF-8 form included."""
    assert disposition.startswith("inline;")
    encoded = re.search(r"filename\*=utf-8''(\S+)", disposition)
    assert encoded, disposition
    return unquote(encoded[1])


DOCUMENTS = ["sheet", "visit", "profile", "letter", "sheet-zh", "visit-zh"]


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_each_sheet_is_served_inline_as_a_pdf(documents, kind):
    document = documents[kind]

    assert document["status"] == 200
    assert document["type"] == "application/pdf"
    assert document["content"].startswith(b"%PDF-")
    assert document["nosniff"] == "nosniff"
    assert document["disposition"].startswith("inline;")


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("sheet", f"{NAME} - development record sheet.pdf"),
        ("profile", f"{NAME} - profile.pdf"),
        ("visit", f"{NAME} - visit record sheet - {{held:%Y-%m-%d}}.pdf"),
        ("letter", f"{NAME} - letter - {{letter:%Y-%m-%d}}.pdf"),
        ("sheet-zh", f"{NAME} - 大客户开发记录表.pdf"),
        ("visit-zh", f"{NAME} - 拜访记录表 - {{held:%Y-%m-%d}}.pdf"),
    ],
)
def test_the_file_is_named_after_the_account_and_the_document(documents, kind, name):
    expected = name.format(held=documents["held_at"], letter=documents["letter_on"])

    assert filename_of(documents[kind]["disposition"]) == expected


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_every_font_is_the_project_s_own_and_embedded(documents, kind):
    fonts = pdf_fonts(documents[kind]["content"])

    assert fonts
    for page, name, embedded in fonts:
        assert embedded, (page, name)
        assert "KAM-Sans" in name, (page, name)


def test_the_sheet_shows_every_column_label_in_english(documents):
    text = squeezed(documents["sheet"]["text"])

    for label in ENGLISH_LABELS:
        assert squeezed(label) in text, label


def test_the_sheet_shows_every_column_label_in_chinese(documents):
    text = squeezed(documents["sheet-zh"]["text"])

    for label in CHINESE_LABELS:
        assert label in text, label


def test_the_chinese_sheet_calls_a_neutral_attitude_yiban(documents):
    assert "一般" in documents["sheet-zh"]["text"]


@pytest.mark.parametrize("kind", ["sheet", "sheet-zh"])
def test_the_sheet_shows_every_row_s_person_and_remarks(documents, kind):
    text = squeezed(documents[kind]["text"])

    for person, remarks in ROW_VALUES:
        assert squeezed(person) in text, person
        assert squeezed(remarks) in text, remarks
    # One tick per row for the progress, one for the attitude.
    assert documents[kind]["text"].count("✓") == 2 * len(ROW_VALUES)


def test_the_sheet_foot_sums_up_the_development(documents):
    text = squeezed(documents["sheet"]["text"])

    assert squeezed("Total contacts 5") in text
    # 15 + 90 + 20 + 180 + 180 minutes.
    assert squeezed("Total development time 8 h 5 min") in text
    assert "Won·" in text
    assert "决策人认可我们的节能方案" in text


def test_the_chinese_sheet_foot_is_in_chinese(documents):
    text = squeezed(documents["sheet-zh"]["text"])

    assert "累计接触次数5" in text
    assert "开发总时间8小时5分钟" in text
    assert "开发成功·" in text


def test_the_visit_record_sheet_shows_the_visit(documents):
    text = squeezed(documents["visit"]["text"])

    for shown in [
        "Target customer visit record sheet",
        "Time of the visit",
        f"{documents['held_at']:%Y-%m-%d %H:%M}",
        "Place",
        "客户总部会议室",
        "Method",
        "Face to face",
        "Main talking points",
        "介绍了我司产品在节能方面的优势",
        "The customer's views",
        "对节能方案很感兴趣",
        "Suggestions for further development",
        "Bring a sample next time",
        "王总",
    ]:
        assert squeezed(shown) in text, shown


def test_the_visit_record_sheet_is_in_chinese_too(documents):
    text = squeezed(documents["visit-zh"]["text"])

    for shown in [
        "目标客户拜访记录表",
        "地点",
        "主要谈话要点",
        "进一步的大客户开发建议",
    ]:
        assert shown in text, shown


def test_the_profile_shows_the_verdict_and_ratios(documents):
    text = squeezed(documents["profile"]["text"])

    for shown in [
        "Key-account profile",
        NAME,
        "Is it worth developing?",
        "Worth developing",
        "Current-asset ratio",
        "40.0%",  # 800 of 2,000
        "Net profit margin",
        "10.0%",
        "Return on assets",
        "5.0%",
        "73.0 days",  # collection period: 200 / 1,000 × 365
        "75.0 days",  # inventory period: 150 / 730 × 365
        "Mr Wang",
    ]:
        assert squeezed(shown) in text, shown


def test_the_profile_never_prints_a_contact_s_personal_profile(documents):
    text = squeezed(documents["profile"]["text"])

    for value in PERSONAL.values():
        assert squeezed(value) not in text


def test_the_letter_shows_its_content(documents):
    text = squeezed(documents["letter"]["text"])

    assert squeezed(LETTER) in text
    assert squeezed(settings.KAM_COMPANY_NAME) in text
    assert f"{documents['letter_on']:%Y-%m-%d}" in text


# --- What has no printed sheet, and where the sheets are linked -----------------------


def test_a_visit_not_held_has_no_record_sheet(client, rep, prospect):
    client.force_login(rep)
    for status in (Visit.Status.PLANNED, Visit.Status.CANCELLED):
        planned = visit(prospect, at=ago(days=-2), status=status)
        url = reverse("visits:record-pdf", args=[planned.pk])
        assert client.get(url).status_code == 404


def test_a_phone_call_has_no_letter(client, rep, prospect):
    call = first_contact(prospect, channel=FirstContact.Channel.PHONE)
    client.force_login(rep)

    assert client.get(reverse("visits:letter-pdf", args=[call.pk])).status_code == 404


def test_the_pages_link_to_their_sheets(client, rep, prospect):
    held = visit(prospect)
    email = first_contact(prospect, channel=FirstContact.Channel.EMAIL)
    client.force_login(rep)

    pages = {
        reverse("devlog:sheet", args=[prospect.pk]): [
            reverse("devlog:sheet-pdf", args=[prospect.pk])
        ],
        # The account page's record section, which loads on its own.
        reverse("prospects:panel-record", args=[prospect.pk]): [
            reverse("devlog:sheet-pdf", args=[prospect.pk]),
            reverse("prospects:profile-pdf", args=[prospect.pk]),
        ],
        held.get_absolute_url(): [reverse("visits:record-pdf", args=[held.pk])],
        reverse("visits:first-contact", args=[email.pk]): [
            reverse("visits:letter-pdf", args=[email.pk])
        ],
    }
    for page, links in pages.items():
        html = client.get(page).content.decode()
        for link in links:
            assert f'href="{link}"' in html, (page, link)


def test_a_fifty_row_sheet_renders(client, rep, prospect):
    start = timezone.now() - timedelta(days=60)
    DevelopmentEntryFactory.create_batch(
        50,
        prospect=prospect,
        occurred_at=start,
        person_met="Purchasing director Li",
        remarks="A long talk about the energy figures of the new production line",
    )
    client.force_login(rep)

    response = client.get(reverse("devlog:sheet-pdf", args=[prospect.pk]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert len(PdfReader(BytesIO(response.content)).pages) > 1
    assert squeezed(text).count("Purchasingdirector") == 50
    assert "Totalcontacts50" in squeezed(text)
    assert "Totaldevelopmenttime50h·" in squeezed(text)  # 50 × 60 minutes


@pytest.mark.parametrize(
    ("parts", "name"),
    [
        (("华鑫精密", "profile"), "华鑫精密 - profile.pdf"),
        (("A/B\\C: *Co*?", "letter"), "ABC Co - letter.pdf"),
        (('"Quoted" <Co>|', "letter"), "Quoted Co - letter.pdf"),
        (("Line\r\nbreak\t", "profile"), "Linebreak - profile.pdf"),
        (("../../etc/passwd", "", None), "....etcpasswd.pdf"),
        (("长" * 200, "profile"), "长" * 150 + ".pdf"),
    ],
)
def test_file_names_keep_the_name_but_nothing_that_breaks_a_path_or_header(parts, name):
    assert pdf.safe_filename(*parts) == name
