"""Notifications: reminders in the app (the bell, the inbox) and their delivery.

A notification is one reminder about one thing (a follow-up, an account to approach
again) for one person. Other apps say what is due through the reminder sources
(``notifications.reminders``); this app creates the notifications and delivers
them, each once.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from kam.versioning import VersionedModel
from notifications import robots, secrets
from notifications.http import address_problem
from notifications.outbound import OutboundDelivery, OutboundTarget


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
    max_robot_attempts = models.PositiveSmallIntegerField(
        _("give up on a chat-robot message after this many attempts"),
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

    #: What any list of notifications shows of one: its kind, age, account, link.
    NAMED = ("kind", "created_at", "prospect__name", "follow_up__visit", "follow_up__prospect__name")  # fmt: skip

    def named(self):
        """With what the home shows of each, nothing more (with its follow-up and
        accounts a notification is 97 columns, and each join costs the planner)."""
        return self.select_related("prospect", "follow_up__prospect").only(*self.NAMED)

    def listed(self):
        """With what the inbox shows besides: the visit, the due date, who must
        follow up and whether they did."""
        return self.select_related(
            "prospect", "follow_up__prospect", "follow_up__visit", "follow_up__assignee"
        ).only(
            *self.NAMED, "due_on", "read_at", "follow_up__status", "follow_up__due_at",
            "follow_up__visit__held_at", *User.names_at("follow_up__assignee"),
        )  # fmt: skip


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
        HANDED_OVER = "handed_over", _("Account handed over to you")

    class Email(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: no longer needed")
        MUTED = "muted", _("Not sent: muted, the team's chat robot carries it")

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
            # The scan finds the notifications it has just created by their moment.
            models.Index(fields=["created_at"]),
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


# --- Chat robots ------------------------------------------------------------------

KINDS = Notification.Kind


class ChannelQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A team's robots are its manager's to see and change (an admin's: all)."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.sees_everything:
            return self.all()
        if user.is_manager and user.team_id:
            return self.filter(team_id=user.team_id)
        return self.none()


class Channel(secrets.SealedSecret, VersionedModel, OutboundTarget):
    """A team's group robot in 企业微信, 钉钉 or 飞书, and the reminders it carries.

    The webhook address (it holds the robot's token) and the signing secret are
    stored sealed (``notifications.secrets``) and never shown again; pages show
    the host and the last characters only.
    """

    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="channels",
    )
    kind = models.CharField(_("platform"), max_length=10, choices=robots.CHOICES)
    name = models.CharField(
        _("name"), max_length=80, help_text=_("The group chat, as the team knows it.")
    )
    host = models.CharField(_("host"), max_length=255, editable=False)
    sealed_address = models.TextField(editable=False)
    address_hint = models.CharField(max_length=20, editable=False, blank=True)
    sealed_secret = models.TextField(editable=False, blank=True)
    kinds = models.CharField(
        _("reminders it carries"),
        max_length=200,
        blank=True,
        help_text=_("Reminder kinds, separated by commas."),
    )
    language = models.CharField(
        _("language of its messages"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["team__name", "name", "pk"]
        verbose_name = _("chat robot")
        verbose_name_plural = _("chat robots")

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def platform(self):
        return robots.platform(self.kind)

    # The credentials: set in the clear, kept sealed, read only to send.
    @property
    def address(self):
        return secrets.unseal(self.sealed_address)

    def set_address(self, url):
        url = url.strip()
        self._address = url
        self.sealed_address = secrets.seal(url)
        self.host = (urlsplit(url).hostname or "")[:255]
        self.address_hint = secrets.hint(url)

    @property
    def has_secret(self):
        return bool(self.sealed_secret)

    @property
    def kind_list(self):
        return [kind for kind in self.kinds.split(",") if kind]

    def set_kinds(self, kinds):
        chosen = set(kinds)
        self.kinds = ",".join(kind for kind in KINDS.values if kind in chosen)

    def carries(self, kind):
        return kind in self.kind_list

    def get_kinds_display(self):
        labels = dict(KINDS.choices)
        return [labels[kind] for kind in self.kind_list if kind in labels]

    def clean(self):
        unknown = set(self.kind_list) - set(KINDS.values)
        if unknown:
            raise ValidationError(
                {
                    "kinds": _("Unknown reminder kinds: %(kinds)s.")
                    % {"kinds": ", ".join(sorted(unknown))}
                }
            )
        if self.sealed_secret and not self.platform.SIGNED:
            raise ValidationError(
                {
                    "secret": _("%(platform)s robots are not signed: leave it empty.")
                    % {"platform": self.platform.LABEL}
                }
            )
        url = getattr(self, "_address", None)
        if url is None:
            return  # the stored address was checked when it was set
        problem = address_problem(url)
        if problem:
            raise ValidationError({"address": problem})
        try:
            self.platform.check_address(urlsplit(url))
        except ValidationError as error:
            raise ValidationError({"address": error.error_list}) from None


class ChannelDelivery(OutboundDelivery):
    """One reminder to one team robot: created by the scan with the notification,
    sent once (``notifications.channels``)."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="channel_deliveries",
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("chat robot"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )

    class Meta:
        ordering = ["-next_attempt_at"]
        verbose_name = _("chat-robot message")
        verbose_name_plural = _("chat-robot messages")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                name="notifications_one_message_per_robot",
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["channel", "attempted_at"]),
        ]

    def __str__(self):
        return f"{self.notification} → {self.channel}"


