"""The development record sheet (大客户开发记录表) and the registers built on it.

The sheet is read, not copied: its rows are the account's first contacts, held
visits and logged follow-ups, each carrying its own time spent, progress and
attitude, plus the contacts added to it by hand.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devlog.models import DevelopmentEntry, Outcome
from kam.history import recent_changes
from prospects.models import Attitude, Contact, Progress, Prospect
from visits.models import FirstContact, FollowUp, Visit


@dataclass
class SheetRow:
    occurred_at: datetime
    person: str
    duration_minutes: int | None
    method: str
    progress: str
    attitude: str
    remarks: str
    source: str  # "first_contact", "visit", "follow_up" or "entry"
    url: str
    entry: DevelopmentEntry | None = None

    @property
    def progress_rank(self):
        return Progress.rank(self.progress)

    @property
    def progress_label(self):
        return Progress(self.progress).label if self.progress else ""

    @property
    def attitude_label(self):
        return Attitude(self.attitude).label if self.attitude else ""


#: What a row of the sheet shows of every kind of contact.
SHEET_FIELDS = ("duration_minutes", "progress", "attitude")


def _rows(prospect):
    first_contacts = (
        FirstContact.objects.filter(prospect=prospect)
        .select_related("contact")
        .only(*SHEET_FIELDS, "contacted_at", "channel", "response", "contact__name")
    )
    for contact in first_contacts:
        yield SheetRow(
            contact.contacted_at,
            contact.contact.name if contact.contact else "",
            contact.duration_minutes,
            _("First contact: %(channel)s")
            % {"channel": contact.get_channel_display()},
            contact.progress,
            contact.attitude,
            contact.response,
            "first_contact",
            contact.get_absolute_url(),
        )
    held = (
        Visit.objects.filter(prospect=prospect, status=Visit.Status.HELD)
        .only(*SHEET_FIELDS, "held_at", "method", "people_met", "customer_views")
        .prefetch_related(Prefetch("contacts_met", Contact.objects.only("name", "position")))
    )  # fmt: skip
    for visit in held:
        yield SheetRow(
            visit.held_at,
            visit.met_line,
            visit.duration_minutes,
            _("Visit: %(method)s") % {"method": visit.get_method_display()},
            visit.progress,
            visit.attitude,
            visit.customer_views,
            "visit",
            visit.get_absolute_url(),
        )
    done = FollowUp.objects.filter(prospect=prospect, status=FollowUp.Status.DONE).only(
        *SHEET_FIELDS, "visit", "done_at", "person_contacted", "method", "customer_opinion"
    )  # fmt: skip
    for follow_up in done:
        yield SheetRow(
            follow_up.done_at,
            follow_up.person_contacted,
            follow_up.duration_minutes,
            _("Follow-up: %(method)s") % {"method": follow_up.get_method_display()},
            follow_up.progress,
            follow_up.attitude,
            follow_up.customer_opinion,
            "follow_up",
            follow_up.get_absolute_url(),
        )
    for entry in DevelopmentEntry.objects.filter(prospect=prospect):
        yield SheetRow(
            entry.occurred_at,
            entry.person_met,
            entry.duration_minutes,
            entry.get_method_display(),
            entry.progress,
            entry.attitude,
            entry.remarks,
            "entry",
            reverse("devlog:entry-edit", args=[prospect.pk, entry.pk]),
            entry,
        )


@dataclass
class Sheet:
    prospect: Prospect
    rows: list
    outcome: Outcome | None

    @property
    def total_contacts(self):
        return len(self.rows)

    @property
    def total_minutes(self):
        return sum(row.duration_minutes or 0 for row in self.rows)

    @property
    def first_at(self):
        return self.rows[0].occurred_at if self.rows else None

    @property
    def last_at(self):
        return self.rows[-1].occurred_at if self.rows else None

    @property
    def elapsed_days(self):
        """Days from the first contact to the outcome, or to the latest contact."""
        if not self.rows:
            return None
        end = timezone.localtime(self.last_at).date()
        if self.outcome and self.outcome.is_current:
            end = max(end, self.outcome.decided_on)
        return (end - timezone.localtime(self.first_at).date()).days

    @property
    def result(self):
        if self.outcome and self.outcome.is_current:
            return self.outcome.get_result_display()
        return _("In development")

    @property
    def attitudes(self):
        """The attitude of each contact, oldest first (the trend)."""
        return [row for row in self.rows if row.attitude]

    @property
    def stage_label(self):
        return self.prospect.get_stage_display() or _("Not contacted yet")


def sheet(prospect):
    rows = sorted(_rows(prospect), key=lambda row: row.occurred_at)
    outcome = (
        Outcome.objects.filter(prospect=prospect).prefetch_related("reasons").first()
    )
    return Sheet(prospect, rows, outcome)


def account_panel(request, prospect):
    """The development record shown on the account page."""
    record = sheet(prospect)
    return {
        "sheet": record,
        "recent_attitudes": record.attitudes[-8:],
        "progress_steps": Progress.choices,
        "stage_rank": Progress.rank(prospect.stage),
        "recent_changes": recent_changes(prospect),
    }


def register(user):
    """Won accounts (the key-account register), with their classification."""
    return (
        Prospect.objects.visible_to(user)
        .filter(status=Prospect.Status.WON)
        .with_classification()
        .select_related("outcome")
        .order_by("-outcome__decided_on", "name")
    )


def archive(user, query=""):
    """Lost accounts, searchable by name, reasons and what was learned."""
    lost = (
        Prospect.objects.visible_to(user)
        .filter(status=Prospect.Status.LOST)
        .select_related("owner", "outcome")
        .prefetch_related("outcome__reasons")
        .order_by("-outcome__decided_on", "name")
    )
    query = query.strip()
    if query:
        lost = lost.filter(
            Q(name__icontains=query)
            | Q(outcome__summary__icontains=query)
            | Q(outcome__lessons__icontains=query)
            | Q(outcome__reasons__name_en__icontains=query)
            | Q(outcome__reasons__name_zh__icontains=query)
        ).distinct()
    return lost
