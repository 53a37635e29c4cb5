"""The development record sheet (大客户开发记录表): its rows come from the records
that log each contact, in time order, and its foot sums them up."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from devlog import selectors
from devlog.models import Outcome
from devlog.tests.factories import (
    DevelopmentEntryFactory,
    OutcomeFactory,
    ago,
    first_contact,
    follow_up,
    visit,
)
from devlog.tests.helpers import table_rows
from kam.templatetags.kam import duration
from prospects.models import Attitude, Progress
from prospects.tests.factories import ContactFactory
from visits.models import Visit

PROGRESS_COLUMNS = range(4, 9)  # after date, person, time spent and method
ATTITUDE_COLUMNS = range(9, 12)


@pytest.fixture
def record(prospect):
    """One contact of each kind, created out of time order: 305 minutes in all."""
    entry = DevelopmentEntryFactory(
        prospect=prospect,
        occurred_at=ago(days=5),
        person_met="王总",
        duration_minutes=120,
        progress=Progress.PROPOSAL,
        attitude=Attitude.WARM,
        remarks="Lunch: the proposal went down well",
    )
    held = visit(
        prospect,
        at=ago(days=20),
        people_met="Purchasing manager Li",
        duration_minutes=90,
        progress=Progress.DEMO,
        attitude=Attitude.NEUTRAL,
        customer_views="Liked the demo",
    )
    done = follow_up(
        held,
        done_at=ago(days=15),
        person_contacted="Engineer Zhang",
        duration_minutes=20,
        progress=Progress.DEMO,
        attitude=Attitude.COLD,
        customer_opinion="Still comparing offers",
    )
    contact = first_contact(
        prospect,
        at=ago(days=30),
        contact=ContactFactory(prospect=prospect, name="Mr Wang"),
        duration_minutes=75,
        progress=Progress.CONTACT,
        attitude=Attitude.NEUTRAL,
        response="Agreed to meet",
    )
    return {"entry": entry, "visit": held, "follow_up": done, "first_contact": contact}


def test_rows_come_from_every_kind_of_contact_in_time_order(record):
    sheet = selectors.sheet(record["entry"].prospect)

    assert [row.source for row in sheet.rows] == [
        "first_contact",
        "visit",
        "follow_up",
        "entry",
    ]
    assert [
        (row.person, row.duration_minutes, row.progress, row.attitude, row.remarks)
        for row in sheet.rows
    ] == [
        ("Mr Wang", 75, "contact", "neutral", "Agreed to meet"),
        ("Purchasing manager Li", 90, "demo", "neutral", "Liked the demo"),
        ("Engineer Zhang", 20, "demo", "cold", "Still comparing offers"),
        ("王总", 120, "proposal", "warm", "Lunch: the proposal went down well"),
    ]
    assert [row.method for row in sheet.rows] == [
        "First contact: Letter",
        "Visit: Face to face",
        "Follow-up: Phone",
        "Business meal",
    ]


def test_rows_link_to_the_record_they_come_from(record):
    prospect = record["entry"].prospect
    urls = [row.url for row in selectors.sheet(prospect).rows]

    assert urls == [
        reverse("visits:first-contact", args=[record["first_contact"].pk]),
        reverse("visits:detail", args=[record["visit"].pk]),
        reverse("visits:detail", args=[record["visit"].pk]) + "#follow-up",
        reverse("devlog:entry-edit", args=[prospect.pk, record["entry"].pk]),
    ]


def test_a_change_to_a_visit_shows_on_the_sheet_without_retyping(record):
    held = record["visit"]
    held.customer_views = "Asked for a second demo"
    held.save()

    rows = selectors.sheet(held.prospect).rows

    assert [row.remarks for row in rows if row.source == "visit"] == [
        "Asked for a second demo"
    ]
    assert len(rows) == 4


def test_planned_and_cancelled_visits_and_open_follow_ups_are_not_rows(prospect):
    visit(prospect, at=ago(days=-3), status=Visit.Status.PLANNED)
    visit(prospect, at=ago(days=9), status=Visit.Status.CANCELLED)
    held = visit(prospect, at=ago(days=2), people_met="Mr Chen")
    follow_up(held)  # open: not logged yet

    sheet = selectors.sheet(prospect)

    assert [(row.source, row.person) for row in sheet.rows] == [("visit", "Mr Chen")]
    assert sheet.total_contacts == 1


def test_the_page_shows_each_row_with_its_ticks_in_the_right_columns(
    client, rep, record
):
    client.force_login(rep)
    page = client.get(reverse("devlog:sheet", args=[record["entry"].prospect_id]))

    assert page.status_code == 200
    rows = table_rows(page.content.decode(), "kam-sheet")
    body, foot = rows[:4], rows[4:]
    expected = [
        (record["first_contact"].contacted_at, "Mr Wang", "1 h 15 min", 0, 1),
        (record["visit"].held_at, "Purchasing manager Li", "1 h 30 min", 2, 1),
        (record["follow_up"].done_at, "Engineer Zhang", "20 min", 2, 2),
        (record["entry"].occurred_at, "王总", "2 h", 3, 0),
    ]
    for cells, (moment, person, spent, progress, attitude) in zip(
        body, expected, strict=True
    ):
        assert cells[0]["text"] == timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
        assert cells[1]["text"] == person
        assert cells[2]["text"] == spent
        ticked = [i for i, cell in enumerate(cells) if cell["tick"]]
        assert ticked == [PROGRESS_COLUMNS[progress], ATTITUDE_COLUMNS[attitude]]
        assert cells[ticked[0]]["text"] == Progress.labels[progress]
        assert cells[ticked[1]]["text"] == Attitude.labels[attitude]
    assert "Lunch: the proposal went down well" in body[3][12]["text"]
    assert [cells[0]["text"] for cells in foot] == [
        "Result",
        "Total contacts",
        "Total development time",
        "Why it succeeded or failed",
    ]


def test_the_foot_sums_the_contacts_and_their_time_since_the_first_contact(
    client, rep, record
):
    prospect = record["entry"].prospect
    first = timezone.localdate(record["first_contact"].contacted_at)
    days = (timezone.localdate(record["entry"].occurred_at) - first).days
    client.force_login(rep)

    rows = table_rows(
        client.get(reverse("devlog:sheet", args=[prospect.pk])).content.decode(),
        "kam-sheet",
    )
    foot = {cells[0]["text"]: cells[1]["text"] for cells in rows[4:]}

    assert foot["Result"] == "In development"
    assert foot["Total contacts"] == "4"
    assert foot["Total development time"] == (
        f"5 h 5 min · over {days} days since {first:%Y-%m-%d}"
    )
    assert foot["Why it succeeded or failed"] == "—"


@pytest.mark.parametrize(
    ("result", "label"),
    [
        (Outcome.Result.WON, "Won"),
        (Outcome.Result.NOT_YET, "Not won yet"),
        (Outcome.Result.LOST, "Lost"),
    ],
)
def test_the_foot_shows_the_outcome_and_why(client, rep, prospect, result, label):
    DevelopmentEntryFactory(prospect=prospect, occurred_at=ago(days=10))
    OutcomeFactory(
        prospect=prospect,
        result=result,
        decided_on=timezone.localdate(),
        summary="Their new plant needed our energy savings",
    )
    client.force_login(rep)

    rows = table_rows(
        client.get(reverse("devlog:sheet", args=[prospect.pk])).content.decode(),
        "kam-sheet",
    )
    foot = {cells[0]["text"]: cells[1]["text"] for cells in rows[1:]}

    assert foot["Result"] == label
    assert foot["Why it succeeded or failed"] == (
        "Their new plant needed our energy savings"
    )
    # One contact, ten days before the outcome: the development lasted ten days.
    assert selectors.sheet(prospect).elapsed_days == 10


def test_a_restored_account_is_in_development_again(prospect):
    DevelopmentEntryFactory(prospect=prospect)
    outcome = OutcomeFactory(prospect=prospect, result=Outcome.Result.LOST)
    outcome.restored_at = timezone.now()
    outcome.archived_at = None
    outcome.save()

    sheet = selectors.sheet(prospect)

    assert sheet.result == "In development"
    assert sheet.outcome == outcome  # kept as history


def test_an_account_without_contacts_has_an_empty_sheet(client, rep, prospect):
    client.force_login(rep)
    page = client.get(reverse("devlog:sheet", args=[prospect.pk])).content.decode()

    assert "No contact recorded yet." in page
    sheet = selectors.sheet(prospect)
    assert (sheet.total_contacts, sheet.total_minutes, sheet.elapsed_days) == (
        0,
        0,
        None,
    )
    assert sheet.stage_label == "Not contacted yet"


def test_only_hand_added_rows_can_be_edited_or_deleted_on_the_page(client, rep, record):
    prospect = record["entry"].prospect
    client.force_login(rep)
    page = client.get(reverse("devlog:sheet", args=[prospect.pk])).content.decode()

    entry = record["entry"]
    assert reverse("devlog:entry-edit", args=[prospect.pk, entry.pk]) in page
    assert reverse("devlog:entry-delete", args=[prospect.pk, entry.pk]) in page
    # Once in the table (a wide screen), once in the list (a phone).
    table, listed = page.split("kam-sheet-list", 1)
    assert table.count("/delete/") == 1
    assert listed.count("/delete/") == 1
    assert reverse("visits:detail", args=[record["visit"].pk]) in page


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(None, "—"), (0, "—"), (45, "45 min"), (60, "1 h"), (305, "5 h 5 min")],
)
def test_time_spent_is_shown_in_hours_and_minutes(minutes, shown):
    assert duration(minutes) == shown


def test_the_sheet_page_speaks_chinese(client, rep, record):
    client.cookies["django_language"] = "zh-hans"
    client.force_login(rep)

    # A request leaves its language active in the thread: keep it to this test.
    with translation.override(translation.get_language()):
        page = client.get(reverse("devlog:sheet", args=[record["entry"].prospect_id]))

    html = page.content.decode()
    for label in [
        "访问对象",
        "滞留时间",
        "开发方式",
        "业务进度",
        "接触客户",
        "缔约",
        "客户态度",
        "累计接触次数",
        "开发总时间",
        "开发成功/失败原因总结",
        "开发中",  # in development
        "5 小时 5 分钟",
    ]:
        assert label in html, label
