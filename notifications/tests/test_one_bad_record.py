"""One unreadable record (a visit stored in year 1 before the date windows) fails
its own reminder, on record, and the rest of its batch goes out; the scan goes on
for everyone else."""

from django.core import mail

from kam.tests.impossible import store_impossible
from notifications import reminders, tasks
from notifications.models import Notification
from visits.models import FollowUp, Visit
from visits.tests.reminder_support import NOON, follow_up_due

Email = Notification.Email


def _three_reminders(rep, supervisor):
    follow_ups = [
        follow_up_due(rep, supervisor, NOON, name=f"Account {n}") for n in range(3)
    ]
    reminders.dispatch(NOON, enqueue=lambda ids: None)
    return follow_ups, list(
        Notification.objects.order_by("pk").values_list("pk", flat=True)
    )


def test_the_bad_one_is_failed_and_the_rest_of_its_batch_is_sent(rep, supervisor):
    follow_ups, ids = _three_reminders(rep, supervisor)
    store_impossible(Visit, follow_ups[1].visit_id, "held_at")

    tasks.send_reminder_emails.apply(args=[ids])

    statuses = dict(Notification.objects.values_list("pk", "email_status"))
    assert [statuses[pk] for pk in ids] == [Email.SENT, Email.FAILED, Email.SENT]
    assert len(mail.outbox) == 2
    bad = Notification.objects.get(pk=ids[1])
    assert bad.email_error.startswith("Could not be prepared")
    assert bad.email_claim is None  # not held, not re-queued by the next scan
    assert ids[1] not in reminders.dispatch(NOON, enqueue=lambda ids: None).enqueued


def test_the_scan_still_creates_the_other_reminders(rep, supervisor):
    bad = follow_up_due(rep, supervisor, NOON, name="Account bad")
    store_impossible(Visit, bad.visit_id, "held_at")
    store_impossible(FollowUp, bad.pk, "due_at")
    later = follow_up_due(rep, supervisor, NOON, name="Account later")
    result = reminders.dispatch(NOON, enqueue=lambda ids: None)
    assert result.created == {"due": 1}
    assert Notification.objects.filter(follow_up=later).exists()
