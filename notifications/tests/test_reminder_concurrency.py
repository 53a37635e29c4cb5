"""Reminders under races, real workers, crashes and rollbacks (issue: exactly once)."""

import os
import signal
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction
from django.utils import timezone

from kam.celery import app
from kam.tests.helpers import in_threads
from notifications import reminders, tasks
from notifications.models import Notification
from notifications.tests.workers import Workers, wait_for
from visits import services
from visits.models import FollowUp, Visit, VisitPreparation
from visits.tests.reminder_support import NOON, days, follow_up_due

ROOT = Path(__file__).resolve().parents[2]
Kind = Notification.Kind
Email = Notification.Email
pytestmark = pytest.mark.django_db(transaction=True)


def _scan(now):
    """The scan as beat runs it: e-mails enqueued on the broker."""
    return reminders.dispatch(
        now, enqueue=lambda ids: tasks.send_reminder_emails.delay(ids)
    )


def test_two_scans_racing_create_one_notification_per_follow_up_and_kind(
    rep, supervisor, manager
):
    for n in range(12):
        follow_up_due(rep, supervisor, NOON - days(n % 6), name=f"Race {n}")
    enqueued = []
    in_threads(2, lambda i: reminders.dispatch(NOON + days(3), enqueue=enqueued.extend))
    pairs = list(Notification.objects.values_list("follow_up_id", "kind"))
    assert len(pairs) == len(set(pairs))
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 12
    assert Notification.objects.filter(kind=Kind.ESCALATION).count() == 12
    # Whatever was enqueued twice still sends once.
    in_threads(2, lambda i: [reminders.send(pk) for pk in enqueued])
    assert len(mail.outbox) == 24
    headers = [m.extra_headers["X-KAM-Reminder"] for m in mail.outbox]
    assert len(set(headers)) == 24


def test_two_workers_sending_the_same_reminder_send_one_email(rep, supervisor, manager):
    follow_up_due(rep, supervisor, NOON)
    reminders.dispatch(NOON, enqueue=lambda pk: None)
    notification = Notification.objects.get()
    outcomes = in_threads(4, lambda i: reminders.send(notification.pk))
    assert (outcomes.count(Email.SENT), outcomes.count(None)) == (1, 3)
    assert len(mail.outbox) == 1


def test_a_rolled_back_visit_leaves_no_follow_up_and_enqueues_nothing(
    rep, supervisor, monkeypatch
):
    sent = []
    monkeypatch.setattr("notifications.tasks.send_reminder_emails.delay", sent.extend)
    prospect = follow_up_due(rep, supervisor, NOON).prospect
    visit = Visit.objects.create(
        prospect=prospect,
        lead_visitor=supervisor,
        planned_at=timezone.now() - days(1),
        place="Factory",
        created_by=rep,
    )
    VisitPreparation.objects.create(
        visit=visit, waived_by=supervisor, waiver_reason="Urgent"
    )
    visit.held_at = timezone.now() - days(1)
    visit.talking_points = "Prices"
    visit.customer_views = "Interested"

    def record_then_fail():
        with transaction.atomic():
            services.visit_record(visit=visit)
            assert FollowUp.objects.filter(visit=visit).exists()
            raise RuntimeError("the request failed after saving")

    with pytest.raises(RuntimeError):
        record_then_fail()
    assert not FollowUp.objects.filter(visit=visit).exists()
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.PLANNED
    _scan(timezone.now() + days(10))
    assert Notification.objects.filter(follow_up__visit=visit).count() == 0
    assert len(sent) == Notification.objects.count()  # only the other follow-up's


def test_a_real_worker_delivers_the_reminders_through_the_broker(
    rep, supervisor, manager
):
    for n in range(3):
        follow_up_due(rep, supervisor, NOON - days(n), name=f"Worker {n}")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = _scan(NOON + days(3))
        deadline = time.monotonic() + 30
        while len(mail.outbox) < len(result.enqueued) and time.monotonic() < deadline:
            time.sleep(0.1)
    assert len(result.enqueued) == 6  # three overdue, three escalations
    assert sorted(
        m.extra_headers["X-KAM-Reminder"].split(":")[1] for m in mail.outbox
    ) == (["escalation"] * 3 + ["overdue"] * 3)
    assert set(Notification.objects.values_list("email_status", flat=True)) == {
        Email.SENT
    }


@pytest.fixture
def worker_process(tmp_path, _broker_outside_var):
    """Start a real `celery worker` process on the test database and broker."""
    outbox = tmp_path / "outbox"
    marker = tmp_path / "hang"
    workers = Workers(
        _broker_outside_var,
        EMAIL_BACKEND="notifications.tests.hanging_email_backend.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
        KAM_TEST_HANG_MARKER=str(marker),
        KAM_REMINDER_LEASE_SECONDS="2",
    )
    yield workers.start, outbox, marker
    workers.stop()


def _messages(outbox):
    """The reminder headers of every message the file backend wrote (it opens its
    file when the connection opens, so an empty file is no message)."""
    if not outbox.exists():
        return []
    return [
        line.strip()
        for path in outbox.iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("X-KAM-Reminder: ")
    ]


def test_a_worker_killed_mid_send_is_replaced_and_the_email_goes_out_once(
    rep, supervisor, manager, worker_process, settings
):
    settings.KAM_REMINDER_LEASE_SECONDS = 2
    start, outbox, marker = worker_process
    marker.touch()  # the first worker will hang inside the send
    # Due in two days: an "upcoming" reminder, the only one for the whole test,
    # even if it runs across midnight.
    follow_up_due(rep, supervisor, timezone.now() + days(2))
    result = _scan(timezone.now())
    (notification_id,) = result.enqueued

    first = start()

    def status():
        return Notification.objects.get(pk=notification_id).email_status

    assert wait_for(lambda: status() == Email.SENDING), "the worker never claimed it"
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    marker.unlink()
    assert _messages(outbox) == []

    # While the lease holds, a scan leaves the claimed e-mail alone …
    assert notification_id not in _scan(timezone.now()).enqueued
    # … once it has run out, the scan hands it to a live worker.
    time.sleep(2.5)
    assert notification_id in _scan(timezone.now()).enqueued
    second = start()
    assert wait_for(lambda: status() == Email.SENT), "the e-mail was never delivered"
    os.killpg(second.pid, signal.SIGKILL)
    second.wait()

    name, value = Notification.objects.get(pk=notification_id).header
    assert _messages(outbox) == [f"{name}: {value}"]
