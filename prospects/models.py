"""Key accounts (大客户) and their analysis: playbook sections 二 and 三."""

import calendar
import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from kam.versioning import VersionedModel
from prospects.ratios import ratio

TEXT_LIMIT = 5000
not_negative = MinValueValidator(Decimal(0), message=_("This cannot be negative."))


def long_text(verbose_name, **kwargs):
    """Free text, bounded: forms refuse more than a few pages."""
    kwargs.setdefault("blank", True)
    return models.TextField(verbose_name, max_length=TEXT_LIMIT, **kwargs)


def money(verbose_name, *, allow_negative=False, **kwargs):
    """An amount in yuan; optional, because a section is often filled in parts."""
    validators = [] if allow_negative else [not_negative]
    return models.DecimalField(
        verbose_name,
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=validators,
        **kwargs,
    )


class LookupList(models.Model):
    """A list an admin maintains (product categories, …), named in both languages."""

    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, unique=True)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name_en"]

    def __str__(self):
        if (get_language() or "").startswith("zh"):
            return self.name_zh
        return self.name_en


class ProductCategory(LookupList):
    class Meta(LookupList.Meta):
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")


class CustomerNature(LookupList):
    class Meta(LookupList.Meta):
        verbose_name = _("customer nature")
        verbose_name_plural = _("customer natures")


class ServiceContent(LookupList):
    class Meta(LookupList.Meta):
        verbose_name = _("service content")
        verbose_name_plural = _("service contents")


class Industry(LookupList):
    class Meta(LookupList.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class Progress(models.TextChoices):
    """Business progress on the development record sheet (业务进度), in order."""

    CONTACT = "contact", _("Contact")
    EXPLANATION = "explanation", _("Product explanation")
    DEMO = "demo", _("Product demo")
    PROPOSAL = "proposal", _("Proposal")
    CONTRACT = "contract", _("Contract")

    @classmethod
    def rank(cls, value):
        return cls.values.index(value) if value in cls.values else -1


class Attitude(models.TextChoices):
    """The customer's attitude on the development record sheet (客户态度)."""

    WARM = "warm", _("Warm")
    NEUTRAL = "neutral", pgettext_lazy("attitude", "Neutral")
    COLD = "cold", _("Cold")


# What every contact adds to the development record sheet, kept on the record
# that logs the contact (a visit, a follow-up …): never typed twice.
def duration_field():
    return models.PositiveIntegerField(
        _("time spent (minutes)"),
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(24 * 60, message=_("At most a day: 1440 minutes."))
        ],
    )


def progress_field():
    return models.CharField(
        _("business progress"), max_length=20, choices=Progress.choices, blank=True
    )


def attitude_field():
    return models.CharField(
        _("customer's attitude"), max_length=10, choices=Attitude.choices, blank=True
    )


class ProspectQuerySet(ScopedQuerySet):
    scope_team = "team"
    scope_people = ("owner", "colleagues")

    def with_classification(self):
        # The lists are a handful of rows each: fetched apart, they keep the main
        # query to three tables, which PostgreSQL plans in a fraction of the time.
        return self.select_related("owner", "team").prefetch_related(
            "product_category", "customer_nature", "service_content", "industry"
        )

    def open(self):
        """Accounts still being worked: not won, lost or dormant."""
        return self.filter(status__in=Prospect.OPEN_STATUSES)


