"""The preparation row is made with the plan, never by opening a page; visits
planned before that get theirs from a data migration."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from visits.models import Visit, VisitPreparation
from visits.tests import factories

MIGRATION = importlib.import_module(
    "visits.migrations.0012_every_visit_has_its_preparation"
)


def _bare_visit(prospect, lead):
    """A visit as one planned before preparations came with the plan."""
    return Visit.objects.create(
        prospect=prospect,
        lead_visitor=lead,
        planned_at=timezone.now() + timedelta(days=2),
        place="Their plant",
        created_by=prospect.owner,
    )


def test_planning_a_visit_makes_its_preparation(rep, supervisor):
    visit = factories.plan_visit(factories.ProspectFactory(owner=rep), supervisor)
    assert VisitPreparation.objects.filter(visit=visit).exists()


def test_opening_an_older_visit_shows_an_empty_preparation_and_makes_none(
    client, rep, supervisor
):
    visit = _bare_visit(factories.ProspectFactory(owner=rep), supervisor)
    client.force_login(rep)
    for name in ("visits:detail", "visits:prepare", "visits:record"):
        assert client.get(reverse(name, args=[visit.pk])).status_code == 200
    assert not VisitPreparation.objects.filter(visit=visit).exists()


def test_its_first_save_makes_it(client, rep, supervisor):
    visit = _bare_visit(factories.ProspectFactory(owner=rep), supervisor)
    client.force_login(rep)
    response = client.post(
        reverse("visits:prepare", args=[visit.pk]),
        {"version": "", "colleague_suggestions": "Bring the figures"},
    )
    assert response.status_code == 302
    assert visit.preparation.colleague_suggestions == "Bring the figures"


def test_the_migration_gives_every_older_visit_its_preparation(rep, supervisor):
    prospect = factories.ProspectFactory(owner=rep)
    older = [_bare_visit(prospect, supervisor) for _ in range(3)]
    planned = factories.plan_visit(prospect, supervisor)
    MIGRATION.the_missing_preparations(apps, None)
    assert set(VisitPreparation.objects.values_list("visit_id", flat=True)) == {
        *(v.pk for v in older),
        planned.pk,
    }
