"""Visits (实施客户拜访): the plan, the preparation, its materials and the record
sheet: playbook 六."""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from kam import dates
from kam.addresses import address
from kam.dates import happened, planned
from kam.search import search_grams
from kam.versioning import VersionedModel
from prospects.models import (
    ProspectPartQuerySet,
    attitude_field,
    duration_field,
    long_text,
    progress_field,
)
from visits.models.check_ins import VisitCheck, measured_minutes
from visits.models.common import local_date


class VisitQuerySet(ProspectPartQuerySet):
    def planned(self):
        return self.filter(status=Visit.Status.PLANNED)

    def involving(self, user):
        """Visits the user leads or joins."""
        return self.filter(
            models.Q(lead_visitor=user) | models.Q(pk__any_of=Visit.co_visitors.through.objects.filter(user=user).values("visit_id"))
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
    planned_at = models.DateTimeField(_("planned time"), validators=[planned()])
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
    held_at = models.DateTimeField(
        _("time of the visit"),
        null=True,
        blank=True,
        validators=[happened(_("A visit cannot be recorded before it happens."))],
    )
    # 访问对象: the account's contacts met, and anyone else by name.
    contacts_met = models.ManyToManyField(
        "prospects.Contact",
        verbose_name=_("contacts met"),
        related_name="visits_met",
        blank=True,
    )
    people_met = models.CharField(
        _("others met"),
        max_length=200,
        blank=True,
        help_text=_("Anyone met who is not one of the account's contacts."),
    )
    duration_minutes = duration_field()
    duration_reason = long_text(
        _("why the time spent differs from check-in to check-out"),
        help_text=_("Needed only when you change the time the check-in measured."),
    )
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
    # The record sheet's words as the search box finds them (kam.search).
    search_grams = models.TextField(editable=False, default="")

    objects = VisitQuerySet.as_manager()

    history = HistoricalRecords(
        excluded_fields=["updated_at", "version", "search_grams"]
    )

    #: What planning a visit decides (the plan form, the API).
    PLAN_FIELDS = (
        "planned_at",
        "place",
        "method",
        "lead_visitor",
        "co_visitors",
        "purpose",
    )
    #: The record sheet's text the search box looks in.
    SEARCHED = ("talking_points", "customer_views", "suggestions", "people_met")

    class Meta:
        ordering = ["-planned_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["status", "planned_at"]),
            models.Index(fields=["status", "held_at"]),
            # The visits someone led, newest first (their visit list and home).
            models.Index(fields=["lead_visitor", "status", "held_at"]),
        ]

    def __str__(self):
        return _("Visit to %(account)s on %(date)s") % {
            "account": self.prospect,
            "date": local_date(self.held_at or self.planned_at),
        }

    @property
    def met_line(self):
        """Who was met, as the record sheet's 访问对象 shows it: the contacts by
        name and position, then the others."""
        names = [
            pgettext("a person and their position", "%(name)s (%(position)s)")
            % {"name": c.name, "position": c.position}
            if c.position
            else c.name
            for c in self.contacts_met.all()
        ]
        separator = pgettext("between names in a list", ", ")
        return separator.join([*names, *([self.people_met] if self.people_met else [])])

    def get_absolute_url(self):
        return address("visits:detail", self.pk)

    def keep_search_grams(self):
        """Set what the search finds it by (bulk_create skips save())."""
        self.search_grams = search_grams(*(getattr(self, f) for f in self.SEARCHED))

    def save(self, *args, **kwargs):
        self.keep_search_grams()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_grams"}
        super().save(*args, **kwargs)

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
        too_early = (
            dates.plausible(self.held_at)
            and self.prospect_id
            and (self.held_at < self.earliest_held_at)
        )
        if too_early:
            errors["held_at"] = _(
                "A visit cannot be held more than a year before the account was "
                "first recorded (%(date)s)."
            ) % {"date": dates.local_day(self.prospect.created_at).isoformat()}
        if self.status == self.Status.HELD:
            errors.update(self._record_sheet_errors())
            errors.update(self._duration_errors())
        if errors:
            raise ValidationError(errors)

    @property
    def earliest_held_at(self):
        """A visit is held at the earliest a year before its account's first record."""
        return self.prospect.created_at - timedelta(days=365)

    def _record_sheet_errors(self):
        errors = {}
        if self.held_at is None:
            errors["held_at"] = _("When was the visit held?")
        for name in ("talking_points", "customer_views"):
            if not getattr(self, name).strip():
                errors[name] = _("Fill in this part of the record sheet.")
        return errors

    def _duration_errors(self):
        measured = self.measured_minutes
        if (
            measured is not None
            and self.duration_minutes is not None
            and self.duration_minutes != measured
            and not self.duration_reason.strip()
        ):
            return {
                "duration_reason": _(
                    "Check-in to check-out measured %(minutes)s minutes: say why the "
                    "time spent differs."
                )
                % {"minutes": measured}
            }
        return {}

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @cached_property
    def checks_by_kind(self):
        return {check.kind: check for check in self.checks.all()}

    @property
    def check_in(self):
        return self.checks_by_kind.get(VisitCheck.Kind.IN)

    @property
    def check_out(self):
        return self.checks_by_kind.get(VisitCheck.Kind.OUT)

    @property
    def measured_minutes(self):
        """The time spent as check-in and check-out measured it, or None."""
        return measured_minutes(self.check_in, self.check_out)

    def visitors(self):
        return [self.lead_visitor, *self.co_visitors.all()]

    def get_preparation(self):
        """The preparation, made when the visit was planned; for a visit planned
        before that, a blank one, not saved: reading a visit never writes."""
        try:
            return self.preparation
        except VisitPreparation.DoesNotExist:
            return VisitPreparation(visit=self)


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
    #: What steps() and allows_recording read: lists showing a preparation's
    #: progress read these alone.
    STEP_FIELDS = (
        "discussion_at", "colleague_suggestions", "checklist", *ANALYSIS, "waived_by",
    )  # fmt: skip

    visit = models.OneToOneField(
        Visit, on_delete=models.CASCADE, related_name="preparation"
    )
    discussion_at = models.DateTimeField(
        _("pre-visit discussion"), null=True, blank=True, validators=[planned()]
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
    NAME_LENGTH = 200
    original_name = models.CharField(_("file name"), max_length=NAME_LENGTH)
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
