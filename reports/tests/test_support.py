"""The hand-built pipeline the dashboard tests count on, and small readers of pages
and exports. Named test_dashboard_* like the tests that use it; it holds no test.

The clock is frozen at NOW, a Wednesday noon in the team's time zone (Asia/Shanghai),
so that "overdue since", "this week" and the default period are fixed days. Every
figure the tests expect is worked out by hand in the tables below.

Team A (the ``team`` fixture), period P = 2026-11-01 … 2026-11-18:

    account          owner      status      stage        contact in P   in the default period
    Anhui Steel      rep        developing  demo         first contact  yes
    Beijing Foods    rep        developing  explanation  visit held     yes
    Chengdu Chem     colleague  won         contract     entry, f-up    yes
    Dalian Port      colleague  won         contract     first contact  yes
    Emei Tea         rep        lost        proposal     entry          yes
    Fuzhou Glass     rep        dormant     explanation  first contact  yes
    Guangzhou Paper  colleague  potential   —            none           no
    Hefei Auto       colleague  developing  contact      none           first contact

Team B (the ``other_team`` fixture) has three accounts of ``outsider``'s with large
figures, so that any leak into team A's totals shows.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from accounts.tests.factories import UserFactory
from devlog.models import DevelopmentEntry, FailureReason, Outcome
from notifications.models import Notification
from prospects.models import (
    CustomerNature,
    Forecast,
    ProductCategory,
    Prospect,
    ServiceContent,
)
from visits.models import (
    FOLLOW_UP_AFTER,
    FirstContact,
    FollowUp,
    Visit,
    VisitPreparation,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=SHANGHAI)
PERIOD = {"period_from": "2026-11-01", "period_to": "2026-11-18"}
OCTOBER = {"period_from": "2026-10-01", "period_to": "2026-10-31"}
DEFAULT_PERIOD_TEXT = "2026-10-20 – 2026-11-18"  # the last 30 days up to NOW

TEAM_A_NAMES = [
    "Anhui Steel",
    "Beijing Foods",
    "Chengdu Chem",
    "Dalian Port",
    "Emei Tea",
    "Fuzhou Glass",
    "Guangzhou Paper",
    "Hefei Auto",
]
TEAM_B_NAMES = ["Xiamen Tech", "Yunnan Coffee", "Zhuhai Boats"]


def freeze(monkeypatch, moment=NOW):
    """Stop the clock at ``moment`` for the app (views, filters, auto_now fields)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def at(month, day, hour=10, minute=0, year=2026):
    """A moment in the team's time zone."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def reason(name_en):
    """One of the failure reasons the migrations install."""
    return FailureReason.objects.get(name_en=name_en)


def lookups():
    return {
        "machinery": ProductCategory.objects.get_or_create(
            name_en="Machinery", defaults={"name_zh": "机械"}
        )[0],
        "food": ProductCategory.objects.get_or_create(
            name_en="Food", defaults={"name_zh": "食品"}
        )[0],
        "state": CustomerNature.objects.get_or_create(
            name_en="State-owned", defaults={"name_zh": "国有企业"}
        )[0],
        "install": ServiceContent.objects.get_or_create(
            name_en="Installation", defaults={"name_zh": "安装服务"}
        )[0],
    }


def account(name, owner, *, status="developing", stage="", **fields):
    return Prospect.objects.create(
        name=name, team=owner.team, owner=owner, status=status, stage=stage, **fields
    )


def first_contact(prospect, moment, *, progress="contact", by=None):
    return FirstContact.objects.create(
        prospect=prospect,
        channel=FirstContact.Channel.PHONE,
        contacted_at=moment,
        made_by=by or prospect.owner,
        progress=progress,
        attitude="neutral",
    )


def held_visit(prospect, lead, moment, *, co=(), progress="", attitude="warm"):
    """A held visit and its follow-up (open), the visitors joining the account as
    the visit service makes them."""
    visit = Visit.objects.create(
        prospect=prospect,
        lead_visitor=lead,
        planned_at=moment,
        held_at=moment,
        place="Head office",
        status=Visit.Status.HELD,
        talking_points="Our offer",
        customer_views="Interested",
        progress=progress,
        attitude=attitude,
        created_by=prospect.owner,
    )
    visit.co_visitors.set(co)
    prospect.colleagues.add(*[p for p in (lead, *co) if p.pk != prospect.owner_id])
    assignee = prospect.owner if prospect.owner in (lead, *co) else lead
    follow_up = FollowUp.objects.create(
        visit=visit,
        prospect=prospect,
        assignee=assignee,
        due_at=moment + FOLLOW_UP_AFTER,
    )
    return visit, follow_up


def planned_visit(prospect, lead, moment, *, co=(), prepared=False):
    visit = Visit.objects.create(
        prospect=prospect,
        lead_visitor=lead,
        planned_at=moment,
        place="Head office",
        created_by=prospect.owner,
    )
    visit.co_visitors.set(co)
    prospect.colleagues.add(*[p for p in (lead, *co) if p.pk != prospect.owner_id])
    preparation = VisitPreparation.objects.create(visit=visit)
    if prepared:
        preparation.discussion_at = moment - timedelta(days=1)
        preparation.colleague_suggestions = "Bring the figures."
        preparation.checklist = {
            key: {"done": True, "notes": ""}
            for items in VisitPreparation.GROUPS.values()
            for key, _label in items
        }
        preparation.classification = preparation.analysis = "Done"
        preparation.judgement = "Worth it"
        preparation.save()
    return visit


def done(follow_up, moment):
    follow_up.status = FollowUp.Status.DONE
    follow_up.done_at = moment
    follow_up.method = FollowUp.Method.PHONE
    follow_up.customer_opinion = "Still interested"
    follow_up.save()
    return follow_up


def entry(prospect, moment, progress):
    return DevelopmentEntry.objects.create(
        prospect=prospect,
        occurred_at=moment,
        person_met="Purchasing director",
        method=DevelopmentEntry.Method.MEAL,
        progress=progress,
        attitude="warm",
        created_by=prospect.owner,
    )


def outcome(prospect, result, decided_on, *, reasons=(), summary="", **fields):
    recorded = Outcome.objects.create(
        prospect=prospect,
        result=result,
        decided_on=decided_on,
        decided_by=prospect.owner,
        summary=summary or f"Why {prospect.name} ended so",
        **fields,
    )
    recorded.reasons.set([reason(name) for name in reasons])
    return recorded


def forecast(prospect, expected, risk):
    return Forecast.objects.create(
        prospect=prospect,
        expected_sales=None if expected is None else Decimal(expected),
        risk_coefficient=None if risk is None else Decimal(risk),
    )


@dataclass
class TeamA:
    accounts: dict
    follow_ups: dict


def build_team_a(rep, colleague, supervisor, *, suffix=""):
    """Team A's pipeline (see the module's docstring); ``suffix`` makes a copy with
    other names, for the larger data sets of the query-count tests."""
    from datetime import date

    kinds = lookups()
    names = {
        key: f"{name}{suffix}"
        for key, name in zip("12345678", TEAM_A_NAMES, strict=True)
    }
    a1 = account(
        names["1"], rep, stage="demo", verdict="worth", quadrant="strategic",
        product_category=kinds["machinery"], customer_nature=kinds["state"],
    )  # fmt: skip
    a2 = account(
        names["2"], rep, stage="explanation", verdict="not_worth", quadrant="develop",
        product_category=kinds["food"],
    )  # fmt: skip
    a3 = account(
        names["3"], colleague, status="won", stage="contract", verdict="worth",
        quadrant="strategic", product_category=kinds["machinery"],
        customer_nature=kinds["state"], service_content=kinds["install"],
    )  # fmt: skip
    a4 = account(names["4"], colleague, status="won", stage="contract", verdict="worth")
    a5 = account(
        names["5"], rep, status="lost", stage="proposal", verdict="not_worth",
        quadrant="streamline", product_category=kinds["food"],
    )  # fmt: skip
    a6 = account(names["6"], rep, status="dormant", stage="explanation")
    a7 = account(names["7"], colleague, status="potential", product_category=kinds["machinery"])  # fmt: skip
    a8 = account(names["8"], colleague, stage="contact", quadrant="maintain")

    first_contact(a1, at(11, 2))
    _v, fu1 = held_visit(a1, supervisor, at(11, 5), co=[rep], progress="demo")
    done(fu1, at(11, 10, 15))  # due 11-12: on time

    first_contact(a2, at(10, 1))
    _v, fu2 = held_visit(
        a2, supervisor, at(11, 8, 23, 30), co=[rep], progress="explanation"
    )  # due 11-15 23:30, still open: 3 calendar days overdue at NOW

    first_contact(a3, at(9, 9))
    _v, fu3 = held_visit(
        a3, supervisor, at(10, 25), co=[colleague], progress="proposal"
    )
    done(fu3, at(11, 3, 9))  # due 11-01: late, logged in the period
    entry(a3, at(11, 9), "contract")
    outcome(a3, "won", date(2026, 11, 10), summary=f"Energy savings won {a3.name}")

    # 00:30 in Shanghai is the day before in UTC: 10 days to the win, not 11.
    first_contact(a4, at(11, 4, 0, 30))
    outcome(a4, "won", date(2026, 11, 14), summary=f"Service won {a4.name}")

    first_contact(a5, at(10, 5))
    _v, fu5 = held_visit(a5, supervisor, at(10, 20), co=[rep])  # due 10-27, open
    entry(a5, at(11, 11), "proposal")
    outcome(
        a5, "lost", date(2026, 11, 12), reasons=["Price", "Competitor relationship"]
    )

    first_contact(a6, at(11, 6), progress="explanation")
    outcome(
        a6, "not_yet", date(2026, 11, 16), reasons=["Price", "Budget or timing"],
        approach_again_on=date(2026, 11, 18),
    )  # fmt: skip

    first_contact(a8, at(10, 25))
    # The lead visitor follows up (the owner did not go): due 10-26 00:30 local,
    # which is 10-25 in UTC.
    _v, fu8 = held_visit(a8, supervisor, at(10, 19, 0, 30))

    forecast(a1, 1_000_000, 20)
    forecast(a2, 500_000, None)
    forecast(a3, 2_000_000, 10)  # won: not in the open pipeline
    forecast(a5, 400_000, 30)  # lost: not in the open pipeline
    forecast(a7, 300_000, 50)
    forecast(a8, None, 10)  # no expected sales: not counted
    return TeamA(
        accounts=dict(zip("12345678", (a1, a2, a3, a4, a5, a6, a7, a8), strict=True)),
        follow_ups={"1": fu1, "2": fu2, "3": fu3, "5": fu5, "8": fu8},
    )


def build_team_b(outsider, other_supervisor):
    from datetime import date

    kinds = lookups()
    b1 = account(
        "Xiamen Tech", outsider, stage="proposal", verdict="worth",
        quadrant="strategic", product_category=kinds["machinery"],
    )  # fmt: skip
    b2 = account(
        "Yunnan Coffee", outsider, status="won", stage="contract",
        product_category=kinds["food"],
    )  # fmt: skip
    b3 = account("Zhuhai Boats", outsider, status="lost", stage="contact")
    first_contact(b1, at(11, 3))
    held_visit(b1, other_supervisor, at(11, 4), co=[outsider])  # due 11-11, open
    first_contact(b2, at(11, 1))
    outcome(b2, "won", date(2026, 11, 5))
    first_contact(b3, at(11, 2))
    outcome(b3, "lost", date(2026, 11, 6), reasons=["Price", "Policy"])
    forecast(b1, 9_000_000, 0)
    return [b1, b2, b3]


def other_supervisor_of(other_team):
    return UserFactory(
        username="other_supervisor", team=other_team, role=Role.SUPERVISOR
    )


# --- Reading what the pages and exports show ------------------------------------------


class _TableReader(HTMLParser):
    """The body rows (cell texts) of the table inside ``<section id="table-KEY">``."""

    def __init__(self, key):
        super().__init__()
        self.section_id = f"table-{key}"
        self.depth = 0  # sections deep inside the wanted one
        self.in_body = False
        self.rows = []
        self.header = []
        self.cell = None
        self.in_head = False
        self.found = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and (self.depth or attrs.get("id") == self.section_id):
            self.depth += 1
            self.found = True
        if not self.depth:
            return
        if tag == "thead":
            self.in_head = True
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("td", "th") and (self.in_body or self.in_head):
            self.cell = []

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "section":
            self.depth -= 1
        elif tag == "thead":
            self.in_head = False
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            (self.rows[-1] if self.in_body else self.header).append(text)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_table(response, key):
    """(header, rows) of the dashboard's table ``key`` as the page shows them."""
    reader = _TableReader(key)
    reader.feed(response.content.decode())
    assert reader.found, f"no table {key} on the page"
    return reader.header, reader.rows


