"""Group accounts: the tree (any depth, no cycle), its scoping, and the group's
figures rolled up over the members the reader may see."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kam.tests.helpers import queries_of_page
from prospects.groups import group_rollup, group_tree, months_back
from prospects.models import Prospect
from prospects.services import prospect_save
from prospects.tests.factories import (
    ForecastFactory,
    MonthlyTransactionFactory,
    ProspectFactory,
    loaded_version,
)


def attach(child, parent):
    child.parent = parent
    return prospect_save(prospect=child)


def this_month():
    return timezone.localdate().replace(day=1)


@pytest.fixture
def group(rep):
    """海尔集团 → 青岛工厂 → 青岛工厂二车间, all ``rep``'s."""
    root = ProspectFactory(owner=rep, name="海尔集团")
    plant = attach(ProspectFactory(owner=rep, name="青岛工厂"), root)
    workshop = attach(ProspectFactory(owner=rep, name="二车间"), plant)
    return root, plant, workshop


def test_every_member_knows_its_group_at_any_depth(group):
    root, _plant, _workshop = group
    for member in group:
        member.refresh_from_db()
        assert member.group_root_id == root.pk


def test_an_account_cannot_join_its_own_subsidiary(group):
    root, _plant, workshop = group
    root.refresh_from_db()
    root.parent = workshop
    with pytest.raises(ValidationError) as refused:
        prospect_save(prospect=root)
    assert "parent" in refused.value.message_dict
    root.refresh_from_db()
    assert root.parent_id is None


def test_an_account_cannot_be_its_own_parent(rep):
    alone = ProspectFactory(owner=rep)
    alone.parent = alone
    with pytest.raises(ValidationError):
        prospect_save(prospect=alone)


