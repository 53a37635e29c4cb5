"""`manage.py dispatch_reminders [--at] [--sync]`: the scan operators run by hand."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kam.tests.helpers import in_threads
from notifications.models import Notification
from visits.tests.reminder_support import NOON, days, follow_up_due

Kind = Notification.Kind


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the command. It enqueues (or, with --sync, sends) once its transaction
    commits; inside a test's transaction, run those callbacks as the commit would."""

    def _run(*args):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("dispatch_reminders", *args, stdout=out)
        return out.getvalue()

    return _run


def _created():
    return sorted(Notification.objects.values_list("follow_up__prospect__name", "kind"))


def test_at_replays_a_moment_and_reports_what_it_did(rep, supervisor, manager, run):
    follow_up_due(rep, supervisor, NOON, name="A")
    output = run("--at", "2026-11-18T09:00")  # naive: the team's time zone
    assert "created 1 due" in output
    assert _created() == [("A", Kind.DUE)]


def test_replay_after_a_day_of_downtime_sends_the_right_reminders_once(
    rep, supervisor, manager, mailoutbox, run
):
    follow_up_due(rep, supervisor, NOON - days(1), name="due yesterday")
    follow_up_due(rep, supervisor, NOON, name="due today")
    follow_up_due(rep, supervisor, NOON + days(2), name="due in two days")
    follow_up_due(rep, supervisor, NOON - days(3), name="due three days ago")
    run(
        "--at", (NOON - days(2)).isoformat(), "--sync"
    )  # the last scan before it all stopped
    before = len(mailoutbox)
    # Beat and broker were off for a day; the first scan after catches up.
    run("--at", NOON.isoformat(), "--sync")
    run("--at", NOON.isoformat(), "--sync")  # run twice by a nervous operator
    assert _created() == [
        ("due in two days", Kind.UPCOMING),
        ("due three days ago", Kind.ESCALATION),
        ("due three days ago", Kind.OVERDUE),
        ("due today", Kind.DUE),
        ("due today", Kind.UPCOMING),
        ("due yesterday", Kind.OVERDUE),
        ("due yesterday", Kind.UPCOMING),
    ]
    headers = [m.extra_headers["X-KAM-Reminder"] for m in mailoutbox[before:]]
    assert len(headers) == len(set(headers)) == 4
    # Today's due, yesterday's overdue, the escalation of the one three days late
    # and the coming one; nothing sent before the outage comes again.
    assert sorted(h.split(":")[1] for h in headers) == [
        "due",
        "escalation",
        "overdue",
        "upcoming",
    ]


def test_a_bad_moment_is_refused_clearly(db, run):
    with pytest.raises(CommandError, match="not an ISO-8601 date and time"):
        run("--at", "yesterday")


def test_one_scan_after_seeding_the_demo_sends_every_kind(db, mailoutbox, run):
    call_command("seed_demo", stdout=StringIO())
    output = run("--sync")
    for kind in ("upcoming", "due", "overdue", "escalation"):
        assert f" {kind}" in output
    kinds = {m.extra_headers["X-KAM-Reminder"].split(":")[1] for m in mailoutbox}
    assert kinds == {"upcoming", "due", "overdue", "escalation"}


def test_a_replayed_escalation_counts_its_days_at_the_scan_s_moment(
    rep, supervisor, manager, mailoutbox, run
):
    follow_up_due(rep, supervisor, NOON - days(3), name="Late")
    run("--at", NOON.isoformat(), "--sync")
    [escalation] = [
        m
        for m in mailoutbox
        if m.extra_headers["X-KAM-Reminder"].endswith("escalation")
    ]
    assert "is 3 days overdue" in escalation.body


def test_a_run_reports_what_it_sent(rep, supervisor, manager, run):
    follow_up_due(rep, supervisor, NOON, name="A")
    assert "1 e-mail(s) sent" in run("--at", NOON.isoformat(), "--sync")
    assert "created none; 0 e-mail(s) sent" in run("--at", NOON.isoformat(), "--sync")


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_report_what_each_did(rep, supervisor, manager, mailoutbox):
    for n in range(6):
        follow_up_due(rep, supervisor, NOON - days(n % 3), name=f"Race {n}")

    def one_run(_index):
        out = StringIO()
        call_command(
            "dispatch_reminders", "--at", NOON.isoformat(), "--sync", stdout=out
        )
        return out.getvalue()

    outputs = in_threads(2, one_run)
    created = sum(
        int(count)
        for output in outputs
        for count in re.findall(r"(\d+) (?:upcoming|due|overdue|escalation)", output)
    )
    sent = sum(int(re.search(r"(\d+) e-mail\(s\) sent", o)[1]) for o in outputs)
    assert created == Notification.objects.count()
    assert sent == len(mailoutbox) == Notification.objects.count()
