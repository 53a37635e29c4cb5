"""Journey: a rep builds a small buying centre on an account — the boss and a
gatekeeper who reports to them — and sees it drawn as an org chart, with the gap it
leaves; then puts the account under its group and sees the tree."""

import pytest

from e2e.pages import submit, success_message
from prospects.models import Contact
from prospects.tests.factories import ProspectFactory

TEXTS = {
    "en": {
        "decision_maker": "Decision maker / economic buyer",
        "gatekeeper": "Gatekeeper",
        "supporter": "Supporter",
        "opponent": "Opponent",
        "met": "Met",
        "gap": "钱部长 opposes us and nobody on our side owns the relationship.",
    },
    "zh-hans": {
        "decision_maker": "决策者／经济决策人",
        "gatekeeper": "守门人",
        "supporter": "支持者",
        "opponent": "反对者",
        "met": "见过面",
        "gap": "钱部长 反对我方，而我方无人负责与其的关系。",
    },
}


def add_contact(page, prospect, name, fields):
    page.locator(f"a[href='/prospects/{prospect.pk}/contacts/new/']").click()
    form = page.locator("main form.kam-form")
    form.locator("[name=name]").fill(name)
    for field, label in fields.items():
        form.locator(f"select[name={field}]").select_option(label=label)
    submit(form)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_rep_builds_a_small_map_and_sees_it_drawn(
    journey, with_password, rep, language
):
    texts = TEXTS[language]
    account = ProspectFactory(owner=rep, name="鼎盛精密 Dingsheng")
    group = ProspectFactory(owner=rep, name="鼎盛控股集团")
    page = journey.sign_in(with_password(rep), language)
    page.goto(journey.url(account.get_absolute_url()))

    add_contact(page, account, "赵总", {
        "buying_role": texts["decision_maker"],
        "attitude": texts["supporter"],
        "strength": texts["met"],
        "relationship_owner": str(rep),
    })  # fmt: skip
    assert success_message(page)
    add_contact(page, account, "钱部长", {
        "reports_to": "赵总 · " + str(account),
        "buying_role": texts["gatekeeper"],
        "attitude": texts["opponent"],
    })  # fmt: skip
    boss, gatekeeper = Contact.objects.order_by("pk")
    assert gatekeeper.reports_to == boss

    chart = page.locator("#relationship-map svg.kam-org-chart")
    assert chart.locator("g.kam-org-person").count() == 2
    assert chart.locator("path").count() == 1  # the reporting line
    assert chart.locator("rect[fill='#f8d7da']").count() >= 1  # the opponent
    assert texts["gap"] in page.locator("#relationship-map .alert").inner_text()
    rows = page.locator("#relationship-map table tbody tr")
    assert rows.count() == 2
    assert texts["gatekeeper"] in rows.nth(1).inner_text()

    page.goto(journey.url(f"/prospects/{account.pk}/edit/"))
    form = page.locator("main form.kam-form")
    form.locator("select[name=parent]").select_option(label=group.name)
    submit(form)
    tree = page.locator("#group")
    assert group.name in tree.inner_text()
    assert account.name in tree.inner_text()
