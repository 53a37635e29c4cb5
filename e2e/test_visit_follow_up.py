"""Journey 3: a supervisor plans, prepares and records a visit with the rep; the
follow-up falls due seven days after the visit, the reminder scan reminds the rep
on the day, the rep logs the follow-up and the reminders stop — in both languages."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from e2e.pages import local_day, local_input, minute, submit, success_message
from notifications.models import Notification
from prospects.tests.factories import ProspectFactory
from visits.models import FollowUp

TEXTS = {
    "en": {
        "planned": "The visit is planned. Prepare it before you go.",
        "prepared": "The preparation was saved.",
        "ready": "Prepared: the visit can be recorded.",
        "recorded": "The visit record was saved. Follow up by {date}.",
        "due": "{who} follows up by phone or another visit by {date} to hear the "
        "customer's opinion.",
        "people_met": "People met",
        "progress": "Product demo",
        "attitude": "Warm",
        "logged": "The follow-up was logged. Its reminders stop.",
        "followed_up": "Followed up",
    },
    "zh-hans": {
        "planned": "拜访已安排。出发前请做好准备。",
        "prepared": "拜访准备已保存。",
        "ready": "准备完毕：可以填写拜访记录。",
        "recorded": "拜访记录已保存。请在 {date} 前回访。",
        "due": "{who} 应在 {date} 前通过电话或再次当面拜访，倾听客户的意见。",
        "people_met": "访问对象",
        "progress": "产品展示",
        "attitude": "热情",
        "logged": "回访已记录，相关提醒将停止。",
        "followed_up": "已回访",
    },
}
PEOPLE_MET = "采购总监 王伟 Wang Wei"


def reminder_scan(at):
    """The scan beat runs, as of ``at``, sending its e-mails at once."""
    call_command(
        "dispatch_reminders", "--at", at.isoformat(), "--sync", stdout=StringIO()
    )


def plan_visit(page, prospect, rep):
    page.locator(f"#development a[href='/visits/plan/{prospect.pk}/']").click()
    form = page.locator("main form.kam-form")
    tomorrow = timezone.localtime() + timedelta(days=1)
    form.locator("[name=planned_at]").fill(
        local_input(tomorrow.replace(hour=10, minute=0))
    )
    form.locator("[name=place]").fill("客户总部 Head office, Suzhou")
    form.locator(f"input[name=co_visitors][value='{rep.pk}']").check()
    form.locator("[name=purpose]").fill("Present the energy-saving line.")
    submit(form)


def prepare_visit(page, visit, rep):
    page.locator(f"main a[href='/visits/{visit.pk}/prepare/']").first.click()
    form = page.locator("main form.kam-form")
    form.locator("[name=discussion_at]").fill(
        local_input(timezone.now() - timedelta(days=1))
    )
    form.locator(f"input[name=participants][value='{rep.pk}']").check()
    form.locator("[name=colleague_suggestions]").fill(
        "Bring last year's energy figures."
    )
    for box in form.locator("input[type=checkbox][name$=_done]").all():
        box.check()
    form.locator("[name=classification]").fill("Key account, machinery")
    form.locator("[name=analysis]").fill("Energy costs are their first worry.")
    form.locator("[name=judgement]").fill("Worth a demonstration.")
    submit(form)


def record_visit(page, visit, held_at, texts):
    page.locator(f"main a[href='/visits/{visit.pk}/record/']").click()
    form = page.locator("main form.kam-form")
    form.locator("[name=held_at]").fill(local_input(held_at))
    form.locator("[name=people_met]").fill(PEOPLE_MET)
    form.locator("[name=talking_points]").fill("Energy savings of the new line.")
    form.locator("[name=customer_views]").fill("Interested, wants a trial.")
    form.locator("[name=suggestions]").fill("Send the trial terms.")
    form.locator("[name=duration_minutes]").fill("90")
    form.locator("select[name=progress]").select_option(label=texts["progress"])
    form.locator("select[name=attitude]").select_option(label=texts["attitude"])
    submit(form)


def log_follow_up(page, texts):
    form = page.locator("#follow-up form")
    form.locator("input[name=method][value=phone]").check()
    form.locator("[name=person_contacted]").fill("王伟 Wang Wei")
    form.locator("[name=customer_opinion]").fill("Ready for a trial in March.")
    form.locator("[name=next_step]").fill("Send the contract draft.")
    form.locator("[name=duration_minutes]").fill("15")
    form.locator("select[name=progress]").select_option(label=texts["progress"])
    form.locator("select[name=attitude]").select_option(label=texts["attitude"])
    submit(form)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_follow_up_falls_due_a_week_after_the_visit_until_it_is_logged(
    journey, with_password, rep, supervisor, mailoutbox, language
):
    texts = TEXTS[language]
    prospect = ProspectFactory(
        name="Huaxin Precision 华鑫精密", owner=rep, colleagues=[supervisor]
    )
    page = journey.sign_in(with_password(supervisor), language)
    page.goto(journey.url(prospect.get_absolute_url()))

    plan_visit(page, prospect, rep)
    assert success_message(page) == texts["planned"]
    visit = prospect.visits.get()
    assert (visit.lead_visitor, list(visit.co_visitors.all())) == (supervisor, [rep])

    prepare_visit(page, visit, rep)
    assert success_message(page) == texts["prepared"]
    assert page.locator("#preparation").inner_text().strip().endswith(texts["ready"])

    held_at = minute(timezone.now() - timedelta(hours=2))
    due = held_at + timedelta(days=7)
    record_visit(page, visit, held_at, texts)
    assert success_message(page) == texts["recorded"].format(date=local_day(due))
    record = page.locator("main dl").first
    assert record.locator("dt", has_text=texts["people_met"]).count() == 1
    assert PEOPLE_MET in record.inner_text()
    follow_up = FollowUp.objects.get(visit=visit)
    assert (follow_up.due_at, follow_up.assignee) == (due, rep)
    assert page.locator("#follow-up p").first.inner_text() == texts["due"].format(
        who=rep, date=local_day(due)
    )

    reminder_scan(due)
    reminders = Notification.objects.filter(follow_up=follow_up)
    assert list(reminders.values_list("kind", "recipient")) == [
        (Notification.Kind.DUE, rep.pk)
    ]
    assert [mail.extra_headers["X-KAM-Reminder"] for mail in mailoutbox] == [
        f"{follow_up.pk}:due"
    ]

    rep_page = journey.sign_in(with_password(rep), language)
    assert rep_page.locator(".kam-bell-count").inner_text().startswith("1")
    rep_page.goto(journey.url(visit.get_absolute_url()))
    log_follow_up(rep_page, texts)
    assert success_message(rep_page) == texts["logged"]
    assert texts["followed_up"] in rep_page.locator("#follow-up").inner_text()
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DONE
    # The reminder is dealt with: it no longer counts as unread.
    assert rep_page.locator(".kam-bell-count").count() == 0

    reminder_scan(due + timedelta(days=3))
    assert reminders.count() == 1
    assert len(mailoutbox) == 1
