"""Who changed what, and when, on an account and everything recorded under it.

django-simple-history keeps a copy of each record at every save and delete; here
the copies of one account's records are read back and compared in turn, so each
entry says which fields changed. Contacts' personal notes are not in the history
tables at all, so they never show here.

Each app registers the models it keeps under an account (``register``, in its
AppConfig.ready()); this module imports none of them.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.db.models import OuterRef, Subquery, Value
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from kam.compiled import ANY, filled


@dataclass(frozen=True)
class Source:
    """One kind of record in an account's history: ``lookup(account_id)`` finds its
    copies; ``label`` names the field that names a record (read from the copy)."""

    model: type
    lookup: object
    label: str = ""


_sources = []


def register(model, *, lookup=None, label=""):
    """Keep ``model``'s copies in the history of the account they belong to: by
    ``prospect_id`` unless ``lookup(account_id)`` says otherwise (a dict of filters
    on the history copies)."""
    if any(source.model is model for source in _sources):
        return
    _sources.append(
        Source(model, lookup or (lambda account_id: {"prospect_id": account_id}), label)
    )
    _kinds.cache_clear()
    _newest_changes_sql.cache_clear()


def registered_models():
    return [source.model for source in _sources]


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


def _entries(source, rows):
    model = source.model
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
                record=_record_label(source, row),
                action=row.history_type,
                changes=_changes(before, row, tracked) if before and row.history_type == "~" else [],
            )
        )  # fmt: skip
        previous[row.id] = row
    return entries


def _record_label(source, row):
    if not source.label:
        return ""
    return _shown(row, source.model._meta.get_field(source.label))


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
    return _per_record_in_order_made(newest)


def _per_record_in_order_made(rows):
    """Copies grouped by record, oldest first: the order ``_entries`` compares them in."""
    return sorted(rows, key=lambda row: (row.id, row.history_date, row.history_id))


def account_history(prospect, per_kind=PER_KIND):
    """Changes to the account and its records, newest first: the latest
    ``per_kind`` of each kind of record."""
    entries = []
    for source in _sources:
        entries += _entries(
            source, _rows(source.model, per_kind, **source.lookup(prospect.pk))
        )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def recent_changes(prospect, count=5):
    """The last ``count`` changes, for the account page, each compared with the
    copy before it. One query finds them across every kind of record, with the
    copy before each; one per kind found reads those copies."""
    sql, params = _newest_changes_sql(connection.vendor, count)
    with connection.cursor() as cursor:
        cursor.execute(sql, filled(params, prospect.pk))
        found = cursor.fetchall()
    wanted, read = {}, {}
    for _when, history_id, kind, before in found:
        wanted.setdefault(kind, set()).add(history_id)
        read.setdefault(kind, set()).update({history_id, before} - {None})
    by_copy = {}
    kinds = _kinds()
    for kind, history_ids in read.items():
        source = kinds[kind]
        rows = _per_record_in_order_made(
            copies(source.model)
            .filter(history_id__in=history_ids)
            .select_related("history_user")
        )
        for row, entry in zip(rows, _entries(source, rows), strict=True):
            if row.history_id in wanted[kind]:
                by_copy[kind, row.history_id] = entry
    return [by_copy[kind, history_id] for _when, history_id, kind, _ in found]


@cache
def _kinds():
    """The registered sources, numbered as the compiled SQL numbers them."""
    return list(_sources)


@cache
def _newest_changes_sql(vendor, count):
    """The UNION ALL of every kind's newest copies (history_date, history_id,
    kind, the copy before), as SQL and parameters for the account ANY (kam.compiled).
    It is the same for every account, and building it through the ORM took a
    third of the account page's time, so it is built once per process."""
    newest = [
        copies(source.model)
        .filter(**source.lookup(ANY))
        .order_by()
        .values_list(
            "history_date", "history_id", Value(kind), _copy_before(source.model)
        )
        for kind, source in enumerate(_kinds())
    ]
    if connection.features.supports_slicing_ordering_in_compound:  # not SQLite
        newest = [
            part.order_by("-history_date", "-history_id")[:count] for part in newest
        ]
    union = (
        newest[0]
        .union(*newest[1:], all=True)
        .order_by("-history_date", "-history_id")[:count]
    )
    return union.query.sql_with_params()


def _copy_before(model):
    """The history_id of the copy of the same record made just before this one."""
    return Subquery(
        copies(model)
        .filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
