"""Journey 8: in a factory hall without signal, the supervisor types the visit record
on the phone. It is kept on the phone and queued ("saved on this phone, not yet
sent"), and sent when the signal returns, with the version it was loaded with: a
record someone saved meanwhile is reported, never overwritten. Signing out leaves
no draft behind."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from e2e.conftest import PASSWORD
from e2e.pages import PHONE, local_input, minute, service_worker_ready, submit
from visits import services
from visits.models import FollowUp, Visit
from visits.tests.factories import (
    ProspectFactory,
    complete_preparation,
    held_visit,
    plan_visit,
)

QUEUED = "Saved on this phone, not yet sent. It is sent when the signal returns."
TYPED = {
    "people_met": "车间主任 赵刚",
    "talking_points": "Line 3's energy use 三号线能耗",
    "customer_views": "Wants a trial next month 希望下月试用",
}


@pytest.fixture
def visit(rep, supervisor):
    account = ProspectFactory(name="Huaxin Precision 华鑫精密", owner=rep)
    visit = plan_visit(
        account, supervisor, co_visitors=[rep], planned_at=timezone.now() - timedelta(hours=1)
    )  # fmt: skip
    complete_preparation(visit)
    return visit


def drafts_on_the_phone(page):
    return page.evaluate(
        "Object.keys(localStorage).filter((key) => key.startsWith('kam:draft:'))"
    )


def sign_in_here(page, journey, user):
    """Sign in on this same phone (its storage as the last person left it)."""
    page.goto(journey.url(reverse("login")))
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def type_the_record(form, held_at):
    form.locator("[name=held_at]").fill(local_input(held_at))
    for name, text in TYPED.items():
        form.locator(f"[name={name}]").fill(text)
    form.locator("select[name=progress]").select_option("demo")
    form.locator("select[name=attitude]").select_option("warm")


def open_record_offline(journey, supervisor, visit, with_password):
    page = journey.sign_in(with_password(supervisor), **PHONE)
    page.goto(journey.url(reverse("visits:record", args=[visit.pk])))
    service_worker_ready(page)
    page.context.set_offline(True)
    return page, page.locator("main form.kam-form")


def test_a_record_typed_without_signal_is_sent_when_the_signal_returns(
    journey, with_password, supervisor, visit
):
    page, form = open_record_offline(journey, supervisor, visit, with_password)
    held_at = minute(timezone.now() - timedelta(minutes=50))
    type_the_record(form, held_at)
    form.locator("button[type=submit]").click()

    assert form.locator(".kam-draft-status").inner_text().strip().startswith(QUEUED)
    assert page.url.endswith(reverse("visits:record", args=[visit.pk]))
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.PLANNED

    with page.expect_navigation(url=f"**{visit.get_absolute_url()}"):
        page.context.set_offline(False)
    assert (
        f"Sent: Visit record of {visit}."
        in page.locator("#kam-drafts-notice").inner_text()
    )
    saved = Visit.objects.get(pk=visit.pk)
    assert (saved.status, saved.held_at, saved.people_met) == (
        Visit.Status.HELD,
        held_at,
        TYPED["people_met"],
    )
    assert FollowUp.objects.filter(visit=visit).exists()
    assert drafts_on_the_phone(page) == []


def test_a_page_opened_without_signal_shows_what_waits_on_the_phone(
    journey, with_password, supervisor, visit
):
    page, form = open_record_offline(journey, supervisor, visit, with_password)
    type_the_record(form, minute(timezone.now() - timedelta(minutes=30)))
    form.locator("button[type=submit]").click()
    form.locator(".kam-draft-status .alert-warning").wait_for()

    journey.guard.expect_no_signal(reverse("visits:list"))
    page.goto(journey.url(reverse("visits:list")))  # no signal: the offline page
    assert page.locator("body[data-kam-offline]").count() == 1
    waiting = page.locator("#kam-drafts-notice").inner_text()
    assert f"Saved on this phone, not yet sent: Visit record of {visit}." in waiting

    page.context.set_offline(False)
    page.locator("#kam-drafts-notice .alert-success").wait_for()
    assert Visit.objects.get(pk=visit.pk).status == Visit.Status.HELD


def test_a_record_saved_by_someone_else_meanwhile_is_reported_not_overwritten(
    journey, with_password, supervisor, rep, visit
):
    page, form = open_record_offline(journey, supervisor, visit, with_password)
    type_the_record(form, minute(timezone.now() - timedelta(minutes=40)))
    form.locator("button[type=submit]").click()
    form.locator(".kam-draft-status .alert-warning").wait_for()

    # Meanwhile, with signal, the rep records the same visit.
    theirs = Visit.objects.get(pk=visit.pk)
    theirs.held_at = timezone.now() - timedelta(minutes=45)
    theirs.talking_points, theirs.customer_views = "The rep's points", "The rep's view"
    services.visit_record(visit=theirs)

    page.context.set_offline(False)
    refused = form.locator(".kam-draft-status .alert-danger")
    refused.wait_for()
    assert (
        "Someone else saved this record while you were editing it"
        in refused.inner_text()
    )
    assert Visit.objects.get(pk=visit.pk).talking_points == "The rep's points"

    page.reload()
    stale = form.locator(".kam-draft-status .alert-warning")
    assert "Someone saved this record after your draft" in stale.inner_text()
    assert form.locator("[name=talking_points]").input_value() == "The rep's points"
    stale.locator("button", has_text="Put my draft in the form").click()
    assert (
        form.locator("[name=talking_points]").input_value() == TYPED["talking_points"]
    )
    submit(form)
    assert Visit.objects.get(pk=visit.pk).talking_points == TYPED["talking_points"]


def test_a_follow_up_typed_without_signal_is_queued_too(
    journey, with_password, supervisor, rep, visit
):
    held = held_visit(visit.prospect, supervisor, co_visitors=[rep])
    page = journey.sign_in(with_password(rep), **PHONE)
    page.goto(journey.url(reverse("visits:detail", args=[held.pk])))
    service_worker_ready(page)
    page.context.set_offline(True)
    form = page.locator("#follow-up form")
    form.locator("input[name=method][value=phone]").check()
    form.locator("[name=customer_opinion]").fill("Happy with the trial 对试用满意")
    form.locator("select[name=progress]").select_option("proposal")
    form.locator("select[name=attitude]").select_option("warm")
    form.locator("button").click()
    assert form.locator(".kam-draft-status").inner_text().strip().startswith(QUEUED)

    with page.expect_navigation():
        page.context.set_offline(False)
    follow_up = FollowUp.objects.get(visit=held)
    assert (follow_up.status, follow_up.method) == (FollowUp.Status.DONE, "phone")


def test_a_draft_kept_while_typing_comes_back_and_is_gone_after_sign_out(
    journey, with_password, supervisor, visit
):
    page = journey.sign_in(with_password(supervisor), **PHONE)
    record = journey.url(reverse("visits:record", args=[visit.pk]))
    page.goto(record)
    form = page.locator("main form.kam-form")
    form.locator("[name=talking_points]").fill(TYPED["talking_points"])
    form.locator(".kam-draft-status", has_text="Draft kept on this phone").wait_for()

    page.goto(journey.url(reverse("visits:detail", args=[visit.pk])))
    page.goto(record)
    assert (
        form.locator("[name=talking_points]").input_value() == TYPED["talking_points"]
    )
    assert "is back in the form" in form.locator(".kam-draft-status").inner_text()

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(".navbar-toggler").click()
    page.locator("#kam-nav.show").wait_for()
    page.locator("nav .dropdown-toggle", has_text=str(supervisor)).click()
    page.locator("form[data-kam-sign-out] button").wait_for(state="visible")
    with page.expect_navigation():
        page.locator("form[data-kam-sign-out] button").click()
    assert drafts_on_the_phone(page) == []

    sign_in_here(page, journey, supervisor)
    page.goto(record)
    assert page.locator("main form.kam-form [name=talking_points]").input_value() == ""


def test_whoever_signs_in_next_on_the_phone_never_sees_the_last_one_s_draft(
    journey, with_password, supervisor, manager, visit
):
    page = journey.sign_in(with_password(supervisor), **PHONE)
    page.goto(journey.url(reverse("visits:record", args=[visit.pk])))
    form = page.locator("main form.kam-form")
    form.locator("[name=talking_points]").fill("Only for the supervisor's eyes")
    form.locator(".kam-draft-status", has_text="Draft kept on this phone").wait_for()
    assert len(drafts_on_the_phone(page)) == 1

    page.context.clear_cookies()  # the session ran out; the phone changes hands
    sign_in_here(page, journey, with_password(manager))
    assert drafts_on_the_phone(page) == []
    page.goto(journey.url(reverse("visits:record", args=[visit.pk])))
    assert page.locator("main form.kam-form [name=talking_points]").input_value() == ""


def test_sign_out_empties_the_phone_s_storage_even_without_the_page_s_script(
    journey, with_password, supervisor, visit
):
    page = journey.sign_in(with_password(supervisor))
    service_worker_ready(page)
    page.evaluate("localStorage.setItem('kam:draft:someone:/visits/1/record/', '{}')")
    # The form without its script's hook: only the server's Clear-Site-Data is left.
    page.evaluate(
        "document.querySelector('form[data-kam-sign-out]').removeAttribute('data-kam-sign-out')"
    )
    with page.expect_navigation():
        page.evaluate(
            "document.querySelector('form[action=\"/accounts/logout/\"]').submit()"
        )
    # (The sign-in page it leads to, which holds nothing of anyone's, may cache
    # the static files again.)
    assert drafts_on_the_phone(page) == []
