"""Creating or renaming an account whose name matches another's, once normalised,
warns before saving; an account outside the user's scope is only said to exist."""

from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from prospects.models import Prospect
from prospects.tests.factories import ProspectFactory, loaded_version


def create(client, user, **data):
    client.force_login(user)
    return client.post(reverse("prospects:create"), data)


def test_a_name_differing_only_in_legal_form_warns_before_saving(client, rep):
    existing = ProspectFactory(owner=rep, name="苏州恒瑞精密机械股份有限公司")
    response = create(client, rep, name="苏州恒瑞精密机械有限公司")
    assert response.status_code == 200
    page = response.content.decode()
    assert "similar name already exists" in page
    assert reverse("prospects:detail", args=[existing.pk]) in page
    assert 'type="checkbox" name="save_anyway"' in page
    assert Prospect.objects.count() == 1


def test_confirming_saves_the_second_account(client, rep):
    ProspectFactory(owner=rep, name="苏州恒瑞精密机械股份有限公司")
    response = create(client, rep, name="苏州恒瑞精密机械有限公司", save_anyway="on")
    assert response.status_code == 302
    assert Prospect.objects.count() == 2


def test_full_width_letters_and_spaces_are_the_same_name(client, rep):
    ProspectFactory(owner=rep, name="ACME Trading Co., Ltd.")
    response = create(client, rep, name="ＡＣＭＥ  trading")
    assert "similar name already exists" in response.content.decode()


def test_an_account_outside_the_scope_is_named_by_whom_to_ask_only(
    client, rep, outsider, other_team
):
    UserFactory(
        username="boss_b", full_name="王经理", team=other_team, role=Role.MANAGER
    )
    hidden = ProspectFactory(
        owner=outsider, name="苏州恒瑞精密机械股份有限公司", region="Secret Region"
    )
    response = create(client, rep, name="苏州恒瑞精密机械有限公司")
    page = response.content.decode()
    assert "which you cannot see" in page
    assert "王经理" in page
    assert hidden.name not in page
    assert reverse("prospects:detail", args=[hidden.pk]) not in page
    assert str(outsider) not in page
    assert "Secret Region" not in page


def test_a_team_without_manager_says_to_ask_an_administrator(client, rep, outsider):
    ProspectFactory(owner=outsider, name="Hengrui Group")
    response = create(client, rep, name="Hengrui")
    assert "Ask an administrator" in response.content.decode()


def test_renaming_onto_a_similar_name_warns(client, rep):
    ProspectFactory(owner=rep, name="恒瑞精密有限公司")
    mine = ProspectFactory(owner=rep, name="Another")
    client.force_login(rep)
    url = reverse("prospects:edit", args=[mine.pk])
    data = {"name": "恒瑞精密集团", **loaded_version(Prospect, pk=mine.pk)}
    response = client.post(url, data)
    assert "similar name already exists" in response.content.decode()
    mine.refresh_from_db()
    assert mine.name == "Another"
    assert client.post(url, {**data, "save_anyway": "on"}).status_code == 302


def test_saving_an_account_without_renaming_it_does_not_warn(client, rep):
    ProspectFactory(owner=rep, name="恒瑞精密有限公司")
    twin = ProspectFactory(owner=rep, name="恒瑞精密集团")
    client.force_login(rep)
    response = client.post(
        reverse("prospects:edit", args=[twin.pk]),
        {"name": twin.name, "region": "江苏", **loaded_version(Prospect, pk=twin.pk)},
    )
    assert response.status_code == 302
