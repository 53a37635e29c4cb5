from celery import shared_task

from visits import reminders


@shared_task
def dispatch_reminders():
    """Beat runs this every few minutes: the same scan as `manage.py dispatch_reminders`."""
    result = reminders.dispatch()
    return {"created": result.created, "enqueued": len(result.enqueued)}


@shared_task
def send_reminder_email(notification_id):
    """Send one reminder e-mail; safe to run twice (it claims the notification first)."""
    return reminders.send(notification_id)
