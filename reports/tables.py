"""The building blocks of the reports: a table (shown, charted and exported from the
same rows), the period it counts, and a few helpers for counting in the database."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language


@dataclass
class Table:
    key: str
    title: str
    header: list
    rows: list
    chart: object = None  # SVG, drawn from the same rows
    note: str = ""
    total: int | None = None  # when the rows are only the first of many


@dataclass
class Period:
    start: datetime
    end: datetime

    @classmethod
    def from_dates(cls, first, last):
        zone = timezone.get_current_timezone()
        return cls(
            datetime.combine(first, time.min, tzinfo=zone),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
        )

    def within(self, field):
        """Lookups for ``field`` inside the period: from its start, before its end."""
        return {f"{field}__gte": self.start, f"{field}__lt": self.end}

    @property
    def first_day(self):
        return timezone.localtime(self.start).date()

    @property
    def last_day(self):
        return timezone.localtime(self.end).date() - timedelta(days=1)


def count_of(queryset):
    """A subquery counting ``queryset`` per outer row (filter it on OuterRef)."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(dummy=Value(1))
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def name_lookup(prefix):
    """The lookup of a list entry's name in the active language."""
    suffix = "name_zh" if (get_language() or "").startswith("zh") else "name_en"
    return f"{prefix}__{suffix}" if prefix else suffix


def local_day(moment):
    return timezone.localtime(moment).date()


def as_days(duration):
    """A duration in days, to a tenth, without a trailing ".0"."""
    if duration is None:
        return "—"
    days = round(duration.total_seconds() / 86400, 1)
    return int(days) if days == int(days) else days


def percent(part, whole):
    return round(Decimal(100) * part / whole, 1) if whole else None
