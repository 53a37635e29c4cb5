"""One definition of "due today" and "overdue", by the calendar day where the team
works: a follow-up due at nine this morning is due today until midnight — on the
rep's home, the visits list, the manager's overdue table and in the e-mail alike."""

import pytest
from django.urls import reverse

from notifications.models import Notification, ReminderSettings
from reports.tests.test_support import NOW, at, freeze
from visits.reminders import rep_kind
from visits.tests.reminder_support import follow_up_due


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    freeze(monkeypatch)  # 2026-11-18 12:00 in Shanghai


@pytest.fixture
def follow_ups(rep, supervisor, manager):
    return {
        "this morning": follow_up_due(
            rep, supervisor, at(11, 18, 9), name="Morning Ltd"
        ),
        "last evening": follow_up_due(
            rep, supervisor, at(11, 17, 18), name="Evening Ltd"
        ),
    }


def test_the_manager_s_overdue_table_lists_only_what_was_due_before_today(
    client, rep, manager, follow_ups
):
    client.force_login(manager)
    home = client.get(reverse("reports:team")).context["home"]
    assert [row[0] for row in home["overdue"].rows] == ["Evening Ltd"]
    assert {row[0]: row[6] for row in home["reps"].rows}[str(rep)] == 1


@pytest.mark.parametrize("page", ["reports:mine", "visits:list"])
def test_the_rep_s_pages_say_due_today_and_overdue_alike(client, rep, follow_ups, page):
    client.force_login(rep)
    html = client.get(reverse(page)).content.decode()
    assert "Overdue since" in html  # last evening's
    assert "Overdue since 2026-11-18" not in html
    assert "Overdue since 11-18" not in html


def test_the_rep_s_next_steps_agree(client, rep, follow_ups):
    client.force_login(rep)
    tasks = [
        t.text for t in client.get(reverse("reports:mine")).context["mine"]["tasks"]
    ]
    assert "Follow up Morning Ltd today." in tasks
    assert "Follow up Evening Ltd: overdue since 2026-11-17." in tasks


def test_the_e_mail_agrees(follow_ups):
    rules = ReminderSettings.current()
    assert rep_kind(follow_ups["this morning"].due_at, NOW, rules) == (
        Notification.Kind.DUE
    )
    assert rep_kind(follow_ups["last evening"].due_at, NOW, rules) == (
        Notification.Kind.OVERDUE
    )