def csv_rows(response):
    """(header, rows) of a CSV export; asserts the BOM Excel needs."""
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    return header, rows


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    header, *rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    # An empty cell at the end of a row is not stored in the file.
    rows = [row + [None] * (len(header) - len(row)) for row in rows]
    return workbook.active.title, header, rows


def same_cell(shown, exported):
    """Whether a page cell and an exported cell are the same figure: the page groups
    thousands, rounds amounts and shows "—" for nothing."""
    if isinstance(exported, datetime):
        exported = exported.date().isoformat()
    elif exported is None:
        exported = ""
    elif not isinstance(exported, str):
        exported = str(exported)
    if shown == exported or (shown == "—" and exported == ""):
        return True
    try:
        on_page = Decimal(shown.replace(",", ""))
        in_file = Decimal(exported)
    except InvalidOperation:
        return False
    return abs(on_page - in_file) < 1


def by_first_cell(rows):
    return {row[0]: row[1:] for row in rows}


# --- The rep's day ------------------------------------------------------------------------


def notify(recipient, *, follow_up=None, prospect=None, kind="overdue", minutes_ago=60, read=False):  # fmt: skip

    created = NOW - timedelta(minutes=minutes_ago)
    return Notification.objects.create(
        follow_up=follow_up,
        prospect=prospect,
        due_on=None if follow_up else NOW.date(),
        kind=kind,
        recipient=recipient,
        created_at=created,
        email_next_attempt_at=created,
        read_at=NOW if read else None,
    )


