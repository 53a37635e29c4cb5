from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kam.tests.helpers import once_claimed, rendered_token
from visits.models import Visit, VisitPreparation
from visits.tests.factories import held_visit, local_input, plan_visit
from visits.tests.helpers import loaded_version, messages_of


def _plan(client, prospect, **changes):
    data = {
        "planned_at": local_input(timezone.now() + timedelta(days=5)),
        "place": "Their plant in Suzhou",
        "method": "face_to_face",
        "purpose": "Show the new line",
    }
    data.update(changes)
    return client.post(reverse("visits:plan", args=[prospect.pk]), data)


def test_a_visit_is_planned_and_its_visitors_join_the_account(
    client, rep, supervisor, colleague, prospect
):
    client.force_login(rep)
    assert client.get(reverse("visits:plan", args=[prospect.pk])).status_code == 200
    response = _plan(
        client, prospect, lead_visitor=supervisor.pk, co_visitors=[rep.pk, colleague.pk]
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    assert visit.status == Visit.Status.PLANNED
    assert (visit.lead_visitor, visit.created_by) == (supervisor, rep)
    assert set(visit.co_visitors.all()) == {rep, colleague}
    assert visit.place == "Their plant in Suzhou"
    assert VisitPreparation.objects.filter(visit=visit).exists()
    # The owner stays the owner; everyone else works the account now.
    assert set(prospect.colleagues.all()) == {supervisor, colleague}
    for visitor in (supervisor, colleague):
        client.force_login(visitor)
        assert client.get(prospect.get_absolute_url()).status_code == 200
        assert client.get(visit.get_absolute_url()).status_code == 200


def test_a_planned_time_in_the_past_is_refused_and_nothing_saved(
    client, rep, supervisor, prospect
):
    client.force_login(rep)
    response = _plan(
        client,
        prospect,
        lead_visitor=supervisor.pk,
        planned_at=local_input(timezone.now() - timedelta(days=1)),
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["planned_at"]
    assert "A planned visit must be in the future" in error
    assert not Visit.objects.exists()
    assert not prospect.colleagues.exists()


def test_a_rep_cannot_lead_a_visit(client, rep, colleague, prospect):
    client.force_login(rep)
    response = _plan(client, prospect, lead_visitor=colleague.pk)
    assert response.status_code == 200
    [error] = response.context["form"].errors["lead_visitor"]
    assert "KA supervisor or above" in error
    assert "KA supervisor or above" in response.content.decode()
    assert not Visit.objects.exists()
    assert not prospect.colleagues.exists()


def test_a_supervisor_of_another_team_cannot_lead_the_visit(
    client, rep, prospect, other_supervisor
):
    client.force_login(rep)
    response = _plan(client, prospect, lead_visitor=other_supervisor.pk)
    assert "lead_visitor" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_the_team_manager_may_lead_a_visit(client, rep, manager, prospect):
    client.force_login(rep)
    assert _plan(client, prospect, lead_visitor=manager.pk).status_code == 302
    assert Visit.objects.get().lead_visitor == manager


def test_the_lead_visitor_is_not_also_a_co_visitor(client, rep, supervisor, prospect):
    client.force_login(rep)
    response = _plan(
        client, prospect, lead_visitor=supervisor.pk, co_visitors=[supervisor.pk]
    )
    assert "co_visitors" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_a_supervisor_planning_is_offered_as_the_lead(client, supervisor, prospect):
    prospect.colleagues.add(supervisor)
    client.force_login(supervisor)
    response = client.get(reverse("visits:plan", args=[prospect.pk]))
    assert response.context["form"]["lead_visitor"].value() == supervisor.pk


def test_a_planned_visit_can_be_re_planned(client, rep, supervisor, prospect):
    visit = plan_visit(prospect, supervisor)
    client.force_login(rep)
    new_time = timezone.now() + timedelta(days=9)
    response = client.post(
        reverse("visits:edit", args=[visit.pk]),
        {
            "planned_at": local_input(new_time),
            "place": "Our showroom",
            "method": "face_to_face",
            "lead_visitor": supervisor.pk,
            **loaded_version(Visit, pk=visit.pk),
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.place == "Our showroom"
    assert local_input(visit.planned_at) == local_input(new_time)


def test_a_held_visit_cannot_be_re_planned(client, rep, supervisor, prospect):
    visit = held_visit(prospect, supervisor)
    client.force_login(rep)
    response = client.get(reverse("visits:edit", args=[visit.pk]))
    assert response.status_code == 302
    assert "Only a planned visit can be re-planned." in messages_of(response)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Visit.Status.PLANNED, "The visit was cancelled."),
        (Visit.Status.HELD, "A visit that was held cannot be cancelled."),
    ],
)
def test_a_planned_visit_can_be_cancelled_but_a_held_one_cannot(
    client, rep, supervisor, prospect, status, message
):
    if status == Visit.Status.HELD:
        visit = held_visit(prospect, supervisor)
    else:
        visit = plan_visit(prospect, supervisor)
    client.force_login(rep)
    response = client.post(reverse("visits:cancel", args=[visit.pk]))
    assert response.status_code == 302
    assert message in messages_of(response)
    visit.refresh_from_db()
    expected = Visit.Status.CANCELLED if status == Visit.Status.PLANNED else status
    assert visit.status == expected


def test_cancelling_needs_a_post(client, rep, supervisor, prospect):
    visit = plan_visit(prospect, supervisor)
    client.force_login(rep)
    assert client.get(reverse("visits:cancel", args=[visit.pk])).status_code == 405
    visit.refresh_from_db()
    assert visit.status == Visit.Status.PLANNED


def test_a_lead_visitor_removed_while_the_plan_is_saved_is_a_form_error(
    client, rep, supervisor, prospect
):
    """The supervisor chosen to lead is removed from KAM while the rep's plan is
    being saved: the service's check refuses it on the form, keeping what was
    typed, and nothing is planned — instead of a 500."""
    client.force_login(rep)
    url = reverse("visits:plan", args=[prospect.pk])
    token = rendered_token(client, url)
    landed = []
    removed = once_claimed(
        lambda: type(supervisor).objects.filter(pk=supervisor.pk).delete(), landed
    )
    with connection.execute_wrapper(removed):
        response = _plan(client, prospect, lead_visitor=supervisor.pk, form_token=token)
    assert landed
    assert response.status_code == 200
    [error] = response.context["form"].errors["lead_visitor"]
    assert error.startswith("Select a valid choice.")
    assert "Their plant in Suzhou" in response.content.decode()
    assert not Visit.objects.exists()
