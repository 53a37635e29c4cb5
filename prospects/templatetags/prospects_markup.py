"""An account's status and verdict badges, written in Python: the account list
wrote them through two includes a row, and Django's ``get_FOO_display`` builds
its dictionary of choices again on every call."""

from django import template
from django.utils.html import format_html

from prospects.models import Prospect

register = template.Library()


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value  # as get_FOO_display shows a value outside the choices


@register.simple_tag
def status_badge(prospect):
    return format_html(
        '<span class="badge kam-status kam-status-{}">{}</span>',
        prospect.status,
        _label(Prospect.Status, prospect.status),
    )


@register.simple_tag
def verdict_badge(prospect):
    return format_html(
        '<span class="badge kam-verdict kam-verdict-{}">{}</span>',
        prospect.verdict,
        _label(Prospect.Verdict, prospect.verdict),
    )
