"""Check-in and check-out (签到, 签退): when the lead visitor arrived at the customer
and left, from the server's clock, with the phone's position when it gave one."""

import math
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet

EARTH_RADIUS_M = 6_371_000
LONGEST_VISIT_MINUTES = 24 * 60  # as the visit's time spent allows


def distance_m(a, b):
    """Metres between two (latitude, longitude) points on the Earth (haversine)."""
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))))


class CheckInSettings(models.Model):
    """How far from the account a check-in may be before it is marked; one row, set
    by an admin."""

    far_radius_m = models.PositiveIntegerField(
        _("mark check-ins further than this from the account (metres)"),
        default=500,
        validators=[MinValueValidator(50), MaxValueValidator(100_000)],
        help_text=_(
            "Also the accuracy a position needs to set an account's location at its "
            "first check-in."
        ),
    )

    class Meta:
        verbose_name = _("check-in settings")
        verbose_name_plural = _("check-in settings")

    def __str__(self):
        return str(_("Check-in settings"))

    @classmethod
    def current(cls):
        """The settings row (made by a migration); the defaults if it was removed.
        Reading never writes."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class VisitCheckQuerySet(ScopedQuerySet):
    scope_team = "visit__prospect__team"
    scope_people = ("visit__prospect__owner", "visit__prospect__colleagues")

    def on_day(self, day):
        """Those made on ``day`` where the team works (TIME_ZONE)."""
        start = timezone.make_aware(datetime.combine(day, time.min))
        return self.filter(at__gte=start, at__lt=start + timedelta(days=1))


class VisitCheck(models.Model):
    """One check-in or check-out of a visit."""

    class Kind(models.TextChoices):
        IN = "in", _("Check-in")
        OUT = "out", _("Check-out")

    class Location(models.TextChoices):
        GIVEN = "given", _("Position given")
        REFUSED = "refused", _("Location refused")
        UNAVAILABLE = "unavailable", _("No position available")

    visit = models.ForeignKey(
        "visits.Visit",
        verbose_name=_("visit"),
        on_delete=models.CASCADE,
        related_name="checks",
    )
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"))
    location = models.CharField(_("location"), max_length=12, choices=Location.choices)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accuracy_m = models.PositiveIntegerField(
        _("accuracy (metres)"), null=True, blank=True
    )
    distance_m = models.PositiveIntegerField(
        _("distance from the account (metres)"), null=True, blank=True
    )
    is_far = models.BooleanField(_("far from the account"), default=False)
    located_account = models.BooleanField(
        _("set the account's location"), default=False
    )

    objects = VisitCheckQuerySet.as_manager()

    class Meta:
        ordering = ["at"]
        verbose_name = _("check-in or check-out")
        verbose_name_plural = _("check-ins and check-outs")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "kind"], name="visits_one_check_of_each_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    location="given", latitude__isnull=False, longitude__isnull=False
                )
                | (
                    ~models.Q(location="given")
                    & models.Q(latitude__isnull=True, longitude__isnull=True)
                ),
                name="visits_check_position_only_when_given",
            ),
        ]
        indexes = [models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def position(self):
        if self.latitude is None:
            return None
        return (self.latitude, self.longitude)


def measured_minutes(check_in, check_out):
    """Minutes from check-in to check-out, or None when either is missing or the
    span is longer than a visit can be (a check-out forgotten for a day)."""
    if check_in is None or check_out is None:
        return None
    minutes = round((check_out.at - check_in.at).total_seconds() / 60)
    if not 0 <= minutes <= LONGEST_VISIT_MINUTES:
        return None
    return minutes
