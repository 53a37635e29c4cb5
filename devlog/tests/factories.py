"""Builders for the devlog tests: hand-added rows, outcomes, and the records the
development record sheet reads (first contacts, visits, follow-ups).

The visit and follow-up builders write the rows directly, in the state the visits
services leave them, so that a sheet of many rows is cheap to build; the tests of the
stage going forward call the services themselves.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from devlog.models import DevelopmentEntry, FailureReason, Outcome
from prospects.models import Attitude, Progress
from prospects.tests.factories import ProspectFactory
from visits.models import FOLLOW_UP_AFTER, FirstContact, FollowUp, Visit


def ago(**delta):
    return timezone.now() - timedelta(**delta)


class DevelopmentEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentEntry

    prospect = factory.SubFactory(ProspectFactory)
    occurred_at = factory.LazyFunction(lambda: ago(days=3))
    person_met = "Purchasing director Li"
    method = DevelopmentEntry.Method.MEAL
    duration_minutes = 60
    progress = Progress.EXPLANATION
    attitude = Attitude.WARM
    remarks = "Talked about next year's expansion"
    created_by = factory.LazyAttribute(lambda entry: entry.prospect.owner)


class OutcomeFactory(factory.django.DjangoModelFactory):
    """An outcome as ``devlog.services.outcome_record`` leaves it (status aside)."""

    class Meta:
        model = Outcome
        skip_postgeneration_save = True

    prospect = factory.SubFactory(ProspectFactory)
    result = Outcome.Result.LOST
    decided_on = factory.LazyFunction(timezone.localdate)
    decided_by = factory.LazyAttribute(lambda outcome: outcome.prospect.owner)
    summary = "The incumbent cut its price"
    archived_at = factory.LazyAttribute(
        lambda outcome: (
            timezone.now() if outcome.result == Outcome.Result.LOST else None
        )
    )

    @factory.post_generation
    def reasons(self, create, extracted, **kwargs):
        if create and extracted:
            self.reasons.set(extracted)


def reason(name_en):
    """One of the default failure reasons the data migration creates."""
    return FailureReason.objects.get(name_en=name_en)


def first_contact(prospect, *, at=None, channel=FirstContact.Channel.LETTER, **fields):
    fields.setdefault("content", "Dear Mr Wang, we would like to present our offer.")
    fields.setdefault("response", "They asked for a brochure.")
    return FirstContact.objects.create(
        prospect=prospect,
        channel=channel,
        contacted_at=at or ago(days=30),
        made_by=prospect.owner,
        **fields,
    )


def visit(prospect, *, at=None, status=Visit.Status.HELD, **fields):
    """A visit; a held one has its record sheet filled in."""
    at = at or ago(days=20)
    held = status == Visit.Status.HELD
    if held:
        fields.setdefault("talking_points", "Energy savings of the new line")
        fields.setdefault("customer_views", "Interested, worried about the price")
    return Visit.objects.create(
        prospect=prospect,
        lead_visitor=fields.pop("lead_visitor", prospect.owner),
        planned_at=at,
        held_at=at if held else None,
        place=fields.pop("place", "Customer's head office"),
        status=status,
        created_by=prospect.owner,
        **fields,
    )


def follow_up(held, *, done_at=None, **fields):
    """The follow-up of a held visit: done when ``done_at`` is given, else open."""
    if done_at:
        fields.setdefault("method", FollowUp.Method.PHONE)
        fields.setdefault("customer_opinion", "They want a quote")
    return FollowUp.objects.create(
        visit=held,
        prospect=held.prospect,
        assignee=held.prospect.owner,
        due_at=held.held_at + FOLLOW_UP_AFTER,
        status=FollowUp.Status.DONE if done_at else FollowUp.Status.OPEN,
        done_at=done_at,
        **fields,
    )
