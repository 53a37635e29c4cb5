"""Check-in and check-out: the server's time, the phone's position when given, the
account's location from the first precise check-in, far check-ins marked."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam.history import account_history
from prospects.models import Prospect
from visits import services
from visits.models import CheckInSettings, Visit, VisitCheck, distance_m
from visits.tests.factories import (
    HERE,
    ProspectFactory,
    check_in,
    complete_preparation,
    plan_visit,
)
from visits.tests.helpers import messages_of

# About 3.3 km east of HERE, and about 110 m north of it.
ACROSS_TOWN = {"latitude": "31.230400", "longitude": "121.508500"}
NEXT_DOOR = {"latitude": "31.231400", "longitude": "121.473700"}


@pytest.fixture
def visit(prospect, supervisor):
    return plan_visit(
        prospect, supervisor, planned_at=timezone.now() + timedelta(hours=1)
    )


def _check(client, visit, kind="in", **data):
    return client.post(reverse(f"visits:check-{kind}", args=[visit.pk]), data)


def _given(position=None, accuracy="25"):
    place = position or {k: str(v) for k, v in HERE.items()}
    return {"location": "given", "accuracy": accuracy, **place}


def test_one_degree_of_latitude_is_about_111_km():
    assert distance_m((0, 0), (1, 0)) == 111_195
    assert distance_m(HERE.values(), HERE.values()) == 0


def test_the_lead_checks_in_at_the_server_s_time_with_the_phone_s_position(
    client, supervisor, visit
):
    client.force_login(supervisor)
    before = timezone.now()
    response = _check(client, visit, **_given(accuracy="12.3"))

    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("visits:detail", args=[visit.pk]) + "#on-the-spot"
    )
    check = VisitCheck.objects.get(visit=visit)
    assert (check.kind, check.person, check.location) == ("in", supervisor, "given")
    assert before <= check.at <= timezone.now()
    assert (check.latitude, check.longitude, check.accuracy_m) == (
        Decimal("31.230400"),
        Decimal("121.473700"),
        13,
    )


def test_a_time_the_browser_sends_is_ignored(client, supervisor, visit):
    client.force_login(supervisor)
    _check(client, visit, location="refused", at="2020-01-01T08:00")
    assert VisitCheck.objects.get(visit=visit).at > timezone.now() - timedelta(
        minutes=1
    )


def test_refusing_location_still_checks_in_and_the_record_says_so(
    client, supervisor, visit
):
    client.force_login(supervisor)
    response = _check(client, visit, **{**_given(), "location": "refused"})

    check = VisitCheck.objects.get(visit=visit)
    assert (check.location, check.latitude, check.longitude) == ("refused", None, None)
    assert (
        "Without your position: you declined to share it." in messages_of(response)[0]
    )
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "Location refused" in page


def test_a_phone_without_a_position_checks_in_with_the_time_only(
    client, supervisor, visit
):
    client.force_login(supervisor)
    _check(client, visit, location="unavailable")
    assert VisitCheck.objects.get(visit=visit).location == "unavailable"


def test_the_first_precise_check_in_gives_the_account_its_location(
    client, supervisor, visit
):
    client.force_login(supervisor)
    response = _check(client, visit, **_given())

    account = Prospect.objects.get(pk=visit.prospect_id)
    assert account.position == (Decimal("31.230400"), Decimal("121.473700"))
    assert account.located_at is not None
    assert VisitCheck.objects.get(visit=visit).located_account
    assert "This position is now the account's location." in messages_of(response)[0]
    latest = account_history(account)[0]
    assert (latest.kind, latest.who) == ("Key account", supervisor)
    assert {change.label for change in latest.changes} >= {"Latitude", "Longitude"}
    page = client.get(account.get_absolute_url()).content.decode()
    assert "31.23040, 121.47370" in page


def test_a_position_less_precise_than_the_radius_does_not_locate_the_account(
    client, supervisor, visit
):
    client.force_login(supervisor)
    _check(client, visit, **_given(accuracy="2500"))
    assert Prospect.objects.get(pk=visit.prospect_id).position is None
    assert not VisitCheck.objects.get(visit=visit).located_account


def test_later_check_ins_show_their_distance_from_the_account(
    client, supervisor, prospect
):
    first = plan_visit(prospect, supervisor)
    check_in(first)
    later = plan_visit(prospect, supervisor)
    client.force_login(supervisor)
    response = _check(client, later, **_given(NEXT_DOOR))

    check = VisitCheck.objects.get(visit=later)
    assert (check.distance_m, check.is_far, check.located_account) == (
        111,
        False,
        False,
    )
    assert "111 m from the account's location." in messages_of(response)[0]


def test_a_far_check_in_is_marked_for_the_manager_without_blocking_the_rep(
    client, supervisor, manager, prospect
):
    check_in(plan_visit(prospect, supervisor))
    later = plan_visit(prospect, supervisor)
    client.force_login(supervisor)
    response = _check(client, later, **_given(ACROSS_TOWN))

    check = VisitCheck.objects.get(visit=later)
    assert check.is_far
    assert check.distance_m == 3_309
    assert messages_of(response) == [
        f"Checked in at {timezone.localtime(check.at):%H:%M}. You are 3.3 km from the "
        "account's location: this is marked for your manager."
    ]
    client.force_login(manager)
    page = client.get(reverse("visits:detail", args=[later.pk])).content.decode()
    assert "Far: 3.3 km from the account" in page


def test_the_radius_is_the_one_an_admin_set(client, supervisor, prospect):
    CheckInSettings.objects.filter(pk=1).update(far_radius_m=5_000)
    check_in(plan_visit(prospect, supervisor))
    later = plan_visit(prospect, supervisor)
    client.force_login(supervisor)
    _check(client, later, **_given(ACROSS_TOWN))
    assert not VisitCheck.objects.get(visit=later).is_far


def test_only_the_lead_visitor_checks_in(client, rep, supervisor, prospect):
    visit = plan_visit(prospect, supervisor, co_visitors=[rep])
    client.force_login(rep)
    assert _check(client, visit, location="refused").status_code == 403
    assert not VisitCheck.objects.exists()
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "the lead visitor, checks in on arrival" in page
    assert reverse("visits:check-in", args=[visit.pk]) not in page


def test_a_visit_is_checked_in_to_once(client, supervisor, visit):
    client.force_login(supervisor)
    _check(client, visit, location="refused")
    response = _check(client, visit, location="refused")
    assert messages_of(response)[-1] == "You have already checked in to this visit."
    assert VisitCheck.objects.count() == 1


@pytest.mark.parametrize("status", [Visit.Status.HELD, Visit.Status.CANCELLED])
def test_only_a_planned_visit_is_checked_in_to(client, supervisor, visit, status):
    Visit.objects.filter(pk=visit.pk).update(status=status)
    client.force_login(supervisor)
    response = _check(client, visit, location="refused")
    assert messages_of(response) == ["Only a planned visit can be checked in to."]
    assert not VisitCheck.objects.exists()


def test_check_out_needs_a_check_in_first(client, supervisor, visit):
    client.force_login(supervisor)
    response = _check(client, visit, "out", location="refused")
    assert messages_of(response) == ["Check in before you check out."]
    assert not VisitCheck.objects.exists()


def test_checking_out_shows_the_time_spent_on_the_visit(client, supervisor, visit):
    check = check_in(visit)
    check.at -= timedelta(minutes=47, seconds=10)
    check.save(update_fields=["at"])
    client.force_login(supervisor)
    response = _check(client, visit, "out", **_given())

    out = VisitCheck.objects.get(visit=visit, kind="out")
    assert (out.distance_m, out.is_far) == (0, False)
    assert messages_of(response)[0].startswith("Checked out at ")
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "47 min" in page
    assert reverse("visits:check-out", args=[visit.pk]) not in page
    # The record is not saved yet: the visit itself is unchanged until it is.
    assert Visit.objects.get(pk=visit.pk).duration_minutes is None
    response = _check(client, visit, "out", location="refused")
    assert messages_of(response)[-1] == "You have already checked out of this visit."


def test_checking_out_after_the_record_is_saved_fills_its_time_spent(
    client, supervisor, visit
):
    check = check_in(visit)
    check.at -= timedelta(minutes=35)
    check.save(update_fields=["at"])
    complete_preparation(visit)
    visit.held_at = timezone.now() - timedelta(minutes=30)
    visit.talking_points, visit.customer_views = "Points", "Views"
    visit.duration_minutes = 60
    services.visit_record(visit=visit)
    client.force_login(supervisor)
    _check(client, visit, "out", location="refused")
    assert Visit.objects.get(pk=visit.pk).duration_minutes == 35


def test_the_check_in_pages_answer_only_posts(client, supervisor, visit):
    client.force_login(supervisor)
    assert client.get(reverse("visits:check-in", args=[visit.pk])).status_code == 405


def test_a_position_that_says_given_without_coordinates_is_refused(
    client, supervisor, visit
):
    client.force_login(supervisor)
    response = _check(client, visit, location="given", latitude="31.2")
    assert messages_of(response) == [
        "The phone sent no usable position. Try again, or check in without it."
    ]
    assert not VisitCheck.objects.exists()


NASTY = ["", "NaN", "Infinity", "-1e308", "91", "-181", "1,5", "٣١", "x" * 300, "0x1f"]
VALUES = st.one_of(st.sampled_from(NASTY), st.text(max_size=30), st.floats().map(str))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    location=st.one_of(st.sampled_from(["given", "refused", "unavailable"]), VALUES),
    latitude=VALUES,
    longitude=VALUES,
    accuracy=VALUES,
)
def test_hostile_positions_check_in_cleanly_or_change_nothing(
    client, supervisor, team, location, latitude, longitude, accuracy
):
    visit = plan_visit(ProspectFactory(owner=supervisor), supervisor)
    client.force_login(supervisor)
    response = _check(
        client, visit, location=location, latitude=latitude, longitude=longitude, accuracy=accuracy
    )  # fmt: skip
    assert response.status_code == 302
    check = VisitCheck.objects.filter(visit=visit).first()
    if check is None:
        assert messages_of(response), "a refused check-in says why"
        assert Prospect.objects.get(pk=visit.prospect_id).position is None
    else:
        check.full_clean()
        assert check.location in VisitCheck.Location.values
