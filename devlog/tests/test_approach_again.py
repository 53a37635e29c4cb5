"""The day chosen in a failure review to approach the account again: its owner is
reminded once, in the app and by e-mail, unless the account came back meanwhile."""

import pytest
from django.urls import reverse

from devlog.tests.factories import OutcomeFactory, reason
from notifications import reminders
from notifications.models import Notification
from prospects.models import Prospect
from prospects.services import prospect_set_status
from prospects.tests.factories import ProspectFactory
from visits.tests.reminder_support import NOON, days

Email = Notification.Email
KIND = Notification.Kind.APPROACH_AGAIN


def resting(owner, *, result="lost", again=None, name="华鑫精密 Huaxin"):
    """An account lost (or not won yet) whose owner chose to approach it on ``again``."""
    status = Prospect.Status.LOST if result == "lost" else Prospect.Status.DORMANT
    prospect = ProspectFactory(owner=owner, name=name, status=status)
    OutcomeFactory(
        prospect=prospect,
        result=result,
        decided_on=(NOON - days(90)).date(),
        approach_again_on=again or NOON.date(),
        reasons=[reason("Price")],
    )
    return prospect


def dispatch(moment):
    return reminders.dispatch(moment, enqueue=lambda pk: None)


@pytest.mark.parametrize("result", ["lost", "not_yet"])
def test_on_the_day_the_owner_gets_one_reminder(rep, result):
    prospect = resting(rep, result=result)

    assert dispatch(NOON - days(1)).created == {}
    assert dispatch(NOON).created == {KIND: 1}
    assert dispatch(NOON + days(1) / 4).created == {}
    assert dispatch(NOON + days(1)).created == {}

    notification = Notification.objects.get()
    assert (notification.kind, notification.recipient, notification.prospect) == (
        KIND,
        rep,
        prospect,
    )
    assert (notification.follow_up, notification.due_on) == (None, NOON.date())


def test_a_day_missed_in_downtime_is_reminded_late_but_once(rep):
    resting(rep)

    assert dispatch(NOON + days(3)).created == {KIND: 1}
    assert dispatch(NOON + days(4)).created == {}


@pytest.mark.parametrize("change", ["restored", "won", "no date"])
def test_no_reminder_for_an_account_no_longer_resting(rep, change):
    prospect = resting(rep)
    outcome = prospect.outcome
    if change == "restored":
        prospect_set_status(prospect=prospect, status="developing", by=None)
        outcome.restored_at = NOON - days(1)
        outcome.archived_at = None
    elif change == "won":
        prospect_set_status(prospect=prospect, status="won", by=None)
        outcome.result = "won"
    else:
        outcome.approach_again_on = None
    outcome.save()

    assert dispatch(NOON).created == {}
    assert not Notification.objects.exists()


def test_the_email_names_the_account_not_a_follow_up(rep, mailoutbox):
    prospect = resting(rep)
    (pk,) = dispatch(NOON).enqueued

    assert reminders.send(pk, NOON) == Email.SENT

    (message,) = mailoutbox
    assert message.extra_headers == {"X-KAM-Approach": str(prospect.pk)}
    assert "X-KAM-Reminder" not in message.message()
    assert message.message()["X-KAM-Approach"] == str(prospect.pk)
    assert message.to == [rep.email]
    assert message.subject == "Time to approach 华鑫精密 Huaxin again · KAM"
    assert f"{prospect.get_absolute_url()}#record" in message.body
    assert NOON.date().isoformat() in message.body


def test_the_email_is_in_the_owner_s_language(rep, mailoutbox):
    rep.language = "zh-hans"
    rep.save()
    resting(rep)
    (pk,) = dispatch(NOON).enqueued

    reminders.send(pk, NOON)

    assert "华鑫精密 Huaxin" in mailoutbox[0].subject
    assert "Time to approach" not in mailoutbox[0].subject


@pytest.mark.parametrize("change", ["restored", "date changed", "won"])
def test_a_waiting_email_is_skipped_once_the_reminder_is_moot(rep, change, mailoutbox):
    prospect = resting(rep)
    (pk,) = dispatch(NOON).enqueued
    outcome = prospect.outcome
    if change == "restored":
        prospect_set_status(prospect=prospect, status="developing", by=None)
        outcome.restored_at = NOON
    elif change == "won":
        prospect_set_status(prospect=prospect, status="won", by=None)
        outcome.result = "won"
    else:
        outcome.approach_again_on = NOON.date() + days(30)
    outcome.save()

    assert reminders.send(pk, NOON) == Email.SKIPPED

    assert mailoutbox == []
    assert Notification.objects.get(pk=pk).email_status == Email.SKIPPED


def test_a_new_date_gets_its_own_reminder(rep):
    prospect = resting(rep)
    dispatch(NOON)
    outcome = prospect.outcome
    outcome.approach_again_on = NOON.date() + days(30)
    outcome.save()

    assert dispatch(NOON + days(30)).created == {KIND: 1}
    assert sorted(Notification.objects.values_list("due_on", flat=True)) == [
        NOON.date(),
        NOON.date() + days(30),
    ]


def test_the_owner_sees_it_among_the_notifications(client, rep, colleague):
    prospect = resting(rep)
    dispatch(NOON)
    notification = Notification.objects.get()
    client.force_login(rep)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert "Time to approach again" in page
    assert "华鑫精密 Huaxin" in page
    assert (
        f"You chose to approach this account again on {NOON.date():%Y-%m-%d}." in page
    )
    opened = client.post(
        reverse("notifications:read", args=[notification.pk]), {"open": "1"}
    )
    assert opened["Location"] == f"{prospect.get_absolute_url()}#record"

    client.force_login(colleague)
    assert (
        "华鑫精密 Huaxin"
        not in client.get(reverse("notifications:inbox")).content.decode()
    )
