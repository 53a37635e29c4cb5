"""Choosing the method, first contact, visits and their follow-ups: playbook 四, 五, 六."""

from visits.models.check_ins import (
    CheckInSettings,
    VisitCheck,
    VisitCheckQuerySet,
    distance_m,
    measured_minutes,
)
from visits.models.common import (
    CLOCK_TOLERANCE,
    FOLLOW_UP_AFTER,
    DevelopmentMethod,
    local_date,
)
from visits.models.first_contacts import FirstContact
from visits.models.follow_ups import (
    CalendarFeed,
    FollowUp,
    FollowUpQuerySet,
    due_state,
    overdue_before,
)
from visits.models.meetings import (
    MeetingDecision,
    MeetingProposal,
    MeetingQuerySet,
    MethodMeeting,
)
from visits.models.visits import (
    SalesMaterial,
    SalesMaterialQuerySet,
    Visit,
    VisitPreparation,
    VisitQuerySet,
    _material_path,
)

__all__ = [
    "CLOCK_TOLERANCE",
    "FOLLOW_UP_AFTER",
    "CalendarFeed",
    "CheckInSettings",
    "DevelopmentMethod",
    "FirstContact",
    "FollowUp",
    "FollowUpQuerySet",
    "MeetingDecision",
    "MeetingProposal",
    "MeetingQuerySet",
    "MethodMeeting",
    "SalesMaterial",
    "SalesMaterialQuerySet",
    "Visit",
    "VisitCheck",
    "VisitCheckQuerySet",
    "VisitPreparation",
    "VisitQuerySet",
    "_material_path",  # named by migration 0001
    "distance_m",
    "due_state",
    "local_date",
    "measured_minutes",
    "overdue_before",
]
