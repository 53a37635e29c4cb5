"""A calendar day's entries, written by {% calendar_day %}, are what the month
grid's template wrote for each of them, in both languages, for a person's calendar
and the team's."""

from datetime import datetime, time, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from accounts.models import User
from prospects.models import Prospect
from visits.models import FollowUp, Visit

# The template's loop body as it was, word for word.
TEMPLATE = Template(
    """{% load i18n %}{% if kind == "visit" %}
                  <a class="kam-event kam-event-visit d-block text-truncate" href="{{ item.get_absolute_url }}" title="{{ item.prospect }}"><i class="bi bi-geo-alt" aria-hidden="true"></i> {% if item.held_at %}{{ item.held_at|time:"H:i" }}{% else %}{{ item.planned_at|time:"H:i" }}{% endif %} {{ item.prospect }}{% if team %} · {{ item.lead_visitor }}{% endif %}</a>
                {% else %}
                  <a class="kam-event kam-event-follow-up d-block text-truncate" href="{{ item.get_absolute_url }}" title="{{ item.prospect }}"><i class="bi bi-telephone" aria-hidden="true"></i> {% translate "Follow up" %}: {{ item.prospect }}{% if team %} · {{ item.assignee }}{% endif %}</a>
                {% endif %}"""
)
TAG = Template("{% load visits_markup %}{% calendar_day items team=team %}")


def entries():
    """A planned and a held visit and a follow-up (unsaved: the entries read
    nothing else), near midnight where the team is, names with characters to
    escape."""
    account = Prospect(name='R&D "Zhang" <Co>')
    lead = User(username="lead", full_name="李 & 王")
    late = datetime.combine(
        timezone.localdate(), time(23, 40), timezone.get_current_timezone()
    )
    planned = Visit(pk=7, prospect=account, lead_visitor=lead, planned_at=late)
    held = Visit(
        pk=8, prospect=account, lead_visitor=lead, planned_at=late, held_at=late + timedelta(minutes=5)
    )  # fmt: skip
    follow_up = FollowUp(pk=9, visit_id=8, prospect=account, assignee=lead)
    # The names calendar_items reads with each, as str() shows them.
    for item in (planned, held):
        item.account_name, item.lead_name = str(account), str(lead)
    follow_up.account_name, follow_up.assignee_name = str(account), str(lead)
    return [("visit", planned), ("visit", held), ("follow_up", follow_up)]


@pytest.mark.parametrize("team", [True, False])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_entry_is_what_the_template_wrote(language, team):
    with translation.override(language):
        day = entries()
        written = "".join(
            TEMPLATE.render(Context({"kind": kind, "item": item, "team": team})).strip()
            for kind, item in day
        )
        assert TAG.render(Context({"items": day, "team": team})) == written
        assert TAG.render(Context({"items": [], "team": team})) == ""
