"""What the journeys do on a page, the way a user does it."""

import time

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


# A phone as the field reps carry: 390 px wide, touch, three pixels per point.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def scrolls_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def service_worker_ready(page):
    """Wait until the service worker controls the page: it claims open pages when it
    activates; a page that loaded while it was installing is controlled once
    reloaded. Polled from here: wait_for_function compiles its predicate in the
    page, which the strict CSP (no 'unsafe-eval') refuses now and then."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    controlled = "!!navigator.serviceWorker.controller"
    deadline = time.monotonic() + 5
    while not page.evaluate(controlled) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    if not page.evaluate(controlled):
        page.reload()
    assert page.evaluate(controlled), "The service worker does not control the page."
