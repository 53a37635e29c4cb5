"""Which reminder applies when, and a scan creating each once."""

import pytest
from django.utils import timezone

from notifications import reminders
from notifications.models import Notification, ReminderSettings
from visits import reminders as follow_up_reminders
from visits.models import FollowUp
from visits.services import follow_up_log
from visits.tests.reminder_support import NOON, days, follow_up_due

Kind = Notification.Kind


@pytest.fixture
def rules(db):
    return ReminderSettings.current()


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (NOON - days(3), None),
        (NOON - days(2), Kind.UPCOMING),
        (NOON - days(1), Kind.UPCOMING),
        (NOON.replace(hour=0, minute=1), Kind.DUE),
        (NOON.replace(hour=23, minute=59), Kind.DUE),
        (NOON + days(1), Kind.OVERDUE),
        (NOON + days(30), Kind.OVERDUE),
    ],
)
def test_the_rep_reminder_follows_the_calendar_day_in_the_teams_time_zone(
    rules, now, expected
):
    assert follow_up_reminders.rep_kind(NOON, now, rules) == expected


def test_the_manager_is_told_once_the_grace_period_has_passed(rules):
    assert not follow_up_reminders.escalates(
        NOON, NOON + days(2) - timezone.timedelta(seconds=1), rules
    )
    assert follow_up_reminders.escalates(NOON, NOON + days(2), rules)
    rules.escalation_grace_days = 5
    assert not follow_up_reminders.escalates(NOON, NOON + days(4), rules)


def _kinds():
    return sorted(Notification.objects.values_list("kind", flat=True))


def _dispatch(now):
    return reminders.dispatch(now, enqueue=lambda pk: None)


def test_a_scan_creates_each_reminder_once_and_again_nothing(rep, supervisor, manager):
    follow_up_due(rep, supervisor, NOON)
    result = _dispatch(NOON - days(2))
    assert result.created == {Kind.UPCOMING: 1}
    assert _dispatch(NOON - days(2)).created == {}
    assert _dispatch(NOON - days(1)).created == {}
    assert _kinds() == [Kind.UPCOMING]


def test_every_kind_arrives_in_turn_while_the_follow_up_stays_open(
    rep, supervisor, manager
):
    follow_up_due(rep, supervisor, NOON)
    for step in (-2, 0, 1, 2):
        _dispatch(NOON + days(step))
    assert _kinds() == sorted([Kind.UPCOMING, Kind.DUE, Kind.OVERDUE, Kind.ESCALATION])
    recipients = dict(Notification.objects.values_list("kind", "recipient__username"))
    assert recipients == {
        Kind.UPCOMING: "rep",
        Kind.DUE: "rep",
        Kind.OVERDUE: "rep",
        Kind.ESCALATION: "manager",
    }


def test_after_downtime_only_the_reminder_that_still_matters_is_sent(
    rep, supervisor, manager
):
    follow_up_due(rep, supervisor, NOON)
    # Nothing ran from two days before until the day after the due date.
    result = _dispatch(NOON + days(1))
    assert result.created == {Kind.OVERDUE: 1}
    assert _kinds() == [Kind.OVERDUE]


def test_logging_the_follow_up_stops_every_reminder(rep, supervisor, manager):
    follow_up = follow_up_due(rep, supervisor, NOON)
    _dispatch(NOON - days(1))
    follow_up.method = FollowUp.Method.PHONE
    follow_up.done_at = NOON - days(1)
    follow_up.customer_opinion = "Happy with the offer"
    follow_up_log(follow_up=follow_up)
    assert _dispatch(NOON + days(5)).created == {}
    assert _kinds() == [Kind.UPCOMING]


def test_logging_the_follow_up_clears_its_reminders_from_the_unread_count(
    rep, supervisor, manager
):
    follow_up = follow_up_due(rep, supervisor, NOON)
    other = follow_up_due(rep, supervisor, NOON, name="Another account")
    _dispatch(NOON + days(5))  # overdue for the rep, escalated to the manager
    assert Notification.objects.unread().count() == 4
    follow_up.method = FollowUp.Method.PHONE
    follow_up.done_at = NOON + days(5)
    follow_up.customer_opinion = "Happy with the offer"
    follow_up_log(follow_up=follow_up)
    unread = Notification.objects.unread()
    assert {n.follow_up_id for n in unread} == {other.pk}
    assert unread.count() == 2


def test_a_logged_follow_ups_waiting_email_is_not_sent(
    rep, supervisor, manager, mailoutbox
):
    follow_up = follow_up_due(rep, supervisor, NOON)
    _dispatch(NOON)
    FollowUp.objects.filter(pk=follow_up.pk).update(status=FollowUp.Status.DONE)
    notification = Notification.objects.get()
    assert reminders.send(notification.pk, NOON) == Notification.Email.SKIPPED
    assert mailoutbox == []


def test_an_escalation_needs_a_manager(rep, supervisor, caplog):
    follow_up_due(rep, supervisor, NOON)  # the team has no manager
    assert _dispatch(NOON + days(3)).created == {Kind.OVERDUE: 1}
    assert "has no manager" in caplog.text


def test_the_grace_period_is_an_admin_setting(rep, supervisor, manager, rules):
    rules.escalation_grace_days = 4
    rules.save()
    follow_up_due(rep, supervisor, NOON)
    assert Kind.ESCALATION not in _dispatch(NOON + days(3)).created
    assert _dispatch(NOON + days(4)).created == {Kind.ESCALATION: 1}


@pytest.mark.parametrize("count", [2, 20])
def test_a_scan_costs_the_same_few_queries_however_many_follow_ups(
    rep, supervisor, manager, rules, count, django_assert_max_num_queries
):
    for n in range(count):
        follow_up_due(rep, supervisor, NOON + days(n % 4 - 1), name=f"A{n}")
    # The follow-up scan, devlog's approach-again scan, the robots' messages, the
    # webhooks listening for overdue follow-ups and the count of what this scan
    # created: a fixed few queries each.
    with django_assert_max_num_queries(13):
        assert sum(_dispatch(NOON).created.values()) == count
