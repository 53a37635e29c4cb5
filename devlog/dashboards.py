"""What managers open every morning, and what a rep has to do next.

Every figure is aggregated in the database, over an already-scoped queryset of
accounts, in a fixed number of queries whatever the data size. Each table is a
``Table`` so the page, its chart and its CSV/XLSX export show the same numbers.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Round, TruncDate
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from accounts.models import Role, User
from devlog.models import DevelopmentEntry, FailureReason, Outcome
from notifications.models import Notification
from prospects.models import (
    CustomerNature,
    Forecast,
    ProductCategory,
    Progress,
    Prospect,
    ServiceContent,
)
from visits.models import FirstContact, FollowUp, MeetingProposal, MethodMeeting, Visit


@dataclass
class Table:
    key: str
    title: str
    header: list
    rows: list
    chart: object = None  # SVG, drawn from the same rows
    note: str = ""
    total: int | None = None  # when the rows are only the first of many


@dataclass
class Period:
    start: datetime
    end: datetime

    @classmethod
    def from_dates(cls, first, last):
        zone = timezone.get_current_timezone()
        return cls(
            datetime.combine(first, time.min, tzinfo=zone),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
        )

    def within(self, field):
        """Lookups for ``field`` inside the period: from its start, before its end."""
        return {f"{field}__gte": self.start, f"{field}__lt": self.end}

    @property
    def first_day(self):
        return timezone.localtime(self.start).date()

    @property
    def last_day(self):
        return timezone.localtime(self.end).date() - timedelta(days=1)


def _count(queryset):
    """A subquery counting ``queryset`` per outer row (filter it on OuterRef)."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(dummy=Value(1))
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _name(prefix):
    """The lookup of a list entry's name in the active language."""
    suffix = "name_zh" if (get_language() or "").startswith("zh") else "name_en"
    return f"{prefix}__{suffix}" if prefix else suffix


def _day(moment):
    return timezone.localtime(moment).date()


def _days(duration):
    """A duration in days, to a tenth, without a trailing ".0"."""
    if duration is None:
        return "—"
    days = round(duration.total_seconds() / 86400, 1)
    return int(days) if days == int(days) else days


def _percent(part, whole):
    return round(Decimal(100) * part / whole, 1) if whole else None


# --- Manager's home -----------------------------------------------------------------


def active_in(accounts, period):
    """Accounts with any contact on their record sheet during the period."""
    window = {"gte": period.start, "lt": period.end}

    def touched(model, moment, **extra):
        return Exists(
            model.objects.filter(
                prospect=OuterRef("pk"), **{f"{moment}__{k}": v for k, v in window.items()}, **extra
            )
        )  # fmt: skip

    return accounts.filter(
        touched(FirstContact, "contacted_at")
        | touched(Visit, "held_at", status=Visit.Status.HELD)
        | touched(FollowUp, "done_at", status=FollowUp.Status.DONE)
        | touched(DevelopmentEntry, "occurred_at")
    )


