"""Journey 7: at the customer's, the supervisor checks in and out on the phone. The
phone gives its position or is refused it; a check-in far from the account warns
the supervisor and is marked for the manager; the time between check-in and
check-out reaches the development record sheet's PDF as 滞留时间."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from devlog.tests.helpers import pdf_text, squeezed
from e2e.pages import PHONE, scrolls_sideways, submit
from prospects.models import Prospect
from visits.models import Visit, VisitCheck
from visits.tests.factories import ProspectFactory, complete_preparation, plan_visit

# The customer's plant in Suzhou, and a café 3.3 km east of it.
PLANT = {"latitude": 31.2989, "longitude": 120.5853, "accuracy": 18}
CAFE = {"latitude": 31.2989, "longitude": 120.6200, "accuracy": 25}

TEXTS = {
    "en": {
        "check_in": "Check in",
        "check_out": "Check out",
        "located": "This position is now the account's location.",
        "refused": "Without your position: you declined to share it.",
        "far": "You are 3.3 km from the account's location: this is marked for "
        "your manager.",
        "refused_record": "Location refused",
        "far_badge": "Far: 3.3 km from the account",
        "sheet_title": "Key-account development record sheet",
        "duration": "47 min",
    },
    "zh-hans": {
        "check_in": "签到",
        "check_out": "签退",
        "located": "此位置已设为该客户的位置。",
        "refused": "未记录位置：您拒绝了位置共享。",
        "far": "您距离该客户的位置 3.3 公里：已为您的经理作出标记。",
        "refused_record": "拒绝提供位置",
        "far_badge": "偏远：距客户 3.3 公里",
        "sheet_title": "大客户开发记录表",
        "duration": "47 分钟",
    },
}


@pytest.fixture
def account(rep):
    return ProspectFactory(name="Huaxin Precision 华鑫精密", owner=rep)


@pytest.fixture
def visit(account, supervisor, rep):
    visit = plan_visit(
        account, supervisor, co_visitors=[rep], planned_at=timezone.now() + timedelta(minutes=10)
    )  # fmt: skip
    complete_preparation(visit)
    return visit


def press(page, label):
    """Press a check button on the visit page and wait for the page it leads to."""
    button = page.locator("#on-the-spot form[data-kam-locate] button", has_text=label)
    with page.expect_navigation():
        button.click()


def notice(page):
    return page.locator("main .alert").first.inner_text().strip()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_checking_in_with_the_position_gives_the_account_its_location(
    journey, with_password, supervisor, visit, account, language
):
    texts = TEXTS[language]
    page = journey.sign_in(
        with_password(supervisor),
        language,
        geolocation=PLANT,
        permissions=["geolocation"],
        **PHONE,
    )
    page.goto(journey.url(reverse("visits:detail", args=[visit.pk])))
    assert not scrolls_sideways(page)
    press(page, texts["check_in"])

    assert texts["located"] in notice(page)
    check = VisitCheck.objects.get(visit=visit)
    assert (check.location, check.accuracy_m) == ("given", 18)
    assert (check.latitude, check.longitude) == (
        Decimal("31.298900"),
        Decimal("120.585300"),
    )
    assert Prospect.objects.get(pk=account.pk).position == (
        check.latitude,
        check.longitude,
    )
    assert page.locator("#on-the-spot button", has_text=texts["check_out"]).is_visible()
    assert not scrolls_sideways(page)


def test_refusing_the_position_still_checks_in_and_out(
    journey, with_password, supervisor, visit, account
):
    texts = TEXTS["en"]
    page = journey.sign_in(with_password(supervisor), permissions=[], **PHONE)
    page.goto(journey.url(reverse("visits:detail", args=[visit.pk])))
    press(page, texts["check_in"])
    assert texts["refused"] in notice(page)
    press(page, texts["check_out"])
    assert texts["refused"] in notice(page)

    checks = VisitCheck.objects.filter(visit=visit)
    assert [(c.kind, c.location, c.latitude) for c in checks] == [
        ("in", "refused", None),
        ("out", "refused", None),
    ]
    assert page.locator("#on-the-spot").inner_text().count(texts["refused_record"]) == 2
    assert Prospect.objects.get(pk=account.pk).position is None


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_check_in_far_from_the_account_warns_and_is_marked_for_the_manager(
    journey, with_password, supervisor, manager, visit, account, language
):
    texts = TEXTS[language]
    Prospect.objects.filter(pk=account.pk).update(
        latitude=PLANT["latitude"], longitude=PLANT["longitude"]
    )
    page = journey.sign_in(
        with_password(supervisor), language, geolocation=CAFE, permissions=["geolocation"], **PHONE
    )  # fmt: skip
    page.goto(journey.url(reverse("visits:detail", args=[visit.pk])))
    press(page, texts["check_in"])
    assert (
        page.locator("main .alert-warning").inner_text().strip().endswith(texts["far"])
    )
    assert VisitCheck.objects.get(visit=visit).is_far

    boss = journey.sign_in(with_password(manager), language)
    boss.locator(f"main a[href='{reverse('visits:check-ins')}']").click()
    entry = boss.locator(".kam-check-ins li", has_text=account.name)
    assert texts["far_badge"] in entry.inner_text()
    assert "list-group-item-warning" in entry.get_attribute("class")
    entry.locator("a").first.click()
    assert texts["far_badge"] in boss.locator("#on-the-spot").inner_text()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_time_from_check_in_to_check_out_reaches_the_record_sheet_pdf(
    journey, with_password, supervisor, visit, account, language
):
    texts = TEXTS[language]
    page = journey.sign_in(
        with_password(supervisor), language, geolocation=PLANT, permissions=["geolocation"], **PHONE
    )  # fmt: skip
    page.goto(journey.url(reverse("visits:detail", args=[visit.pk])))
    press(page, texts["check_in"])
    # The meeting took 47 minutes.
    VisitCheck.objects.filter(visit=visit).update(
        at=timezone.now() - timedelta(minutes=47)
    )
    page.reload()
    press(page, texts["check_out"])
    assert texts["duration"] in page.locator("[data-kam-measured]").inner_text()

    page.goto(journey.url(reverse("visits:record", args=[visit.pk])))
    form = page.locator("main form.kam-form")
    assert form.locator("[name=duration_minutes]").input_value() == "47"
    form.locator("[name=people_met]").fill("采购总监 王伟 Wang Wei")
    form.locator("[name=talking_points]").fill("The energy-saving line 节能生产线")
    form.locator("[name=customer_views]").fill("Keen to try it 愿意试用")
    form.locator("select[name=progress]").select_option("demo")
    form.locator("select[name=attitude]").select_option("warm")
    submit(form)
    assert Visit.objects.get(pk=visit.pk).duration_minutes == 47

    answer = page.context.request.get(
        journey.url(reverse("devlog:sheet-pdf", args=[account.pk]))
    )
    assert answer.headers["content-type"] == "application/pdf"
    journey.keep(".pdf", answer.body())
    text = squeezed(pdf_text(answer.body()))
    assert squeezed(texts["sheet_title"]) in text
    assert squeezed("采购总监 王伟 Wang Wei") in text
    assert squeezed(texts["duration"]) in text
