"""Reads for the visit pages, the calendar and the account page's panel."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from visits.models import (
    FirstContact,
    FollowUp,
    MethodMeeting,
    Visit,
    VisitCheck,
    VisitPreparation,
)
from visits.services import chosen_method


def account_panel(request, prospect):
    """The development activity shown on the account page."""
    visits = (
        Visit.objects.filter(prospect=prospect)
        .select_related("lead_visitor", "follow_up")
        .only(*ACCOUNT_VISIT_FIELDS, *User.names_at("lead_visitor"), *FOLLOW_UP_STATE)
        .order_by("-planned_at")[:10]
    )  # fmt: skip
    first_contacts = (
        FirstContact.objects.filter(prospect=prospect)
        .select_related("contact")
        .only("channel", "contacted_at", "response", "contact__name")
    )
    return {
        "decision": chosen_method(prospect),
        "first_contacts": first_contacts[:5],
        "visits": visits,
        "channels": FirstContact.Channel.choices,
        "now": timezone.now(),
    }


def profile_part(prospect):
    """What the printed account profile shows of playbook 四: the method decided."""
    return {"decision": chosen_method(prospect)}


TEAM = "team"


@dataclass
class Whose:
    """Whose visits and follow-ups a page shows: the user's own; for a KA manager
    the whole team's (``person`` None) or one person's of the team."""

    value: str
    person: object
    options: list = field(default_factory=list)

    @property
    def is_team(self):
        """The whole team's, for a manager: each entry then says whose it is."""
        return bool(self.options) and self.person is None

    @property
    def query(self):
        """The choice as a query string, for links and the calendar's address."""
        return f"who={self.value}" if self.options else ""


def whose(user, asked):
    if not user.is_manager or not user.team_id:
        return Whose("", user)
    people = (
        User.objects.filter(is_active=True, team_id=user.team_id)
        .exclude(role=Role.ADMIN)
        .order_by("full_name", "username")
    )
    options = [(TEAM, _("The whole team"))]
    chosen = None
    for person in people:
        options.append((str(person.pk), str(person)))
        if str(person.pk) == asked:
            chosen = person
    if chosen is None:
        return Whose(TEAM, None, options)
    return Whose(asked, chosen, options)


def my_follow_ups(user, person=None):
    """Open follow-ups ``person`` (by default the user) must make, oldest due
    first; with ``person`` TEAM, everyone's the user may see. Each with the names
    the list shows (visits_markup.follow_up_item), not the objects they are of."""
    found = FollowUp.objects.visible_to(user).open()
    person = user if person is None else person
    if person != TEAM:
        found = found.filter(assignee=person)
    return (
        found.only("due_at", "status", "visit")
        .annotate(
            account_name=F("prospect__name"),
            visit_held_at=F("visit__held_at"),
            assignee_name=User.name_at("assignee"),
        )
        .order_by("due_at")
    )


#: What the lists of visits show of one: its status, when, where, how and the
#: account's name; nothing more is read (with its account, a visit is 54 columns).
LISTED_VISIT_FIELDS = ("status", "planned_at", "held_at", "place", "method", "prospect__name")  # fmt: skip
#: What the account page's list of its visits shows of one (no account's name).
ACCOUNT_VISIT_FIELDS = ("status", "planned_at", "held_at", "place")
#: How a held visit's follow-up stands, as visits_markup.visit_status shows it.
FOLLOW_UP_STATE = ("follow_up__visit", "follow_up__status", "follow_up__due_at")
#: How far a visit's preparation has come (VisitPreparation.steps).
PREPARATION_STEPS = tuple(
    f"preparation__{name}" for name in VisitPreparation.STEP_FIELDS
)


def name_the_people(*named):
    """Set the people that ``named`` — (record, foreign key to a user) pairs, a
    record None where there is none — point to, read in one query. Joined to the
    visit instead, the users' table four times over cost PostgreSQL more to plan
    than the query took to run (a visit's page: 5.9 ms against 3.6 with this query)."""
    named = [(record, name) for record, name in named if record is not None]
    ids = {getattr(record, f"{name}_id") for record, name in named} - {None}
    people = User.objects.in_bulk(ids)
    for record, name in named:
        pk = getattr(record, f"{name}_id")
        if pk is not None:
            setattr(record, name, people[pk])


def team_recent_visits(user, limit=10):
    """The last visits held of everyone the user may see, newest first."""
    return list(
        Visit.objects.visible_to(user)
        .filter(status=Visit.Status.HELD)
        .select_related("prospect", "follow_up")
        .only(*LISTED_VISIT_FIELDS, *FOLLOW_UP_STATE)
        .order_by("-held_at", "-pk")[:limit]
    )


def recent_visits(user, limit=10):
    """The last visits held that the user led or joined, newest first.

    Reads that an index serves, merged here: one query with "led OR joined" made
    PostgreSQL walk every held visit of the team for a manager who leads none."""
    held = Visit.objects.visible_to(user).filter(status=Visit.Status.HELD)
    led = _newest(held.filter(lead_visitor=user), limit)
    # The visits joined, through the co-visitors' table, which its index finds:
    # "IN (every id joined)" made SQLite walk the held visits newest first (17 ms
    # for a rep at size large, 4 ms so). Most managers join none: one probe then.
    joins = Visit.co_visitors.through.objects.filter(user=user)
    joined = _newest(held.filter(co_visitors=user), limit) if joins.exists() else []
    newest_first = sorted(
        {visit.pk: visit for visit in (*led, *joined)}.values(),
        key=lambda visit: (visit.held_at, visit.pk),
        reverse=True,
    )
    return newest_first[:limit]