def funnel(accounts, period):
    """Accounts worked in the period by the furthest stage they have reached."""
    at_stage = dict(
        active_in(accounts, period)
        .exclude(stage="")
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    rows, previous = [], None
    for index, (value, label) in enumerate(Progress.choices):
        reached = sum(at_stage.get(v, 0) for v in Progress.values[index:])
        conversion = _percent(reached, previous) if previous is not None else None
        drop_off = previous - reached if previous is not None else None
        rows.append([label, at_stage.get(value, 0), reached, conversion, drop_off])
        previous = reached
    return Table(
        "funnel",
        _("Funnel by business progress"),
        [_("Stage"), _("At this stage"), _("Reached it"), _("Conversion from the stage before (%)"), _("Dropped off")],
        rows,
        note=_("Accounts with a contact in the period, by the furthest stage they have reached."),
    )  # fmt: skip


def by_rep(accounts, people, period, now):
    in_scope = {"prospect__in": accounts}
    visits = Visit.objects.filter(
        status=Visit.Status.HELD, **period.within("held_at"), **in_scope
    )
    done = FollowUp.objects.filter(
        status=FollowUp.Status.DONE,
        **period.within("done_at"),
        **in_scope,
    )
    rows = (
        people.annotate(
            n_accounts=_count(accounts.filter(owner=OuterRef("pk"))),
            n_led=_count(visits.filter(lead_visitor=OuterRef("pk"))),
            n_joined=_count(visits.filter(co_visitors=OuterRef("pk"))),
            n_on_time=_count(done.filter(assignee=OuterRef("pk"), done_at__lte=F("due_at"))),
            n_late=_count(done.filter(assignee=OuterRef("pk"), done_at__gt=F("due_at"))),
            n_overdue=_count(
                FollowUp.objects.open().filter(assignee=OuterRef("pk"), due_at__lt=now, **in_scope)
            ),
        )
        .order_by("full_name", "username")
    )  # fmt: skip
    return Table(
        "reps",
        _("By rep"),
        [pgettext("dashboard column", "Person"), _("Role"), _("Accounts"), _("Visits held"), _("Follow-ups on time"), _("Follow-ups late"), _("Overdue now")],
        [
            [str(p), p.get_role_display(), p.n_accounts, p.n_led + p.n_joined, p.n_on_time, p.n_late, p.n_overdue]
            for p in rows
        ],
    )  # fmt: skip


def by_classification(accounts):
    tables = []
    for key, title, model, lookup in (
        (
            "product_category",
            _("By product category"),
            ProductCategory,
            "product_category",
        ),
        ("customer_nature", _("By customer nature"), CustomerNature, "customer_nature"),
        ("service_content", _("By service content"), ServiceContent, "service_content"),
    ):
        counts = (
            accounts.values(_name(lookup))
            .annotate(
                n=Count("pk"),
                won=Count("pk", filter=Q(status=Prospect.Status.WON)),
                open=Count("pk", filter=Q(status__in=Prospect.OPEN_STATUSES)),
            )
            .order_by("-n")
        )
        rows = [
            [c[_name(lookup)] or _("Not classified"), c["n"], c["open"], c["won"]]
            for c in counts
        ]
        tables.append(
            Table(
                key,
                title,
                [
                    model._meta.verbose_name.capitalize(),
                    _("Accounts"),
                    _("Open"),
                    _("Won"),
                ],
                rows,
            )
        )
    return tables


def by_verdict(accounts):
    counts = dict(
        accounts.values_list("verdict")
        .annotate(n=Count("pk"))
        .values_list("verdict", "n")
    )
    return Table(
        "verdicts",
        _("By worth-developing verdict"),
        [_("Verdict"), _("Accounts")],
        [[label, counts.get(value, 0)] for value, label in Prospect.Verdict.choices],
    )


def portfolio(accounts):
    counts = dict(
        accounts.open()
        .exclude(quadrant="")
        .values_list("quadrant")
        .annotate(n=Count("pk"), score=Avg("score"), position=Avg("position_score"))
        .values_list("quadrant", "n")
    )
    return Table(
        "matrix",
        _("Portfolio matrix (open accounts)"),
        [_("Quadrant"), _("Accounts")],
        [[label, counts.get(value, 0)] for value, label in Prospect.Quadrant.choices],
    )


def overdue_follow_ups(accounts, now, limit=20):
    overdue = FollowUp.objects.open().filter(due_at__lt=now, prospect__in=accounts)
    first = overdue.select_related("prospect", "assignee").order_by("due_at")[:limit]
    return Table(
        "overdue",
        _("Follow-ups overdue now"),
        [_("Account"), _("Who follows up"), _("Due"), _("Days overdue")],
        [
            [f.prospect.name, str(f.assignee), _day(f.due_at), (_day(now) - _day(f.due_at)).days]
            for f in first
        ],
        total=overdue.count(),
    )  # fmt: skip


def outcomes(accounts, period):
    decided = Outcome.objects.filter(
        prospect__in=accounts,
        decided_on__range=(period.first_day, period.last_day),
        restored_at__isnull=True,
    )
    results = dict(
        decided.values_list("result").annotate(n=Count("pk")).values_list("result", "n")
    )
    reasons = (
        FailureReason.objects.annotate(
            n=Count("outcomes", filter=Q(outcomes__in=decided))
        )
        .filter(n__gt=0)
        .order_by("-n", "position")
    )
    first_contact = Subquery(
        FirstContact.objects.filter(prospect=OuterRef("prospect"))
        .order_by("contacted_at")
        .values("contacted_at")[:1]
    )
    days_to_win = (
        decided.filter(result=Outcome.Result.WON)
        .annotate(first=TruncDate(first_contact))
        .aggregate(
            avg=Avg(
                ExpressionWrapper(
                    F("decided_on") - F("first"), output_field=DurationField()
                )
            )
        )["avg"]
    )
    summary = Table(
        "results",
        _("Outcomes in the period"),
        [_("Result"), _("Accounts")],
        [[label, results.get(value, 0)] for value, label in Outcome.Result.choices],
        note=_("Average time from first contact to win: %(days)s days.")
        % {"days": _days(days_to_win)},
    )
    failure = Table(
        "reasons",
        _("Why accounts were not won"),
        [_("Reason"), _("Accounts")],
        [[str(reason), reason.n] for reason in reasons],
    )
    successes = Table(
        "successes",
        _("Why accounts were won"),
        [_("Account"), _("Won on"), _("Why")],
        [
            [o.prospect.name, o.decided_on, o.summary]
            for o in decided.filter(result=Outcome.Result.WON)
            .select_related("prospect")
            .order_by("-decided_on")[:10]
        ],
    )
    return summary, failure, successes


def pipeline_forecast(accounts, limit=10):
    forecasts = Forecast.objects.filter(
        prospect__in=accounts.open(), expected_sales__isnull=False
    )
    amount = DecimalField(max_digits=20, decimal_places=2)
    hundred = Value(Decimal(100), output_field=amount)
    risk = Coalesce("risk_coefficient", Value(Decimal(0)), output_field=amount)
    risk_adjusted = Round(
        ExpressionWrapper(
            F("expected_sales") * (hundred - risk) / hundred, output_field=amount
        ),
        2,
        output_field=amount,
    )
    totals = forecasts.aggregate(
        n=Count("pk"), expected=Sum("expected_sales"), adjusted=Sum(risk_adjusted)
    )
    top = (
        forecasts.annotate(adjusted=risk_adjusted)
        .select_related("prospect")
        .order_by("-adjusted")[:limit]
    )
    return Table(
        "forecast",
        _("Forecast of the open pipeline"),
        [_("Account"), _("Expected annual sales"), _("Risk coefficient (%)"), _("Risk-adjusted sales")],
        [[f.prospect.name, f.expected_sales, f.risk_coefficient, _fen(f.adjusted)] for f in top],
        note=_("%(n)s open accounts with a forecast: expected sales %(expected)s, risk-adjusted %(adjusted)s.")
        % {
            "n": totals["n"],
            "expected": _money(totals["expected"]),
            "adjusted": _money(totals["adjusted"]),
        },
    )  # fmt: skip


def _fen(value):
    """An amount to the fen, whatever the database returned."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _money(value):
    from kam.templatetags.kam import money

    return money(value)


@dataclass
class ManagerHome:
    period: Period
    tables: dict = field(default_factory=dict)
    computed_at: datetime = field(default_factory=timezone.now)

    def __getitem__(self, key):
        return self.tables[key]


def manager_home(accounts, people, period, now):
    """Every table of the manager's home, keyed for the page and the exports."""
    home = ManagerHome(period)
    tables = [
        funnel(accounts, period),
        by_rep(accounts, people, period, now),
        *by_classification(accounts),
        by_verdict(accounts),
        portfolio(accounts),
        overdue_follow_ups(accounts, now),
        *outcomes(accounts, period),
        pipeline_forecast(accounts),
    ]
    home.tables = {table.key: table for table in tables}
    return home


def team_people(user, team=None):
    people = User.objects.filter(is_active=True).exclude(role=Role.ADMIN)
    if team is not None:
        return people.filter(team=team)
    if user.sees_everything:
        return people
    return people.filter(team=user.team_id)


# --- Rep's home ---------------------------------------------------------------------


@dataclass
class Task:
    urgency: int  # lower first
    text: str
    url: str
    icon: str


def rep_home(user, now):
    today = timezone.localdate(now)
    week_start = today - timedelta(days=today.weekday())
    week = Period.from_dates(week_start, week_start + timedelta(days=6))
    mine = Prospect.objects.visible_to(user).worked_by(user)
    stages = dict(
        mine.filter(status__in=Prospect.OPEN_STATUSES)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    visits = list(
        Visit.objects.visible_to(user)
        .involving(user)
        .exclude(status=Visit.Status.CANCELLED)
        .filter(
            Q(status=Visit.Status.PLANNED, **week.within("planned_at"))
            | Q(status=Visit.Status.HELD, **week.within("held_at"))
        )
        .select_related("prospect", "preparation", "follow_up")
        .order_by("planned_at")
    )
    follow_ups = list(
        FollowUp.objects.visible_to(user)
        .open()
        .filter(assignee=user, due_at__lt=now + timedelta(days=7))
        .select_related("prospect", "visit")
        .order_by("due_at")
    )
    notifications = list(
        Notification.objects.for_user(user)
        .unread()
        .select_related("follow_up__prospect", "follow_up__visit", "prospect")
        .order_by("-created_at")[:5]
    )
    return {
        "stages": [(label, stages.get(value, 0)) for value, label in Progress.choices],
        "not_contacted": stages.get("", 0),
        "visits": visits,
        "follow_ups": follow_ups,
        "notifications": notifications,
        "tasks": next_steps(user, now, follow_ups, mine),
        "week": week,
    }


def next_steps(user, now, follow_ups, mine):
    """What to do next, most urgent first."""
    from django.urls import reverse

    today = timezone.localdate(now)
    tasks = []
    for follow_up in follow_ups:
        due = timezone.localtime(follow_up.due_at).date()
        if due < today:
            text = _("Follow up %(account)s: overdue since %(date)s.")
            urgency = 0
        elif due == today:
            text = _("Follow up %(account)s today.")
            urgency = 1
        else:
            text = _("Follow up %(account)s by %(date)s.")
            urgency = 3
        tasks.append(
            Task(urgency, text % {"account": follow_up.prospect, "date": due}, follow_up.get_absolute_url(), "telephone")
        )  # fmt: skip
    soon = (
        Visit.objects.visible_to(user)
        .involving(user)
        .planned()
        .filter(planned_at__range=(now, now + timedelta(days=7)))
        .select_related("prospect", "preparation")
    )
    for visit in soon:
        if not visit.preparation.allows_recording:
            tasks.append(
                Task(2, _("Prepare the visit to %(account)s on %(date)s.") % {"account": visit.prospect, "date": timezone.localtime(visit.planned_at).date()}, reverse("visits:prepare", args=[visit.pk]), "list-check")
            )  # fmt: skip
    again = (
        Outcome.objects.filter(
            prospect__in=mine, approach_again_on__lte=today, restored_at__isnull=True
        )
        .exclude(result=Outcome.Result.WON)
        .select_related("prospect")
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
    )
    for meeting in meetings:
        tasks.append(
            Task(4, _("Propose development methods for the meeting of %(date)s.") % {"date": timezone.localtime(meeting.held_on).date()}, meeting.get_absolute_url(), "people")
        )  # fmt: skip
    undecided = mine.filter(
        owner=user,
        status__in=Prospect.OPEN_STATUSES,
        verdict=Prospect.Verdict.UNDECIDED,
    ).order_by("-updated_at")[:3]
    for prospect in undecided:
        tasks.append(
            Task(5, _("Fill in the forecast of %(account)s to see if it is worth developing.") % {"account": prospect}, prospect.get_absolute_url() + "#forecast", "calculator")
        )  # fmt: skip
    return sorted(tasks, key=lambda task: task.urgency)