def test_the_form_refuses_a_cycle_in_the_users_language(client, rep, group):
    root, _plant, workshop = group
    client.force_login(rep)
    response = client.post(
        reverse("prospects:edit", args=[root.pk]),
        {
            "name": root.name,
            "owner": rep.pk,
            "parent": workshop.pk,
            **loaded_version(Prospect, pk=root.pk),
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    message = response.context["form"].errors["parent"][0]
    assert "子公司" in message
    root.refresh_from_db()
    assert root.parent_id is None


def test_a_member_leaving_takes_its_subsidiaries_into_a_group_of_their_own(group):
    root, plant, workshop = group
    plant.refresh_from_db()
    plant.parent = None
    prospect_save(prospect=plant)
    root.refresh_from_db()
    workshop.refresh_from_db()
    plant.refresh_from_db()
    assert plant.group_root_id == plant.pk
    assert workshop.group_root_id == plant.pk
    assert root.group_root_id is None  # left alone, no group any more


def test_the_tree_lists_members_in_order_with_their_depth(rep, group):
    root, _plant, _workshop = group
    tree = group_tree(root.pk, rep)
    assert [(n.prospect.name, n.depth) for n in tree.nodes] == [
        ("海尔集团", 0),
        ("青岛工厂", 1),
        ("二车间", 2),
    ]
    assert not tree.others_exist


@pytest.fixture
def split_group(rep, outsider):
    """A group of ``rep``'s team with a subsidiary in the other team."""
    root = ProspectFactory(owner=rep, name="美的集团")
    ours = attach(ProspectFactory(owner=rep, name="美的顺德"), root)
    theirs = attach(ProspectFactory(owner=outsider, name="美的芜湖"), root)
    MonthlyTransactionFactory(
        prospect=ours, month=this_month(), our_sales=100, purchase_volume=1000
    )
    MonthlyTransactionFactory(
        prospect=theirs, month=this_month(), our_sales=700, purchase_volume=2000
    )
    ForecastFactory(prospect=theirs)
    return root, ours, theirs


def test_a_manager_never_sees_another_teams_subsidiary_figures(manager, split_group):
    root, _ours, theirs = split_group
    rollup = group_rollup(root.pk, manager)
    assert rollup.sales == Decimal(100)
    assert rollup.volume == Decimal(1000)
    assert rollup.share == Decimal(10)
    assert rollup.pipeline["total"] == 2
    assert rollup.forecast["accounts"] == 0
    tree = group_tree(root.pk, manager)
    assert theirs.pk not in [n.prospect.pk for n in tree.nodes]
    assert tree.others_exist


def test_the_other_team_sees_its_subsidiary_under_a_member_it_does_not_see(
    other_manager, split_group
):
    root, _ours, theirs = split_group
    tree = group_tree(root.pk, other_manager)
    assert [(n.prospect.pk, n.parent_hidden) for n in tree.nodes] == [(theirs.pk, True)]
    assert tree.others_exist
    rollup = group_rollup(root.pk, other_manager)
    assert rollup.sales == Decimal(700)
    assert rollup.forecast["accounts"] == 1


def test_the_group_page_names_no_hidden_member(client, manager, split_group):
    _root, ours, _theirs = split_group
    client.force_login(manager)
    response = client.get(reverse("prospects:group", args=[ours.pk]))
    assert response.status_code == 200
    assert "美的顺德" in response.text
    assert "美的芜湖" not in response.text
    assert "Other members exist" in response.text
    members = response.text[response.text.index('id="group-members"') :]
    assert "10.0%" in members  # 美的顺德's own share


def test_the_group_page_of_a_hidden_account_is_not_there(client, manager, split_group):
    _root, _ours, theirs = split_group
    client.force_login(manager)
    assert client.get(reverse("prospects:group", args=[theirs.pk])).status_code == 404


def test_the_group_page_costs_the_same_with_three_or_ten_members(client, rep):
    root = ProspectFactory(owner=rep)
    client.force_login(rep)
    url = reverse("prospects:group", args=[root.pk])
    parent = root
    for _ in range(2):
        parent = attach(ProspectFactory(owner=rep), parent)
        MonthlyTransactionFactory(prospect=parent, month=this_month())
        ForecastFactory(prospect=parent)
    few = queries_of_page(client, url)
    for _ in range(7):
        parent = attach(ProspectFactory(owner=rep), root)
        MonthlyTransactionFactory(prospect=parent, month=this_month())
        ForecastFactory(prospect=parent)
    assert queries_of_page(client, url) == few


def test_the_rollup_is_a_fixed_number_of_queries(rep, group):
    root = group[0]
    with CaptureQueriesContext(connection) as few:
        group_rollup(root.pk, rep)
    for _ in range(5):
        attach(ProspectFactory(owner=rep), root)
    with CaptureQueriesContext(connection) as many:
        group_rollup(root.pk, rep)
    assert len(many) == len(few)


def test_the_forecast_rolls_up_risk_adjusted_profit(rep, group):
    root, plant, workshop = group
    for member in (plant, workshop):
        ForecastFactory(prospect=member)
    expected = sum(
        (m.forecast.risk_adjusted_profit for m in (plant, workshop)), Decimal(0)
    )
    forecast = group_rollup(root.pk, rep).forecast
    assert forecast["accounts"] == 2
    assert forecast["profit"] == pytest.approx(expected)


def test_joining_a_group_owned_elsewhere_warns_who_owns_it(
    client, colleague, manager, split_group
):
    root = split_group[0]
    client.force_login(manager)
    response = client.post(
        reverse("prospects:create"),
        {"name": "美的重庆", "owner": colleague.pk, "parent": root.pk},
        follow=True,
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "美的集团" in text
    assert str(root.owner) in text


def test_the_matrix_can_place_groups(client, rep, group):
    for member, score in zip(group, (80, 60, 70), strict=True):
        Prospect.objects.filter(pk=member.pk).update(
            score=score, position_score=90, quadrant="strategic"
        )
    ProspectFactory(owner=rep, name="独立客户")
    client.force_login(rep)
    response = client.get(reverse("prospects:matrix") + "?by=group")
    assert response.status_code == 200
    strategic = response.context["matrix"]["quadrants"][0]
    assert [(p.name, p.score, p.members) for p in strategic["top"]] == [
        ("海尔集团", 70, 3)
    ]
    assert response.context["matrix"]["alone"] == 1


def test_months_back_crosses_the_year():
    assert months_back(date(2026, 3, 15)) == date(2025, 4, 1)


def test_the_admin_keeps_the_group_when_it_sets_a_parent(client, admin_user, rep):
    from types import SimpleNamespace

    from django.contrib import admin

    head, child = ProspectFactory(owner=rep), ProspectFactory(owner=rep)
    client.force_login(admin_user)
    page = client.get(reverse("admin:prospects_prospect_change", args=[child.pk]))
    assert page.status_code == 200
    child.parent = head
    form = SimpleNamespace(changed_data=["parent"], initial={"parent": None})
    admin.site._registry[Prospect].save_model(None, child, form, change=True)
    child.refresh_from_db()
    head.refresh_from_db()
    assert child.group_root == head == head.group_root


@pytest.mark.django_db(transaction=True)
def test_two_saves_that_would_close_a_loop_together_save_one(rep):
    from kam.tests.helpers import in_threads

    first, second = ProspectFactory(owner=rep), ProspectFactory(owner=rep)

    def join(index):
        child, parent = (first, second) if index == 0 else (second, first)
        child = Prospect.objects.get(pk=child.pk)
        child.parent_id = parent.pk
        try:
            prospect_save(prospect=child)
        except ValidationError:
            return "refused"
        return "saved"

    assert sorted(in_threads(2, join)) == ["refused", "saved"]
    parents = dict(Prospect.objects.values_list("pk", "parent_id"))
    assert None in (parents[first.pk], parents[second.pk])
