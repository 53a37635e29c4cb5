"""The inbox costs a fixed number of queries, however many reminders it lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import reminders
from visits.tests.reminder_support import NOON, days, follow_up_due


def _reminders(rep, supervisor, n, start):
    for i in range(start, start + n):
        follow_up_due(rep, supervisor, NOON - days(i), name=f"Account {i}")
    reminders.dispatch(NOON, enqueue=lambda pk: None)


def _count(client, url):
    client.get(url)  # warm up: the first request also touches the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_inbox_costs_the_same_with_three_or_thirty_reminders(
    client, rep, supervisor, manager
):
    client.force_login(rep)
    _reminders(rep, supervisor, 3, 0)
    few = _count(client, reverse("notifications:inbox"))
    _reminders(rep, supervisor, 27, 3)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Account 29" in html
    assert _count(client, reverse("notifications:inbox")) == few
