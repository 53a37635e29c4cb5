"""Dates a person could really mean, and the calendar day where the team works.

One window for every date and time typed into KAM, checked by the model field (so
by its form and by every service's ``full_clean``): nothing before 2000-01-01;
what happened (a visit held, a contact made) not in the future; what is planned
not more than two years ahead. Out of it a year-1 date once slipped in, stored as
1 BC by PostgreSQL, and every page reading it failed.
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST = date(2000, 1, 1)
# A browser clock a little ahead of ours is not "the future".
CLOCK_TOLERANCE = timedelta(minutes=5)
HORIZON = timedelta(days=2 * 365 + 1)  # "two years ahead", leap day included


def local_day(moment):
    """The calendar day of ``moment`` where the team works (TIME_ZONE)."""
    return timezone.localtime(moment).date()


def start_of(day):
    """The first instant of ``day`` where the team works."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def plausible(moment):
    """Not before 2000: a moment worth comparing with others (an earlier one is
    refused by its field, with its own message)."""
    return moment is not None and moment >= start_of(EARLIEST)


@deconstructible
class DateWindow:
    """The window of a date or date-and-time field: from 2000-01-01, and up to
    now (``happened``) or two years from now (what is planned)."""

    def __init__(self, *, happened, future_message=None):
        self.happened = happened
        self.future_message = future_message

    def bounds(self, moments):
        """The first and last value allowed now: of a date-and-time field if
        ``moments``, else of a date field."""
        if moments:
            now = timezone.now()
            return start_of(EARLIEST), now + (
                CLOCK_TOLERANCE if self.happened else HORIZON
            )
        today = timezone.localdate()
        return EARLIEST, today if self.happened else today + HORIZON

    def __call__(self, value):
        if value is None:
            return
        earliest, latest = self.bounds(isinstance(value, datetime))
        if value < earliest:
            raise ValidationError(
                _("Enter a date from 1 January 2000 on."), code="too_early"
            )
        if value > latest and self.happened:
            raise ValidationError(
                self.future_message
                or _("This is in the future: enter when it happened."),
                code="future",
            )
        if value > latest:
            raise ValidationError(
                _("Enter a date at most two years ahead."), code="too_far"
            )

    def outside(self, field):
        """A filter for the stored values of ``field`` outside this window now."""
        earliest, latest = self.bounds(isinstance(field, models.DateTimeField))
        return Q(**{f"{field.name}__lt": earliest}) | Q(**{f"{field.name}__gt": latest})

    def __eq__(self, other):
        return (
            isinstance(other, DateWindow)
            and self.happened == other.happened
            and self.future_message == other.future_message
        )


def happened(future_message=None):
    """For a moment that has passed (a visit held, a contact made)."""
    return DateWindow(happened=True, future_message=future_message)


def planned():
    """For a moment planned ahead (a visit, a meeting, a day to approach again)."""
    return DateWindow(happened=False)


# --- Repairing what was stored before the window -------------------------------------

#: A moment outside these cannot be read back everywhere (PostgreSQL stores year 1
#: in Asia/Shanghai as 1 BC; a year near 9999 overflows the moment a week is added).
BEYOND = date(2100, 1, 1)


def repair_impossible(model, repairs):
    """For data migrations: each (field, fallback) of ``model`` holding a moment
    before 2000 or after 2099 takes the value of its ``fallback`` (a field's name,
    an expression, or None). Nothing is read into Python: the bad values could not
    be."""
    repaired = 0
    for field, fallback in repairs:
        outside = Q(**{f"{field}__lt": start_of(EARLIEST)}) | Q(
            **{f"{field}__gte": start_of(BEYOND)}
        )
        repaired += model._base_manager.filter(outside).update(
            **{field: F(fallback) if isinstance(fallback, str) else fallback}
        )
    return repaired


def stored_outside_the_window(app_configs=None, **kwargs):
    """A database check (``manage.py check --database default``): rows whose dates
    are outside their field's window, which no form lets through any more."""
    from django.apps import apps
    from django.core import checks
    from django.db import DatabaseError

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            for window in (v for v in field.validators if isinstance(v, DateWindow)):
                try:
                    count = model._base_manager.filter(window.outside(field)).count()
                except DatabaseError:  # before migrate: nothing stored to check
                    return []
                if count:
                    found.append(
                        checks.Warning(
                            f"{count} {model._meta.label} rows have a {field.name} "
                            "outside its window (from 2000-01-01, not in the future "
                            "for what happened, at most two years ahead).",
                            hint="Correct them in the admin; "
                            "see docs/security.md, 'Dates'.",
                            obj=model,
                            id="kam.W001",
                        )
                    )
    return found
