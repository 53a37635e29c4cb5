"""The visits page's follow-ups and coming visits, written by {% follow_up_items %}
and {% upcoming_visit_items %}, are what its template wrote for each, in both
languages, for a person's list and the team's; only the white space between tags
differs, which a browser collapses."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from accounts.models import User
from prospects.models import Prospect
from visits.models import FollowUp, Visit, VisitPreparation

# The template's loop bodies as they were, word for word.
FOLLOW_UP = Template(
    """{% load i18n %}
            <li class="list-group-item d-flex justify-content-between align-items-start gap-2">
              <div>
                <a class="fw-semibold" href="{{ follow_up.get_absolute_url }}">{{ follow_up.prospect }}</a>
                <div class="small text-body-secondary">{% blocktranslate with date=follow_up.visit.held_at|date:"Y-m-d" %}Visited {{ date }}{% endblocktranslate %}{% if whose.is_team %} · {{ follow_up.assignee }}{% endif %}</div>
              </div>
              {% if follow_up.is_overdue %}
                <span class="badge text-bg-danger text-nowrap">{% blocktranslate with date=follow_up.due_at|date:"Y-m-d" %}Overdue since {{ date }}{% endblocktranslate %}</span>
              {% else %}
                <span class="badge text-bg-warning text-nowrap">{% blocktranslate with date=follow_up.due_at|date:"Y-m-d" %}Due {{ date }}{% endblocktranslate %}</span>
              {% endif %}
            </li>"""
)
UPCOMING = Template(
    """{% load i18n %}
            <li class="list-group-item">
              <div class="d-flex justify-content-between gap-2">
                <a class="fw-semibold" href="{{ visit.get_absolute_url }}">{{ visit.prospect }}</a>
                <span class="text-nowrap small">{{ visit.planned_at|date:"m-d H:i" }}</span>
              </div>
              <div class="small text-body-secondary">{% if whose.options %}{{ visit.lead_visitor }} · {% endif %}{{ visit.place }} · {{ visit.get_method_display }}
                {% with progress=visit.preparation.progress %} · {% blocktranslate with done=progress.0 total=progress.1 %}prepared {{ done }}/{{ total }}{% endblocktranslate %}{% endwith %}</div>
            </li>"""
)
FOLLOW_UP_TAG = Template("{% load visits_markup %}{% follow_up_items follow_ups team=whose.is_team %}")  # fmt: skip
UPCOMING_TAG = Template("{% load visits_markup %}{% upcoming_visit_items visits named=whose.options %}")  # fmt: skip


class Whose:
    def __init__(self, team):
        self.is_team, self.options = team, [("team", "The whole team")] if team else []


def _collapsed(html):
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def _people():
    """Unsaved (the items read nothing else), near midnight where the team is,
    names with characters to escape."""
    account = Prospect(name='R&D "Zhang" <Co>')
    lead = User(username="lead", full_name="李 & 王")
    late = datetime.combine(timezone.localdate(), time(23, 40), timezone.get_current_timezone())  # fmt: skip
    return account, lead, late


def follow_ups():
    account, lead, late = _people()
    visit = Visit(pk=8, prospect=account, lead_visitor=lead, planned_at=late, held_at=late)  # fmt: skip
    overdue = FollowUp(pk=9, visit=visit, prospect=account, assignee=lead, due_at=late - timedelta(days=3))  # fmt: skip
    due = FollowUp(pk=10, visit=visit, prospect=account, assignee=lead, due_at=late + timedelta(days=3))  # fmt: skip
    for follow_up in (overdue, due):
        follow_up.account_name, follow_up.assignee_name = str(account), str(lead)
        follow_up.visit_held_at = visit.held_at
    return [overdue, due]


def upcoming():
    account, lead, late = _people()
    prepared = Visit(pk=7, prospect=account, lead_visitor=lead, planned_at=late, place="Plant <2>", method="tour")  # fmt: skip
    prepared.preparation = VisitPreparation(visit=prepared, discussion_at=late, colleague_suggestions="Bring samples")  # fmt: skip
    unprepared = Visit(pk=6, prospect=account, lead_visitor=lead, planned_at=late, place="HQ")  # fmt: skip
    for visit in (prepared, unprepared):
        visit.account_name, visit.lead_name = str(account), str(lead)
    return [prepared, unprepared]


@pytest.mark.parametrize("team", [True, False])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_follow_up_is_what_the_template_wrote(language, team):
    with translation.override(language):
        listed = follow_ups()
        written = FOLLOW_UP_TAG.render(Context({"follow_ups": listed, "whose": Whose(team)}))  # fmt: skip
        by_template = "".join(
            FOLLOW_UP.render(Context({"follow_up": f, "whose": Whose(team)})) for f in listed
        )  # fmt: skip
        assert _collapsed(written) == _collapsed(by_template)
        assert "\n" not in written


@pytest.mark.django_db  # a visit without a preparation looks for one
@pytest.mark.parametrize("team", [True, False])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_coming_visit_is_what_the_template_wrote(language, team):
    with translation.override(language):
        listed = upcoming()
        written = UPCOMING_TAG.render(Context({"visits": listed, "whose": Whose(team)}))
        by_template = "".join(
            UPCOMING.render(Context({"visit": v, "whose": Whose(team)})) for v in listed
        )  # fmt: skip
        assert _collapsed(written) == _collapsed(by_template)
