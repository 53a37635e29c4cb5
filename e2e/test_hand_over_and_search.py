"""Journey: a manager ticks two of a leaving rep's accounts and hands them to a
colleague, who finds one of them with the navigation's search box by its pinyin,
in Chinese; the new owner's bell has the notice."""

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from e2e.pages import submit, success_message
from prospects.models import Prospect
from prospects.tests.factories import ProspectFactory


@pytest.fixture
def leaving(team):
    return UserFactory(username="leaving", team=team, role=Role.REP)


@pytest.fixture
def accounts(leaving):
    return [
        ProspectFactory(name="苏州恒瑞精密机械有限公司", owner=leaving),
        ProspectFactory(name="无锡华光锅炉股份有限公司", owner=leaving),
        ProspectFactory(name="常州天合光能有限公司", owner=leaving),
    ]


def test_a_manager_hands_over_ticked_accounts_and_the_new_owner_finds_one(
    journey, with_password, manager, colleague, accounts
):
    page = journey.sign_in(with_password(manager))
    page.goto(journey.url("/prospects/?sort=name"))
    for account in accounts[:2]:
        page.get_by_label(f"Tick {account.name}").check()
    bulk = page.locator("form#kam-bulk")
    page.locator("details.kam-bulk summary").click()
    bulk.locator("select[name=action]").select_option("hand_over")
    bulk.locator("select[name=person]").select_option(label=str(colleague))
    submit(bulk)
    assert success_message(page) == f"2 accounts handed over to {colleague}."
    owners = dict(Prospect.objects.values_list("name", "owner__username"))
    assert owners["苏州恒瑞精密机械有限公司"] == "colleague"
    assert owners["常州天合光能有限公司"] == "leaving"

    page = journey.sign_in(with_password(colleague), language="zh-hans")
    box = page.locator("nav form[role=search] input[name=q]")
    box.fill("hengrui")
    with page.expect_navigation():
        box.press("Enter")
    found = page.locator("#found-accounts")
    assert found.get_by_role("link", name="苏州恒瑞精密机械有限公司").is_visible()
    found.get_by_role("link", name="苏州恒瑞精密机械有限公司").click()
    page.wait_for_url(f"**{accounts[0].get_absolute_url()}")

    page.goto(journey.url("/notifications/"))
    assert page.get_by_text("客户已移交给你").count() == 2
