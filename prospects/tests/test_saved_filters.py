"""Saved filters on the account list: a person's own, named, found again."""

import pytest
from django.urls import reverse

from prospects.models import SavedFilter

pytestmark = pytest.mark.django_db


def test_a_person_names_the_current_filter_and_finds_it_again(client, rep, prospect):
    client.force_login(rep)
    response = client.post(
        reverse("prospects:filter-save"),
        {"name": "Hot ones", "query": "status=developing&page=3"},
        follow=True,
    )
    saved = SavedFilter.objects.get(owner=rep)
    assert saved.query == "status=developing"
    assert "The filter Hot ones was saved." in response.text
    page = client.get(reverse("prospects:list"))
    assert "Hot ones" in page.text
    assert f"{reverse('prospects:list')}?status=developing" in page.text


def test_the_same_name_again_replaces_the_filter(client, rep):
    client.force_login(rep)
    for query in ("status=won", "status=lost"):
        client.post(reverse("prospects:filter-save"), {"name": "Mine", "query": query})
    assert list(SavedFilter.objects.values_list("query", flat=True)) == ["status=lost"]


def test_an_empty_name_or_filter_is_refused_with_a_message(client, rep):
    client.force_login(rep)
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("prospects:filter-save"), {"name": "All", "query": ""}, follow=True
    )
    assert "请先选择筛选条件" in response.text
    client.post(reverse("prospects:filter-save"), {"name": "", "query": "status=won"})
    assert not SavedFilter.objects.exists()


def test_others_never_see_or_delete_my_filters(client, rep, colleague, manager):
    mine = SavedFilter.objects.create(owner=rep, name="Secret list", query="q=x")
    for other in (colleague, manager):
        client.force_login(other)
        assert "Secret list" not in client.get(reverse("prospects:list")).text
        url = reverse("prospects:filter-delete")
        assert client.post(url, {"filter": mine.pk}).status_code == 404
    assert SavedFilter.objects.filter(pk=mine.pk).exists()


def test_a_person_deletes_their_own_filter(client, rep):
    mine = SavedFilter.objects.create(owner=rep, name="Old", query="q=x")
    client.force_login(rep)
    client.post(reverse("prospects:filter-delete"), {"filter": mine.pk})
    assert not SavedFilter.objects.exists()
