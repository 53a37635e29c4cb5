"""Journey 6: on a phone, the supervisor fills the visit record sheet right after the
visit: nothing scrolls sideways, every field is on screen and can be filled."""

from datetime import timedelta

from django.utils import timezone

from e2e.pages import (
    PHONE,
    local_day,
    local_input,
    minute,
    scrolls_sideways,
    submit,
    success_message,
)
from visits.models import Visit
from visits.tests.factories import ProspectFactory, complete_preparation, plan_visit

FIELDS = "input:not([type=hidden]), select, textarea"


def assert_on_screen(field, width):
    field.scroll_into_view_if_needed()
    assert field.is_visible(), field
    box = field.bounding_box()
    assert 0 <= box["x"] <= box["x"] + box["width"] <= width, (field, box)
    assert box["height"] >= 24, (field, box)  # big enough to tap


def test_the_visit_record_form_works_on_a_phone(
    journey, with_password, rep, supervisor
):
    prospect = ProspectFactory(name="Huaxin Precision 华鑫精密", owner=rep)
    visit = plan_visit(prospect, supervisor, co_visitors=[rep])
    complete_preparation(visit)
    page = journey.sign_in(with_password(supervisor), "zh-hans", **PHONE)
    assert page.locator(".navbar-toggler").is_visible()

    page.goto(journey.url(f"/visits/{visit.pk}/record/"))
    assert not scrolls_sideways(page)
    form = page.locator("main form.kam-form")
    fields = form.locator(FIELDS)
    names = [fields.nth(i).get_attribute("name") for i in range(fields.count())]
    assert names == [
        "held_at",
        "method",
        "place",
        "new_contact_name",  # someone new joins the account's contacts
        "new_contact_position",
        "people_met",
        "talking_points",
        "customer_views",
        "suggestions",
        "duration_minutes",
        "progress",
        "attitude",
    ]
    for field in fields.all():
        assert_on_screen(field, PHONE["viewport"]["width"])

    held_at = minute(timezone.now() - timedelta(minutes=30))
    form.locator("[name=held_at]").fill(local_input(held_at))
    form.locator("[name=people_met]").tap()
    form.locator("[name=people_met]").fill("采购总监 王伟")
    form.locator("[name=talking_points]").fill("新生产线的节能效果")
    form.locator("[name=customer_views]").fill("有兴趣，希望试用")
    form.locator("[name=duration_minutes]").fill("45")
    form.locator("select[name=progress]").select_option("demo")
    form.locator("select[name=attitude]").select_option("warm")
    submit(form)

    due = local_day(held_at + timedelta(days=7))
    assert success_message(page) == f"拜访记录已保存。请在 {due} 前回访。"
    assert not scrolls_sideways(page)
    visit.refresh_from_db()
    assert (visit.status, visit.people_met, visit.duration_minutes) == (
        Visit.Status.HELD,
        "采购总监 王伟",
        45,
    )
