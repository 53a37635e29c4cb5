"""The buying centre: who at the customer decides, influences and blocks, how they
stand towards us, and who on our side owns the relationship with each."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prospects.models.group import MAX_DEPTH


class BuyingRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker / economic buyer")
    TECHNICAL_BUYER = "technical_buyer", _("Technical buyer")
    USER = "user", pgettext_lazy("buying role", "User")
    INFLUENCER = "influencer", _("Influencer")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")
    COACH = "coach", _("Coach")


class Stance(models.TextChoices):
    """The person's attitude to us (not the record sheet's warm / neutral / cold)."""

    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", pgettext_lazy("attitude to us", "Neutral")
    OPPONENT = "opponent", _("Opponent")


class Strength(models.TextChoices):
    NONE = "none", _("No relationship")
    MET = "met", _("Met")
    REGULAR = "regular", _("Regular contact")
    TRUSTED = "trusted", _("Trusted")


class BuyingCentreMember(models.Model):
    """The relationship-map fields of a contact (prospects.Contact)."""

    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("Another contact of this account or of its group."),
    )
    buying_role = models.CharField(
        _("role in the buying centre"),
        max_length=20,
        choices=BuyingRole.choices,
        blank=True,
    )
    attitude = models.CharField(
        _("attitude to us"), max_length=10, choices=Stance.choices, blank=True
    )
    strength = models.CharField(
        _("strength of our relationship"),
        max_length=10,
        choices=Strength.choices,
        default=Strength.NONE,
        blank=True,
    )
    relationship_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("our relationship owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_relationships",
        help_text=_("Who on our side keeps the relationship with this person."),
    )
    last_met_on = models.DateField(
        _("last met"),
        null=True,
        blank=True,
        help_text=_("When one of us last met this person face to face."),
    )

    class Meta:
        abstract = True

    def clean_relationships(self):
        errors = {}
        if self.reports_to_id is not None:
            message = self._reports_to_problem()
            if message:
                errors["reports_to"] = message
        owner = self.relationship_owner
        if owner is not None and owner.team_id != self.prospect.team_id:
            errors["relationship_owner"] = _(
                "The relationship owner must be a member of the account's team."
            )
        if errors:
            raise ValidationError(errors)

    def _reports_to_problem(self):
        boss = self.reports_to
        same_group = (
            self.prospect.group_root_id is not None
            and boss.prospect.group_root_id == self.prospect.group_root_id
        )
        if boss.prospect_id != self.prospect_id and not same_group:
            return _("Choose a contact of this account or of its group.")
        if self.pk is not None and self.pk in self._managers_above():
            return _(
                "A person cannot report to themselves or to someone who reports to them."
            )
        return None

    def _managers_above(self):
        found, current = [], self.reports_to_id
        manager = type(self)._default_manager
        while current is not None and len(found) < MAX_DEPTH:
            found.append(current)
            if current == self.pk:
                break
            current = (
                manager.filter(pk=current)
                .values_list("reports_to_id", flat=True)
                .first()
            )
        return found
