"""The inbox costs a fixed number of queries, however many reminders it lists."""

from django.urls import reverse

from kam.tests.helpers import queries_of_page
from notifications import reminders
from visits.tests.reminder_support import NOON, days, follow_up_due


def _reminders(rep, supervisor, n, start):
    for i in range(start, start + n):
        follow_up_due(rep, supervisor, NOON - days(i), name=f"Account {i}")
    reminders.dispatch(NOON, enqueue=lambda pk: None)


def test_the_inbox_costs_the_same_with_three_or_thirty_reminders(
    client, rep, supervisor, manager
):
    client.force_login(rep)
    _reminders(rep, supervisor, 3, 0)
    few = queries_of_page(client, reverse("notifications:inbox"))
    _reminders(rep, supervisor, 27, 3)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Account 29" in html
    assert queries_of_page(client, reverse("notifications:inbox")) == few
