"""The development record and outcomes over the API: an outcome is the one door
to an account's status, as on the web."""

import pytest
from django.utils import timezone

from devlog.models import DevelopmentEntry, FailureReason, Outcome
from kam.tests.api import ApiClient
from prospects.models import Prospect
from prospects.tests.factories import ProspectFactory


@pytest.fixture
def prospect(rep):
    return ProspectFactory(owner=rep, name="华鑫精密")


def today():
    return str(timezone.localdate())


def test_an_entry_is_added_to_the_record(rep, prospect):
    response = ApiClient(rep).post(
        "/api/v1/development-entries/",
        {
            "account": prospect.pk,
            "occurred_at": timezone.now().isoformat(),
            "person_met": "王总",
            "method": "meal",
            "progress": "explanation",
            "attitude": "warm",
        },
    )
    assert response.status_code == 201, response.json()
    entry = DevelopmentEntry.objects.get()
    assert entry.created_by == rep
    prospect.refresh_from_db()
    assert prospect.status == Prospect.Status.DEVELOPING  # the first contact


def test_an_entry_in_the_future_is_refused(rep, prospect):
    response = ApiClient(rep, language="zh-hans").post(
        "/api/v1/development-entries/",
        {
            "account": prospect.pk,
            "occurred_at": "2999-01-01T10:00:00+08:00",
            "person_met": "王总",
            "method": "meal",
            "progress": "contact",
            "attitude": "warm",
        },
    )
    assert response.status_code == 400
    assert "occurred_at" in response.json()
    assert not DevelopmentEntry.objects.exists()


def test_an_entry_is_changed_with_its_version(rep, prospect):
    api = ApiClient(rep)
    entry = api.post(
        "/api/v1/development-entries/",
        {
            "account": prospect.pk,
            "occurred_at": timezone.now().isoformat(),
            "person_met": "王总",
            "method": "phone",
            "progress": "contact",
            "attitude": "neutral",
        },
    ).json()
    changed = api.patch(
        f"/api/v1/development-entries/{entry['id']}/",
        {"remarks": "Call back in May", "version": entry["version"]},
    )
    assert changed.status_code == 200
    stale = api.patch(
        f"/api/v1/development-entries/{entry['id']}/",
        {"remarks": "Other", "version": entry["version"]},
    )
    assert stale.status_code == 409


def test_a_lost_outcome_needs_a_reason(rep, prospect):
    response = ApiClient(rep).post(
        "/api/v1/outcomes/",
        {
            "account": prospect.pk,
            "result": "lost",
            "decided_on": today(),
            "summary": "Price",
        },
    )
    assert response.status_code == 400
    assert "reasons" in response.json()
    prospect.refresh_from_db()
    assert prospect.status == Prospect.Status.POTENTIAL


def test_a_lost_account_is_restored(rep, prospect):
    api = ApiClient(rep)
    reason = FailureReason.objects.filter(active=True).first()
    outcome = api.post(
        "/api/v1/outcomes/",
        {
            "account": prospect.pk,
            "result": "lost",
            "decided_on": today(),
            "summary": "Price",
            "reasons": [reason.pk],
        },
    ).json()
    assert outcome["account_status"] == "lost"
    restored = api.post(f"/api/v1/outcomes/{outcome['id']}/restore/")
    assert restored.status_code == 200
    assert restored.json()["account_status"] == "developing"
    again = api.post(f"/api/v1/outcomes/{outcome['id']}/restore/")
    assert again.status_code == 400


def test_a_second_outcome_for_the_account_is_a_conflict(rep, prospect):
    api = ApiClient(rep)
    body = {
        "account": prospect.pk,
        "result": "won",
        "decided_on": today(),
        "summary": "Yes",
    }
    assert api.post("/api/v1/outcomes/", body).status_code == 201
    second = api.post("/api/v1/outcomes/", body)
    assert second.status_code == 409
    assert Outcome.objects.count() == 1
