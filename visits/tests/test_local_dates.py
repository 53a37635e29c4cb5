"""Dates shown to people are dates in KAM's time zone, not in UTC.

Early morning in Shanghai is still the previous day in UTC, so a record stored at
07:30 local time must still be shown under its local date.
"""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from visits.models import FirstContact
from visits.tests.factories import first_contact, meeting, plan_visit


@pytest.fixture
def early_morning(settings):
    """07:30 in Shanghai (23:30 UTC the day before), a week from now."""
    settings.TIME_ZONE = "Asia/Shanghai"
    zone = timezone.get_current_timezone()
    day = timezone.localdate() + timedelta(days=7)
    return datetime(day.year, day.month, day.day, 7, 30, tzinfo=zone)


def test_the_calendar_puts_an_early_visit_on_its_local_day(
    client, rep, supervisor, prospect, early_morning
):
    visit = plan_visit(
        prospect, supervisor, planned_at=early_morning, co_visitors=[rep]
    )
    client.force_login(rep)
    response = client.get(
        reverse("visits:calendar"), {"month": early_morning.strftime("%Y-%m")}
    )
    [day] = [d for week in response.context["weeks"] for d in week if d["items"]]
    assert day["date"] == early_morning.date()
    assert day["items"] == [("visit", visit)]


def test_the_visit_title_shows_the_local_date(
    client, rep, supervisor, prospect, early_morning
):
    visit = plan_visit(prospect, supervisor, planned_at=early_morning)
    client.force_login(rep)
    response = client.get(visit.get_absolute_url())
    assert response.context["title"].endswith(early_morning.date().isoformat())


def test_the_meeting_title_shows_the_local_date(
    client, manager, rep, prospect, early_morning
):
    called = meeting(
        manager, prospects=[prospect], attendees=[rep], held_on=early_morning
    )
    client.force_login(manager)
    response = client.get(called.get_absolute_url())
    assert response.context["title"].endswith(early_morning.date().isoformat())


def test_the_first_contact_title_shows_the_local_date(
    client, rep, prospect, early_morning
):
    logged = first_contact(prospect)
    FirstContact.objects.filter(pk=logged.pk).update(
        contacted_at=early_morning - timedelta(days=14)
    )
    client.force_login(rep)
    response = client.get(reverse("visits:first-contact", args=[logged.pk]))
    expected = (early_morning - timedelta(days=14)).date().isoformat()
    assert response.context["title"].endswith(expected)
