"""What the kinds share: the account a row names, lookups by name, diffs, and
model validation turned into the row's errors."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prospects.identity import clean_credit_code
from prospects.imports.columns import CellError, Column
from prospects.models import Prospect

ACCOUNT_COLUMNS = (
    Column(
        "account",
        "客户名称",
        example="Suzhou Hengrui Precision Machinery Co., Ltd.",
        example_zh="苏州恒瑞精密机械有限公司",
        allowed=lambda: gettext_lazy(
            "The account's name as in KAM, or give its credit code."
        ),
    ),
    Column(
        "credit_code",
        "统一社会信用代码",
        example="91320505MA1XXXXXX0",
        allowed=lambda: gettext_lazy("18 characters; matched before the name."),
    ),
)


def account_of(job, row):
    """The account (in scope) the row names by credit code or name, or None with
    the error noted."""
    if not (row.has("account") or row.has("credit_code")):
        row.error("account", _("Name the account, or give its credit code."))
        return None
    try:
        pk = job.accounts.match(code=row["credit_code"], name=row["account"])
    except CellError as error:
        row.error("credit_code" if row.has("credit_code") else "account", error)
        return None
    if pk is None:
        row.error(
            "account",
            _("No account “%(name)s” in KAM: import the accounts first.")
            % {"name": row["account"] or clean_credit_code(row["credit_code"])},
        )
        return None
    prospect = job.prospect_cache.get(pk)
    if prospect is None:
        prospect = Prospect.objects.select_related("team").get(pk=pk)
        job.prospect_cache[pk] = prospect
    return prospect


class Lookup:
    """A list an admin keeps (ProductCategory …), found by either language's name."""

    def __init__(self, model):
        self.model = model
        self.by_name = {}
        for item in model.objects.filter(active=True):
            self.by_name[item.name_en.casefold()] = item
            self.by_name[item.name_zh.casefold()] = item

    def get(self, text):
        item = self.by_name.get(text.strip().casefold())
        if item is None:
            names = ", ".join(sorted({str(i) for i in self.by_name.values()})) or "—"
            raise CellError(
                _("“%(value)s” is not in KAM's list of %(list)s: %(names)s.")
                % {
                    "value": text,
                    "list": self.model._meta.verbose_name_plural,
                    "names": names,
                }
            )
        return item


def shown(value):
    if value in (None, ""):
        return "—"
    return str(value)


def field_label(model, name):
    return str(capfirst(model._meta.get_field(name).verbose_name))


def diff(model, before, instance, names):
    """[[label, old, new]] for the fields of ``names`` that changed."""
    changes = []
    for name in names:
        field = model._meta.get_field(name)
        old, new = before.get(name), getattr(instance, field.attname)
        if old != new:
            changes.append(
                [
                    field_label(model, name),
                    _display(instance, field, old),
                    _display(instance, field, new),
                ]
            )
    return changes


def _display(instance, field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(
            field.related_model._default_manager.filter(pk=value).first() or value
        )
    return str(value)


def snapshot(instance, names):
    return {
        name: getattr(instance, instance._meta.get_field(name).attname)
        for name in names
    }


def validate(row, instance, *, exclude=(), columns=None, constraints=True):
    """Model validation (fields, clean, constraints) as the row's errors."""
    columns = columns or {}
    try:
        instance.clean_fields(exclude=list(exclude))
        instance.clean()
        if constraints:
            instance.validate_constraints()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
            for message in messages:
                row.error(column, message)
