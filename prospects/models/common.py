"""What the account models share: bounded text and amounts, the admin's lists,
and the development record's progress and attitude."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

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
        # ``cls.values`` builds a new list on every read: a dict read once.
        return _PROGRESS_RANKS.get(value, -1)


_PROGRESS_RANKS = {value: rank for rank, value in enumerate(Progress.values)}


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


class Rating(models.TextChoices):
    FAVOURABLE = "favourable", _("Favourable")
    NEUTRAL = "neutral", _("Neutral")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")
