"""Accounts: name, credit code, classification, region, address, owner and
colleagues by username, status. A row matching an account (credit code first,
then normalised name) updates it; a blank cell leaves the value as it is."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kam.figures import figures_changed
from prospects.assessment import assess
from prospects.groups import group_owner_warning, prospect_place_in_group
from prospects.identity import clean_credit_code, name_key, validate_credit_code
from prospects.imports.columns import (
    CellError,
    Column,
    allowed_choices,
    choice_lookup,
    choice_value,
    names_value,
)
from prospects.imports.common import Lookup, diff, snapshot, validate
from prospects.imports.kinds import ImportKind
from prospects.models import (
    CustomerNature,
    Industry,
    ProductCategory,
    Prospect,
    ScoringWeights,
    ServiceContent,
    classification_lists,
)
from prospects.services import prospect_set_status

LOOKUPS = classification_lists()
TEXTS = ("region", "address", "description")
FIELDS = (
    "name",
    "credit_code",
    *LOOKUPS,
    "region",
    "size",
    "address",
    "description",
    "owner",
    "parent",
)


def _lookup_names(model):
    return lambda: ", ".join(str(i) for i in model.objects.filter(active=True)) or "—"


class AccountsKind(ImportKind):
    name = "accounts"
    label = pgettext_lazy("import", "Accounts")
    columns = (
        Column("name", "客户名称", required=True, example="Suzhou Hengrui Precision Machinery Co., Ltd.", example_zh="苏州恒瑞精密机械有限公司"),
        Column("credit_code", "统一社会信用代码", example="91320505MA1XXXXXX0", allowed=lambda: gettext_lazy("18 characters (GB 32100-2015); optional, matched before the name.")),
        Column("product_category", "产品类别", allowed=_lookup_names(ProductCategory)),
        Column("customer_nature", "客户性质", allowed=_lookup_names(CustomerNature)),
        Column("service_content", "服务内容", allowed=_lookup_names(ServiceContent)),
        Column("industry", "行业", allowed=_lookup_names(Industry)),
        Column("region", "地区", example="Jiangsu", example_zh="江苏"),
        Column("size", "规模", example="medium", allowed=lambda: allowed_choices(Prospect.Size.choices)),
        Column("address", "地址", example="88 Tongyuan Road, Suzhou", example_zh="苏州市通园路88号"),
        Column("owner", "负责人", example="rep_a1", allowed=lambda: gettext_lazy("A username of your team; a rep may name only themselves.")),
        Column("colleagues", "协作同事", example="rep_a2", allowed=lambda: gettext_lazy("Usernames of your team, separated by commas.")),
        Column("status", "状态", example="potential", allowed=lambda: allowed_choices(Prospect.Status.choices)),
        Column("description", "简介"),
        Column("parent", "上级单位", example="", allowed=lambda: gettext_lazy("The group or parent account, by its name or credit code as in KAM; list it above its members.")),
    )  # fmt: skip

    def import_row(self, job, row):
        pending = job.memo("pending", Pending)
        if pending.names(row["name"], row["credit_code"]):
            pending.flush(job)  # a later row of an account this file creates
        prospect = self._matched(job, row)
        if prospect is None:
            return None
        creating = prospect.pk is None
        before = snapshot(prospect, FIELDS)
        old_colleagues = (
            set() if creating else set(prospect.colleagues.values_list("pk", flat=True))
        )
        old_parent_id = prospect.parent_id
        self._fill(job, row, prospect)
        self._parent(job, row, prospect, pending)
        colleagues = self._colleagues(job, row, prospect)
        status = self._status(job, row)
        if row.errors:
            return None
        # A new account's unique name is checked against the names indexed once
        # (a query per row would double the import's time); an update's in the
        # database.
        validate(
            row, prospect, exclude=[*LOOKUPS, "owner", "team"], constraints=not creating
        )
        if creating and not row.errors:
            self._check_new_name(job, row, prospect)
        if row.errors:
            return None
        warnings = self._group_warning(prospect, old_parent_id)
        if creating:
            self._save(job, prospect, colleagues, status, creating)
            return "create", prospect.name, warnings
        changes = diff(Prospect, before, prospect, FIELDS) + warnings
        if colleagues is not None and {c.pk for c in colleagues} != old_colleagues:
            changes.append(
                [_("Assigned colleagues"), "", ", ".join(map(str, colleagues))]
            )
        if status and status != prospect.status:
            changes.append(
                [
                    _("Status"),
                    prospect.get_status_display(),
                    str(Prospect.Status(status).label),
                ]
            )
        if not creating and not changes:
            return "skip", prospect.name, []
        self._save(job, prospect, colleagues, status, creating, old_parent_id)
        return ("create" if creating else "update"), prospect.name, changes

    def _parent(self, job, row, prospect, pending):
        """The group or parent account the row names, among those the importer
        sees (an earlier row of the file included)."""
        if not row.has("parent"):
            return
        named = row["parent"].strip()
        if pending.names(named, named):
            pending.flush(job)
        try:
            pk = job.accounts.match(code=named, name=named)
        except CellError as error:
            row.error("parent", error)
            return
        if pk is None:
            row.error(
                "parent",
                _("No account “%(name)s” in KAM: list the group above its members.")
                % {"name": named},
            )
            return
        prospect.parent_id = pk

    def _group_warning(self, prospect, old_parent_id):
        """[[label, old, new]]: who owns the group the account joins, if not its owner."""
        if prospect.parent_id is None or prospect.parent_id == old_parent_id:
            return []
        parent = Prospect.objects.only("pk", "group_root_id").get(pk=prospect.parent_id)
        prospect.group_root_id = parent.group_root_id or parent.pk
        warning = group_owner_warning(prospect)
        return [[_("Group"), "—", warning]] if warning else []

    def _matched(self, job, row):
        code = clean_credit_code(row["credit_code"])
        if code:
            try:
                validate_credit_code(code)
            except ValidationError as error:
                row.error("credit_code", error.messages[0])
                return None
        try:
            pk = job.accounts.match(code=code, name=row["name"])
        except CellError as error:
            row.error("credit_code" if code else "name", error)
            return None
        if pk is None:
            return Prospect(status=Prospect.Status.POTENTIAL)
        return Prospect.objects.select_related("team", "owner").get(pk=pk)

    def _fill(self, job, row, prospect):
        # Matched by its name, an account keeps KAM's spelling of it; matched by
        # its credit code, it takes the file's (a renamed company).
        code_matched = (
            prospect.pk
            and row.has("credit_code")
            and prospect.credit_code == clean_credit_code(row["credit_code"])
        )
        if prospect.pk is None or code_matched:
            prospect.name = row["name"].strip()
        for name in TEXTS:
            if row.has(name):
                setattr(prospect, name, row[name].strip())
        if row.has("credit_code"):
            prospect.credit_code = clean_credit_code(row["credit_code"])
        if row.has("size"):
            prospect.size = (
                row.cell(
                    "size",
                    choice_value,
                    job.memo("sizes", lambda: choice_lookup(Prospect.Size.choices)),
                    Prospect.Size.choices,
                )
                or prospect.size
            )
        for name, model in LOOKUPS.items():
            if row.has(name):
                lookup = job.memo(name, lambda model=model: Lookup(model))
                item = row.cell(name, lookup.get)
                if item is not None:
                    setattr(prospect, name, item)
        self._owner(job, row, prospect)

    def _owner(self, job, row, prospect):
        user = job.user
        if row.has("owner"):
            owner = row.cell("owner", job.people.get, team_id=prospect.team_id)
            if owner is None:
                prospect.team_id = prospect.team_id or user.team_id
                return
            if owner != user and not user.oversees_a_team:
                row.error(
                    "owner", _("Only a manager gives an account to someone else.")
                )
                return
            if (
                prospect.pk
                and owner.pk != prospect.owner_id
                and not user.oversees_a_team
            ):
                row.error(
                    "owner", _("Only a manager gives an account to someone else.")
                )
                return
            prospect.owner = owner
        elif prospect.pk is None:
            if user.team_id is None:
                row.error("owner", _("Name the owner: an administrator has no team."))
                return
            prospect.owner = user
        if prospect.pk is None:
            prospect.team_id = prospect.owner.team_id

    def _colleagues(self, job, row, prospect):
        if not row.has("colleagues") or prospect.team_id is None:
            return None
        people = []
        for username in names_value(row["colleagues"]):
            try:
                person = job.people.get(username, team_id=prospect.team_id)
            except CellError as error:
                row.error("colleagues", error)
                continue
            if person.pk != prospect.owner_id:
                people.append(person)
        return people

    def _status(self, job, row):
        if not row.has("status"):
            return ""
        spellings = job.memo("statuses", lambda: choice_lookup(Prospect.Status.choices))
        return (
            row.cell("status", choice_value, spellings, Prospect.Status.choices) or ""
        )

    def _check_new_name(self, job, row, prospect):
        names = job.memo("names", _names_by_team)
        if (prospect.name.lower(), prospect.team_id) in names:
            row.error("name", _unique_message("prospects_unique_name_per_team"))

    def _save(self, job, prospect, colleagues, status, creating, old_parent_id=None):
        prospect._history_user = job.user
        if creating:
            # A new account is created with its status (its first history row says
            # so); an existing one moves through prospect_set_status below.
            prospect.status = status or Prospect.Status.POTENTIAL
            _empty_assessment(job, prospect)
            job.memo("names", _names_by_team).add(
                (prospect.name.lower(), prospect.team_id)
            )
            job.memo("pending", Pending).add(job, prospect, colleagues or ())
        else:
            prospect.save()
            if prospect.parent_id != old_parent_id:
                prospect_place_in_group(prospect, old_parent_id)
            if status and status != prospect.status:
                prospect_set_status(prospect=prospect, status=status, by=job.user)
            if colleagues is not None:
                prospect.colleagues.set(colleagues)
        job.teams.add(prospect.team_id)

    def finish(self, job):
        job.memo("pending", Pending).flush(job)
        for team_id in job.teams:
            figures_changed(team_id)


class Pending:
    """New accounts waiting to be inserted together (an INSERT per row is most of
    an import's time), with their history rows and colleagues. Flushed every
    BATCH accounts, at the end, and before a row that names one of them."""

    BATCH = 500

    def __init__(self):
        self.accounts, self.colleagues = [], []
        self.keys, self.codes = set(), set()

    def names(self, name, code):
        code = clean_credit_code(code)
        return bool(self.accounts) and (
            name_key(name) in self.keys or (code and code in self.codes)
        )

    def add(self, job, prospect, colleagues):
        # What Prospect.save() keeps in step, which bulk_create does not call.
        prospect.keep_derived()
        self.accounts.append((prospect, list(colleagues)))
        self.keys.add(prospect.name_key)
        if prospect.credit_code:
            self.codes.add(prospect.credit_code)
        if len(self.accounts) >= self.BATCH:
            self.flush(job)

    def flush(self, job):
        if not self.accounts:
            return
        created = Prospect.objects.bulk_create([p for p, _c in self.accounts])
        Prospect.history.bulk_history_create(created)
        through = Prospect.colleagues.through
        through.objects.bulk_create(
            through(prospect_id=p.pk, user_id=c.pk)
            for p, colleagues in self.accounts
            for c in colleagues
        )
        for prospect in created:
            job.accounts.add(prospect)
            if prospect.parent_id is not None:
                prospect_place_in_group(prospect)
        self.accounts.clear()
        self.keys.clear()
        self.codes.clear()


def _names_by_team():
    return {
        (name.lower(), team_id)
        for name, team_id in Prospect.objects.values_list("name", "team_id")
    }


def _unique_message(name):
    constraint = next(c for c in Prospect._meta.constraints if c.name == name)
    return constraint.violation_error_message


def _empty_assessment(job, prospect):
    """A new account has no analysis yet: its assessment is the same for all."""
    result = job.memo(
        "empty-assessment",
        lambda: assess(
            statement=None,
            forecast=None,
            factors=None,
            transactions=[],
            competitor_risks=[],
            advantage_count=0,
            weights=ScoringWeights.current(),
        ),
    )
    prospect.score, prospect.position_score = result.score, result.position
    prospect.verdict, prospect.quadrant = result.verdict, result.quadrant
