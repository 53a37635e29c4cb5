"""A visit's status badges, a calendar's entries and the visits page's list items,
written in Python: the pages that list them wrote them through the template (or an
include) a row (kam.templatetags.kam_markup has the others)."""

import html

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.template.defaultfilters import date
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()
BADGE = ' <span class="badge text-bg-{}">{}</span>'


@register.simple_tag
def visit_status(visit):
    """The status, and for a held visit how its follow-up stands."""
    status = format_html(
        '<span class="badge kam-visit-{}">{}</span>',
        visit.status,
        visit.get_status_display(),
    )
    if not visit.is_held:
        return status
    try:
        follow_up = visit.follow_up
    except ObjectDoesNotExist:
        follow_up = None
    if not (follow_up and follow_up.is_open):
        return status + format_html(BADGE, "success", _("Followed up"))
    if follow_up.is_overdue:
        return status + format_html(BADGE, "danger", _("Follow-up overdue"))
    # A template's |date shows the time where the team is; called from Python, the
    # filter takes the value as it comes (UTC): convert it as the template would.
    due_at = timezone.localtime(follow_up.due_at)
    due = _("Follow up by %(date)s") % {"date": date(due_at, "m-d")}
    return status + format_html(BADGE, "warning", due)


VISIT_ENTRY = (
    '<a class="kam-event kam-event-visit d-block text-truncate" href="{}" title="{}">'
    '<i class="bi bi-geo-alt" aria-hidden="true"></i> {} {}{}</a>'
)
FOLLOW_UP_ENTRY = (
    '<a class="kam-event kam-event-follow-up d-block text-truncate" href="{}" title="{}">'
    '<i class="bi bi-telephone" aria-hidden="true"></i> {}: {}{}</a>'
)


@register.simple_tag
def calendar_day(items, team=False):
    """A day of the month grid: its visits and follow-ups, as calendar_items reads
    them (with ``account_name`` and the person's name); ``team``: the team's
    calendar, which names whose each is. Written a day at once, each value escaped
    as Django's escape() does: a team's month holds hundreds of entries, and the
    grid wrote each through the template, then a tag of its own."""
    zone = timezone.get_current_timezone()
    return mark_safe("".join(_calendar_entry(kind, item, team, zone) for kind, item in items))  # fmt: skip


def _calendar_entry(kind, item, team, zone):
    account = _escaped(item.account_name)
    url = _escaped(item.get_absolute_url())
    if kind == "visit":
        moment = (item.held_at or item.planned_at).astimezone(zone)
        whose = f" · {_escaped(item.lead_name)}" if team else ""
        return VISIT_ENTRY.format(url, account, f"{moment:%H:%M}", account, whose)
    whose = f" · {_escaped(item.assignee_name)}" if team else ""
    return FOLLOW_UP_ENTRY.format(
        url, account, _escaped(_("Follow up")), account, whose
    )


def _escaped(text):
    """django.utils.html.escape(), without its check for lazy text on every call."""
    return html.escape(str(text))


def _local(moment, zone):
    """``moment`` where the team is (a template's |date converts it so)."""
    return moment.astimezone(zone)


FOLLOW_UP_ITEM = (
    '<li class="list-group-item d-flex justify-content-between align-items-start gap-2">'
    '<div><a class="fw-semibold" href="{}">{}</a>'
    '<div class="small text-body-secondary">{}{}</div></div>'
    '<span class="badge text-bg-{} text-nowrap">{}</span></li>'
)


@register.simple_tag
def follow_up_items(follow_ups, team=False):
    """The list of follow-ups to make, as my_follow_ups reads them (with
    ``account_name``, ``visit_held_at`` and ``assignee_name``); ``team``: the
    team's list, which says whose each is. The page wrote its 25 through the
    template; dates as |date:"Y-m-d" wrote them, where the team is."""
    zone = timezone.get_current_timezone()
    return mark_safe("".join(_follow_up_item(f, team, zone) for f in follow_ups))


def _follow_up_item(follow_up, team, zone):
    visited_on = _local(follow_up.visit_held_at, zone).date().isoformat()
    visited = _("Visited %(date)s") % {"date": visited_on}
    whose = f" · {follow_up.assignee_name}" if team else ""
    due = _local(follow_up.due_at, zone).date().isoformat()
    if follow_up.is_overdue:
        colour, badge = "danger", _("Overdue since %(date)s") % {"date": due}
    else:
        colour, badge = "warning", _("Due %(date)s") % {"date": due}
    return FOLLOW_UP_ITEM.format(
        *map(_escaped, (follow_up.get_absolute_url(), follow_up.account_name, visited, whose)), colour, _escaped(badge)
    )  # fmt: skip


UPCOMING_VISIT_ITEM = (
    '<li class="list-group-item"><div class="d-flex justify-content-between gap-2">'
    '<a class="fw-semibold" href="{}">{}</a><span class="text-nowrap small">{}</span></div>'
    '<div class="small text-body-secondary">{}{} · {} · {}</div></li>'
)


@register.simple_tag
def upcoming_visit_items(visits, named=False):
    """The list of visits coming, as upcoming_visits reads them (with
    ``account_name`` and ``lead_name``); ``named``: say who leads each."""
    zone = timezone.get_current_timezone()
    return mark_safe("".join(_upcoming_visit_item(v, named, zone) for v in visits))


def _upcoming_visit_item(visit, named, zone):
    try:
        done, total = visit.preparation.progress
    except ObjectDoesNotExist:  # as the template showed a visit without one
        done = total = ""
    prepared = _("prepared %(done)s/%(total)s") % {"done": done, "total": total}
    lead = f"{visit.lead_name} · " if named else ""
    return UPCOMING_VISIT_ITEM.format(*map(_escaped, (
        visit.get_absolute_url(), visit.account_name, f"{_local(visit.planned_at, zone):%m-%d %H:%M}",
        lead, visit.place, visit.get_method_display(), prepared,
    )))  # fmt: skip
