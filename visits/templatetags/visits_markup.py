"""A visit's status badges, written in Python: the pages that list visits wrote
them through an include a row (kam.templatetags.kam_markup has the others)."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.template.defaultfilters import date
from django.utils import timezone
from django.utils.html import format_html
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
def calendar_entry(kind, item, team=False):
    """A visit or a follow-up in a day of the month grid, as calendar_items reads
    them (with ``account_name`` and the person's name); ``team``: the team's
    calendar, which names whose it is. The grid wrote it through the template a
    hundred times and more a month."""
    if kind == "visit":
        moment = timezone.localtime(item.held_at or item.planned_at)
        whose = format_html(" · {}", item.lead_name) if team else ""
        return format_html(
            VISIT_ENTRY, item.get_absolute_url(), item.account_name, f"{moment:%H:%M}", item.account_name, whose
        )  # fmt: skip
    whose = format_html(" · {}", item.assignee_name) if team else ""
    return format_html(
        FOLLOW_UP_ENTRY, item.get_absolute_url(), item.account_name, _("Follow up"), item.account_name, whose
    )  # fmt: skip
