"""What the journeys do on a page, the way a user does it."""

from django.utils import timezone


def submit(form):
    """Press the form's own submit button and wait for the answer page."""
    with form.page.expect_navigation():
        form.locator("button[type=submit], button:not([type])").last.click()


def success_message(page):
    return page.locator(".alert-success").inner_text().strip()


def local_input(moment):
    """A moment as a datetime-local field takes it, in the team's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def local_day(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d}"


def minute(moment):
    """``moment`` to the minute, as a datetime-local field keeps it."""
    return moment.replace(second=0, microsecond=0)
