"""The kinds of record an import brings in. Each kind is a module naming its
columns and how one row is written; apps register theirs in ready() (devlog its
development-record entries), so this package imports none of them."""

from django.utils.translation import gettext as _

from prospects.imports.reading import FileRefused

_kinds = {}


class ImportKind:
    """A kind of import: its ``columns`` (prospects.imports.columns.Column) and
    ``import_row(job, row)``, which checks one row (noting errors on it) and,
    when it has none, writes it, answering (action, record, changes): action one
    of "create", "update" or "skip"; changes a list of [label, old, new]."""

    name = ""
    label = ""
    columns = ()

    def import_row(self, job, row):
        raise NotImplementedError

    def finish(self, job):
        """After the last row: work done once per import (assessments, figures)."""


def register(kind):
    _kinds[kind.name] = kind


def get_kind(name):
    try:
        return _kinds[name]
    except KeyError:
        raise FileRefused(_("There is no import of this kind.")) from None


ORDER = ("accounts", "contacts", "statements", "transactions", "entries")


def all_kinds():
    return sorted(_kinds.values(), key=lambda kind: ORDER.index(kind.name))
