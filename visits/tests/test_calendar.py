from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Role
from accounts.tests.factories import UserFactory
from visits.models import CalendarFeed, FollowUp
from visits.tests.factories import ProspectFactory, held_visit, plan_visit


def _month_ahead():
    """Ten o'clock, local time, on the 10th of the month after next."""
    first = (timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1)
    at = datetime.combine(
        first.replace(day=10), time(10), timezone.get_current_timezone()
    )
    return first.strftime("%Y-%m"), at


@pytest.fixture
def mine(rep, supervisor, prospect):
    """A visit the rep joins, in the month after next."""
    _month, at = _month_ahead()
    return plan_visit(prospect, supervisor, planned_at=at, co_visitors=[rep])


@pytest.fixture
def theirs(colleague, supervisor):
    """A visit on someone else's account that the rep is not on, same month."""
    _month, at = _month_ahead()
    account = ProspectFactory(name="Colleague's account", owner=colleague)
    return plan_visit(
        account, supervisor, planned_at=at + timedelta(hours=2), co_visitors=[colleague]
    )


@pytest.fixture
def open_follow_up(rep, supervisor, prospect):
    """The rep's open follow-up, due in five days."""
    return held_visit(
        prospect,
        supervisor,
        co_visitors=[rep],
        held_at=timezone.now() - timedelta(days=2),
    ).follow_up


def _items(response):
    return [
        item
        for week in response.context["weeks"]
        for day in week
        for item in day["items"]
    ]


def test_the_calendar_shows_the_user_s_visits_of_the_month(
    client, rep, prospect, mine, theirs
):
    month, _at = _month_ahead()
    client.force_login(rep)
    response = client.get(reverse("visits:calendar"), {"month": month})
    assert response.status_code == 200
    assert _items(response) == [("visit", mine)]
    html = response.content.decode()
    assert mine.get_absolute_url() in html
    assert "Colleague&#x27;s account" not in html
    [day] = [d for week in response.context["weeks"] for d in week if d["items"]]
    assert day["date"] == timezone.localdate(mine.planned_at)


def test_the_calendar_shows_open_follow_ups_on_their_due_day(
    client, rep, open_follow_up
):
    client.force_login(rep)
    month = timezone.localtime(open_follow_up.due_at).strftime("%Y-%m")
    response = client.get(reverse("visits:calendar"), {"month": month})
    follow_ups = [item for kind, item in _items(response) if kind == "follow_up"]
    assert follow_ups == [open_follow_up]
    [day] = [
        d
        for week in response.context["weeks"]
        for d in week
        if ("follow_up", open_follow_up) in d["items"]
    ]
    assert day["date"] == timezone.localdate(open_follow_up.due_at)


def test_a_done_follow_up_leaves_the_calendar(client, rep, open_follow_up):
    FollowUp.objects.filter(pk=open_follow_up.pk).update(status=FollowUp.Status.DONE)
    client.force_login(rep)
    month = timezone.localtime(open_follow_up.due_at).strftime("%Y-%m")
    response = client.get(reverse("visits:calendar"), {"month": month})
    assert not [kind for kind, _item in _items(response) if kind == "follow_up"]


def test_a_manager_s_calendar_shows_the_team_s_visits_by_default(
    client, manager, mine, theirs, outsider
):
    month, _at = _month_ahead()
    elsewhere = plan_visit(
        ProspectFactory(owner=outsider),
        UserFactory(team=outsider.team, role=Role.SUPERVISOR),
        planned_at=mine.planned_at,
    )
    client.force_login(manager)
    response = client.get(reverse("visits:calendar"), {"month": month})
    items = _items(response)
    assert items == [("visit", mine), ("visit", theirs)]  # in time order
    assert ("visit", elsewhere) not in items
    html = response.content.decode()
    assert 'name="who"' in html
    assert f"{mine.prospect} · {mine.lead_visitor}" in html


def test_a_manager_filters_the_calendar_by_person(
    client, manager, rep, colleague, mine, theirs
):
    month, _at = _month_ahead()
    client.force_login(manager)
    response = client.get(reverse("visits:calendar"), {"month": month, "who": rep.pk})
    assert _items(response) == [("visit", mine)]
    response = client.get(
        reverse("visits:calendar"), {"month": month, "who": colleague.pk}
    )
    assert _items(response) == [("visit", theirs)]


def test_a_person_of_another_team_falls_back_to_the_team(
    client, manager, outsider, mine, theirs
):
    month, _at = _month_ahead()
    client.force_login(manager)
    response = client.get(
        reverse("visits:calendar"), {"month": month, "who": outsider.pk}
    )
    assert response.context["whose"].value == "team"
    assert _items(response) == [("visit", mine), ("visit", theirs)]


def test_a_rep_has_no_choice_of_person(client, rep, colleague, mine, theirs):
    month, _at = _month_ahead()
    client.force_login(rep)
    response = client.get(
        reverse("visits:calendar"), {"month": month, "who": colleague.pk}
    )
    assert _items(response) == [("visit", mine)]
    assert 'name="who"' not in response.content.decode()


