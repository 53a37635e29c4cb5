"""The development-method meeting (目标大客户开发会议): playbook 四."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from kam.addresses import address
from kam.dates import planned
from kam.versioning import VersionedModel
from prospects.models import (
    long_text,
)
from visits.models.common import DevelopmentMethod, local_date


class MeetingQuerySet(ScopedQuerySet):
    scope_team = "team"
    scope_people = ("called_by", "attendees")


class MethodMeeting(VersionedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for proposals")
        CLOSED = "closed", _("Closed")

    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("called by"),
        on_delete=models.PROTECT,
        related_name="meetings_called",
    )
    held_on = models.DateTimeField(_("date and time"), validators=[planned()])
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        related_name="meetings_attended",
    )
    prospects = models.ManyToManyField(
        "prospects.Prospect",
        verbose_name=_("target accounts"),
        related_name="method_meetings",
    )
    briefing = long_text(
        _("account information presented"),
        help_text=_("What the manager presents about the target accounts."),
    )
    minutes = long_text(_("minutes"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("development-method meeting")
        verbose_name_plural = _("development-method meetings")

    def __str__(self):
        return _("Development-method meeting of %(date)s") % {
            "date": local_date(self.held_on)
        }

    def get_absolute_url(self):
        return address("visits:meeting", self.pk)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class MeetingProposal(models.Model):
    """An attendee's proposal: which method for which account, and why."""

    meeting = models.ForeignKey(
        MethodMeeting, on_delete=models.CASCADE, related_name="proposals"
    )
    prospect = models.ForeignKey(
        "prospects.Prospect",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="method_proposals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
    )
    method = models.CharField(
        _("method"), max_length=10, choices=DevelopmentMethod.choices
    )
    rationale = long_text(_("rationale"), blank=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return f"{self.prospect} · {self.get_method_display()}"

    def clean(self):
        if (
            self.prospect_id
            and not self.meeting.prospects.filter(pk=self.prospect_id).exists()
        ):
            raise ValidationError(
                {"prospect": _("This account is not on the meeting's agenda.")}
            )


class MeetingDecision(models.Model):
    """The manager's decision on one account's development method."""

    meeting = models.ForeignKey(
        MethodMeeting, on_delete=models.CASCADE, related_name="decisions"
    )
    prospect = models.ForeignKey(
        "prospects.Prospect",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="method_decisions",
    )
    method = models.CharField(
        _("decided method"), max_length=10, choices=DevelopmentMethod.choices
    )
    other_method = models.CharField(_("which other method"), max_length=200, blank=True)
    reason = long_text(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "prospect"], name="visits_one_decision_per_account"
            )
        ]

    def __str__(self):
        return self.method_label

    @property
    def method_label(self):
        if self.method == DevelopmentMethod.OTHER and self.other_method:
            return self.other_method
        return self.get_method_display()
