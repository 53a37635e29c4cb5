"""Past contacts, imported as development-record entries: each keeps its original
date, the person met, method, progress and attitude, and is in the name of the rep
the row names (created by them, its history row theirs), not the importer's."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devlog.models import DevelopmentEntry
from kam.figures import figures_changed
from prospects.imports.columns import (
    CellError,
    Column,
    allowed_choices,
    choice_lookup,
    choice_value,
    datetime_value,
    integer_value,
)
from prospects.imports.common import ACCOUNT_COLUMNS, account_of, validate
from prospects.imports.kinds import ImportKind
from prospects.models import Attitude, Progress
from prospects.services import prospect_advance_stage

METHODS = DevelopmentEntry.Method.choices


def _choice(job, row, name, choices):
    spellings = job.memo(name, lambda: choice_lookup(choices))
    return row.cell(name, choice_value, spellings, choices) or ""


class EntriesKind(ImportKind):
    name = "entries"
    label = gettext_lazy("Past contacts (development record)")
    columns = (
        *ACCOUNT_COLUMNS,
        Column("occurred_at", "日期", required=True, example="2025-03-04 14:30", allowed=lambda: gettext_lazy("YYYY-MM-DD or YYYY-MM-DD HH:MM, in the past.")),
        Column("person_met", "访问对象", required=True, example="Chen Guodong", example_zh="陈国栋"),
        Column("method", "开发方式", required=True, example="visit", allowed=lambda: allowed_choices(METHODS)),
        Column("duration_minutes", "滞留时间（分钟）", example="60", allowed=lambda: gettext_lazy("Minutes, at most 1440.")),
        Column("progress", "业务进度", example="explanation", allowed=lambda: allowed_choices(Progress.choices)),
        Column("attitude", "客户态度", example="warm", allowed=lambda: allowed_choices(Attitude.choices)),
        Column("remarks", "备注"),
        Column("rep", "开发人员", example="rep_a1", allowed=lambda: gettext_lazy("The username of who made the contact; blank: you. A rep may name only themselves.")),
    )  # fmt: skip

    def import_row(self, job, row):
        prospect = account_of(job, row)
        rep = self._rep(job, row, prospect)
        entry = DevelopmentEntry(
            prospect=prospect,
            occurred_at=row.cell("occurred_at", datetime_value),
            person_met=row["person_met"].strip(),
            method=_choice(job, row, "method", METHODS),
            duration_minutes=row.cell("duration_minutes", integer_value),
            progress=_choice(job, row, "progress", Progress.choices),
            attitude=_choice(job, row, "attitude", Attitude.choices),
            remarks=row["remarks"].strip(),
            created_by=rep,
        )
        for name in ("occurred_at", "person_met", "method"):
            if not row.has(name):
                row.error(name, _("This column is required."))
        if row.errors:
            return None
        validate(row, entry, exclude=["prospect", "created_by"], columns=row.headers)
        if row.errors:
            return None
        record = f"{prospect} · {entry.occurred_at:%Y-%m-%d %H:%M} · {entry.person_met}"
        already = DevelopmentEntry.objects.filter(
            prospect=prospect,
            occurred_at=entry.occurred_at,
            person_met=entry.person_met,
        )
        if already.exists():
            return "skip", record, []
        entry._history_user = rep
        entry.save()
        prospect_advance_stage(prospect=prospect, progress=entry.progress, by=rep)
        job.teams.add(prospect.team_id)
        return "create", record, []

    def _rep(self, job, row, prospect):
        if not row.has("rep"):
            return job.user
        if prospect is None:
            return None
        try:
            rep = job.people.get(row["rep"], team_id=prospect.team_id)
        except CellError as error:
            row.error("rep", error)
            return None
        if rep != job.user and not job.user.oversees_a_team:
            row.error(
                "rep", _("A rep imports only their own contacts: leave this blank.")
            )
            return None
        return rep

    def finish(self, job):
        for team_id in job.teams:
            figures_changed(team_id)
