"""A create form sent twice — the same body again, a double click, a browser retry —
creates one record, and the second sending is led to it."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from devlog.models import DevelopmentEntry
from kam.once import TOKEN
from kam.tests.helpers import in_threads, rendered_token
from prospects.models import Prospect
from prospects.tests.factories import ProspectFactory
from visits.models import FirstContact, MethodMeeting, Visit
from visits.tests.factories import local_input

ALREADY = "This form had been sent already"


@dataclass
class CreateForm:
    url: object  # callable(account) -> the form's address
    body: object  # callable(account, people) -> a valid body
    model: type
    who: str = "rep"


def _soon(days):
    return local_input(timezone.now() + timedelta(days=days))


FORMS = {
    "account": CreateForm(
        lambda a: reverse("prospects:create"),
        lambda a, p: {"name": "新客户 New account"},
        Prospect,
    ),
    "visit plan": CreateForm(
        lambda a: reverse("visits:plan", args=[a.pk]),
        lambda a, p: {
            "planned_at": _soon(3),
            "place": "Their office",
            "method": "face_to_face",
            "lead_visitor": p["supervisor"].pk,
        },
        Visit,
    ),
    "first contact": CreateForm(
        lambda a: reverse("visits:first-contact-create", args=[a.pk, "phone"]),
        lambda a, p: {"contacted_at": _soon(0), "response": "Call back Monday"},
        FirstContact,
    ),
    "record-sheet entry": CreateForm(
        lambda a: reverse("devlog:entry-create", args=[a.pk]),
        lambda a, p: {
            "occurred_at": _soon(0),
            "person_met": "王总",
            "method": "meal",
            "progress": "contact",
            "attitude": "warm",
        },
        DevelopmentEntry,
    ),
    "meeting": CreateForm(
        lambda a: reverse("visits:meeting-create"),
        lambda a, p: {
            "held_on": _soon(2),
            "prospects": [a.pk],
            "attendees": [p["rep"].pk],
        },
        MethodMeeting,
        who="manager",
    ),
}


@pytest.fixture
def people(rep, supervisor, manager):
    return {"rep": rep, "supervisor": supervisor, "manager": manager}


@pytest.fixture
def account(rep):
    return ProspectFactory(owner=rep)


@pytest.mark.parametrize("kind", FORMS)
def test_a_form_sent_twice_creates_one_record(client, people, account, kind):
    form = FORMS[kind]
    client.force_login(people[form.who])
    url = form.url(account)
    body = {**form.body(account, people), TOKEN: rendered_token(client, url)}
    before = form.model.objects.count()

    first = client.post(url, body)
    second = client.post(url, body, follow=True)

    assert first.status_code == 302
    assert form.model.objects.count() == before + 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert ALREADY in second.content.decode()


@pytest.mark.parametrize("kind", FORMS)
def test_each_rendering_of_the_form_saves_its_own_record(client, people, account, kind):
    form = FORMS[kind]
    client.force_login(people[form.who])
    url = form.url(account)
    before = form.model.objects.count()
    for n in range(2):
        body = {**form.body(account, people), TOKEN: rendered_token(client, url)}
        if kind == "account":
            body["name"] = f"New account {n}"
        assert client.post(url, body).status_code == 302
    assert form.model.objects.count() == before + 2


def test_a_refused_sending_claims_nothing_and_the_corrected_one_saves(
    client, people, account
):
    form = FORMS["record-sheet entry"]
    client.force_login(people["rep"])
    url = form.url(account)
    token = rendered_token(client, url)
    refused = client.post(
        url, {**form.body(account, people), "person_met": "", TOKEN: token}
    )
    assert refused.status_code == 200
    assert f'value="{token}"' in refused.content.decode()  # the same form, kept
    assert (
        client.post(url, {**form.body(account, people), TOKEN: token}).status_code
        == 302
    )
    assert DevelopmentEntry.objects.count() == 1


def test_an_edit_form_carries_no_token(client, rep, account):
    client.force_login(rep)
    page = client.get(reverse("prospects:edit", args=[account.pk])).content.decode()
    assert TOKEN not in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["visit plan", "first contact"])
def test_a_double_click_saves_once(rep, supervisor, manager, kind):
    people = {"rep": rep, "supervisor": supervisor, "manager": manager}
    account = ProspectFactory(owner=rep)
    form = FORMS[kind]
    browser = Client()
    browser.force_login(rep)
    url = form.url(account)
    body = {**form.body(account, people), TOKEN: rendered_token(browser, url)}

    answers = in_threads(2, lambda i: browser.post(url, body))

    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert form.model.objects.count() == 1


@pytest.mark.parametrize("token", ["x" * 300, "a\x00b"])
def test_a_token_that_is_not_ours_saves_as_if_absent(client, people, account, token):
    form = FORMS["record-sheet entry"]
    client.force_login(people["rep"])
    url = form.url(account)
    response = client.post(url, {**form.body(account, people), TOKEN: token})
    assert response.status_code == 302
    assert DevelopmentEntry.objects.count() == 1