class MutedEmail(models.Model):
    """A person who reads these reminders in the team's chat, not by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_emails"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS.choices)

    class Meta:
        verbose_name = _("muted reminder e-mail")
        verbose_name_plural = _("muted reminder e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notifications_mute_once"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"


# --- Outgoing webhooks --------------------------------------------------------------


class WebhookEvent(models.TextChoices):
    ACCOUNT_WON = "account.won", _("Account won")
    ACCOUNT_LOST = "account.lost", _("Account lost")
    VISIT_RECORDED = "visit.recorded", _("Visit recorded")
    FOLLOW_UP_OVERDUE = "follow_up.overdue", _("Follow-up overdue")


class WebhookEndpoint(secrets.SealedSecret, OutboundTarget):
    """A receiver of KAM's events in another system (ERP, BI …), registered by an
    administrator. Its address and signing secret are stored sealed, as a chat
    robot's are; each POST is signed with the secret (``notifications.webhooks``)."""

    name = models.CharField(_("name"), max_length=80)
    host = models.CharField(_("host"), max_length=255, editable=False)
    sealed_url = models.TextField(editable=False)
    url_hint = models.CharField(max_length=20, editable=False, blank=True)
    sealed_secret = models.TextField(editable=False)
    events = models.CharField(
        _("events"),
        max_length=200,
        blank=True,
        help_text=_("Event names, separated by commas."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return f"{self.name} ({self.host})"

    @property
    def url(self):
        return secrets.unseal(self.sealed_url)

    def set_url(self, url):
        url = url.strip()
        self._url = url
        self.sealed_url = secrets.seal(url)
        self.host = (urlsplit(url).hostname or "")[:255]
        self.url_hint = secrets.hint(url)

    @property
    def event_list(self):
        return [event for event in self.events.split(",") if event]

    def set_events(self, events):
        chosen = set(events)
        self.events = ",".join(e for e in WebhookEvent.values if e in chosen)

    def clean(self):
        unknown = set(self.event_list) - set(WebhookEvent.values)
        if unknown:
            raise ValidationError(
                {
                    "events": _("Unknown events: %(events)s.")
                    % {"events": ", ".join(sorted(unknown))}
                }
            )
        url = getattr(self, "_url", None)
        if url is not None:
            problem = address_problem(url)
            if problem:
                raise ValidationError({"url": problem})


class WebhookDelivery(OutboundDelivery):
    """One event to one endpoint: its body fixed when the event happened (a retry
    sends the same bytes, the same signature), sent once."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("webhook endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=30, choices=WebhookEvent.choices)
    #: What happened, once: the same event about the same record is sent once.
    key = models.CharField(max_length=100, editable=False)
    delivery_id = models.UUIDField(_("delivery id"), unique=True, editable=False)
    body = models.TextField(_("body"), editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "key"], name="notifications_one_event_per_endpoint"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "attempted_at"]),
        ]

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint}"
