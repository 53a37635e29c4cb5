"""Financial statements: the account, the period (2025, 2025-H1, 2025-Q3; the key
under the account) and the eight figures of the statement form."""

from django.utils.translation import gettext_lazy

from prospects.imports.columns import Column, decimal_value
from prospects.imports.common import ACCOUNT_COLUMNS
from prospects.imports.parts import PartKind, text
from prospects.models import FinancialStatement

HEADERS_ZH = {
    "revenue": "营业收入",
    "net_profit": "净利润",
    "total_assets": "资产总额",
    "current_assets": "流动资产",
    "current_liabilities": "流动负债",
    "accounts_receivable": "应收账款",
    "inventory": "存货",
    "cost_of_sales": "营业成本",
}
EXAMPLES = {
    "revenue": "120000000",
    "net_profit": "8000000",
    "total_assets": "90000000",
    "current_assets": "40000000",
    "current_liabilities": "25000000",
    "accounts_receivable": "15000000",
    "inventory": "12000000",
    "cost_of_sales": "95000000",
}


def amount(value, job):
    return decimal_value(value)


def signed_amount(value, job):
    return decimal_value(value, negative=True)


def _amounts_allowed():
    return gettext_lazy("An amount in yuan, such as 1234.50.")


class StatementsKind(PartKind):
    name = "statements"
    label = gettext_lazy("Financial statements")
    model = FinancialStatement
    key = ("period",)
    parsers = {
        "period": text,
        **{
            f: signed_amount if f == "net_profit" else amount
            for f in FinancialStatement.FIGURES
        },
    }
    columns = (
        *ACCOUNT_COLUMNS,
        Column("period", "期间", required=True, example="2025", allowed=lambda: gettext_lazy("A year (2025), a half-year (2025-H1) or a quarter (2025-Q3).")),
        *(
            Column(f, HEADERS_ZH[f], example=EXAMPLES[f], allowed=_amounts_allowed)
            for f in FinancialStatement.FIGURES
        ),
    )  # fmt: skip
