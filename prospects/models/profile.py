"""What the team knows of the account: its sales, its decision makers, what drives
its purchases, its competitors at it, and our advantages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kam.search import KeepsSearchText
from prospects.models.account import Prospect, ProspectPart
from prospects.models.common import Rating, long_text
from prospects.models.relationship import BuyingCentreMember


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


class Contact(KeepsSearchText, BuyingCentreMember, ProspectPart):
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
    # Name and position as the search box finds them (kam.search): never the notes.
    search_text = models.TextField(editable=False, default="")
    search_grams = models.TextField(editable=False, default="")
    searched_from = ("name", "position")

    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "version",
            "personality",
            "pressures",
            "interests",
            "family_notes",
            "search_text",
            "search_grams",
        ]
    )

    class Meta:
        # By the account's id: "prospect" would join the accounts to sort by
        # their names, on every read of one account's contacts.
        ordering = ["prospect_id", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        default_related_name = "contacts"

    def __str__(self):
        return self.name

    def __repr__(self):
        return f"<Contact {self.pk}>"

    def clean(self):
        super().clean()
        self.clean_relationships()


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


class Competitor(KeepsSearchText, ProspectPart):
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
    search_text = models.TextField(editable=False, default="")
    search_grams = models.TextField(editable=False, default="")
    searched_from = ("name",)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "version", "search_text", "search_grams"]
    )

    class Meta:
        ordering = ["prospect_id", "name"]
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        default_related_name = "competitors"

    def __str__(self):
        return self.name


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
        ordering = ["prospect_id", "aspect"]
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
