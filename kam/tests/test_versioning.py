"""No lost updates: two people editing the same record."""

import re

import pytest
from django.urls import reverse

from kam.versioning import CONFLICT, EditConflict
from prospects.models import Advantage, FinancialStatement, Prospect
from prospects.services import prospect_save_advantages
from prospects.tests.factories import FinancialStatementFactory, ProspectFactory

CONFLICT_TEXT = "Someone else saved this record while you were editing it"


def _statement_form(statement, version, revenue):
    return {
        "version": version,
        "period": statement.period,
        "revenue": revenue,
        "total_assets": "1000",
        "current_assets": "500",
    }


def _edit(client, statement, data):
    return client.post(
        reverse(
            "prospects:financials-edit", args=[statement.prospect_id, statement.pk]
        ),
        data,
    )


def test_the_second_of_two_editors_gets_a_conflict_and_overwrites_nothing(
    client, rep, colleague
):
    statement = FinancialStatementFactory(
        prospect=ProspectFactory(owner=rep), period="2024"
    )
    loaded = statement.version  # both open the edit page at this version
    client.force_login(rep)
    assert (
        _edit(client, statement, _statement_form(statement, loaded, "111")).status_code
        == 302
    )
    response = _edit(client, statement, _statement_form(statement, loaded, "222"))
    assert response.status_code == 200
    assert CONFLICT_TEXT in response.content.decode()
    statement.refresh_from_db()
    assert statement.revenue == 111
    assert statement.version == loaded + 1


def test_reloading_gives_the_current_version_and_the_edit_goes_through(client, rep):
    statement = FinancialStatementFactory(
        prospect=ProspectFactory(owner=rep), period="2024"
    )
    client.force_login(rep)
    page = client.get(
        reverse("prospects:financials-edit", args=[statement.prospect_id, statement.pk])
    )
    assert f'name="version" value="{statement.version}"' in page.content.decode()
    _edit(client, statement, _statement_form(statement, statement.version, "111"))
    current = FinancialStatement.objects.get(pk=statement.pk).version
    assert (
        _edit(client, statement, _statement_form(statement, current, "333")).status_code
        == 302
    )
    statement.refresh_from_db()
    assert statement.revenue == 333


def test_a_form_without_its_version_is_refused(client, rep):
    statement = FinancialStatementFactory(
        prospect=ProspectFactory(owner=rep), period="2024"
    )
    client.force_login(rep)
    data = _statement_form(statement, "", "999")
    response = _edit(client, statement, data)
    assert CONFLICT_TEXT in response.content.decode()
    statement.refresh_from_db()
    assert statement.revenue != 999


def test_the_conflict_message_is_translated(client, rep):
    statement = FinancialStatementFactory(
        prospect=ProspectFactory(owner=rep), period="2024"
    )
    client.force_login(rep)
    client.cookies["django_language"] = "zh-hans"
    response = _edit(
        client, statement, _statement_form(statement, statement.version + 5, "1")
    )
    assert "其他人" in response.content.decode()


def test_a_save_racing_after_the_form_was_checked_still_conflicts(rep):
    """Between the form's check and the save, someone else saves: the conditional
    UPDATE catches it, and the transaction writes nothing."""
    prospect = ProspectFactory(owner=rep)
    mine = Prospect.objects.get(pk=prospect.pk)
    theirs = Prospect.objects.get(pk=prospect.pk)
    theirs._expected_version = theirs.version
    theirs.name = "Their name"
    theirs.save()
    mine._expected_version = mine.version
    mine.name = "My name"
    with pytest.raises(EditConflict):
        mine.save()
    assert Prospect.objects.get(pk=prospect.pk).name == "Their name"


def test_saving_without_a_form_still_moves_the_version_on(rep):
    prospect = ProspectFactory(owner=rep)
    before = prospect.version
    prospect.description = "Updated by a script"
    prospect.save()
    assert Prospect.objects.get(pk=prospect.pk).version == before + 1
    prospect.region = "华南"
    prospect.save(update_fields=["region"])
    assert Prospect.objects.get(pk=prospect.pk).version == before + 2


def test_the_message_says_nothing_was_saved():
    assert "nothing was saved" in str(CONFLICT)


# The advantages form edits all six aspects of an account at once.


def _advantages(client, prospect, versions, **notes):
    data = {"versions": versions}
    for aspect, note in notes.items():
        data[f"{aspect}_note"] = note
    return client.post(reverse("prospects:advantages", args=[prospect.pk]), data)


def _loaded_versions(client, prospect):
    page = client.get(reverse("prospects:advantages", args=[prospect.pk]))
    field = re.search(r'name="versions"(?: value="([^"]*)")?', page.content.decode())
    return field[1] or ""


def _notes(prospect):
    return dict(prospect.advantages.values_list("aspect", "note"))


@pytest.mark.parametrize(
    "first",
    [
        {"solution": "A line built for them"},  # adds an aspect
        {"lower_cost": "20% less energy"},  # changes one
        {},  # removes one
    ],
)
def test_the_second_editor_of_the_advantages_gets_a_conflict(client, rep, first):
    prospect = ProspectFactory(owner=rep)
    Advantage.objects.create(prospect=prospect, aspect="lower_cost", note="15% less")
    client.force_login(rep)
    loaded = _loaded_versions(client, prospect)  # both open the page
    assert _advantages(client, prospect, loaded, **first).status_code == 302
    saved = _notes(prospect)

    response = _advantages(client, prospect, loaded, avoid_waste="Less scrap")
    assert response.status_code == 200
    assert CONFLICT_TEXT in response.content.decode()
    assert _notes(prospect) == saved  # nothing of the second edit was written

    reloaded = _loaded_versions(client, prospect)
    response = _advantages(client, prospect, reloaded, avoid_waste="Less scrap")
    assert response.status_code == 302
    assert _notes(prospect) == {"avoid_waste": "Less scrap"}


def test_advantages_saved_after_the_form_was_checked_still_conflict(rep):
    prospect = ProspectFactory(owner=rep)
    loaded = Advantage.versions_of(prospect.advantages.all())
    prospect_save_advantages(prospect=prospect, notes={"solution": ("Theirs", "")})
    with pytest.raises(EditConflict):
        prospect_save_advantages(
            prospect=prospect, notes={"solution": ("Mine", "")}, loaded=loaded
        )
    assert _notes(prospect) == {"solution": "Theirs"}
