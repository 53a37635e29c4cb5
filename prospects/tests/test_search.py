"""The search box: GET /search/?q= within the user's scope, pinyin included."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from devlog.models import DevelopmentEntry
from kam.search import search, search_grams, search_text, terms
from prospects.demo import demo_credit_code
from prospects.models import Prospect
from prospects.tests.factories import CompetitorFactory, ContactFactory, ProspectFactory
from visits.tests.factories import held_visit

pytestmark = pytest.mark.django_db


def found(user, query, kind="accounts"):
    for group in search(user, query):
        if group.kind.key == kind:
            return [hit.title for hit in group.hits]
    return []


@pytest.fixture
def hengrui(rep):
    return ProspectFactory(name="苏州恒瑞精密机械有限公司", owner=rep, credit_code="")


def test_the_search_text_holds_the_pinyin_and_its_initials():
    text = search_text("恒瑞 Precision")
    assert "hengrui" in text
    assert "hr" in text
    assert "恒瑞 precision" in text


@pytest.mark.parametrize(
    "query", ["恒瑞", "hengrui", "HengRui", "heng rui", "hr", "szhr"]
)
def test_a_chinese_name_is_found_by_characters_pinyin_and_initials(hengrui, rep, query):
    assert found(rep, query) == ["苏州恒瑞精密机械有限公司"]


def test_the_search_text_follows_a_rename(hengrui, rep):
    hengrui.name = "无锡华光锅炉"
    hengrui.save(update_fields=["name"])
    assert found(rep, "hengrui") == []
    assert found(rep, "huaguang") == ["无锡华光锅炉"]


def test_an_account_is_found_by_its_credit_code(rep):
    code = demo_credit_code(4242)
    ProspectFactory(name="Coded", owner=rep, credit_code=code)
    assert found(rep, code[:12]) == ["Coded"]
    assert Prospect.objects.get(name="Coded").credit_code == code


def test_contacts_are_found_by_name_pinyin_and_position_never_by_private_notes(
    hengrui, rep
):
    ContactFactory(
        prospect=hengrui,
        name="陈国栋",
        position="采购总监",
        family_notes="女儿在读高三",
    )
    assert found(rep, "陈国栋", "contacts") == ["陈国栋"]
    assert found(rep, "chenguodong", "contacts") == ["陈国栋"]
    assert found(rep, "cgd", "contacts") == ["陈国栋"]
    assert found(rep, "采购", "contacts") == ["陈国栋"]
    assert search(rep, "高三") == []


def test_competitors_are_found_in_chinese_and_pinyin(hengrui, rep):
    CompetitorFactory(prospect=hengrui, name="发那科")
    assert found(rep, "发那科", "competitors") == ["发那科"]
    assert found(rep, "fanake", "competitors") == ["发那科"]


def test_words_in_visit_records_and_development_remarks_are_found(
    hengrui, rep, supervisor
):
    visit = held_visit(hengrui, supervisor, co_visitors=[rep])
    visit.customer_views = "他们担心伺服电机的交期"
    visit.save()
    DevelopmentEntry.objects.create(
        prospect=hengrui,
        occurred_at=timezone.now() - timedelta(days=1),
        person_met="王总",
        method=DevelopmentEntry.Method.MEAL,
        remarks="Discussed the retrofit budget",
        created_by=rep,
    )
    assert len(found(rep, "交期", "visits")) == 1
    assert len(found(rep, "RETROFIT", "entries")) == 1


def test_another_teams_records_are_never_found(hengrui, outsider, other_manager, rep):
    ContactFactory(prospect=hengrui, name="陈国栋")
    for user in (outsider, other_manager):
        assert search(user, "hengrui") == []
        assert search(user, "陈国栋") == []


def test_a_rep_does_not_find_a_colleagues_account_but_their_manager_does(
    hengrui, colleague, manager
):
    assert found(colleague, "hengrui") == []
    assert found(manager, "hengrui") == ["苏州恒瑞精密机械有限公司"]


def test_an_empty_or_blank_query_finds_nothing(hengrui, rep):
    assert terms("   ") == []
    assert search(rep, "") == []


def test_the_page_groups_results_with_links(client, hengrui, rep):
    ContactFactory(prospect=hengrui, name="陈恒")
    client.force_login(rep)
    page = client.get(reverse("search"), {"q": "恒"})
    assert page.status_code == 200
    assert 'id="found-accounts"' in page.text
    assert 'id="found-contacts"' in page.text
    assert hengrui.get_absolute_url() in page.text


def test_the_page_in_chinese_says_when_nothing_is_found(client, rep):
    client.force_login(rep)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("search"), {"q": "不存在"})
    assert "没有找到" in page.text


def test_the_page_costs_the_same_whatever_it_finds(
    client, rep, django_assert_max_num_queries
):
    for n in range(30):
        account = ProspectFactory(name=f"恒瑞{n}号", owner=rep)
        ContactFactory(prospect=account, name=f"恒{n}")
        CompetitorFactory(prospect=account, name=f"恒力{n}")
    client.force_login(rep)
    client.get(reverse("search"), {"q": "恒"})
    with django_assert_max_num_queries(10):
        client.get(reverse("search"), {"q": "恒"})


def test_accounts_and_contacts_an_import_creates_are_found(rep):
    from prospects.imports import engine
    from prospects.imports.reading import read_table
    from prospects.tests.import_files import csv_bytes

    rows = [["name", "credit_code"], ["苏州恒瑞精密机械有限公司", demo_credit_code(7)]]
    table = read_table("accounts.csv", csv_bytes(rows))
    assert engine.run("accounts", table, rep, commit=True).committed
    assert found(rep, "hengrui") == ["苏州恒瑞精密机械有限公司"]
    assert found(rep, demo_credit_code(7)[-6:]) == ["苏州恒瑞精密机械有限公司"]


def test_the_pairs_of_any_part_of_a_text_are_among_its_grams():
    text = "他们担心伺服电机的交期 Retrofit budget"
    grams = set(search_grams(text).split())
    for part in ("交期", "伺服电机", "retrofit", "it bu", "Budget"):
        assert set(search_grams(part).split()) <= grams, part
    assert not set(search_grams("交货").split()) <= grams
