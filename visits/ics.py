"""The user's visits and follow-ups as an iCalendar feed (RFC 5545)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

VISIT_LENGTH = timedelta(hours=1)


def feed(visits, follow_ups, absolute_url, *, team=False):
    """``visits`` and ``follow_ups`` as visits.selectors.calendar_items reads them,
    with their names; ``team``: a manager's feed of the team, each entry saying
    whose it is."""
    calendar = Calendar()
    calendar.add("prodid", "-//KAM//Key-account development//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("KAM visits and follow-ups"))
    stamp = timezone.now()
    for visit in visits:
        start = visit.held_at or visit.planned_at
        event = Event()
        event.add("uid", f"visit-{visit.pk}@kam")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + VISIT_LENGTH)
        summary = _("Visit: %(account)s") % {"account": visit.account_name}
        event.add("summary", f"{summary} · {visit.lead_name}" if team else summary)
        event.add("location", visit.place)
        event.add("description", visit.purpose)
        event.add("url", absolute_url(visit.get_absolute_url()))
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    for follow_up in follow_ups:
        due = timezone.localtime(follow_up.due_at).date()
        event = Event()
        event.add("uid", f"follow-up-{follow_up.pk}@kam")
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        summary = _("Follow-up due: %(account)s") % {"account": follow_up.account_name}
        event.add(
            "summary", f"{summary} · {follow_up.assignee_name}" if team else summary
        )
        event.add("url", absolute_url(follow_up.get_absolute_url()))
        calendar.add_component(event)
    return calendar.to_ical()
