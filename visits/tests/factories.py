"""Builders for the visits tests: accounts and their parts, visits through the services.

Kept independent of prospects/tests so that both apps' tests can change on their own.
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.tests.factories import UserFactory
from prospects.models import Advantage, Contact, Prospect
from visits import services
from visits.models import (
    FirstContact,
    MeetingDecision,
    MethodMeeting,
    Visit,
    VisitCheck,
    VisitPreparation,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


class ProspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prospect
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Visits account {n:04d}")
    owner = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda p: p.owner.team)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    prospect = factory.SubFactory(ProspectFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    position = "Purchasing director"


class AdvantageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advantage

    prospect = factory.SubFactory(ProspectFactory)
    aspect = Advantage.Aspect.LOWER_COST
    note = "Lower energy bills"


def local_input(moment):
    """How a browser's datetime-local field sends a moment, in the current zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def plan_visit(prospect, lead, *, planned_at=None, co_visitors=(), **fields):
    """A planned visit, through the service (so its visitors join the account)."""
    visit = Visit(
        prospect=prospect,
        lead_visitor=lead,
        planned_at=planned_at or timezone.now() + timedelta(days=3),
        place=fields.pop("place", "Customer's head office"),
        created_by=fields.pop("created_by", prospect.owner),
        **fields,
    )
    return services.visit_plan(visit=visit, co_visitors=list(co_visitors))


def complete_preparation(visit):
    preparation, _created = VisitPreparation.objects.get_or_create(visit=visit)
    preparation.discussion_at = timezone.now() - timedelta(days=1)
    preparation.colleague_suggestions = "Bring the energy figures."
    preparation.checklist = {
        key: {"done": True, "notes": ""}
        for items in VisitPreparation.GROUPS.values()
        for key, _label in items
    }
    preparation.classification = "Key account"
    preparation.analysis = "Clear need"
    preparation.judgement = "Worth it"
    preparation.save()
    return preparation


def held_visit(prospect, lead, *, held_at=None, co_visitors=()):
    """A visit planned, prepared and recorded as held: it has its follow-up."""
    held_at = held_at or timezone.now() - timedelta(days=2)
    visit = plan_visit(prospect, lead, planned_at=held_at, co_visitors=co_visitors)
    complete_preparation(visit)
    visit.held_at = held_at
    visit.talking_points = "Energy savings"
    visit.customer_views = "Interested"
    return services.visit_record(visit=visit)


def first_contact(prospect, *, made_by=None, channel=FirstContact.Channel.PHONE):
    return services.first_contact_log(
        first_contact=FirstContact(
            prospect=prospect,
            channel=channel,
            contacted_at=timezone.now() - timedelta(days=1),
            made_by=made_by or prospect.owner,
            response="They will think about it.",
        )
    )


def meeting(manager, *, prospects, attendees, held_on=None):
    return services.meeting_create(
        meeting=MethodMeeting(
            team=manager.team,
            called_by=manager,
            held_on=held_on or timezone.now() + timedelta(days=1),
            briefing="The accounts of the month.",
        ),
        attendees=attendees,
        prospects=prospects,
    )


def decide(meeting, prospect, method="visit"):
    return MeetingDecision.objects.create(
        meeting=meeting,
        prospect=prospect,
        method=method,
        decided_by=meeting.called_by,
    )


def material(visit, *, name="brochure.pdf", content=PDF_BYTES, user=None):
    preparation, _created = VisitPreparation.objects.get_or_create(visit=visit)
    return services.material_add(
        preparation=preparation,
        kind="company",
        upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        user=user or visit.prospect.owner,
    )


HERE = {"latitude": Decimal("31.230400"), "longitude": Decimal("121.473700")}


def check_in(visit, *, person=None, accuracy_m=20, **position):
    """The lead visitor checks in at ``position`` (by default HERE)."""
    return services.visit_check_in(
        visit=visit,
        person=person or visit.lead_visitor,
        location=VisitCheck.Location.GIVEN,
        accuracy_m=accuracy_m,
        **(position or HERE),
    )


def checked_in_visit(prospect, lead, *, minutes_ago=0, **fields):
    """A planned visit its lead has checked in to, ``minutes_ago``."""
    visit = plan_visit(prospect, lead, **fields)
    check = check_in(visit)
    if minutes_ago:
        check.at -= timedelta(minutes=minutes_ago)
        check.save(update_fields=["at"])
    return visit
