"""Monthly transactions: the account, the month (the key under the account), our
sales, the customer's whole purchase volume and notes."""

from django.utils.translation import gettext_lazy

from prospects.imports.columns import Column, decimal_value, month_value
from prospects.imports.common import ACCOUNT_COLUMNS
from prospects.imports.parts import PartKind, text
from prospects.models import MonthlyTransaction


def month(value, job):
    return month_value(value)


def amount(value, job):
    return decimal_value(value)


class TransactionsKind(PartKind):
    name = "transactions"
    label = gettext_lazy("Monthly transactions")
    model = MonthlyTransaction
    key = ("month",)
    parsers = {
        "month": month,
        "our_sales": amount,
        "purchase_volume": amount,
        "notes": text,
    }
    columns = (
        *ACCOUNT_COLUMNS,
        Column("month", "月份", required=True, example="2025-03", allowed=lambda: gettext_lazy("YYYY-MM, such as 2025-03.")),
        Column("our_sales", "我方销售额", example="350000", allowed=lambda: gettext_lazy("An amount in yuan, such as 1234.50.")),
        Column("purchase_volume", "客户采购量", example="1200000", allowed=lambda: gettext_lazy("An amount in yuan, such as 1234.50.")),
        Column("notes", "备注"),
    )  # fmt: skip

    def record_label(self, instance):
        return f"{instance.month:%Y-%m}"
