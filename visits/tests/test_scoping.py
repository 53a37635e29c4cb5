"""Every visits URL that names a record answers 404 to anyone outside its scope.

The table below lists every such URL; a new one fails
``test_every_visits_url_that_names_a_record_is_in_the_table`` until it is added here.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from prospects.models import Prospect
from visits.models import (
    FirstContact,
    FollowUp,
    MeetingDecision,
    MeetingProposal,
    MethodMeeting,
    SalesMaterial,
    Visit,
    VisitCheck,
    VisitPreparation,
)
from visits.tests import factories
from visits.tests.factories import PDF_BYTES, PNG_BYTES, local_input
from visits.tests.helpers import loaded_version
from visits.urls import urlpatterns

# The people around the account; a meeting's "attendee" is the account's owner.
USERS = {
    "owner": "rep",
    "assigned": "assigned",
    "manager": "manager",
    "admin": "admin_user",
    "colleague": "colleague",
    "outsider": "outsider",
    "other_manager": "other_manager",
    "lead": "supervisor",  # leads the world's visits: the one who checks in
}
ACCOUNT_INSIDERS = ("owner", "assigned", "manager", "admin")
ACCOUNT_OUTSIDERS = ("colleague", "outsider", "other_manager")
MEETING_INSIDERS = ("owner", "manager", "admin")
MEETING_OUTSIDERS = ("assigned", "colleague", "outsider", "other_manager")


@dataclass
class World:
    prospect: Prospect
    planned: Visit
    held: Visit
    first_contact: FirstContact
    letter: FirstContact
    material: SalesMaterial
    meeting: MethodMeeting
    checked_in: Visit
    later_meeting: MethodMeeting


@pytest.fixture
def world(prospect, assigned, supervisor, manager, rep):
    planned = factories.plan_visit(prospect, supervisor, co_visitors=[rep])
    factories.complete_preparation(planned)  # so that an insider may record it
    held = factories.held_visit(prospect, supervisor, co_visitors=[rep])
    meeting = factories.meeting(manager, prospects=[prospect], attendees=[rep])
    factories.decide(meeting, prospect, method="mail")
    return World(
        prospect=prospect,
        planned=planned,
        held=held,
        first_contact=factories.first_contact(prospect),
        letter=factories.first_contact(prospect, channel=FirstContact.Channel.LETTER),
        material=factories.material(planned),
        meeting=meeting,
        checked_in=factories.checked_in_visit(prospect, supervisor),
        later_meeting=factories.meeting(
            manager,
            prospects=[],
            attendees=[rep],
            held_on=meeting.held_on + timedelta(days=7),
        ),
    )


def _an_hour_ago():
    return local_input(timezone.now() - timedelta(hours=1))


def _plan_data(w):
    return {
        "planned_at": local_input(timezone.now() + timedelta(days=4)),
        "place": "Somewhere new",
        "method": "face_to_face",
        "lead_visitor": w.planned.lead_visitor_id,
    }


def _preparation_data(w):
    data = {
        "discussion_at": _an_hour_ago(),
        "colleague_suggestions": "Changed suggestions",
        "classification": "c",
        "analysis": "a",
        "judgement": "j",
    }
    for items in VisitPreparation.GROUPS.values():
        for key, _label in items:
            data[f"{key}_done"] = "on"
    return data


@dataclass
class Route:
    args: object  # callable(world) -> URL args
    data: object = lambda w: {}  # callable(world) -> a valid POST body
    post_only: bool = False
    insiders: tuple = ACCOUNT_INSIDERS
    outsiders: tuple = ACCOUNT_OUTSIDERS
    #: Insiders answered otherwise than 200 (GET) or 302 (POST-only views).
    exceptions: dict = field(default_factory=dict)


ONLY_THE_CHAIR = {"owner": 403, "assigned": 403}
# The lead visitor checks in; the account's other people may see, not check.
ONLY_THE_LEAD = {"owner": 403, "assigned": 403, "manager": 403, "admin": 403}
HERE = {
    "location": "given",
    "latitude": "31.2304",
    "longitude": "121.4737",
    "accuracy": "20",
}

TABLE = {
    "meeting": Route(
        lambda w: [w.meeting.pk], insiders=MEETING_INSIDERS, outsiders=MEETING_OUTSIDERS
    ),
    "meeting-propose": Route(
        lambda w: [w.meeting.pk],
        lambda w: {"prospect": w.prospect.pk, "method": "visit", "rationale": "Why"},
        post_only=True,
        insiders=MEETING_INSIDERS,
        outsiders=MEETING_OUTSIDERS,
    ),
    "meeting-decide": Route(
        lambda w: [w.meeting.pk, w.prospect.pk],
        lambda w: {f"d{w.prospect.pk}-method": "invite"},
        post_only=True,
        insiders=MEETING_INSIDERS,
        outsiders=MEETING_OUTSIDERS,
        exceptions=ONLY_THE_CHAIR,
    ),
    "meeting-edit": Route(
        lambda w: [w.meeting.pk],
        lambda w: {
            "held_on": _an_hour_ago(),
            "prospects": [w.prospect.pk],
            "attendees": [w.meeting.called_by.pk],
            **loaded_version(MethodMeeting, pk=w.meeting.pk),
        },
        insiders=MEETING_INSIDERS,
        outsiders=MEETING_OUTSIDERS,
        exceptions=ONLY_THE_CHAIR,
    ),
    "meeting-defer": Route(
        lambda w: [w.meeting.pk, w.prospect.pk],
        lambda w: {f"defer{w.prospect.pk}-to": w.later_meeting.pk},
        post_only=True,
        insiders=MEETING_INSIDERS,
        outsiders=MEETING_OUTSIDERS,
        exceptions=ONLY_THE_CHAIR,
    ),
    "meeting-close": Route(
        lambda w: [w.meeting.pk],
        lambda w: {"minutes": "Closed."},
        post_only=True,
        insiders=MEETING_INSIDERS,
        outsiders=MEETING_OUTSIDERS,
        exceptions=ONLY_THE_CHAIR,
    ),
    "first-contact-create": Route(
        lambda w: [w.prospect.pk, "letter"],
        lambda w: {"contacted_at": _an_hour_ago(), "content": "Dear Sir"},
    ),
    "first-contact": Route(lambda w: [w.first_contact.pk]),
    "first-contact-edit": Route(
        lambda w: [w.first_contact.pk],
        lambda w: {
            "contacted_at": _an_hour_ago(),
            "content": "Edited",
            **loaded_version(FirstContact, pk=w.first_contact.pk),
        },
    ),
    "letter-pdf": Route(lambda w: [w.letter.pk]),
    "plan": Route(lambda w: [w.prospect.pk], _plan_data),
    "detail": Route(lambda w: [w.planned.pk]),
    "edit": Route(
        lambda w: [w.planned.pk],
        lambda w: {**_plan_data(w), **loaded_version(Visit, pk=w.planned.pk)},
    ),
    "cancel": Route(lambda w: [w.planned.pk], post_only=True),
    "prepare": Route(
        lambda w: [w.planned.pk],
        lambda w: {
            **_preparation_data(w),
            **loaded_version(VisitPreparation, visit=w.planned),
        },
    ),
    "waive": Route(
        lambda w: [w.planned.pk],
        lambda w: {"reason": "The customer is in a hurry."},
        post_only=True,
        exceptions=ONLY_THE_CHAIR,
    ),
    "material-upload": Route(
        lambda w: [w.planned.pk],
        lambda w: {"kind": "news", "file": SimpleUploadedFile("n.pdf", PDF_BYTES)},
        post_only=True,
    ),
    "material": Route(lambda w: [w.material.pk]),
    "material-delete": Route(lambda w: [w.material.pk], post_only=True),
    "check-in": Route(
        lambda w: [w.planned.pk],
        lambda w: HERE,
        post_only=True,
        insiders=(*ACCOUNT_INSIDERS, "lead"),
        exceptions=ONLY_THE_LEAD,
    ),
    "check-out": Route(
        lambda w: [w.checked_in.pk],
        lambda w: {"location": "refused"},
        post_only=True,
        insiders=(*ACCOUNT_INSIDERS, "lead"),
        exceptions=ONLY_THE_LEAD,
    ),
    "photo": Route(
        lambda w: [w.planned.pk],
        lambda w: {"kind": "pictures", "file": SimpleUploadedFile("p.png", PNG_BYTES)},
        post_only=True,
    ),
    "record": Route(
        lambda w: [w.planned.pk],
        lambda w: {
            "held_at": _an_hour_ago(),
            "place": "Their office",
            "method": "face_to_face",
            "people_met": "Mr Wang",
            "talking_points": "Points",
            "customer_views": "Views",
            "progress": "explanation",
            "attitude": "warm",
            **loaded_version(Visit, pk=w.planned.pk),
        },
    ),
    "record-pdf": Route(lambda w: [w.held.pk]),
    "follow-up": Route(
        lambda w: [w.held.pk],
        lambda w: {
            "method": "phone",
            "done_at": _an_hour_ago(),
            "customer_opinion": "Happy",
            "progress": "explanation",
            "attitude": "warm",
            **loaded_version(FollowUp, visit=w.held),
        },
    ),
}
# Names no record by id: a secret token, tested in test_calendar.py.
TOKEN_ROUTES = {"calendar-feed"}


def state():
    """Everything a visits view could change, to compare before and after."""
    return {
        "visits": list(
            Visit.objects.order_by("pk").values_list(
                "pk", "status", "place", "planned_at", "held_at", "talking_points"
            )
        ),
        "co_visitors": list(
            Visit.co_visitors.through.objects.order_by("pk").values_list(
                "visit_id", "user_id"
            )
        ),
        "follow_ups": list(
            FollowUp.objects.order_by("pk").values_list(
                "pk", "status", "done_at", "customer_opinion"
            )
        ),
        "preparations": list(
            VisitPreparation.objects.order_by("pk").values_list(
                "pk", "waived_by", "colleague_suggestions", "checklist"
            )
        ),
        "materials": list(SalesMaterial.objects.order_by("pk").values_list("pk")),
        "checks": list(VisitCheck.objects.order_by("pk").values_list("pk")),
        "account_location": list(
            Prospect.objects.order_by("pk").values_list("pk", "latitude", "longitude")
        ),
        "first_contacts": list(FirstContact.objects.order_by("pk").values_list("pk")),
        "meetings": list(
            MethodMeeting.objects.order_by("pk").values_list("pk", "status", "minutes")
        ),
        "proposals": list(MeetingProposal.objects.order_by("pk").values_list("pk")),
        "decisions": list(
            MeetingDecision.objects.order_by("pk").values_list("pk", "method")
        ),
        "colleagues": list(
            Prospect.colleagues.through.objects.order_by("pk").values_list(
                "prospect_id", "user_id"
            )
        ),
    }


def _cases(insiders):
    for name, route in TABLE.items():
        for who in route.insiders if insiders else route.outsiders:
            yield pytest.param(name, who, id=f"{name}-{who}")


def test_every_visits_url_that_names_a_record_is_in_the_table():
    naming = {p.name for p in urlpatterns if p.pattern.converters}
    assert naming - TOKEN_ROUTES == set(TABLE)


@pytest.mark.parametrize(("name", "who"), list(_cases(insiders=True)))
def test_the_account_s_people_reach_the_record(client, request, world, name, who):
    route = TABLE[name]
    client.force_login(request.getfixturevalue(USERS[who]))
    url = reverse(f"visits:{name}", args=route.args(world))
    before = state()
    if route.post_only:
        response = client.post(url, route.data(world))
    else:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
            response.close()
    expected = route.exceptions.get(who, 302 if route.post_only else 200)
    assert response.status_code == expected
    if route.post_only:
        # The same request that outsiders send below does change something here.
        changed = state() != before
        assert changed is (expected == 302)


@pytest.mark.parametrize(("name", "who"), list(_cases(insiders=False)))
def test_anyone_else_gets_404_and_changes_nothing(client, request, world, name, who):
    route = TABLE[name]
    client.force_login(request.getfixturevalue(USERS[who]))
    url = reverse(f"visits:{name}", args=route.args(world))
    before = state()
    if not route.post_only:
        assert client.get(url).status_code == 404
    assert client.post(url, route.data(world)).status_code == 404
    assert state() == before


@pytest.mark.parametrize(
    "name", ["plan", "edit", "prepare", "record", "follow-up", "first-contact-create"]
)
def test_the_same_post_by_the_owner_does_change_the_record(client, rep, world, name):
    """The bodies the outsiders send are valid: refused only because of who sends them."""
    route = TABLE[name]
    client.force_login(rep)
    before = state()
    response = client.post(
        reverse(f"visits:{name}", args=route.args(world)), route.data(world)
    )
    assert response.status_code == 302
    assert state() != before
