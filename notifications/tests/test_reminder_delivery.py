"""Each reminder e-mail goes out once, in the recipient's language, or fails on record."""

from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.urls import reverse

from notifications import reminders, tasks
from notifications.models import Notification, ReminderSettings
from visits.tests.reminder_support import NOON, days, follow_up_due

Email = Notification.Email


@pytest.fixture
def reminder(rep, supervisor, manager):
    follow_up_due(rep, supervisor, NOON, name="上海华鑫精密机械有限公司")
    reminders.dispatch(NOON, enqueue=lambda pk: None)
    return Notification.objects.get()


def _enqueued_at(moment):
    return reminders.dispatch(moment, enqueue=lambda pk: None).enqueued


class BrokenConnection:
    """An e-mail connection whose server hangs up, as SMTP servers do."""

    calls = 0

    def send_messages(self, messages):
        BrokenConnection.calls += 1
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_the_email_names_the_follow_up_and_kind_in_its_header(reminder, mailoutbox):
    assert reminders.send(reminder.pk, NOON) == Email.SENT
    (message,) = mailoutbox
    assert message.extra_headers["X-KAM-Reminder"] == f"{reminder.follow_up_id}:due"
    assert message.to == ["rep@example.com"]
    assert "上海华鑫精密机械有限公司" in message.subject
    visit_url = reverse("visits:detail", args=[reminder.follow_up.visit_id])
    assert visit_url in message.body


def test_the_email_is_in_the_recipients_language(reminder, rep, mailoutbox):
    rep.language = "zh-hans"
    rep.save()
    reminders.send(reminder.pk, NOON)
    assert "今天" in mailoutbox[0].subject  # 今天 = today
    assert "回访" in mailoutbox[0].body


def test_a_task_run_twice_sends_one_email(reminder, mailoutbox):
    tasks.send_reminder_email.apply(args=[reminder.pk])
    tasks.send_reminder_email.apply(args=[reminder.pk])
    tasks.send_reminder_emails.apply(args=[[reminder.pk, reminder.pk]])
    assert len(mailoutbox) == 1
    reminder.refresh_from_db()
    assert (reminder.email_status, reminder.email_attempts) == (Email.SENT, 1)


def test_an_email_held_by_another_sender_is_left_alone(reminder, mailoutbox):
    reminders.claim([reminder.pk], NOON)  # another worker holds it
    assert reminders.send(reminder.pk, NOON) is None
    assert mailoutbox == []


def test_a_failed_email_is_retried_later_with_backoff(reminder, mailoutbox):
    status = reminders.send(reminder.pk, NOON, connection=BrokenConnection())
    assert status == Email.PENDING
    reminder.refresh_from_db()
    assert reminder.email_attempts == 1
    assert reminder.email_next_attempt_at == NOON + reminders.backoff(1)
    assert "SMTPServerDisconnected" in reminder.email_error
    # The next scan before the backoff leaves it; after the backoff enqueues it.
    assert _enqueued_at(NOON + reminders.backoff(1) / 2) == []
    assert _enqueued_at(NOON + reminders.backoff(1)) == [reminder.pk]
    assert reminders.send(reminder.pk, NOON + reminders.backoff(1)) == Email.SENT
    assert len(mailoutbox) == 1


def test_backoff_doubles_up_to_an_hour():
    assert [reminders.backoff(n).total_seconds() / 60 for n in range(1, 9)] == [
        1, 2, 4, 8, 16, 32, 60, 60,
    ]  # fmt: skip


def test_an_email_that_keeps_failing_ends_recorded_as_failed(reminder, mailoutbox):
    rules = ReminderSettings.current()
    rules.max_email_attempts = 3
    rules.save()
    moment = NOON
    for _attempt in range(3):
        status = reminders.send(reminder.pk, moment, connection=BrokenConnection())
        moment += days(1)
    assert status == Email.FAILED
    reminder.refresh_from_db()
    assert (reminder.email_status, reminder.email_attempts) == (Email.FAILED, 3)
    assert reminder.pk not in _enqueued_at(moment + days(1))
    assert mailoutbox == []


def test_admins_see_failed_emails_and_why(reminder, admin_user, client):
    reminders.send(reminder.pk, NOON, connection=BrokenConnection())
    Notification.objects.filter(pk=reminder.pk).update(email_status=Email.FAILED)
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:notifications_notification_changelist"),
        {"email_status": "failed"},
    )
    assert response.status_code == 200
    assert "Connection unexpectedly closed" in response.content.decode()


def test_a_recipient_without_an_email_address_is_recorded_not_retried(
    reminder, rep, mailoutbox
):
    rep.email = ""
    rep.save()
    assert reminders.send(reminder.pk, NOON) == Email.FAILED
    reminder.refresh_from_db()
    assert "no e-mail address" in reminder.email_error
    assert mailoutbox == []


def test_the_in_app_notification_exists_before_the_email_is_sent(reminder, rep, client):
    assert reminder.email_status == Email.PENDING
    client.force_login(rep)
    response = client.get(reverse("notifications:inbox"))
    assert "上海华鑫精密机械有限公司" in response.content.decode()
    assert response.context["unread_notifications"] == 1
    assert len(mail.outbox) == 0


def test_the_subject_is_plain_text_not_html(rep, supervisor, manager, mailoutbox):
    follow_up_due(rep, supervisor, NOON, name='A&B "Precision" O\'Brien <Ltd>')
    reminders.dispatch(NOON, enqueue=lambda pk: None)
    reminders.send(Notification.objects.get().pk, NOON)
    assert mailoutbox[0].subject == (
        'Follow up A&B "Precision" O\'Brien <Ltd> today · KAM'
    )