def build_my_day(rep, colleague, supervisor, manager, *, suffix=""):
    """The rep's week (NOW is Wednesday 11-18; the week runs 11-16 … 11-22).

    What the rep has to do, most urgent first:
      0 follow up Overdue Co (due 11-16)      1 follow up Today Co (due 15:00)
      2 prepare the visit to Prep Co (11-20)  2 approach Again Co again (11-18)
      3 follow up Later Co (11-20), Week Co (11-23)
      4 propose methods for the meeting of 11-19
      5 assess Undecided Co
    """
    from datetime import date

    from visits.models import MeetingProposal, MethodMeeting

    def mine(name, stage="", **fields):
        fields.setdefault("verdict", "worth")
        return account(f"{name}{suffix}", rep, stage=stage, **fields)

    overdue = mine("Overdue Co", "demo")
    today = mine("Today Co", "contact")
    later = mine("Later Co", "contact")
    week = mine("Week Co", "explanation")
    far = mine("Far Co", "explanation")
    prep = mine("Prep Co")
    prepared = mine("Prepared Co", "proposal")
    again = mine("Again Co", "explanation", status="dormant")
    not_yet = mine("Not Yet Co", status="dormant")
    won = mine("Won Co", "contract", status="won")
    undecided = mine("Undecided Co", verdict="undecided")
    shared = account(f"Shared Co{suffix}", colleague, stage="demo", verdict="worth")
    shared.colleagues.add(rep)
    theirs = account(f"Their Co{suffix}", colleague, stage="demo")

    _v, fu_overdue = held_visit(overdue, supervisor, at(11, 9), co=[rep])
    _v, fu_today = held_visit(today, supervisor, at(11, 11, 15), co=[rep])
    _v, fu_later = held_visit(later, supervisor, at(11, 13), co=[rep])
    held_visit(week, supervisor, at(11, 16, 9), co=[rep])  # held this week
    _v, fu_far = held_visit(far, supervisor, at(11, 10), co=[rep])
    FollowUp.objects.filter(pk=fu_far.pk).update(due_at=at(11, 26))  # beyond 7 days
    _v, fu_done = held_visit(far, supervisor, at(11, 12), co=[rep])
    done(fu_done, at(11, 14))
    held_visit(theirs, supervisor, at(11, 10), co=[colleague])  # the colleague's

    planned_visit(prep, supervisor, at(11, 20), co=[rep])  # preparation to do
    planned_visit(prepared, supervisor, at(11, 21), co=[rep], prepared=True)
    planned_visit(prep, supervisor, at(11, 27), co=[rep])  # next week: not yet
    planned_visit(theirs, supervisor, at(11, 19), co=[colleague])  # not the rep's
    cancelled = planned_visit(prepared, supervisor, at(11, 17), co=[rep])
    Visit.objects.filter(pk=cancelled.pk).update(status=Visit.Status.CANCELLED)

    outcome(again, "not_yet", date(2026, 10, 1), reasons=["Price"],
            approach_again_on=date(2026, 11, 18))  # fmt: skip
    outcome(not_yet, "not_yet", date(2026, 10, 1), reasons=["Price"],
            approach_again_on=date(2026, 11, 19))  # fmt: skip
    outcome(won, "won", date(2026, 10, 1))

    asked = MethodMeeting.objects.create(
        team=manager.team, called_by=manager, held_on=at(11, 19, 9)
    )
    asked.attendees.set([rep, colleague])
    asked.prospects.set([prep])
    answered = MethodMeeting.objects.create(
        team=manager.team, called_by=manager, held_on=at(11, 20, 9)
    )
    answered.attendees.set([rep])
    answered.prospects.set([prep])
    MeetingProposal.objects.create(
        meeting=answered, prospect=prep, author=rep, method="visit", rationale="Go"
    )
    closed = MethodMeeting.objects.create(
        team=manager.team, called_by=manager, held_on=at(11, 10, 9), status="closed"
    )
    closed.attendees.set([rep])

    notify(rep, follow_up=fu_overdue, kind="overdue", minutes_ago=30)
    notify(rep, prospect=again, kind="approach_again", minutes_ago=10)
    notify(rep, follow_up=fu_today, kind="due", minutes_ago=5, read=True)
    notify(colleague, follow_up=fu_later, kind="upcoming")
    return {
        "overdue": overdue,
        "today": today,
        "later": later,
        "week": week,
        "prep": prep,
        "prepared": prepared,
        "again": again,
        "undecided": undecided,
        "shared": shared,
        "meeting": asked,
    }
