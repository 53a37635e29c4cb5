"""The manager's home: the team's pipeline as the morning's figures.

Every figure is aggregated in the database, over an already-scoped queryset of
accounts, in a fixed number of queries whatever the data size. Each table is a
``Table`` so the page, its chart and its CSV/XLSX export show the same numbers.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Round, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Role, User
from devlog.models import DevelopmentEntry, FailureReason, Outcome
from kam.templatetags.kam import in_yuan, money
from prospects.models import (
    CustomerNature,
    Forecast,
    ProductCategory,
    Progress,
    Prospect,
    ServiceContent,
)
from reports.tables import (
    Period,
    Table,
    as_days,
    count_of,
    local_day,
    name_lookup,
    percent,
)
from visits.models import FirstContact, FollowUp, Visit


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
        conversion = percent(reached, previous) if previous is not None else None
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
            n_accounts=count_of(accounts.filter(owner=OuterRef("pk"))),
            n_led=count_of(visits.filter(lead_visitor=OuterRef("pk"))),
            n_joined=count_of(visits.filter(co_visitors=OuterRef("pk"))),
            n_on_time=count_of(done.filter(assignee=OuterRef("pk"), done_at__lte=F("due_at"))),
            n_late=count_of(done.filter(assignee=OuterRef("pk"), done_at__gt=F("due_at"))),
            n_overdue=count_of(
                FollowUp.objects.overdue(now).filter(assignee=OuterRef("pk"), **in_scope)
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
            accounts.values(name_lookup(lookup))
            .annotate(
                n=Count("pk"),
                won=Count("pk", filter=Q(status=Prospect.Status.WON)),
                open=Count("pk", filter=Q(status__in=Prospect.OPEN_STATUSES)),
            )
            .order_by("-n")
        )
        rows = [
            [c[name_lookup(lookup)] or _("Not classified"), c["n"], c["open"], c["won"]]
            for c in counts
        ]
        tables.append(
            Table(
                key,
                title,
                [
                    model._meta.verbose_name.capitalize(),
                    _("Accounts"),
                    pgettext("accounts still in development", "Open"),
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
    overdue = FollowUp.objects.overdue(now).filter(prospect__in=accounts)
    first = overdue.select_related("prospect", "assignee").order_by("due_at")[:limit]
    return Table(
        "overdue",
        _("Follow-ups overdue now"),
        [_("Account"), _("Who follows up"), _("Due"), _("Days overdue")],
        [
            [f.prospect.name, str(f.assignee), local_day(f.due_at), (local_day(now) - local_day(f.due_at)).days]
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
        % {"days": as_days(days_to_win)},
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
        [_("Account"), in_yuan(_("Expected annual sales")), _("Risk coefficient (%)"), in_yuan(_("Risk-adjusted sales"))],
        [[f.prospect.name, f.expected_sales, f.risk_coefficient, _fen(f.adjusted)] for f in top],
        note=_("%(n)s open accounts with a forecast: expected sales %(expected)s, risk-adjusted %(adjusted)s.")
        % {
            "n": totals["n"],
            "expected": money(totals["expected"]),
            "adjusted": money(totals["adjusted"]),
        },
    )  # fmt: skip


def _fen(value):
    """An amount to the fen, whatever the database returned."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


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
