"""Notifications: reminders in the app (the bell, the inbox) and their delivery.

A notification is one reminder about one thing (a follow-up, an account to approach
again) for one person. Other apps say what is due through the reminder sources
(``notifications.reminders``); this app creates the notifications and delivers
them, each once.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSettings(models.Model):
    """When reminders go out; one row, set by an admin."""

    upcoming_days = models.PositiveSmallIntegerField(
        _("remind this many days before the due date"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    escalation_grace_days = models.PositiveSmallIntegerField(
        _("escalate to the manager this many days after the due date"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    max_email_attempts = models.PositiveSmallIntegerField(
        _("give up on an e-mail after this many attempts"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(_("Reminder settings"))

    @classmethod
    def current(cls):
        """The settings row (made by a migration); the defaults if it was removed.
        Reading never writes."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    """One reminder about one follow-up, in the app and by e-mail.

    The unique (follow-up, kind) pair is the claim that makes a reminder exist once,
    however many scans race. Its e-mail is claimed separately, with a lease, by
    the task that sends it.
    """

    class Kind(models.TextChoices):
        UPCOMING = "upcoming", _("Follow-up coming up")
        DUE = "due", _("Follow-up due today")
        OVERDUE = "overdue", _("Follow-up overdue")
        ESCALATION = "escalation", _("Follow-up escalated")
        APPROACH_AGAIN = "approach_again", _("Time to approach again")

    class Email(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: no longer needed")

    follow_up = models.ForeignKey(
        "visits.FollowUp",
        verbose_name=_("follow-up"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # A reminder about the account itself (approach again) has no follow-up.
    prospect = models.ForeignKey(
        "prospects.Prospect",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    due_on = models.DateField(_("for the day"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=Email.choices, default=Email.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_next_attempt_at = models.DateTimeField(_("next attempt"))
    email_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    email_claim = models.UUIDField(null=True, blank=True, editable=False)
    email_lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    email_error = models.TextField(_("last e-mail error"), blank=True)
    # The scan that created it: a scan reports what it created itself, however
    # many run at once.
    scan = models.UUIDField(null=True, blank=True, editable=False, db_index=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "kind"], name="notifications_one_reminder_per_kind"
            ),
            models.UniqueConstraint(
                fields=["prospect", "kind", "due_on"],
                condition=models.Q(follow_up__isnull=True),
                name="notifications_one_account_reminder_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(follow_up__isnull=False)
                | models.Q(prospect__isnull=False),
                name="notifications_reminder_has_a_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["email_status", "email_next_attempt_at"]),
            models.Index(fields=["recipient", "read_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.follow_up_id or self.prospect_id}"

    def get_absolute_url(self):
        if self.follow_up_id:
            return self.follow_up.get_absolute_url()
        return self.prospect.get_absolute_url() + "#record"

    @property
    def header(self):
        """The e-mail header that names what the reminder is about: the follow-up
        (X-KAM-Reminder: <follow-up id>:<kind>) or the account (X-KAM-Approach)."""
        if self.follow_up_id:
            return "X-KAM-Reminder", f"{self.follow_up_id}:{self.kind}"
        return "X-KAM-Approach", str(self.prospect_id)

    @property
    def account(self):
        return self.follow_up.prospect if self.follow_up_id else self.prospect
