"""Nothing waits in the broker longer than five minutes: what is due lives in the database."""

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kam.celery import MAX_DELAY, app

ROOT = Path(__file__).resolve().parents[2]
APPS = ["kam", "accounts", "prospects", "visits", "devlog"]


def _calls_with_delay():
    """(file, line, keyword, value) of every apply_async/retry call with a delay."""
    found = []
    for app_dir in APPS:
        for path in (ROOT / app_dir).rglob("*.py"):
            if "tests" in path.parts or path == ROOT / "kam" / "celery.py":
                continue  # kam/celery.py is the guard itself
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name not in {"apply_async", "retry", "signature", "s", "si"}:
                    continue
                for keyword in node.keywords:
                    if keyword.arg in {"countdown", "eta"}:
                        found.append((path, node.lineno, keyword.arg, keyword.value))
    return found


def test_no_task_is_published_with_a_countdown_or_eta_beyond_five_minutes():
    for path, line, keyword, value in _calls_with_delay():
        where = f"{path.relative_to(ROOT)}:{line}"
        assert keyword == "countdown", f"{where}: eta is not allowed; use the database"
        assert isinstance(value, ast.Constant), (
            f"{where}: the countdown must be a literal"
        )
        assert value.value <= MAX_DELAY.total_seconds(), where


def test_the_beat_schedule_runs_the_scan_every_few_minutes():
    entry = app.conf.beat_schedule["dispatch-reminders"]
    assert entry["task"] == "notifications.tasks.dispatch_reminders"
    assert 10 <= float(entry["schedule"]) <= MAX_DELAY.total_seconds()


@pytest.mark.parametrize(
    "delay",
    [
        {"countdown": 301},
        {"countdown": 7 * 24 * 3600},
        # An eta is worked out when the test runs, not when it is collected.
        {"eta": lambda: datetime.now(UTC) + timedelta(minutes=6)},
    ],
)
def test_a_long_delay_is_refused_before_it_reaches_the_broker(delay):
    from notifications.tasks import send_reminder_email

    options = {
        key: value() if callable(value) else value for key, value in delay.items()
    }
    with pytest.raises(ValueError, match="exceeds 0:05:00"):
        send_reminder_email.apply_async(args=[1], **options)
