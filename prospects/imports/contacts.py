"""Contacts and decision makers: the account, the person's name (the key under the
account), position, role in the purchase, phone and e-mail. The personal profile
(personality, family …) is not imported: it is typed by the team, never bulk-loaded."""

from django.utils.translation import gettext_lazy

from prospects.imports.columns import (
    Column,
    allowed_choices,
    choice_lookup,
    choice_value,
)
from prospects.imports.common import ACCOUNT_COLUMNS
from prospects.imports.parts import PartKind, text
from prospects.models import Contact

ROLES = Contact.PurchaseRole.choices


def role(value, job):
    return choice_value(value, job.memo("roles", lambda: choice_lookup(ROLES)), ROLES)


class ContactsKind(PartKind):
    name = "contacts"
    label = gettext_lazy("Contacts and decision makers")
    model = Contact
    key = ("name",)
    parsers = {
        "name": text,
        "position": text,
        "purchase_role": role,
        "phone": text,
        "email": text,
    }
    columns = (
        *ACCOUNT_COLUMNS,
        Column("name", "姓名", required=True, example="Chen Guodong", example_zh="陈国栋"),
        Column("position", "职位", example="Purchasing director", example_zh="采购总监"),
        Column("purchase_role", "在采购中的角色", example="decision_maker", allowed=lambda: allowed_choices(ROLES)),
        Column("phone", "电话", example="13800001111"),
        Column("email", "电子邮件", example="chen@example.com"),
    )  # fmt: skip