def test_a_day_s_entries_are_in_time_order(client, rep, supervisor, prospect):
    _month, at = _month_ahead()
    late = plan_visit(
        prospect, supervisor, planned_at=at + timedelta(hours=8), co_visitors=[rep]
    )
    also_late = plan_visit(
        prospect, supervisor, planned_at=at + timedelta(hours=8), co_visitors=[rep]
    )
    early = plan_visit(
        prospect, supervisor, planned_at=at + timedelta(hours=7), co_visitors=[rep]
    )
    client.force_login(rep)
    response = client.get(reverse("visits:calendar"), {"month": _month})
    assert _items(response) == [("visit", early), ("visit", late), ("visit", also_late)]


def test_the_manager_s_visits_page_shows_the_team_and_filters_by_person(
    client, manager, rep, colleague, mine, theirs, open_follow_up
):
    client.force_login(manager)
    response = client.get(reverse("visits:list"))
    assert response.context["whose"].value == "team"
    assert open_follow_up in list(response.context["follow_ups"])
    assert open_follow_up.visit in response.context["recent"]
    response = client.get(reverse("visits:list"), {"who": colleague.pk})
    assert list(response.context["follow_ups"]) == []
    assert response.context["recent"] == []
    response = client.get(reverse("visits:list"), {"who": rep.pk})
    assert list(response.context["follow_ups"]) == [open_follow_up]


@pytest.mark.parametrize("bad", ["2025-13", "next month", "", "2025-02-30", "../../"])
def test_a_bad_month_falls_back_to_the_current_month(client, rep, bad):
    client.force_login(rep)
    response = client.get(reverse("visits:calendar"), {"month": bad})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


@pytest.mark.parametrize("edge", ["0001-01", "9999-12"])
def test_the_calendar_survives_the_edge_months(client, rep, edge):
    client.force_login(rep)
    response = client.get(reverse("visits:calendar"), {"month": edge})
    assert response.status_code == 200


# --- The .ics feed ------------------------------------------------------------------


def _renew(client):
    response = client.post(reverse("visits:calendar-renew"))
    assert response.status_code == 302
    return CalendarFeed.objects.get().token


def _feed(client, token):
    client.logout()
    return client.get(reverse("visits:calendar-feed", args=[token]))


def test_renewing_creates_the_private_address_shown_on_the_calendar(client, rep):
    client.force_login(rep)
    token = _renew(client)
    page = client.get(reverse("visits:calendar")).content.decode()
    assert reverse("visits:calendar-feed", args=[token]) in page


def test_the_feed_is_a_calendar_of_the_user_s_visits_and_follow_ups(
    client, rep, mine, theirs, open_follow_up
):
    client.force_login(rep)
    token = _renew(client)
    response = _feed(client, token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        f"visit-{mine.pk}@kam",
        f"visit-{open_follow_up.visit_id}@kam",
        f"follow-up-{open_follow_up.pk}@kam",
    }
    visit = events[f"visit-{mine.pk}@kam"]
    assert visit.decoded("DTSTART") == mine.planned_at
    assert mine.prospect.name in str(visit["SUMMARY"])
    follow_up = events[f"follow-up-{open_follow_up.pk}@kam"]
    start = follow_up.decoded("DTSTART")
    assert type(start) is date  # all day
    assert start == timezone.localdate(open_follow_up.due_at)
    assert follow_up.decoded("DTEND") == start + timedelta(days=1)


def test_a_manager_s_feed_offers_the_same_choice(
    client, manager, rep, colleague, mine, theirs
):
    client.force_login(manager)
    token = _renew(client)
    page = client.get(reverse("visits:calendar"), {"who": colleague.pk})
    address = reverse("visits:calendar-feed", args=[token]) + f"?who={colleague.pk}"
    assert address in page.content.decode()

    def uids(query):
        client.logout()
        response = client.get(reverse("visits:calendar-feed", args=[token]), query)
        return {
            str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")
        }

    assert uids({}) == set()  # the manager's own: they are on neither visit
    assert uids({"who": "team"}) == {f"visit-{mine.pk}@kam", f"visit-{theirs.pk}@kam"}
    assert uids({"who": colleague.pk}) == {f"visit-{theirs.pk}@kam"}


