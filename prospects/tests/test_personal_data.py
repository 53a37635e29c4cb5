"""Decision makers' personal profiles: seen by the account's team and manager only,
never exported, never in error reports or logs."""

from io import BytesIO

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter
from openpyxl import load_workbook

from prospects import views
from prospects.models import Contact
from prospects.tests.factories import ContactFactory, loaded_version

PROFILE = {
    "personality": "Distrusts-salesmen-personality",
    "pressures": "Cost-cut-pressure-note",
    "interests": "Orchid-growing-interest",
    "family_notes": "Twin-daughters-family-note",
}


@pytest.fixture
def contact(assigned):
    return ContactFactory(prospect=assigned, name="王建国", **PROFILE)


def test_the_personal_fields_are_the_four_profile_fields():
    assert set(Contact.PERSONAL_FIELDS) == set(PROFILE)


@pytest.mark.parametrize("who", ["rep", "colleague", "manager", "admin_user"])
def test_the_team_and_its_manager_see_the_profile(client, request, who, contact):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("prospects:detail", args=[contact.prospect_id]))
    assert page.status_code == 200
    for value in PROFILE.values():
        assert value in page.content.decode()


@pytest.mark.parametrize("who", ["outsider", "other_manager", "supervisor"])
def test_anyone_else_gets_404_and_no_profile(client, request, who, contact):
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("prospects:detail", args=[contact.prospect_id]),
        reverse("prospects:contacts-edit", args=[contact.prospect_id, contact.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        for value in PROFILE.values():
            assert value not in response.content.decode()


def test_the_profile_is_not_in_either_export(client, manager, contact):
    client.force_login(manager)
    csv = b"".join(client.get(reverse("prospects:export-csv")).streaming_content)
    xlsx = client.get(reverse("prospects:export-xlsx")).content
    cells = repr(
        [[c.value for c in r] for r in load_workbook(BytesIO(xlsx)).active.rows]
    )
    assert contact.prospect.name.encode() in csv
    assert contact.prospect.name in cells
    for value in (contact.name, *PROFILE.values()):
        assert value.encode() not in csv
        assert value not in cells


def contact_form_data(**changes):
    return {"name": "Li", "purchase_role": "user", **PROFILE, **changes}


@pytest.mark.parametrize("name", ["contacts-create", "contacts-edit"])
def test_the_contact_views_hide_the_profile_from_error_reports(
    client, rep, contact, name
):
    client.force_login(rep)
    editing = name.endswith("edit")
    args = [contact.prospect_id] + ([contact.pk] if editing else [])
    version = loaded_version(Contact, pk=contact.pk) if editing else {}
    response = client.post(
        reverse(f"prospects:{name}", args=args), contact_form_data(**version)
    )
    assert response.status_code == 302
    request = response.wsgi_request
    assert set(request.sensitive_post_parameters) >= set(PROFILE)
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    for field, value in PROFILE.items():
        assert cleansed[field] != value
    assert cleansed["name"] == "Li"  # the rest stays readable


def test_even_a_failed_contact_post_is_cleansed(client, rep, assigned):
    client.force_login(rep)
    response = client.post(
        reverse("prospects:contacts-create", args=[assigned.pk]),
        contact_form_data(email="not-an-email"),
    )
    assert response.status_code == 200
    cleansed = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert PROFILE["personality"] not in repr(dict(cleansed))


def test_the_row_views_are_decorated_even_when_called_directly(rep, contact):
    request = RequestFactory().post(
        "/", contact_form_data(**loaded_version(Contact, pk=contact.pk))
    )
    request.user = rep
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = views.row_edit(
        request, pk=contact.prospect_id, kind="contacts", row_pk=contact.pk
    )
    assert response.status_code == 302
    assert set(request.sensitive_post_parameters) >= set(PROFILE)


def test_repr_and_str_of_a_contact_leave_the_profile_out(contact):
    for text in (repr(contact), str(contact)):
        for value in PROFILE.values():
            assert value not in text
    assert str(contact) == "王建国"


def test_the_contact_form_page_labels_the_profile_as_private(client, rep, assigned):
    client.force_login(rep)
    page = client.get(reverse("prospects:contacts-create", args=[assigned.pk]))
    assert "Personal profile (seen only by the account" in page.content.decode()
