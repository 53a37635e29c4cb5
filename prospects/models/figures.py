"""The account's figures: financial statements, monthly transactions with us, and
the cost and sales forecast that ends in the verdict."""

import calendar
import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kam.dates import happened
from prospects.models.account import Prospect, ProspectPart
from prospects.models.common import long_text, money
from prospects.ratios import ratio


class FinancialStatement(ProspectPart):
    """The customer's business figures for one period (客户经营信息)."""

    PERIOD_PATTERN = r"^(19|20)\d{2}(-(H[12]|Q[1-4]))?$"

    period = models.CharField(
        _("period"),
        max_length=7,
        validators=[
            RegexValidator(
                PERIOD_PATTERN,
                message=_(
                    "Enter a year (2025), a half-year (2025-H1) or a quarter (2025-Q3)."
                ),
            )
        ],
        help_text=_("A year (2025), a half-year (2025-H1) or a quarter (2025-Q3)."),
    )
    revenue = money(_("revenue"))
    net_profit = money(
        _("net profit"), allow_negative=True, help_text=_("Negative for a loss.")
    )
    total_assets = money(_("total assets"))
    current_assets = money(_("current assets"))
    current_liabilities = money(_("current liabilities"))
    accounts_receivable = money(_("accounts receivable"))
    inventory = money(_("inventory"))
    cost_of_sales = money(_("cost of sales"))

    period_end = models.DateField(_("end of period"), null=True, editable=False)
    period_months = models.PositiveSmallIntegerField(default=12, editable=False)

    # Suffix of the period: (months covered, month it ends in).
    PERIOD_SHAPES = {
        "": (12, 12),
        "H1": (6, 6),
        "H2": (6, 12),
        "Q1": (3, 3),
        "Q2": (3, 6),
        "Q3": (3, 9),
        "Q4": (3, 12),
    }

    FIGURES = (
        "revenue",
        "net_profit",
        "total_assets",
        "current_assets",
        "current_liabilities",
        "accounts_receivable",
        "inventory",
        "cost_of_sales",
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    @classmethod
    def figure_labels(cls):
        return [
            capfirst(cls._meta.get_field(name).verbose_name) for name in cls.FIGURES
        ]

    def figures(self):
        """The amounts entered, in the order of FIGURES."""
        return [getattr(self, name) for name in self.FIGURES]

    class Meta:
        # The latest period last: by end date, the whole year after its quarters.
        ordering = ["prospect_id", "period_end", "period_months"]
        verbose_name = _("financial statement")
        verbose_name_plural = _("financial statements")
        default_related_name = "financial_statements"
        constraints = [
            models.UniqueConstraint(
                fields=["prospect", "period"],
                name="prospects_one_statement_per_period",
                violation_error_message=_(
                    "This account already has a statement for this period."
                ),
            )
        ]

    def __str__(self):
        return f"{self.prospect} · {self.period}"

    def save(self, *args, **kwargs):
        self.set_period_bounds()
        super().save(*args, **kwargs)

    def set_period_bounds(self):
        """Derive the end date and length from the period text (2025, 2025-H1 …)."""
        if not re.match(self.PERIOD_PATTERN, self.period or ""):
            return
        year, _sep, suffix = self.period.partition("-")
        self.period_months, end_month = self.PERIOD_SHAPES[suffix]
        last_day = calendar.monthrange(int(year), end_month)[1]
        self.period_end = date(int(year), end_month, last_day)

    def clean(self):
        if (
            self.current_assets is not None
            and self.total_assets is not None
            and self.total_assets >= 0
            and self.current_assets > self.total_assets
        ):
            raise ValidationError(
                {"current_assets": _("Current assets cannot exceed total assets.")}
            )

    # The ratios of the playbook's 客户经营信息; None where a figure is missing or zero.
    @property
    def current_asset_ratio(self):
        return ratio(self.current_assets, self.total_assets, scale=100)

    @property
    def current_ratio(self):
        return ratio(self.current_assets, self.current_liabilities)

    @property
    def net_profit_margin(self):
        return ratio(self.net_profit, self.revenue, scale=100)

    @property
    def return_on_assets(self):
        return ratio(self.net_profit, self.total_assets, scale=100)

    @property
    def collection_period(self):
        return ratio(self.accounts_receivable, self.revenue, scale=365)

    @property
    def inventory_period(self):
        return ratio(self.inventory, self.cost_of_sales, scale=365)


class MonthlyTransaction(ProspectPart):
    """One month of our business with the customer (交易记录)."""

    month = models.DateField(
        _("month"),
        help_text=_("Stored as the month's first day."),
        validators=[happened()],
    )
    our_sales = money(_("our sales"))
    purchase_volume = money(
        _("customer's purchase volume"),
        help_text=_("Everything the customer bought in our category, from anyone."),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["prospect_id", "month"]
        verbose_name = _("monthly transaction")
        verbose_name_plural = _("monthly transactions")
        default_related_name = "transactions"
        constraints = [
            models.UniqueConstraint(
                fields=["prospect", "month"],
                name="prospects_one_transaction_row_per_month",
                violation_error_message=_("This month is already recorded."),
            )
        ]

    def __str__(self):
        return f"{self.prospect} · {self.month:%Y-%m}"

    def clean(self):
        if self.month:
            self.month = self.month.replace(day=1)
        if (
            self.our_sales is not None
            and self.purchase_volume is not None
            and self.our_sales > self.purchase_volume
        ):
            raise ValidationError(
                {
                    "our_sales": _(
                        "Our sales cannot exceed everything the customer bought."
                    )
                }
            )

    @property
    def share(self):
        """Our share of the customer's purchases (share of wallet), in percent."""
        return ratio(self.our_sales, self.purchase_volume, scale=100)


class Forecast(ProspectPart):
    """Cost and sales forecast (费用、销售预测): is the account worth developing?

    Expected profit = sales × margin − development costs. The risk coefficient is
    the chance the sales do not come: risk-adjusted profit = sales × margin ×
    (1 − risk) − costs, since the costs are spent either way.
    """

    prospect = models.OneToOneField(
        Prospect,
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="forecast",
    )
    expected_sales = money(
        _("expected annual sales"), help_text=_("Our sales to this customer per year.")
    )
    margin = models.DecimalField(
        _("gross margin (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(
                Decimal(-100), message=_("A margin cannot be below -100%%.")
            ),
            MaxValueValidator(Decimal(100), message=_("A margin cannot exceed 100%%.")),
        ],
    )
    inventory_interest = money(_("inventory interest"))
    staff_cost = money(_("staff cost"))
    travel_cost = money(_("travel cost"))
    management_cost = money(_("management and operating cost"))
    risk_coefficient = models.DecimalField(
        _("risk coefficient (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(0), message=_("Enter a risk from 0 to 100%%.")),
            MaxValueValidator(Decimal(100), message=_("Enter a risk from 0 to 100%%.")),
        ],
        help_text=_("The chance, in percent, that the expected sales do not come."),
    )
    notes = long_text(
        _("reasoning"), blank=True, help_text=_("Why the team expects these figures.")
    )

    COSTS = ("inventory_interest", "staff_cost", "travel_cost", "management_cost")

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("cost and sales forecast")
        verbose_name_plural = _("cost and sales forecasts")

    def __str__(self):
        return str(self.prospect)

    @property
    def is_filled(self):
        return self.expected_sales is not None and self.margin is not None

    @property
    def gross_profit(self):
        if not self.is_filled:
            return None
        return self.expected_sales * self.margin / 100

    @property
    def total_cost(self):
        return sum(
            (getattr(self, cost) or Decimal(0) for cost in self.COSTS), Decimal(0)
        )

    @property
    def expected_profit(self):
        if not self.is_filled:
            return None
        return self.gross_profit - self.total_cost

    @property
    def risk_adjusted_profit(self):
        if not self.is_filled:
            return None
        risk = (self.risk_coefficient or Decimal(0)) / 100
        return self.gross_profit * (1 - risk) - self.total_cost
