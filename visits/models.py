"""Choosing the method, first contact, visits and their follow-ups: playbook 四, 五, 六."""

import secrets
import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from kam.versioning import VersionedModel
from prospects.models import (
    ProspectPartQuerySet,
    attitude_field,
    duration_field,
    long_text,
    progress_field,
)

FOLLOW_UP_AFTER = timedelta(days=7)


def local_date(moment):
    """The calendar date of ``moment`` where the team works (TIME_ZONE)."""
    return timezone.localtime(moment).date().isoformat()


# A browser clock a little ahead of ours is not "the future".
CLOCK_TOLERANCE = timedelta(minutes=5)


class DevelopmentMethod(models.TextChoices):
    """The playbook's common ways to develop a key account (常用的大客户开发方式)."""

    INVITE = "invite", _("Invite to a product launch or promotion")
    MAIL = "mail", _("Mail materials that show our advantages")
    VISIT = "visit", _("Visit the customer")
    OTHER = "other", _("Another method")


# --- The development-method meeting (目标大客户开发会议) ---------------------------


class MeetingQuerySet(ScopedQuerySet):
    scope_team = "team"
    scope_people = ("called_by", "attendees")


class MethodMeeting(models.Model):
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
    held_on = models.DateTimeField(_("date and time"))
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
        return reverse("visits:meeting", args=[self.pk])

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


# --- First contact (首次接触) --------------------------------------------------------


class FirstContact(models.Model):
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
    contacted_at = models.DateTimeField(_("date and time"))
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

    def clean(self):
        errors = {}
        if self.contacted_at and self.contacted_at > timezone.now() + CLOCK_TOLERANCE:
            errors["contacted_at"] = _("Log a contact once it has happened.")
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


# --- Visits (实施客户拜访) -----------------------------------------------------------


class VisitQuerySet(ProspectPartQuerySet):
    def planned(self):
        return self.filter(status=Visit.Status.PLANNED)

    def involving(self, user):
        """Visits the user leads or joins."""
        return self.filter(
            models.Q(lead_visitor=user) | models.Q(pk__in=Visit.co_visitors.through.objects.filter(user=user).values("visit_id"))
        )  # fmt: skip


