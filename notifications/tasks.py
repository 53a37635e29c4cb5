from celery import shared_task
from django.core.mail import get_connection

from notifications import channels, reminders, webhooks


@shared_task
def dispatch_reminders():
    """Beat runs this every few minutes: the same scan as `manage.py dispatch_reminders`."""
    result = reminders.dispatch(
        enqueue=send_reminder_emails.delay, enqueue_robots=send_robot_messages.delay
    )
    return {"created": result.created, "enqueued": len(result.enqueued)}


@shared_task
def send_reminder_email(notification_id):
    """Send one reminder e-mail; safe to run twice (it claims the notification first)."""
    return reminders.send(notification_id)


@shared_task
def send_reminder_emails(notification_ids):
    """Send a batch of reminder e-mails over one mail connection; each is claimed
    on its own, so a batch delivered twice, or split across workers, sends once."""
    with get_connection() as connection:
        reminders.send_many(notification_ids, connection=connection)


@shared_task
def send_robot_messages(delivery_ids):
    """Send a batch of one team robot's messages, each claimed on its own. Those
    over the robot's rate limit wait in the database; this task comes back for
    them in a minute (and the scan would, should the broker lose it)."""
    _outcomes, deferred = channels.send_many(delivery_ids)
    if deferred:
        send_robot_messages.apply_async(args=[deferred], countdown=60)


@shared_task
def dispatch_webhooks():
    """Beat: webhook deliveries due again (after backoff, or whose task was lost)."""
    return {"batches": len(webhooks.dispatch())}


@shared_task
def send_webhooks(delivery_ids):
    """Send a batch of webhook deliveries, each claimed on its own (sent once)."""
    _outcomes, deferred = webhooks.send_many(delivery_ids)
    if deferred:
        send_webhooks.apply_async(args=[deferred], countdown=60)