class Prospect(VersionedModel):
    """A current or potential key account (大客户) and the people working it."""

    class Status(models.TextChoices):
        POTENTIAL = "potential", _("Potential")
        DEVELOPING = "developing", _("Developing")
        WON = "won", _("Won (key account)")
        LOST = "lost", _("Lost")
        DORMANT = "dormant", _("Dormant")

    class Size(models.TextChoices):
        SMALL = "small", _("Fewer than 100 staff")
        MEDIUM = "medium", _("100–499 staff")
        LARGE = "large", _("500–1,999 staff")
        VERY_LARGE = "very_large", _("2,000 staff or more")

    class Verdict(models.TextChoices):
        UNDECIDED = "undecided", _("Not yet assessed")
        WORTH = "worth", _("Worth developing")
        NOT_WORTH = "not_worth", _("Not worth developing")

    class Quadrant(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic: invest")
        DEVELOP = "develop", _("Develop: build our position")
        MAINTAIN = "maintain", _("Maintain: serve efficiently")
        STREAMLINE = "streamline", _("Streamline: minimal effort")

    OPEN_STATUSES = (Status.POTENTIAL, Status.DEVELOPING)

    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.POTENTIAL
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_prospects",
    )
    colleagues = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned colleagues"),
        blank=True,
        related_name="assigned_prospects",
    )
    product_category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    customer_nature = models.ForeignKey(
        CustomerNature,
        verbose_name=_("customer nature"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    service_content = models.ForeignKey(
        ServiceContent,
        verbose_name=_("service content"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=20, choices=Size.choices, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = long_text(_("description"))
    product_sales_notes = long_text(
        _("product sales analysis"),
        blank=True,
        help_text=_("How our products sell through this customer."),
    )

    # The assessment, recomputed whenever an input changes (prospects.services),
    # stored so that lists can filter and sort by it.
    score = models.PositiveSmallIntegerField(
        _("attractiveness score"), null=True, blank=True, editable=False
    )
    position_score = models.PositiveSmallIntegerField(
        _("our position"), null=True, blank=True, editable=False
    )
    verdict = models.CharField(
        _("verdict"),
        max_length=20,
        choices=Verdict.choices,
        default=Verdict.UNDECIDED,
        editable=False,
    )
    quadrant = models.CharField(
        _("portfolio quadrant"),
        max_length=20,
        choices=Quadrant.choices,
        blank=True,
        editable=False,
    )
    stage = models.CharField(
        _("stage reached"),
        max_length=20,
        choices=Progress.choices,
        blank=True,
        editable=False,
        help_text=_("The furthest business progress logged for the account."),
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProspectQuerySet.as_manager()

    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "version",
            "score",
            "position_score",
            "verdict",
            "quadrant",
        ]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("key account")
        verbose_name_plural = _("key accounts")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "team",
                name="prospects_unique_name_per_team",
                violation_error_message=_(
                    "Your team already has an account of this name."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["team", "score"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("prospects:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def team_members(self):
        """The people working the account: owner first, then assigned colleagues."""
        return [self.owner, *self.colleagues.exclude(pk=self.owner_id)]


class ProspectPartQuerySet(ScopedQuerySet):
    """Records under an account: visible exactly when the account is."""

    scope_team = "prospect__team"
    scope_people = ("prospect__owner", "prospect__colleagues")


class ProspectPart(VersionedModel):
    prospect = models.ForeignKey(
        Prospect, verbose_name=_("key account"), on_delete=models.CASCADE
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProspectPartQuerySet.as_manager()

    class Meta:
        abstract = True


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

    class Meta:
        # The latest period last: by end date, the whole year after its quarters.
        ordering = ["prospect", "period_end", "period_months"]
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


class SalesProfile(ProspectPart):
    """How the customer sells (客户销售信息): its buyers, marketing and logistics."""

    class BuyerGender(models.TextChoices):
        MOSTLY_WOMEN = "women", _("Mostly women")
        MOSTLY_MEN = "men", _("Mostly men")
        BALANCED = "balanced", _("Balanced")
        BUSINESSES = "businesses", _("Businesses, not consumers")

    prospect = models.OneToOneField(
        Prospect,
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="sales_profile",
    )
    buyers = long_text(
        _("who buys its products"),
        blank=True,
        help_text=_("The customer's own customers: who they are, where, how many."),
    )
    buyer_gender = models.CharField(
        _("buyers' gender"), max_length=20, choices=BuyerGender.choices, blank=True
    )
    buyer_age = models.CharField(
        _("buyers' age"), max_length=100, blank=True, help_text=_("For example 25–40.")
    )
    marketing = long_text(_("how it markets"))
    storage = long_text(_("storage of its products"))
    transport = long_text(_("transport of its products"))

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("sales information")
        verbose_name_plural = _("sales information")

    def __str__(self):
        return str(self.prospect)

    @property
    def is_filled(self):
        return any(
            (
                self.buyers,
                self.buyer_gender,
                self.buyer_age,
                self.marketing,
                self.storage,
                self.transport,
            )
        )


class Contact(ProspectPart):
    """A person at the customer, with the decision-maker profile (决策者的信息).

    The profile is personal data: it is shown only to the account's team and their
    manager, left out of bulk exports, and never logged (views mark it sensitive).
    """

    class PurchaseRole(models.TextChoices):
        DECISION_MAKER = "decision_maker", _("Decision maker")
        INFLUENCER = "influencer", _("Influencer")
        HANDLER = "handler", _("Handler")
        USER = "user", _("User")
        OTHER = "other", _("Other")

    PERSONAL_FIELDS = ("personality", "pressures", "interests", "family_notes")

    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    purchase_role = models.CharField(
        _("role in the purchase"),
        max_length=20,
        choices=PurchaseRole.choices,
        default=PurchaseRole.OTHER,
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    personality = long_text(_("personality"))
    pressures = long_text(_("pressures and challenges"))
    interests = long_text(_("interests and hobbies"))
    family_notes = long_text(_("family"))

    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "version",
            "personality",
            "pressures",
            "interests",
            "family_notes",
        ]
    )

    class Meta:
        ordering = ["prospect", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        default_related_name = "contacts"

    def __str__(self):
        return self.name

    def __repr__(self):
        return f"<Contact {self.pk}>"


class Rating(models.TextChoices):
    FAVOURABLE = "favourable", _("Favourable")
    NEUTRAL = "neutral", _("Neutral")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")


class PurchaseFactors(ProspectPart):
    """What drives the customer's purchase decision (影响采购的因素)."""

    FACTORS = ("purchase_cost", "technical_content", "policy_social")

    prospect = models.OneToOneField(
        Prospect,
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="purchase_factors",
    )
    purchase_cost = models.CharField(
        _("purchase cost"),
        max_length=20,
        choices=Rating.choices,
        blank=True,
        help_text=_(
            "A higher purchase cost means a longer decision, more people and steps."
        ),
    )
    purchase_cost_notes = long_text(_("notes on purchase cost"))
    technical_content = models.CharField(
        _("technical content"),
        max_length=20,
        choices=Rating.choices,
        blank=True,
        help_text=_(
            "Does the technology fit the customer's ability to sell and use it?"
        ),
    )
    technical_content_notes = long_text(_("notes on technical content"), blank=True)
    policy_social = models.CharField(
        _("policy and social factors"),
        max_length=20,
        choices=Rating.choices,
        blank=True,
        help_text=_("Industry standards, environmental requirements, the law."),
    )
    policy_social_notes = long_text(_("notes on policy and social factors"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("purchase factors")
        verbose_name_plural = _("purchase factors")

    def __str__(self):
        return str(self.prospect)

    def ratings(self):
        return [getattr(self, factor) for factor in self.FACTORS]

    @property
    def is_filled(self):
        return all(self.ratings())


class MonthlyTransaction(ProspectPart):
    """One month of our business with the customer (交易记录)."""

    month = models.DateField(
        _("month"), help_text=_("Stored as the month's first day.")
    )
    our_sales = money(_("our sales"))
    purchase_volume = money(
        _("customer's purchase volume"),
        help_text=_("Everything the customer bought in our category, from anyone."),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["prospect", "month"]
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


class Competitor(ProspectPart):
    """A competitor at this customer (竞争对手情况)."""

    class Risk(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    name = models.CharField(_("competitor"), max_length=200)
    strengths = long_text(_("their strengths against ours"))
    weaknesses = long_text(_("their weaknesses against ours"))
    risk = models.CharField(
        _("risk to us"), max_length=10, choices=Risk.choices, default=Risk.MEDIUM
    )
    notes = long_text(_("notes"))

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["prospect", "name"]
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        default_related_name = "competitors"

    def __str__(self):
        return self.name


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


class Advantage(ProspectPart):
    """Our competitive advantage with this customer, on one of the playbook's six aspects."""

    class Aspect(models.TextChoices):
        LOWER_COST = "lower_cost", _("Lower total procurement cost")
        INCREASE_REVENUE = "increase_revenue", _("Increase revenue")
        AVOID_WASTE = "avoid_waste", _("Avoid waste")
        RAISE_EFFICIENCY = "raise_efficiency", _("Raise efficiency")
        SOLUTION = "solution", _("A real solution")
        INTANGIBLE_VALUE = "intangible_value", _("Intangible value")

    HINTS = {
        Aspect.LOWER_COST: _(
            "Labour cost, equipment wear, maintenance, inventory interest, energy."
        ),
        Aspect.INCREASE_REVENUE: _(
            "Higher sales, a stronger production line, a better profit margin."
        ),
        Aspect.AVOID_WASTE: _("Fewer new staff, less new equipment, fewer repairs."),
        Aspect.RAISE_EFFICIENCY: _(
            "A simpler purchasing process, a better purchasing organisation."
        ),
        Aspect.SOLUTION: _("Really solving the customer's actual problem."),
        Aspect.INTANGIBLE_VALUE: _(
            "A better reputation for the customer, a better decision process."
        ),
    }

    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices)
    note = long_text(_("our advantage"))
    evidence = long_text(
        _("evidence"),
        blank=True,
        help_text=_("Figures, references, cases that prove it."),
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["prospect", "aspect"]
        verbose_name = _("competitive advantage")
        verbose_name_plural = _("competitive advantages")
        default_related_name = "advantages"
        constraints = [
            models.UniqueConstraint(
                fields=["prospect", "aspect"], name="prospects_one_note_per_aspect"
            )
        ]

    def __str__(self):
        return self.get_aspect_display()

    @property
    def hint(self):
        return self.HINTS[self.aspect]

    @staticmethod
    def versions_of(advantages):
        """Which aspects have a note, at which version: the advantages form edits
        all six at once and carries this to notice that someone saved meanwhile."""
        return ",".join(sorted(f"{a.aspect}:{a.version}" for a in advantages))


class ScoringWeights(models.Model):
    """How the attractiveness score and our position are weighed; one row, admin-set."""

    financial = models.PositiveSmallIntegerField(
        _("financial health"), default=40, validators=[MaxValueValidator(100)]
    )
    forecast = models.PositiveSmallIntegerField(
        _("forecast"), default=40, validators=[MaxValueValidator(100)]
    )
    purchase_factors = models.PositiveSmallIntegerField(
        _("purchase factors"), default=20, validators=[MaxValueValidator(100)]
    )
    share_of_wallet = models.PositiveSmallIntegerField(
        _("share of wallet"), default=50, validators=[MaxValueValidator(100)]
    )
    competition = models.PositiveSmallIntegerField(
        _("competition"), default=30, validators=[MaxValueValidator(100)]
    )
    advantages = models.PositiveSmallIntegerField(
        _("documented advantages"), default=20, validators=[MaxValueValidator(100)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("scoring weights")
        verbose_name_plural = _("scoring weights")

    def __str__(self):
        return str(_("Scoring weights"))

    def clean(self):
        if not (self.financial or self.forecast or self.purchase_factors):
            raise ValidationError(
                _("At least one attractiveness weight must be above 0.")
            )
        if not (self.share_of_wallet or self.competition or self.advantages):
            raise ValidationError(_("At least one position weight must be above 0."))

    @classmethod
    def current(cls):
        """The weights row (made by a migration); the defaults if it was removed.
        Reading never writes."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
