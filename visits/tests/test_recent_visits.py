"""The visits page's "Recent visits": what the user led or joined, newest first."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from visits import selectors
from visits.tests.factories import ProspectFactory, held_visit, plan_visit


def test_led_and_joined_visits_merge_newest_first(rep, supervisor, colleague):
    account = ProspectFactory(owner=rep)
    now = timezone.now()
    led = [
        held_visit(account, supervisor, held_at=now - timedelta(days=d)) for d in (1, 5)
    ]
    joined = [
        held_visit(account, supervisor, held_at=now - timedelta(days=d), co_visitors=[colleague])
        for d in (2, 3)
    ]  # fmt: skip
    plan_visit(account, supervisor, planned_at=now + timedelta(days=1))

    assert selectors.recent_visits(supervisor) == [led[0], *joined, led[1]]
    assert selectors.recent_visits(supervisor, limit=2) == [led[0], joined[0]]
    assert selectors.recent_visits(colleague) == joined
    assert selectors.recent_visits(rep) == []  # owns the account, was at none


def test_a_visit_both_led_and_joined_is_listed_once(rep, supervisor):
    account = ProspectFactory(owner=rep)
    visit = held_visit(account, supervisor, co_visitors=[supervisor])
    assert selectors.recent_visits(supervisor) == [visit]


def test_the_page_lists_them(client, rep, supervisor):
    account = ProspectFactory(owner=rep, name="Huaxin Precision")
    visit = held_visit(account, supervisor, co_visitors=[rep])
    client.force_login(rep)
    html = client.get(reverse("visits:list")).content.decode()
    section = html.split('id="h-recent"', 1)[1]
    assert reverse("visits:detail", args=[visit.pk]) in section
    assert "Huaxin Precision" in section
