"""The first save of a one-to-one section (sales information, purchase factors, the
forecast, the outcome) is checked like every later one: of two people who opened the
empty form, the second is refused with the conflict message, never overwrites the
first, and never meets a 500 — however close together they press Save."""

import pytest
from django.db import connection
from django.urls import reverse

from devlog.models import Outcome
from kam.tests.helpers import in_threads
from kam.versioning import CONFLICT, EditConflict, save_or_conflict
from prospects.forms import SalesProfileForm
from prospects.models import Forecast, PurchaseFactors, SalesProfile
from prospects.services import prospect_part_save
from prospects.tests.factories import ProspectFactory

CONFLICT_TEXT = "Someone else saved this record while you were editing it"

# URL name, the model, a valid first save as (field, value) pairs; the first is read back.
SECTIONS = {
    "prospects:sales": (SalesProfile, [("buyers", "{who}'s buyers")]),
    "prospects:purchase-factors": (
        PurchaseFactors,
        [
            ("purchase_cost_notes", "{who}'s notes"),
            ("purchase_cost", "neutral"),
            ("technical_content", "neutral"),
            ("policy_social", "neutral"),
        ],
    ),
    "prospects:forecast": (Forecast, [("notes", "{who}'s forecast")]),
    "devlog:outcome": (
        Outcome,
        [
            ("summary", "{who}'s summary"),
            ("result", "won"),
            ("decided_on", "2026-01-05"),
        ],
    ),
}


def _form(client, name, prospect):
    response = client.get(reverse(name, args=[prospect.pk]))
    assert response.status_code == 200
    return response.context["form"]


def _body(name, who, form):
    _model, fields = SECTIONS[name]
    loaded = form["version"].value()  # what the browser posts back
    return {
        "version": "" if loaded is None else loaded,
        **{field: value.format(who=who) for field, value in fields},
    }


def _saved(name, prospect):
    model, fields = SECTIONS[name]
    return model.objects.values_list(fields[0][0], flat=True).get(prospect=prospect)


@pytest.fixture
def two_people(client, rep, colleague):
    from django.test import Client

    prospect = ProspectFactory(owner=rep, colleagues=[colleague])
    other = Client()
    client.force_login(rep)
    other.force_login(colleague)
    return prospect, client, other


@pytest.mark.parametrize("name", SECTIONS)
def test_the_empty_form_carries_no_version(two_people, name):
    prospect, client, _other = two_people
    page = client.get(reverse(name, args=[prospect.pk])).content.decode()
    assert '<input type="hidden" name="version" id="id_version">' in page


@pytest.mark.parametrize("name", SECTIONS)
def test_the_second_of_two_first_saves_is_refused(two_people, name):
    prospect, mine, theirs = two_people
    my_form, their_form = _form(mine, name, prospect), _form(theirs, name, prospect)
    assert (
        mine.post(
            reverse(name, args=[prospect.pk]), _body(name, "rep", my_form)
        ).status_code
        == 302
    )
    response = theirs.post(
        reverse(name, args=[prospect.pk]), _body(name, "colleague", their_form)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT_TEXT in page
    assert "colleague&#x27;s" in page  # what they typed is still there
    assert _saved(name, prospect) == SECTIONS[name][1][0][1].format(who="rep")


def test_a_first_save_landing_after_the_form_was_checked_is_a_conflict(rep):
    """Someone else's first save commits between this form's check and its save."""
    prospect = ProspectFactory(owner=rep)
    form = SalesProfileForm(
        {"version": "", "buyers": "Mine"}, instance=None, prospect=prospect
    )
    assert form.is_valid()
    SalesProfile.objects.create(prospect=prospect, buyers="Theirs")
    assert (
        save_or_conflict(form, lambda: prospect_part_save(part=form.save(commit=False)))
        is None
    )
    assert form.non_field_errors() == [str(CONFLICT)]
    assert SalesProfile.objects.get(prospect=prospect).buyers == "Theirs"


def test_a_first_save_landing_while_the_form_is_checked_is_a_conflict(rep):
    """Someone else's first save commits right after this form looked for one (seen
    once on PostgreSQL as a 500: Django's own unique check then found the row and
    named a field the form does not have)."""
    prospect = ProspectFactory(owner=rep)
    form = SalesProfileForm(
        {"version": "", "buyers": "Mine"}, instance=None, prospect=prospect
    )
    landed = []

    def theirs_lands_after_the_first_look(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        looks = sql.startswith('SELECT %s AS "a" FROM "prospects_salesprofile"')
        if looks and not landed:
            landed.append(
                SalesProfile.objects.create(prospect=prospect, buyers="Theirs")
            )
        return result

    with connection.execute_wrapper(theirs_lands_after_the_first_look):
        checked = form.is_valid()
    assert landed
    if checked:
        assert (
            save_or_conflict(
                form, lambda: prospect_part_save(part=form.save(commit=False))
            )
            is None
        )
    assert form.non_field_errors() == [str(CONFLICT)]
    assert SalesProfile.objects.get(prospect=prospect).buyers == "Theirs"


def test_an_insert_losing_the_race_on_the_unique_key_is_a_conflict(rep):
    """Both checked before either saved: the database's unique key decides."""
    prospect = ProspectFactory(owner=rep)
    mine = SalesProfile(prospect=prospect, buyers="Mine")
    SalesProfile.objects.create(prospect=prospect, buyers="Theirs")
    with pytest.raises(EditConflict):
        mine.save()
    assert SalesProfile.objects.get(prospect=prospect).buyers == "Theirs"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["prospects:sales", "devlog:outcome"])
def test_two_first_saves_at_once_never_answer_500(rep, colleague, name):
    from django.test import Client

    prospect = ProspectFactory(owner=rep, colleagues=[colleague])
    clients = []
    for person in (rep, colleague):
        client = Client(raise_request_exception=False)
        client.force_login(person)
        clients.append((client, _form(client, name, prospect)))
    url = reverse(name, args=[prospect.pk])
    answers = in_threads(
        2,
        lambda i: clients[i][0].post(url, _body(name, f"person {i}", clients[i][1])),
    )
    assert sorted(a.status_code for a in answers) == [200, 302]
    refused = next(a for a in answers if a.status_code == 200)
    assert CONFLICT_TEXT in refused.content.decode()


@pytest.mark.parametrize(
    ("name", "tampered"),
    [
        ("prospects:sales", "a\x00b"),
        ("prospects:sales", "-1"),
        ("prospects:advantages", "a\x00b"),
        ("prospects:advantages", "x" * 300),
    ],
)
def test_a_tampered_version_is_shown_as_a_conflict(two_people, name, tampered):
    """The hidden version is never refused on its own (as a hidden field's error
    would be, shown nowhere): whatever comes back that is not the version loaded
    is a conflict, and the page says so."""
    prospect, client, _other = two_people
    field = "versions" if name == "prospects:advantages" else "version"
    response = client.post(
        reverse(name, args=[prospect.pk]), {field: tampered, "buyers": "x"}
    )
    assert response.status_code == 200
    assert CONFLICT_TEXT in response.content.decode()
