"""A visit's status badges, written by {% visit_status %}, are what the include it
replaces (visits/_visit_status.html) wrote, in both languages."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from visits.models import FollowUp, Visit

# The include as it was, word for word.
INCLUDE = Template(
    """{% load i18n %}<span class="badge kam-visit-{{ visit.status }}">{{ visit.get_status_display }}</span>{% if visit.is_held %}{% with follow_up=visit.follow_up %}{% if follow_up.is_open %} {% if follow_up.is_overdue %}<span class="badge text-bg-danger">{% translate "Follow-up overdue" %}</span>{% else %}<span class="badge text-bg-warning">{% blocktranslate with date=follow_up.due_at|date:"m-d" %}Follow up by {{ date }}{% endblocktranslate %}</span>{% endif %}{% else %} <span class="badge text-bg-success">{% translate "Followed up" %}</span>{% endif %}{% endwith %}{% endif %}"""
)
TAG = Template("{% load visits_markup %}{% visit_status visit %}")


def visits():
    """Planned, cancelled, and held with a follow-up due later, overdue, done or
    none (unsaved: the badges read nothing else)."""
    now = timezone.now()
    shown = [Visit(status=Visit.Status.PLANNED), Visit(status=Visit.Status.CANCELLED)]
    for due_at, status in [
        (now + timedelta(days=3), FollowUp.Status.OPEN),
        (now - timedelta(days=3), FollowUp.Status.OPEN),
        (now - timedelta(days=3), FollowUp.Status.DONE),
    ]:
        visit = Visit(status=Visit.Status.HELD)
        visit.follow_up = FollowUp(due_at=due_at, status=status)
        shown.append(visit)
    return [*shown, Visit(status=Visit.Status.HELD)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_badges_are_what_the_include_wrote(language):
    shown = set()
    with translation.override(language):
        for visit in visits():
            context = Context({"visit": visit})
            expected = INCLUDE.render(context)
            assert TAG.render(context) == expected
            shown.add(expected.count("badge"))
    assert shown == {1, 2}  # with a follow-up badge and without
