"""How the attractiveness score and our position are weighed."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    relationships = models.PositiveSmallIntegerField(
        _("relationship coverage"),
        default=20,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Decision makers met, opponents owned by one of us, supporters met "
            "in the last 90 days."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The weights (by their updated_at) every stored score was computed with: until
    # it matches, a periodic scan rescores every account (the broker may have
    # been down when they changed).
    rescored_for = models.DateTimeField(null=True, blank=True, editable=False)

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
        if not (
            self.share_of_wallet
            or self.competition
            or self.advantages
            or self.relationships
        ):
            raise ValidationError(_("At least one position weight must be above 0."))

    @property
    def rescore_pending(self):
        return self.pk is not None and self.rescored_for != self.updated_at

    @classmethod
    def current(cls):
        """The weights row (made by a migration); the defaults if it was removed.
        Reading never writes."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
