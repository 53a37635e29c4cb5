"""A refused form says why once: one box per message, never two identical ones."""

from django.urls import reverse

from prospects.tests.factories import ProspectFactory


def test_a_duplicate_name_shows_one_message(client, rep):
    ProspectFactory(name="Same Name", owner=rep)
    client.force_login(rep)
    response = client.post(
        reverse("prospects:create"), {"name": "same name", "owner": rep.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Your team already has an account of this name.") == 1


def test_an_edit_conflict_shows_one_message(client, rep):
    account = ProspectFactory(name="Mine", owner=rep)
    client.force_login(rep)
    response = client.post(
        reverse("prospects:edit", args=[account.pk]),
        {"name": "Mine, renamed", "owner": rep.pk, "version": account.version + 5},
    )
    assert response.status_code == 200
    assert response.content.decode().count("Someone else saved this record") == 1
