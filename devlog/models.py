"""The development record sheet and the account's outcome: playbook section 七."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kam.dates import happened, planned
from kam.search import search_grams
from kam.versioning import VersionedModel
from prospects.models import (
    LookupList,
    ProspectPartQuerySet,
    attitude_field,
    duration_field,
    long_text,
    progress_field,
)


class DevelopmentEntry(VersionedModel):
    """A contact added to the sheet by hand: one not logged as a first contact,
    a visit or a follow-up (a trade show, a lunch, a call about something else)."""

    class Method(models.TextChoices):
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")
        EVENT = "event", _("Product launch or promotion")
        MEAL = "meal", _("Business meal")
        OTHER = "other", _("Other")

    prospect = models.ForeignKey(
        "prospects.Prospect",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="development_entries",
    )
    occurred_at = models.DateTimeField(
        _("date and time"),
        validators=[happened(_("Add a contact to the record once it has happened."))],
    )
    person_met = models.CharField(_("person met"), max_length=200)
    method = models.CharField(
        _("development method"), max_length=10, choices=Method.choices
    )
    duration_minutes = duration_field()
    progress = progress_field()
    attitude = attitude_field()
    remarks = long_text(_("remarks"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The person met and the remarks as the search box finds them (kam.search).
    search_grams = models.TextField(editable=False, default="")

    objects = ProspectPartQuerySet.as_manager()

    history = HistoricalRecords(
        excluded_fields=["updated_at", "version", "search_grams"]
    )

    class Meta:
        ordering = ["prospect_id", "occurred_at"]
        verbose_name = _("development record entry")
        verbose_name_plural = _("development record entries")
        indexes = [models.Index(fields=["prospect", "occurred_at"])]

    def __str__(self):
        return f"{self.prospect} · {self.occurred_at:%Y-%m-%d}"

    def keep_search_grams(self):
        """Set what the search finds it by (bulk_create skips save())."""
        self.search_grams = search_grams(self.person_met, self.remarks)

    def save(self, *args, **kwargs):
        self.keep_search_grams()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_grams"}
        super().save(*args, **kwargs)


class FailureReason(LookupList):
    """Why an account was not won (yet): categories an admin maintains."""

    class Meta(LookupList.Meta):
        verbose_name = _("failure reason")
        verbose_name_plural = _("failure reasons")


class Outcome(VersionedModel):
    """How the development ended, or paused: won, not yet won, lost."""

    class Result(models.TextChoices):
        WON = "won", _("Won")
        NOT_YET = "not_yet", _("Not won yet")
        LOST = "lost", _("Lost")

    prospect = models.OneToOneField(
        "prospects.Prospect",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="outcome",
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    decided_on = models.DateField(
        _("date"),
        validators=[happened(_("The outcome cannot be dated in the future."))],
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = long_text(
        _("why it succeeded or failed"),
        blank=False,
        help_text=_("开发成功/失败原因总结: what made the difference."),
    )
    reasons = models.ManyToManyField(
        FailureReason, verbose_name=_("reasons"), blank=True, related_name="outcomes"
    )
    analysis = long_text(_("analysis"))
    lessons = long_text(_("lessons"))
    approach_again_on = models.DateField(
        _("approach again on"),
        null=True,
        blank=True,
        validators=[planned()],
        help_text=_("The owner is reminded on this day."),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    restored_at = models.DateTimeField(_("restored"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProspectPartQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        indexes = [
            models.Index(fields=["result", "decided_on"]),
            # The day's approach-again reminders and the rep's home read the few
            # dates that are due, not every outcome.
            models.Index(
                fields=["approach_again_on"],
                condition=models.Q(
                    restored_at__isnull=True, approach_again_on__isnull=False
                ),
                name="devlog_outcome_again_due",
            ),
        ]

    def __str__(self):
        return f"{self.prospect} · {self.get_result_display()}"

    @property
    def is_current(self):
        """A restored account is being developed again; its old outcome is history."""
        return self.restored_at is None
