"""Contacts added to the sheet by hand: added, edited, deleted; bad input is refused
with a clear message and nothing is saved."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from devlog.models import DevelopmentEntry
from devlog.tests.factories import DevelopmentEntryFactory, ago
from devlog.tests.helpers import loaded_version, messages_of
from visits.tests.factories import local_input


def entry_data(**overrides):
    data = {
        "occurred_at": local_input(ago(days=2)),
        "person_met": "王总",
        "method": DevelopmentEntry.Method.EVENT,
        "duration_minutes": "90",
        "progress": "demo",
        "attitude": "warm",
        "remarks": "Came to our product launch",
    }
    data.update(overrides)
    return data


def test_a_contact_added_by_hand_joins_the_sheet(client, rep, prospect):
    client.force_login(rep)

    response = client.post(
        reverse("devlog:entry-create", args=[prospect.pk]), entry_data()
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("devlog:sheet", args=[prospect.pk])
    entry = DevelopmentEntry.objects.get()
    assert (entry.prospect, entry.created_by, entry.person_met) == (
        prospect,
        rep,
        "王总",
    )
    assert (entry.duration_minutes, entry.progress, entry.attitude) == (
        90,
        "demo",
        "warm",
    )
    assert messages_of(response) == ["The contact was added to the development record."]
    sheet = client.get(response["Location"]).content.decode()
    assert "Came to our product launch" in sheet


def test_the_form_page_opens(client, rep, prospect):
    client.force_login(rep)

    page = client.get(reverse("devlog:entry-create", args=[prospect.pk]))

    assert page.status_code == 200
    for field in ("occurred_at", "person_met", "duration_minutes", "progress"):
        assert f'name="{field}"' in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "occurred_at",
            local_input(timezone.now() + timedelta(days=1)),
            "Add a contact to the record once it has happened.",
        ),
        ("progress", "", "This field is required."),
        ("attitude", "", "This field is required."),
        ("duration_minutes", "1441", "At most a day: 1440 minutes."),
        ("progress", "signed", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    client, rep, prospect, field, value, message
):
    client.force_login(rep)

    response = client.post(
        reverse("devlog:entry-create", args=[prospect.pk]),
        entry_data(**{field: value}),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not DevelopmentEntry.objects.exists()
    prospect.refresh_from_db()
    assert prospect.stage == ""


def test_a_day_long_contact_is_accepted(client, rep, prospect):
    client.force_login(rep)

    client.post(
        reverse("devlog:entry-create", args=[prospect.pk]),
        entry_data(duration_minutes="1440"),
    )

    assert DevelopmentEntry.objects.get().duration_minutes == 1440


def test_an_entry_is_edited_in_place(client, rep, prospect):
    entry = DevelopmentEntryFactory(prospect=prospect, created_by=rep)
    client.force_login(rep)
    url = reverse("devlog:entry-edit", args=[prospect.pk, entry.pk])

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        entry_data(
            person_met="Engineer Zhang",
            **loaded_version(DevelopmentEntry, pk=entry.pk),
        ),
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.person_met, entry.method, entry.duration_minutes) == (
        "Engineer Zhang",
        "event",
        90,
    )
    assert DevelopmentEntry.objects.count() == 1


def test_an_edit_with_bad_input_changes_nothing(client, rep, prospect):
    entry = DevelopmentEntryFactory(prospect=prospect, duration_minutes=60)
    client.force_login(rep)

    response = client.post(
        reverse("devlog:entry-edit", args=[prospect.pk, entry.pk]),
        entry_data(
            duration_minutes="2000",
            person_met="Someone else",
            **loaded_version(DevelopmentEntry, pk=entry.pk),
        ),
    )

    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.duration_minutes, entry.person_met) == (60, "Purchasing director Li")


def test_an_entry_is_deleted_by_post_only(client, rep, prospect):
    entry = DevelopmentEntryFactory(prospect=prospect)
    client.force_login(rep)
    url = reverse("devlog:entry-delete", args=[prospect.pk, entry.pk])

    assert client.get(url).status_code == 405
    assert DevelopmentEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("devlog:sheet", args=[prospect.pk])
    assert not DevelopmentEntry.objects.exists()
    assert messages_of(response) == ["The contact was removed from the record."]