def _newest(visits, limit):
    """The newest ``limit`` of ``visits``, with their account and follow-up. The ids
    are picked first, alone, so that only those visits are joined: PostgreSQL
    joined all 659 visits a rep had joined to their accounts and follow-ups before
    keeping ten (5 ms)."""
    newest = ("-held_at", "-pk")
    ids = visits.order_by(*newest).values("pk")[:limit]
    return (
        Visit.objects.filter(pk__in=ids)
        .select_related("prospect", "follow_up")
        .only(*LISTED_VISIT_FIELDS, *FOLLOW_UP_STATE)
        .order_by(*newest)
    )


def upcoming_visits(user, now, days=14, person=None):
    """Planned visits of the coming ``days``, with the names the list shows
    (visits_markup.upcoming_visit_item)."""
    found = Visit.objects.visible_to(user).planned()
    person = user if person is None else person
    if person != TEAM:
        found = found.involving(person)
    return (
        found
        .filter(planned_at__gte=now - timedelta(hours=12), planned_at__lt=now + timedelta(days=days))
        .select_related("preparation")
        .only("planned_at", "place", "method", *PREPARATION_STEPS)
        .annotate(account_name=F("prospect__name"), lead_name=User.name_at("lead_visitor"))
        .order_by("planned_at", "pk")
    )  # fmt: skip


def meetings_for(user):
    return (
        MethodMeeting.objects.visible_to(user)
        .select_related("called_by", "team")
        .prefetch_related("prospects")
    )


def month_bounds(month):
    """The first day shown and the day after the last in a Monday-first month grid."""
    first = month.replace(day=1)
    start = first - timedelta(days=first.weekday())
    next_month = (first + timedelta(days=32)).replace(day=1)
    end = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
    return start, end


#: What the calendar page and its feed show of a visit.
CALENDAR_VISIT_FIELDS = ("status", "planned_at", "held_at", "place", "purpose")


def calendar_items(user, start, end, person=None):
    """Planned and held visits ``person`` (by default the user; TEAM: everyone
    the user may see) leads or joins, and their open follow-ups, in [start, end)
    (dates in the current time zone). A month of a team's runs to hundreds: each
    comes with the names it shows (``account_name``, ``lead_name`` or
    ``assignee_name``) instead of the account's and the person's objects, which
    took half the page's time to build."""
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end, time.min, tzinfo=zone)
    person = user if person is None else person
    visits = Visit.objects.visible_to(user)
    follow_ups = FollowUp.objects.visible_to(user).open()
    if person != TEAM:
        visits = visits.involving(person)
        follow_ups = follow_ups.filter(assignee=person)
    visits = (
        visits.exclude(status=Visit.Status.CANCELLED)
        .filter(
            Q(status=Visit.Status.PLANNED, planned_at__gte=since, planned_at__lt=until)
            | Q(status=Visit.Status.HELD, held_at__gte=since, held_at__lt=until)
        )
        .only(*CALENDAR_VISIT_FIELDS)
        .annotate(account_name=F("prospect__name"), lead_name=User.name_at("lead_visitor"))
    )  # fmt: skip
    follow_ups = (
        follow_ups.filter(due_at__gte=since, due_at__lt=until)
        .only("due_at", "visit")
        .annotate(account_name=F("prospect__name"), assignee_name=User.name_at("assignee"))
    )  # fmt: skip
    return list(visits), list(follow_ups)


def calendar_weeks(month, visits, follow_ups, today):
    start, end = month_bounds(month)
    by_day = {}
    for visit in visits:
        moment = timezone.localtime(visit.held_at or visit.planned_at)
        by_day.setdefault(moment.date(), []).append((moment, "visit", visit))
    for follow_up in follow_ups:
        moment = timezone.localtime(follow_up.due_at)
        by_day.setdefault(moment.date(), []).append((moment, "follow_up", follow_up))
    for day, items in by_day.items():  # a day's entries in time order
        items.sort(key=lambda entry: (entry[0], entry[1], entry[2].pk))
        by_day[day] = [(kind, item) for _moment, kind, item in items]
    weeks, day = [], start
    while day < end:
        weeks.append(
            [
                {
                    "date": day + timedelta(days=i),
                    "in_month": (day + timedelta(days=i)).month == month.month,
                    "today": day + timedelta(days=i) == today,
                    "items": by_day.get(day + timedelta(days=i), []),
                }
                for i in range(7)
            ]
        )
        day += timedelta(days=7)
    return weeks


def parse_month(text, today):
    """The month asked for as YYYY-MM, or the current one (also for a year so far
    off that the grid around it would fall outside the calendar)."""
    try:
        month = date.fromisoformat(f"{text}-01")
    except (TypeError, ValueError):
        return today.replace(day=1)
    if not 1900 <= month.year <= 9998:
        return today.replace(day=1)
    return month


def check_ins_on(user, day, *, far_only=False):
    """The check-ins of ``day`` the user may see (a manager: the team's), in the
    order they were made, each visit with its check-out."""
    found = (
        VisitCheck.objects.visible_to(user)
        .on_day(day)
        .filter(kind=VisitCheck.Kind.IN)
        .select_related("person", "visit__prospect")
        .prefetch_related("visit__checks")
        .order_by("at", "pk")
    )
    checks = list(found)
    if far_only:
        checks = [
            c for c in checks if c.is_far or getattr(c.visit.check_out, "is_far", False)
        ]
    return checks


def parse_day(text, today):
    """The day asked for as YYYY-MM-DD, or today."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return today
    if not 1900 <= day.year <= 9998:
        return today
    return day
