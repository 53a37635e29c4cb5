"""One import, previewed or committed: every row read, checked and written inside
one transaction. A preview rolls it back; a commit keeps it only if no row has an
error. So the preview reports exactly what the commit will do, and a commit is all
or nothing.
"""

from dataclasses import asdict, dataclass, field

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from prospects.imports.columns import CellError, map_header
from prospects.imports.kinds import get_kind
from prospects.imports.reading import FileRefused
from prospects.imports.scope import Accounts, People

PROGRESS_EVERY = 100
CHANGES_KEPT = 500  # the preview lists this many updates in full


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Report:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    committed: bool = False
    errors: list = field(default_factory=list)
    changes: list = field(
        default_factory=list
    )  # {row, record, changes: [[label, old, new]]}
    ignored_columns: list = field(default_factory=list)

    @property
    def error_rows(self):
        return len({error.row for error in self.errors})

    def as_json(self):
        data = asdict(self)
        data["error_rows"] = self.error_rows
        return data


class Row:
    """One row of the file: its values by column name and its errors so far."""

    def __init__(self, number, values, headers):
        self.number, self.values, self.headers = number, values, headers
        self.errors = []

    def __getitem__(self, name):
        return self.values.get(name, "")

    def has(self, name):
        """Whether the cell is filled (a blank cell leaves the value as it is)."""
        return bool(self.values.get(name, "").strip())

    def error(self, name, message):
        self.errors.append(
            RowError(self.number, self.headers.get(name, name), str(message))
        )

    def cell(self, name, parse, *args, **kwargs):
        """The cell parsed, or None with the error noted."""
        try:
            return parse(self[name], *args, **kwargs)
        except CellError as error:
            self.error(name, error)
            return None


class Job:
    """What the rows of one import share: who imports, what they may touch."""

    def __init__(self, user, *, commit):
        self.user, self.commit = user, commit
        self.accounts = Accounts(user)
        self.people = People(user)
        self.prospect_cache = {}
        self.assess = set()  # accounts whose assessment is recomputed at the end
        self.teams = set()  # teams whose figures moved
        self._memo = {}

    def memo(self, key, make):
        """What the rows share, made once per import (a lookup list, …)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]


def run(kind_name, table, user, *, commit, progress=None):
    """Import ``table`` (prospects.imports.reading.Table) as ``kind_name`` for
    ``user``; a Report. Without ``commit``, or with any row in error, nothing stays."""
    kind = get_kind(kind_name)
    mapping, unknown = map_header(table.header, kind.columns)
    missing = [c for c in kind.columns if c.required and c.name not in mapping.values()]
    if missing:
        raise FileRefused(
            _(
                "The file has no column %(columns)s: download the template to see the columns."
            )
            % {"columns": ", ".join(f"“{c.name}” / “{c.zh}”" for c in missing)}
        )
    headers = {name: table.header[index] for index, name in mapping.items()}
    report = Report(kind=kind.name, rows=len(table.rows), ignored_columns=unknown)
    with transaction.atomic():
        job = Job(user, commit=commit)
        try:
            _rows(kind, job, table, mapping, headers, report, progress)
        except _Aborted as aborted:
            report.errors.append(
                RowError(aborted.row.number, "", _("The row could not be saved: "
                         "someone saved the same record meanwhile. Check again."))
            )  # fmt: skip
        report.committed = commit and not report.errors
        if not report.committed:
            transaction.set_rollback(True)
    if progress:
        progress(report.rows, report.rows)
    return report


def _rows(kind, job, table, mapping, headers, report, progress):
    for done, (number, cells) in enumerate(table.rows, start=1):
        values = {
            name: cells[i] if i < len(cells) else "" for i, name in mapping.items()
        }
        _one_row(kind, job, Row(number, values, headers), report)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, report.rows)
    kind.finish(job)


def _one_row(kind, job, row, report):
    # Every kind checks a row whole before writing any of it, so a row with an
    # error has written nothing: no savepoint per row (two round trips each).
    try:
        result = kind.import_row(job, row)
    except DatabaseError as error:
        raise _Aborted(row) from error
    if row.errors:
        report.errors += row.errors
        return
    action, record, changes = result
    if action == "create":
        report.created += 1
    elif action == "update":
        report.updated += 1
    else:
        report.skipped += 1
    if action != "skip" and changes and len(report.changes) < CHANGES_KEPT:
        report.changes.append({"row": row.number, "record": record, "changes": changes})


class _Aborted(Exception):
    """The database refused a row's write (another user saved the same record
    meanwhile): the transaction cannot go on; the import stops at that row."""

    def __init__(self, row):
        super().__init__(row.number)
        self.row = row
