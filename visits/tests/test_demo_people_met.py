"""The demo's visit records name the people met from the account's contacts, so
the development record sheet's 访问对象 reads as the relationship map does."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devlog import selectors
from prospects.models import Contact, Prospect, Strength
from visits.models import FollowUp, Visit

THROUGH = Visit.contacts_met.through._meta.db_table


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (its queries kept) and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            call_command("seed_demo", stdout=io.StringIO())
        yield [q["sql"] for q in queries.captured_queries]
        transaction.set_rollback(True)


@pytest.fixture
def seed_queries(_seeded, db):
    return _seeded


def test_every_held_demo_visit_met_contacts_of_its_account(seed_queries):
    held = Visit.objects.filter(status=Visit.Status.HELD).prefetch_related(
        "contacts_met"
    )
    assert held.count() > 50
    for visit in held:
        met = list(visit.contacts_met.all())
        assert 1 <= len(met) <= 2, visit
        assert {c.prospect_id for c in met} == {visit.prospect_id}
        assert visit.people_met == ""
        assert visit.met_line.startswith(met[0].name)


def test_planned_demo_visits_met_no_one_yet(seed_queries):
    planned = Visit.objects.filter(status=Visit.Status.PLANNED)
    assert planned.exists()
    assert not Visit.contacts_met.through.objects.filter(visit__in=planned).exists()


def test_a_demo_follow_up_speaks_to_one_of_the_people_met(seed_queries):
    done = FollowUp.objects.filter(status=FollowUp.Status.DONE).select_related("visit")
    assert done.exists()
    for follow_up in done.prefetch_related("visit__contacts_met"):
        names = {c.name for c in follow_up.visit.contacts_met.all()}
        assert follow_up.person_contacted in names


def test_the_record_sheet_s_visit_rows_name_the_account_s_contacts(seed_queries):
    prospect = Prospect.objects.filter(visits__status=Visit.Status.HELD).first()
    contacts = {f"{c.name} ({c.position})" for c in prospect.contacts.all()}
    rows = [row for row in selectors.sheet(prospect).rows if row.source == "visit"]
    assert rows
    for row in rows:
        assert row.person
        assert set(row.person.split(", ")) <= contacts, row.person


def test_the_people_met_are_inserted_in_bulk(seed_queries):
    inserts = [
        sql
        for sql in seed_queries
        if sql.startswith("INSERT") and THROUGH in sql.split("(")[0]
    ]
    met = Visit.contacts_met.through.objects.count()
    assert met > 50
    # One statement per 5,000 rows, however many visits the demo holds.
    assert len(inserts) <= met // 5000 + 1


def test_the_people_met_last_met_the_team_at_their_latest_visit(seed_queries):
    """The relationship map's last meeting is never before a visit that met them."""
    for contact in Contact.objects.filter(visits_met__isnull=False).distinct():
        latest = max(timezone.localdate(v.held_at) for v in contact.visits_met.all())
        assert contact.last_met_on >= latest, contact
        assert contact.strength not in ("", Strength.NONE), contact