def test_a_rep_s_feed_ignores_a_choice_of_person(client, rep, colleague, mine, theirs):
    client.force_login(rep)
    token = _renew(client)
    client.logout()
    response = client.get(
        reverse("visits:calendar-feed", args=[token]), {"who": colleague.pk}
    )
    uids = {str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert uids == {f"visit-{mine.pk}@kam"}


def test_a_wrong_token_is_not_found(client, rep, mine):
    client.force_login(rep)
    token = _renew(client)
    assert _feed(client, token + "x").status_code == 404
    assert _feed(client, "nothing").status_code == 404


def test_renewing_makes_the_old_address_404(client, rep, mine):
    client.force_login(rep)
    old = _renew(client)
    client.force_login(rep)
    new = _renew(client)
    assert new != old
    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200


def test_an_inactive_user_s_feed_is_not_found(client, rep, mine):
    client.force_login(rep)
    token = _renew(client)
    rep.is_active = False
    rep.save()
    assert _feed(client, token).status_code == 404


def test_renewing_needs_a_signed_in_user_and_a_post(client, rep):
    assert client.post(reverse("visits:calendar-renew")).status_code == 302
    assert not CalendarFeed.objects.exists()
    client.force_login(rep)
    assert client.get(reverse("visits:calendar-renew")).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_a_team_s_many_follow_ups_are_shown_a_page_at_a_time(
    client, manager, rep, supervisor
):
    """A team has hundreds of open follow-ups: the visits page shows the 25 due
    first, then the next 25 on the following page (the rows do not grow with them)."""
    from visits.views.overview import FOLLOW_UPS_PER_PAGE

    now = timezone.now()
    for days in range(FOLLOW_UPS_PER_PAGE + 3):
        account = ProspectFactory(name=f"Account {days:02d}", owner=rep)
        held_visit(account, supervisor, held_at=now - timedelta(days=6, hours=days))
    client.force_login(manager)
    first = client.get(reverse("visits:list"))
    shown = list(first.context["follow_ups"])
    assert len(shown) == FOLLOW_UPS_PER_PAGE
    assert shown == sorted(shown, key=lambda follow_up: follow_up.due_at)
    assert 'aria-label="Pages of follow-ups"' in first.text
    second = client.get(reverse("visits:list"), {"page": 2})
    rest = list(second.context["follow_ups"])
    assert len(rest) == 3
    assert rest[0].due_at >= shown[-1].due_at
    assert not {f.pk for f in rest} & {f.pk for f in shown}


def test_a_team_s_many_upcoming_visits_are_shown_a_page_at_a_time(
    client, manager, rep, supervisor
):
    """Dozens of the team's visits fall in the next two weeks: the visits page shows
    the first 20 in the order they are planned, says how many there are, and pages
    through them without moving the follow-ups' page."""
    from visits.views.overview import UPCOMING_PER_PAGE

    now = timezone.now()
    for hours in range(UPCOMING_PER_PAGE + 3):
        account = ProspectFactory(name=f"Account {hours:02d}", owner=rep)
        plan_visit(account, supervisor, planned_at=now + timedelta(hours=hours + 1))
    client.force_login(manager)
    first = client.get(reverse("visits:list"))
    shown = list(first.context["upcoming"])
    assert len(shown) == UPCOMING_PER_PAGE
    assert [visit.planned_at for visit in shown] == sorted(
        visit.planned_at for visit in shown
    )
    assert f"{UPCOMING_PER_PAGE + 3} visits" in first.text
    assert 'aria-label="Pages of visits"' in first.text
    assert 'href="?upcoming=2"' in first.text
    second = client.get(reverse("visits:list"), {"upcoming": 2, "page": 1})
    rest = list(second.context["upcoming"])
    assert len(rest) == 3
    assert rest[0].planned_at > shown[-1].planned_at
    assert second.context["follow_ups"].number == 1
    assert 'href="?upcoming=3&amp;page=1"' not in second.text
    assert 'href="?upcoming=1&amp;page=1"' in second.text


def test_a_page_of_upcoming_visits_past_the_last_shows_the_last(
    client, manager, rep, supervisor
):
    account = ProspectFactory(owner=rep)
    plan_visit(account, supervisor, planned_at=timezone.now() + timedelta(hours=2))
    client.force_login(manager)
    answer = client.get(reverse("visits:list"), {"upcoming": "99"})
    assert answer.status_code == 200
    assert len(list(answer.context["upcoming"])) == 1


def test_the_team_calendar_and_its_feed_name_each_person_as_the_site_does(
    client, manager, supervisor, prospect
):
    """The month's entries come with names read in SQL: a person without a full
    name is shown by their user name, as everywhere else."""
    month, at = _month_ahead()
    unnamed = UserFactory(team=supervisor.team, role=Role.SUPERVISOR, full_name="")
    named_visit = plan_visit(prospect, supervisor, planned_at=at)
    unnamed_visit = plan_visit(prospect, unnamed, planned_at=at + timedelta(hours=1))
    client.force_login(manager)
    html = client.get(reverse("visits:calendar"), {"month": month}).content.decode()
    assert f"{prospect.name} · {supervisor.full_name}" in html
    assert f"{prospect.name} · {unnamed.username}<" in html
    token = _renew(client)
    client.logout()
    feed = client.get(reverse("visits:calendar-feed", args=[token]), {"who": "team"})
    summaries = {
        str(event["UID"]): str(event["SUMMARY"])
        for event in Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert summaries[f"visit-{named_visit.pk}@kam"].endswith(
        f" · {supervisor.full_name}"
    )
    assert summaries[f"visit-{unnamed_visit.pk}@kam"].endswith(f" · {unnamed.username}")
