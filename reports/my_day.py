"""A rep's home, *My day*: this week's visits, follow-ups due, unread
notifications, and what to do next."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devlog.models import Outcome
from notifications.models import Notification
from prospects.models import Progress, Prospect
from prospects.relationships import coverage_worklist
from reports.tables import Period
from visits.models import FollowUp, MeetingProposal, MethodMeeting, Visit, due_state
from visits.selectors import FOLLOW_UP_STATE, LISTED_VISIT_FIELDS, PREPARATION_STEPS


@dataclass
class Task:
    urgency: int  # lower first
    text: str
    url: str
    icon: str


#: The follow-ups due the home lists (and makes tasks of), the oldest due first:
#: a backlog of hundreds is read on the visits page, by pages.
FOLLOW_UPS_SHOWN = 10


def rep_home(user, now):
    today = timezone.localdate(now)
    week_start = today - timedelta(days=today.weekday())
    week = Period.from_dates(week_start, week_start + timedelta(days=6))
    mine = Prospect.objects.worked_by(user)
    stages = dict(
        mine.filter(status__in=Prospect.OPEN_STATUSES)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    # This week's visits and the visits planned for the coming seven days (to
    # prepare), in one query.
    soon = (now, now + timedelta(days=7))
    read = list(
        Visit.objects.visible_to(user)
        .involving(user)
        .exclude(status=Visit.Status.CANCELLED)
        .filter(
            Q(status=Visit.Status.PLANNED, **week.within("planned_at"))
            | Q(status=Visit.Status.PLANNED, planned_at__range=soon)
            | Q(status=Visit.Status.HELD, **week.within("held_at"))
        )
        .select_related("prospect", "preparation", "follow_up")
        .only(*LISTED_VISIT_FIELDS, *FOLLOW_UP_STATE, *PREPARATION_STEPS)
        .order_by("planned_at")
    )
    visits = [
        visit
        for visit in read
        if visit.is_held or week.start <= visit.planned_at < week.end
    ]
    planned_soon = sorted(
        (v for v in read if not v.is_held and soon[0] <= v.planned_at <= soon[1]),
        key=lambda visit: visit.planned_at,
        reverse=True,  # as Visit's ordering had them
    )
    follow_ups = list(
        FollowUp.objects.visible_to(user)
        .open()
        .filter(assignee=user, due_at__lt=now + timedelta(days=7))
        .select_related("prospect")
        .only("due_at", "status", "visit", "prospect__name")
        .annotate(of=Window(Count("pk")))  # how many in all, in the same query
        .order_by("due_at", "pk")[:FOLLOW_UPS_SHOWN]
    )
    notifications = list(
        Notification.objects.for_user(user).unread().named().order_by("-created_at")[:5]
    )
    return {
        "stages": [(label, stages.get(value, 0)) for value, label in Progress.choices],
        "not_contacted": stages.get("", 0),
        "visits": visits,
        "follow_ups": follow_ups,
        "follow_ups_total": follow_ups[0].of if follow_ups else 0,
        "notifications": notifications,
        "tasks": next_steps(user, now, follow_ups, mine, planned_soon),
        "week": week,
    }


def next_steps(user, now, follow_ups, mine, planned_soon):
    """What to do next, most urgent first; ``planned_soon``: the visits planned
    for the coming seven days."""
    today = timezone.localdate(now)
    tasks = []
    for follow_up in follow_ups:
        due = timezone.localtime(follow_up.due_at).date()
        state = due_state(follow_up.due_at, now)
        if state == "overdue":
            text = _("Follow up %(account)s: overdue since %(date)s.")
            urgency = 0
        elif state == "today":
            text = _("Follow up %(account)s today.")
            urgency = 1
        else:
            text = _("Follow up %(account)s by %(date)s.")
            urgency = 3
        tasks.append(
            Task(urgency, text % {"account": follow_up.prospect, "date": due}, follow_up.get_absolute_url(), "telephone")
        )  # fmt: skip
    for visit in planned_soon:
        if not visit.get_preparation().allows_recording:
            tasks.append(
                Task(2, _("Prepare the visit to %(account)s on %(date)s.") % {"account": visit.prospect, "date": timezone.localtime(visit.planned_at).date()}, reverse("visits:prepare", args=[visit.pk]), "list-check")
            )  # fmt: skip
    again = (
        Outcome.objects.filter(
            prospect__in=mine, approach_again_on__lte=today, restored_at__isnull=True
        )
        .exclude(result=Outcome.Result.WON)
        .select_related("prospect")
        .only("approach_again_on", "prospect__name")
    )
    for outcome in again:
        tasks.append(
            Task(2, _("Approach %(account)s again (planned for %(date)s).") % {"account": outcome.prospect, "date": outcome.approach_again_on}, outcome.prospect.get_absolute_url() + "#record", "arrow-repeat")
        )  # fmt: skip
    meetings = (
        MethodMeeting.objects.visible_to(user)
        .filter(status=MethodMeeting.Status.OPEN, attendees=user)
        .exclude(
            Exists(MeetingProposal.objects.filter(meeting=OuterRef("pk"), author=user))
        )
        .only("held_on")
    )
    for meeting in meetings:
        tasks.append(
            Task(4, _("Propose development methods for the meeting of %(date)s.") % {"date": timezone.localtime(meeting.held_on).date()}, meeting.get_absolute_url(), "people")
        )  # fmt: skip
    undecided = (
        mine.filter(
            owner=user,
            status__in=Prospect.OPEN_STATUSES,
            verdict=Prospect.Verdict.UNDECIDED,
        )
        .only("name")
        .order_by("-updated_at")[:3]
    )
    for prospect in undecided:
        tasks.append(
            Task(5, _("Fill in the forecast of %(account)s to see if it is worth developing.") % {"account": prospect}, prospect.get_absolute_url() + "#forecast", "calculator")
        )  # fmt: skip
    tasks.extend(_coverage_tasks(mine, today))
    return sorted(tasks, key=lambda task: task.urgency)


def _coverage_tasks(mine, today):
    """The relationship map's gaps at the rep's accounts (prospects.relationships)."""
    return [
        Task(3, _("%(account)s: %(gap)s") % {"account": account, "gap": gap.text}, account.get_absolute_url() + "#relationship-map", "diagram-3")
        for account, gap in coverage_worklist(mine, today)
    ]  # fmt: skip
