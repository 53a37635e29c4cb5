"""Dates a person could really mean: one window, checked by the forms and by the
models' full_clean, with a clear message in the user's language; what was stored
before the window existed is repaired, and a check finds what is left."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from devlog.models import DevelopmentEntry, Outcome
from kam.dates import stored_outside_the_window
from kam.tests.impossible import IMPOSSIBLE_INPUT, store_impossible
from prospects.models import MonthlyTransaction
from prospects.tests.factories import ProspectFactory
from visits.models import FirstContact, FollowUp, MethodMeeting, Visit
from visits.tests import factories
from visits.tests.factories import local_input

TOO_EARLY = "Enter a date from 1 January 2000 on."
TOO_FAR = "Enter a date at most two years ahead."


@pytest.fixture
def account(rep):
    return ProspectFactory(owner=rep)


@pytest.fixture
def planned(account, supervisor, rep):
    visit = factories.plan_visit(account, supervisor, co_visitors=[rep])
    factories.complete_preparation(visit)
    return visit


def _record(client, visit, held_at):
    return client.post(
        reverse("visits:record", args=[visit.pk]),
        {
            "version": Visit.objects.get(pk=visit.pk).version,
            "held_at": held_at,
            "place": "Their office",
            "method": "face_to_face",
            "talking_points": "Points",
            "customer_views": "Views",
        },
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (IMPOSSIBLE_INPUT, TOO_EARLY),
        ("1999-12-31T23:59", TOO_EARLY),
        ("9999-12-31T23:59", "A visit cannot be recorded before it happens."),
    ],
)
def test_a_visit_held_at_an_impossible_moment_is_refused(
    client, rep, planned, typed, message
):
    client.force_login(rep)
    response = _record(client, planned, typed)
    assert response.status_code == 200
    assert response.context["form"].errors["held_at"] == [message]
    assert Visit.objects.get(pk=planned.pk).status == Visit.Status.PLANNED


def test_a_visit_is_held_no_earlier_than_a_year_before_the_account(
    client, rep, planned
):
    client.force_login(rep)
    long_ago = planned.prospect.created_at - timedelta(days=400)
    response = _record(client, planned, local_input(long_ago))
    [error] = response.context["form"].errors["held_at"]
    assert error.startswith("A visit cannot be held more than a year before")
    within = planned.prospect.created_at - timedelta(days=300)
    assert _record(client, planned, local_input(within)).status_code == 302


def test_a_visit_planned_more_than_two_years_ahead_is_refused(client, rep, account):
    client.force_login(rep)
    response = client.post(
        reverse("visits:plan", args=[account.pk]),
        {
            "planned_at": local_input(timezone.now() + timedelta(days=800)),
            "place": "Their office",
            "method": "face_to_face",
        },
    )
    assert response.context["form"].errors["planned_at"] == [TOO_FAR]
    assert not Visit.objects.exists()


# The model refuses what the form would: a service, a script, an import.


def _visit(account, supervisor, **moments):
    return Visit(
        prospect=account,
        lead_visitor=supervisor,
        place="x",
        created_by=account.owner,
        **{"planned_at": timezone.now(), **moments},
    )


def _moment(text):
    return timezone.make_aware(timezone.datetime.fromisoformat(text))


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda a, s: _visit(a, s, planned_at=_moment("0001-01-01T00:00")), "planned_at"),
        (lambda a, s: _visit(a, s, planned_at=timezone.now() + timedelta(days=800)), "planned_at"),
        (lambda a, s: _visit(a, s, held_at=_moment("1970-01-01T00:00")), "held_at"),
        (lambda a, s: FirstContact(prospect=a, channel="phone", made_by=a.owner, contacted_at=timezone.now() + timedelta(days=1)), "contacted_at"),
        (lambda a, s: DevelopmentEntry(prospect=a, person_met="x", method="meal", created_by=a.owner, occurred_at=_moment("0001-01-01T00:00")), "occurred_at"),
        (lambda a, s: MethodMeeting(team=a.team, called_by=s, held_on=_moment("2100-01-01T00:00")), "held_on"),
        (lambda a, s: Outcome(prospect=a, result="lost", decided_by=a.owner, summary="x", decided_on=date(1, 1, 1)), "decided_on"),
        (lambda a, s: Outcome(prospect=a, result="lost", decided_by=a.owner, summary="x", decided_on=date(2026, 1, 1), approach_again_on=date(2999, 1, 1)), "approach_again_on"),
        (lambda a, s: MonthlyTransaction(prospect=a, month=date(1999, 12, 1)), "month"),
    ],
)  # fmt: skip
def test_full_clean_refuses_a_date_outside_its_window(
    account, supervisor, build, field
):
    with pytest.raises(ValidationError) as refused:
        build(account, supervisor).full_clean()
    assert field in refused.value.error_dict


def test_the_messages_are_translated(client, rep, planned):
    client.force_login(rep)
    client.cookies["django_language"] = "zh-hans"
    response = _record(client, planned, IMPOSSIBLE_INPUT)
    [error] = response.context["form"].errors["held_at"]
    assert "2000" in error
    assert "Enter" not in error


# What was stored before the window existed.

REPAIR = importlib.import_module("visits.migrations.0014_repair_impossible_dates")


def test_the_migration_repairs_a_visit_held_in_year_one(rep, supervisor):
    held = factories.held_visit(ProspectFactory(owner=rep), supervisor)
    store_impossible(Visit, held.pk, "held_at")
    store_impossible(Visit.history.model, held.history.latest().history_id, "held_at")

    REPAIR.repair(apps, None)

    visit = Visit.objects.get(pk=held.pk)  # readable again
    assert visit.held_at == visit.planned_at
    assert all(
        copy.held_at is None or copy.held_at.year > 2000 for copy in held.history.all()
    )


def test_the_migration_repairs_the_follow_up_of_a_visit_held_in_year_one(
    rep, supervisor
):
    held = factories.held_visit(ProspectFactory(owner=rep), supervisor)
    for field in ("due_at", "done_at"):
        store_impossible(FollowUp, held.follow_up.pk, field)
    store_impossible(Visit, held.pk, "held_at")
    REPAIR.repair(apps, None)
    follow_up = FollowUp.objects.select_related("visit").get(pk=held.follow_up.pk)
    assert follow_up.due_at == follow_up.visit.planned_at + timedelta(days=7)
    assert follow_up.done_at == follow_up.due_at


def test_the_database_check_finds_dates_outside_their_window(rep, supervisor):
    assert stored_outside_the_window() == []
    visit = factories.plan_visit(ProspectFactory(owner=rep), supervisor)
    Visit.objects.filter(pk=visit.pk).update(planned_at=_moment("2090-06-01T10:00"))
    [warning] = stored_outside_the_window()
    assert warning.id == "kam.W001"
    assert "1 visits.Visit rows have a planned_at outside its window" in warning.msg
