"""Records under an account (a contact, a statement, a month): the row names the
account, a key finds the record already there (the contact's name, the period,
the month), and the other cells fill it."""

from django.utils.translation import gettext as _

from kam.figures import figures_changed
from prospects.imports.columns import CellError
from prospects.imports.common import account_of, diff, snapshot, validate
from prospects.imports.kinds import ImportKind
from prospects.models import Prospect
from prospects.services import prospect_refresh_assessment


class PartKind(ImportKind):
    model = None
    key = ()  # the fields that find the record under its account
    #: {field: parse(row text, job)} for every field the columns fill
    parsers = {}

    def import_row(self, job, row):
        prospect = account_of(job, row)
        values = self._values(job, row)
        for name in self.key:
            if values.get(name) in (None, "") and not any(
                e.column == row.headers.get(name, name) for e in row.errors
            ):
                row.error(name, _("This column is required."))
        if prospect is None or any(name not in values for name in self.key):
            return None
        key = {name: values[name] for name in self.key}
        existing = self.model.objects.filter(prospect=prospect, **key).first()
        instance = existing or self.model(prospect=prospect)
        before = snapshot(instance, self.parsers)
        for name, value in values.items():
            setattr(instance, name, value)
        failed = {e.column for e in row.errors}
        validate(
            row,
            instance,
            exclude=[
                "prospect",
                *(n for n in self.parsers if row.headers.get(n) in failed),
            ],
            columns={n: row.headers.get(n, n) for n in self.parsers},
        )
        if row.errors:
            return None
        changes = diff(self.model, before, instance, self.parsers)
        record = f"{prospect} · {self.record_label(instance)}"
        if existing and not changes:
            return "skip", record, []
        instance._history_user = job.user
        instance.save()
        job.assess.add(prospect.pk)
        job.teams.add(prospect.team_id)
        return ("update" if existing else "create"), record, changes

    def record_label(self, instance):
        return str(getattr(instance, self.key[0]))

    def _values(self, job, row):
        values = {}
        for name, parse in self.parsers.items():
            if not row.has(name):
                continue
            try:
                values[name] = parse(row[name], job)
            except CellError as error:
                row.error(name, error)
        return values

    def finish(self, job):
        for pk in sorted(job.assess):
            prospect_refresh_assessment(Prospect(pk=pk))
        for team_id in job.teams:
            figures_changed(team_id)


def text(value, job):
    return value.strip()
