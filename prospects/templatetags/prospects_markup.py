"""An account's status and verdict badges, written in Python: the account list
wrote them through two includes a row, and Django's ``get_FOO_display`` builds
its dictionary of choices again on every call."""

from django import template
from django.utils.html import format_html

from prospects.models import Prospect

register = template.Library()


def _badge(kind, choices, value):
    try:
        label = choices(value).label
    except ValueError:
        label = value  # as get_FOO_display shows a value outside the choices
    return format_html(
        '<span class="badge kam-{0} kam-{0}-{1}">{2}</span>', kind, value, label
    )


@register.simple_tag
def status_badge(prospect):
    return _badge("status", Prospect.Status, prospect.status)


@register.simple_tag
def verdict_badge(prospect):
    return _badge("verdict", Prospect.Verdict, prospect.verdict)
