"""Robot messages under racing scans and real workers: each reaches its group once."""

import pytest
from django.utils import timezone

from kam.tests.helpers import in_threads
from notifications import reminders, services, tasks
from notifications.models import Channel, ChannelDelivery
from notifications.outbound import Status
from notifications.tests.robot_server import RobotServer
from notifications.tests.workers import Workers, wait_for
from visits.tests.reminder_support import follow_up_due

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workers(tmp_path, _broker_outside_var, settings):
    settings.KAM_WEBHOOK_HOSTS = [*settings.KAM_WEBHOOK_HOSTS, "127.0.0.1"]
    started = Workers(
        _broker_outside_var,
        KAM_WEBHOOK_HOSTS=",".join(settings.KAM_WEBHOOK_HOSTS),
        KAM_WEBHOOK_TIMEOUT_SECONDS="5",
        EMAIL_BACKEND="file",
        EMAIL_FILE_PATH=str(tmp_path / "outbox"),
    )
    yield started
    started.stop()


def test_a_due_follow_up_reaches_each_robot_once_across_racing_scans_and_workers(
    rep, supervisor, manager, workers
):
    with RobotServer() as server:
        for kind, secret in (("wecom", ""), ("dingtalk", "SECrace+/=")):
            services.channel_save(
                channel=Channel(team=rep.team, kind=kind, name=kind),
                kinds=["due"],
                address=server.add(kind, token=f"race-{kind}", secret=secret),
                secret=secret,
            )
        for n in range(6):
            follow_up_due(rep, supervisor, timezone.now(), name=f"Race {n}")

        def scan(_index):
            return reminders.dispatch(
                timezone.now(),
                enqueue=tasks.send_reminder_emails.delay,
                enqueue_robots=tasks.send_robot_messages.delay,
            )

        results = in_threads(2, scan)
        # Each scan enqueued what it found waiting; together, every message once
        # or more, never none.
        enqueued = [pk for r in results for batch in r.robot_batches for pk in batch]
        assert set(enqueued) == set(
            ChannelDelivery.objects.values_list("pk", flat=True)
        )
        assert ChannelDelivery.objects.count() == 12

        workers.start("one")
        workers.start("two")
        sent = ChannelDelivery.objects.filter(status=Status.SENT)
        assert wait_for(lambda: sent.count() == 12, 60), list(
            ChannelDelivery.objects.values_list("status", "error")
        )
        for kind in ("wecom", "dingtalk"):
            robot = server.robot(f"race-{kind}")
            assert robot.refused == []
            texts = [str(body) for body in robot.received]
            assert len(texts) == 6
            assert {n for n in range(6) if any(f"Race {n}" in t for t in texts)} == set(
                range(6)
            )
