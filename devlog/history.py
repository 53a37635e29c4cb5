"""Who changed what, and when, on an account and everything recorded under it.

django-simple-history keeps a copy of each record at every save and delete; here
the copies of one account's records are read back and compared in turn, so each
entry says which fields changed. Contacts' personal notes are not in the history
tables at all, so they never show here.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from devlog.models import DevelopmentEntry, Outcome
from prospects.models import (
    Advantage,
    Competitor,
    Contact,
    FinancialStatement,
    Forecast,
    MonthlyTransaction,
    Prospect,
    PurchaseFactors,
    SalesProfile,
)
from visits.models import FirstContact, FollowUp, Visit, VisitPreparation

ACCOUNT_PARTS = [
    FinancialStatement,
    SalesProfile,
    Contact,
    PurchaseFactors,
    MonthlyTransaction,
    Competitor,
    Forecast,
    Advantage,
    FirstContact,
    Visit,
    FollowUp,
    DevelopmentEntry,
    Outcome,
]
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
PER_KIND = 300  # history rows read per kind of record


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: object
    kind: str
    record: str
    action: str  # "+", "~" or "-", as django-simple-history writes it
    changes: list = field(default_factory=list)

    @property
    def action_name(self):
        return ACTIONS[self.action]


def _shown(record, model_field):
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        try:
            value = getattr(record, model_field.name)
        except ObjectDoesNotExist:
            return _("(removed)")
    if isinstance(value, datetime):
        return date_format(localtime(value), "Y-m-d H:i")
    return Truncator(str(value)).chars(80)


def _changes(previous, current, tracked):
    return [
        Change(capfirst(f.verbose_name), _shown(previous, f), _shown(current, f))
        for f in tracked
        if getattr(previous, f.attname) != getattr(current, f.attname)
    ]


def _entries(model, rows):
    tracked = [
        f
        for f in copies(model).model._meta.fields
        if not f.name.startswith("history_") and f.name != "id" and f.attname in {
            g.attname for g in model._meta.concrete_fields
        }
    ]  # fmt: skip
    previous = {}
    entries = []
    for row in rows:
        before = previous.get(row.id)
        entries.append(
            Entry(
                when=row.history_date,
                who=row.history_user,
                kind=capfirst(model._meta.verbose_name),
                record=_record_label(model, row),
                action=row.history_type,
                changes=_changes(before, row, tracked) if before and row.history_type == "~" else [],
            )
        )  # fmt: skip
        previous[row.id] = row
    return entries


# What names a record in the history, read from the copy itself (no queries).
LABELS = {
    Prospect: "name",
    FinancialStatement: "period",
    Contact: "name",
    MonthlyTransaction: "month",
    Competitor: "name",
    Advantage: "aspect",
    FirstContact: "contacted_at",
    Visit: "planned_at",
    FollowUp: "due_at",
    DevelopmentEntry: "occurred_at",
    Outcome: "result",
}


def _record_label(model, row):
    name = LABELS.get(model)
    if not name:
        return ""
    return _shown(row, model._meta.get_field(name))


@cache
def _historical(model):
    return model.history.model


def copies(model):
    """The history copies of ``model``. Every ``model.history`` builds a new
    manager class (a third of the account page's time), so the historical model
    is looked up once and read through its own manager."""
    return _historical(model)._default_manager


def _rows(model, per_kind, **lookup):
    """The newest copies of one kind, in the order they were made per record."""
    newest = (
        copies(model)
        .filter(**lookup)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:per_kind]
    )
    return sorted(newest, key=lambda row: (row.id, row.history_date, row.history_id))


def account_history(prospect, per_kind=PER_KIND):
    """Changes to the account and its records, newest first: the latest
    ``per_kind`` of each kind of record."""
    entries = _entries(Prospect, _rows(Prospect, per_kind, id=prospect.pk))
    for model in ACCOUNT_PARTS:
        entries += _entries(model, _rows(model, per_kind, prospect_id=prospect.pk))
    visits = copies(Visit).filter(prospect_id=prospect.pk).values("id")
    entries += _entries(
        VisitPreparation, _rows(VisitPreparation, per_kind, visit_id__in=visits)
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def recent_changes(prospect, count=5):
    """The last few changes, for the account page."""
    return account_history(prospect, per_kind=count)[:count]
