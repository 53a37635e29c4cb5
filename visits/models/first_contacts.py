"""First contact (首次接触) by letter, phone or e-mail: playbook 五."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kam.addresses import address
from kam.dates import happened
from kam.versioning import VersionedModel
from prospects.models import (
    ProspectPartQuerySet,
    attitude_field,
    duration_field,
    long_text,
    progress_field,
)
from visits.models.common import local_date


class FirstContact(VersionedModel):
    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")

    #: The playbook's points for each channel (主要接触方式的注意要点).
    GUIDANCE = {
        Channel.LETTER: [
            ("formal", _("Formal, showing respect for the reader")),
            ("concise", _("Concise and clear, in a logical order")),
            ("no_jargon", _("No needless technical jargon")),
            ("asks_reply", _("Asks the customer to reply")),
        ],
        Channel.PHONE: [
            ("respect", _("Polite and respectful throughout")),
            ("no_direct_ask", _("Never asked them to buy")),
            ("their_interest", _("Led from the customer's interest")),
        ],
        Channel.EMAIL: [
            ("font", _("A clear font and size")),
            ("spacing", _("Comfortable line spacing")),
            ("layout", _("A tidy layout that shows we value the customer")),
            ("not_casual", _("Formal enough not to feel casual")),
        ],
    }

    prospect = models.ForeignKey(
        "prospects.Prospect",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="first_contacts",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    contacted_at = models.DateTimeField(
        _("date and time"),
        validators=[happened(_("Log a contact once it has happened."))],
    )
    contact = models.ForeignKey(
        "prospects.Contact",
        verbose_name=_("person contacted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.PROTECT
    )
    content = long_text(
        _("what was said or written"),
        help_text=_("For a letter or an e-mail, its text."),
    )
    response = long_text(_("the customer's response"))
    next_step = long_text(_("next step"))
    guidance_checked = models.JSONField(
        _("guidance followed"), default=list, blank=True
    )
    duration_minutes = duration_field()
    progress = progress_field()
    attitude = attitude_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProspectPartQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["-contacted_at"]
        verbose_name = _("first contact")
        verbose_name_plural = _("first contacts")

    def __str__(self):
        return f"{self.get_channel_display()} · {local_date(self.contacted_at)}"

    def get_absolute_url(self):
        return address("visits:first-contact", self.pk)

    def clean(self):
        errors = {}
        if self.contact_id and self.contact.prospect_id != self.prospect_id:
            errors["contact"] = _("This person is not a contact of the account.")
        known = {key for key, _label in self.GUIDANCE.get(self.channel, [])}
        if not set(self.guidance_checked) <= known:
            errors["guidance_checked"] = _("Unknown guidance point.")
        if errors:
            raise ValidationError(errors)

    def guidance(self):
        """The channel's points, each with whether it was confirmed."""
        return [
            (label, key in self.guidance_checked)
            for key, label in self.GUIDANCE[self.channel]
        ]
