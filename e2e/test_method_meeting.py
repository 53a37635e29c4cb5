"""Journey 2: a manager calls a development-method meeting, a rep proposes a method,
the manager decides and closes the meeting; the method shows on the account.

The manager works in Chinese and the rep in English: each sees their own language."""

from datetime import timedelta

from django.utils import timezone

from e2e.pages import local_input, submit, success_message
from prospects.tests.factories import ProspectFactory
from visits.models import DevelopmentMethod, MeetingDecision, MethodMeeting

VISIT_EN = "Visit the customer"
VISIT_ZH = "进行客户拜访"
MAIL_ZH = "寄送体现我方竞争优势的宣传资料"


def call_meeting(page, accounts, attendee):
    page.locator("nav a[href='/visits/meetings/']").click()
    page.locator("main a[href='/visits/meetings/new/']").click()
    form = page.locator("main form.kam-form")
    held_on = (timezone.localtime() + timedelta(days=1)).replace(hour=14, minute=0)
    form.locator("[name=held_on]").fill(local_input(held_on))
    for account in accounts:
        form.locator(f"input[name=prospects][value='{account.pk}']").check()
    form.locator(f"input[name=attendees][value='{attendee.pk}']").check()
    form.locator("[name=briefing]").fill("两个新客户的资料 / The two new accounts.")
    submit(form)


def propose(page, account, method_label, rationale):
    form = page.locator("main form[action$='/propose/']")
    form.locator("select[name=prospect]").select_option(label=account.name)
    form.locator("select[name=method]").select_option(label=method_label)
    form.locator("[name=rationale]").fill(rationale)
    submit(form)


def decide(page, account, method_label, reason):
    form = page.locator(f"#account-{account.pk} form")
    form.locator(f"select[name=d{account.pk}-method]").select_option(label=method_label)
    form.locator(f"[name=d{account.pk}-reason]").fill(reason)
    submit(form)


def close_meeting(page):
    form = page.locator("main form[action$='/close/']")
    form.locator("[name=minutes]").fill("两个客户的开发方式已确定。")
    page.once("dialog", lambda dialog: dialog.accept())
    submit(form)


def test_a_manager_decides_the_method_a_rep_proposed(
    journey, with_password, manager, rep
):
    plant = ProspectFactory(name="Huaxin Precision 华鑫精密", owner=rep)
    mill = ProspectFactory(name="Jinlong Steel 金龙钢铁", owner=rep)
    with_password(manager, rep)

    chair = journey.sign_in(manager, "zh-hans")
    call_meeting(chair, [plant, mill], rep)
    assert success_message(chair) == "会议已召集。"
    meeting = MethodMeeting.objects.get()
    assert list(meeting.attendees.all()) == [rep]

    attendee = journey.sign_in(rep, "en")
    attendee.locator("nav a[href='/visits/meetings/']").click()
    attendee.locator("main .list-group a", has_text=str(manager)).click()
    propose(attendee, plant, VISIT_EN, "They want to see the line running.")
    assert success_message(attendee) == "Your proposal was added."
    proposals = attendee.locator(f"#account-{plant.pk} li").all_inner_texts()
    assert proposals == [f"{rep}: {VISIT_EN}\nThey want to see the line running."]

    chair.reload()
    assert f"{rep}: {VISIT_ZH}" in chair.locator(f"#account-{plant.pk}").inner_text()
    decide(chair, plant, VISIT_ZH, "同意业务员的意见")
    assert success_message(chair) == f"已确定 {plant.name} 的开发方式。"
    badge = chair.locator(f"#account-{plant.pk} .card-header .badge")
    assert badge.inner_text() == f"已确定: {VISIT_ZH}"
    decide(chair, mill, MAIL_ZH, "先寄资料")
    close_meeting(chair)
    assert success_message(chair) == "会议已结束，确定的开发方式已显示在各客户页面。"
    assert sorted(
        MeetingDecision.objects.values_list("prospect__name", "method", "decided_by")
    ) == [
        (plant.name, DevelopmentMethod.VISIT, manager.pk),
        (mill.name, DevelopmentMethod.MAIL, manager.pk),
    ]

    attendee.goto(journey.url(plant.get_absolute_url()))
    development = attendee.locator("#development p").first.inner_text()
    assert development.startswith(f"Development method: {VISIT_EN}")
