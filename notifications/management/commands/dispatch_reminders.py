from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from notifications import channels, reminders, tasks
from notifications.models import Notification
from notifications.outbound import Status as OutboundStatus


class Command(BaseCommand):
    help = (
        "Create the follow-up reminders due now (or at --at) and enqueue their "
        "e-mails and team chat-robot messages: the same scan Celery beat runs every few minutes. Safe to run "
        "at any time and any number of times."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            help="Replay the scan as of this moment (ISO-8601; without an offset, "
            "in TIME_ZONE), e.g. after an outage.",
        )
        parser.add_argument(
            "--sync",
            action="store_true",
            help="Send the e-mails and robot messages from this process instead of "
            "enqueuing them "
            "(when no worker is running).",
        )

    def handle(self, *args, at=None, sync=False, **options):
        now = self._moment(at) if at else timezone.now()
        if sync:
            enqueue, robots = reminders.send_many, channels.send_many
        else:
            enqueue = tasks.send_reminder_emails.delay
            robots = tasks.send_robot_messages.delay
        result = reminders.dispatch(now, enqueue=enqueue, enqueue_robots=robots)
        # After the scan's own commit callbacks, which enqueue (or send) its messages.
        transaction.on_commit(lambda: self._report(now, result, sync))

    def _report(self, now, result, sync):
        created = ", ".join(f"{n} {kind}" for kind, n in sorted(result.created.items()))
        if sync:  # what this run sent itself, not what a racing run did
            done = sum(
                status == Notification.Email.SENT
                for answer in result.answers
                for status in answer.values()
            )
        else:
            done = len(result.enqueued) - len(result.unqueued)
        if sync:
            robots = sum(
                status == OutboundStatus.SENT
                for outcomes, _deferred in result.robot_answers
                for status in outcomes.values()
            )
        else:
            robots = sum(map(len, result.robot_batches)) - len(result.robot_unqueued)
        verb = "sent" if sync else "enqueued"
        self.stdout.write(
            f"Reminders at {timezone.localtime(now):%Y-%m-%d %H:%M %Z}: "
            f"created {created or 'none'}; "
            f"{done} e-mail(s) {verb}, {robots} chat-robot message(s) {verb}."
        )
        if result.unqueued:
            self.stdout.write(
                f"{len(result.unqueued)} e-mail(s) could not be enqueued (the broker "
                "is unreachable): the next scan enqueues them."
            )

    def _moment(self, text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise CommandError(
                f"--at {text!r} is not an ISO-8601 date and time (2026-11-26T09:00)."
            ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