class Visit(VersionedModel):
    class Method(models.TextChoices):
        FACE_TO_FACE = "face_to_face", _("Face to face")
        VIDEO = "video", _("Video call")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    prospect = models.ForeignKey(
        "prospects.Prospect",
        verbose_name=_("key account"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    lead_visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead visitor"),
        on_delete=models.PROTECT,
        related_name="visits_led",
        help_text=_("A KA supervisor or above, as the playbook requires."),
    )
    co_visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-visitors"),
        blank=True,
        related_name="visits_joined",
    )
    planned_at = models.DateTimeField(_("planned time"))
    place = models.CharField(_("place"), max_length=200)
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=Method.choices,
        default=Method.FACE_TO_FACE,
        help_text=_("Face to face by preference: it shows respect."),
    )
    purpose = long_text(_("purpose"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # The visit record sheet (目标客户拜访记录表), filled once the visit is held.
    held_at = models.DateTimeField(_("time of the visit"), null=True, blank=True)
    people_met = models.CharField(
        _("people met"),
        max_length=200,
        blank=True,
        help_text=_("访问对象: who you saw."),
    )
    duration_minutes = duration_field()
    progress = progress_field()
    attitude = attitude_field()
    talking_points = long_text(_("main talking points"))
    customer_views = long_text(_("the customer's views"))
    suggestions = long_text(_("suggestions for further development"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VisitQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["-planned_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["status", "planned_at"]),
            models.Index(fields=["status", "held_at"]),
        ]

    def __str__(self):
        return _("Visit to %(account)s on %(date)s") % {
            "account": self.prospect,
            "date": local_date(self.held_at or self.planned_at),
        }

    def get_absolute_url(self):
        return reverse("visits:detail", args=[self.pk])

    def clean(self):
        errors = {}
        lead = self.lead_visitor if self.lead_visitor_id else None
        if lead and not lead.is_supervisor_or_above:
            errors["lead_visitor"] = _(
                "The lead visitor must be a KA supervisor or above: the playbook has "
                "visits made at supervisor level or higher."
            )
        elif (
            lead
            and self.prospect_id
            and not lead.sees_everything
            and lead.team_id != self.prospect.team_id
        ):
            errors["lead_visitor"] = _(
                "The lead visitor must be in the account's team."
            )
        if self.status == self.Status.HELD:
            errors.update(self._record_sheet_errors())
        if errors:
            raise ValidationError(errors)

    def _record_sheet_errors(self):
        errors = {}
        if self.held_at is None:
            errors["held_at"] = _("When was the visit held?")
        elif self.held_at > timezone.now() + CLOCK_TOLERANCE:
            errors["held_at"] = _("A visit cannot be recorded before it happens.")
        for name in ("talking_points", "customer_views"):
            if not getattr(self, name).strip():
                errors[name] = _("Fill in this part of the record sheet.")
        return errors

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    def visitors(self):
        return [self.lead_visitor, *self.co_visitors.all()]


class VisitPreparation(VersionedModel):
    """Before the visit: discussion meeting, data collection, analysis, materials."""

    PERSONAL = [
        ("economy", _("Economy")),
        ("health", _("Health")),
        ("family", _("Family")),
        ("work", _("Work")),
        ("social", _("Social life")),
        ("hobbies", _("Hobbies")),
        ("culture", _("Culture")),
        ("pursuits", _("Pursuits")),
        ("ideals", _("Ideals")),
        ("personality", _("Personality")),
    ]
    ENTERPRISE = [
        ("decision_maker", _("Decision maker")),
        ("handler", _("Handler")),
        ("industry", _("Industry")),
        ("products", _("Products")),
        ("structure", _("Structure")),
        ("results", _("Results")),
        ("staff", _("Staff")),
        ("plans", _("Plans")),
        ("problems", _("Problems")),
    ]
    MATERIALS = [
        ("company", _("Our company")),
        ("product", _("Product")),
        ("personal", _("Personal")),
        ("news", _("News")),
        ("proofs", _("Proofs")),
        ("pictures", _("Pictures")),
        ("samples", _("Samples")),
    ]
    GROUPS = {"personal": PERSONAL, "enterprise": ENTERPRISE, "materials": MATERIALS}
    ANALYSIS = ("classification", "analysis", "judgement")

    visit = models.OneToOneField(
        Visit, on_delete=models.CASCADE, related_name="preparation"
    )
    discussion_at = models.DateTimeField(
        _("pre-visit discussion"), null=True, blank=True
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        blank=True,
        related_name="visit_discussions",
    )
    colleague_suggestions = long_text(_("colleagues' suggestions"))
    checklist = models.JSONField(
        _("checklist"),
        default=dict,
        blank=True,
        help_text=_("Per item: done and notes."),
    )
    classification = long_text(_("classify"))
    analysis = long_text(_("analyse"))
    judgement = long_text(_("judge"))
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waived by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    waiver_reason = long_text(_("reason for the waiver"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("visit preparation")
        verbose_name_plural = _("visit preparations")

    def __str__(self):
        return str(self.visit)

    def item(self, key):
        return self.checklist.get(key) or {"done": False, "notes": ""}

    def steps(self):
        """Every step of the preparation and whether it is done."""
        done = [
            bool(self.discussion_at and self.colleague_suggestions.strip()),
            *(self.item(key)["done"] for items in self.GROUPS.values() for key, _label in items),
            *(bool(getattr(self, name).strip()) for name in self.ANALYSIS),
        ]  # fmt: skip
        return done

    @property
    def progress(self):
        steps = self.steps()
        return sum(steps), len(steps)

    @property
    def is_complete(self):
        return all(self.steps())

    @property
    def is_waived(self):
        return self.waived_by_id is not None

    @property
    def allows_recording(self):
        return self.is_complete or self.is_waived


def _material_path(instance, filename):
    suffix = PurePath(filename).suffix.lower()
    return f"visit-materials/{instance.preparation.visit_id}/{uuid.uuid4().hex}{suffix}"


class SalesMaterialQuerySet(ScopedQuerySet):
    scope_team = "preparation__visit__prospect__team"
    scope_people = (
        "preparation__visit__prospect__owner",
        "preparation__visit__prospect__colleagues",
    )


class SalesMaterial(models.Model):
    """A file prepared for the visit: a brochure, a proof, a picture …"""

    preparation = models.ForeignKey(
        VisitPreparation, on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=VisitPreparation.MATERIALS
    )
    file = models.FileField(_("file"), upload_to=_material_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = SalesMaterialQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = _("sales material")
        verbose_name_plural = _("sales materials")

    def __str__(self):
        return self.original_name


# --- The one-week follow-up --------------------------------------------------------


class FollowUpQuerySet(ProspectPartQuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.OPEN)

    def overdue(self, now):
        return self.open().filter(due_at__lt=now)


class FollowUp(VersionedModel):
    """Within a week of the visit, the visitor hears the customer's opinion again."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
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
    done_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
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
        return self.visit.get_absolute_url() + "#follow-up"

    def clean(self):
        if self.status != self.Status.DONE:
            return
        errors = {}
        if self.done_at is None:
            errors["done_at"] = _("When did you follow up?")
        elif self.done_at > timezone.now() + CLOCK_TOLERANCE:
            errors["done_at"] = _("A follow-up cannot be logged before it happens.")
        elif self.visit.held_at and self.done_at < self.visit.held_at:
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
