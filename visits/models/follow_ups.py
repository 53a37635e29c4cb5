"""The one-week follow-up after a visit, and the private calendar feed."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kam.addresses import address
from kam.dates import happened, local_day, plausible, start_of
from kam.versioning import VersionedModel
from prospects.models import (
    ProspectPartQuerySet,
    attitude_field,
    duration_field,
    long_text,
    progress_field,
)
from visits.models.visits import Visit


def due_state(due_at, now):
    """The one definition, everywhere (the rep's pages, the manager's table, the
    reminders): by the calendar day where the team works, a follow-up is due
    "today" all its due day and "overdue" from the next; "later" before."""
    today, due = local_day(now), local_day(due_at)
    if due < today:
        return "overdue"
    return "today" if due == today else "later"


def overdue_before(now):
    """Follow-ups due before this moment are overdue at ``now``."""
    return start_of(local_day(now))


class FollowUpQuerySet(ProspectPartQuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.OPEN)

    def overdue(self, now):
        return self.open().filter(due_at__lt=overdue_before(now))


class FollowUp(VersionedModel):
    """Within a week of the visit, the visitor hears the customer's opinion again."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("follow-up status", "Open")
        DONE = "done", _("Done")

    class Method(models.TextChoices):
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("Another visit")

    visit = models.OneToOneField(
        Visit, on_delete=models.CASCADE, related_name="follow_up"
    )
    prospect = models.ForeignKey(
        "prospects.Prospect",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who follows up"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(
        _("followed up at"),
        null=True,
        blank=True,
        validators=[happened(_("A follow-up cannot be logged before it happens."))],
    )
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, blank=True
    )
    person_contacted = models.CharField(
        _("person contacted"), max_length=200, blank=True
    )
    duration_minutes = duration_field()
    progress = progress_field()
    attitude = attitude_field()
    customer_opinion = long_text(_("the customer's opinion"))
    next_step = long_text(_("next step"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self):
        return _("Follow-up of %(visit)s") % {"visit": self.visit}

    def get_absolute_url(self):
        # By the visit's id: lists of follow-ups need not read each visit.
        return address("visits:detail", self.visit_id) + "#follow-up"

    def clean(self):
        if self.status != self.Status.DONE:
            return
        errors = {}
        if self.done_at is None:
            errors["done_at"] = _("When did you follow up?")
        elif plausible(self.done_at) and self.done_at < (
            self.visit.held_at or self.done_at
        ):
            errors["done_at"] = _("The follow-up cannot come before the visit.")
        if not self.method:
            errors["method"] = _("By phone or by another visit?")
        if not self.customer_opinion.strip():
            errors["customer_opinion"] = _("What did the customer say?")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self):
        return self.is_open and due_state(self.due_at, timezone.now()) == "overdue"


class CalendarFeed(models.Model):
    """The secret address of a user's calendar feed, for calendar clients that
    cannot sign in. A new token makes the old address answer 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)
