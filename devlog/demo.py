"""Demo development records: hand-added contacts, outcomes, the stage each account
reached. Won, lost, resting and ongoing accounts all have full sheets."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import connection

from accounts.models import Role
from devlog.models import DevelopmentEntry, FailureReason, Outcome
from kam import history
from kam.bulk import insert
from prospects.imports.batches import import_file
from prospects.models import Attitude, Contact, Forecast, Progress, Prospect
from prospects.services import prospect_part_save
from visits.demo import business_hours, progress_at
from visits.models import FirstContact, FollowUp, Visit, VisitPreparation

# (method, person met, remarks)
EVENTS = [
    (
        DevelopmentEntry.Method.EVENT,
        "采购总监",
        "参加我司新品推介会，对节能系列很感兴趣",
    ),
    (DevelopmentEntry.Method.MEAL, "王总（总经理）", "商务午餐，谈到明年的扩产计划"),
    (DevelopmentEntry.Method.PHONE, "技术部张工", "来电咨询参数，需要补充检测报告"),
]
WON = "决策人认可我们的节能方案，试用效果好于竞品；报价合理，交期有保障。"
LOST = "客户最终选择了价格更低的现有供应商；我们对决策链的了解不够，介入太晚。"
RESTING = "客户今年预算已冻结，明年一季度重新评估。"


def _stages(prospects):
    """The furthest progress logged on each account, from all its contacts."""
    reached = {}
    for model, when in ((Visit, {"status": Visit.Status.HELD}), (FollowUp, {}), (FirstContact, {}), (DevelopmentEntry, {})):  # fmt: skip
        for prospect_id, progress in model.objects.filter(**when).values_list(
            "prospect_id", "progress"
        ):
            if Progress.rank(progress) > Progress.rank(reached.get(prospect_id, "")):
                reached[prospect_id] = progress
    for prospect in prospects:
        prospect.stage = reached.get(prospect.pk, "")
        if prospect.status == Prospect.Status.WON:
            prospect.stage = Progress.CONTRACT
    # Seeding a new database: the stages, one statement a stage and batch, without
    # history rows (the base manager takes no detour through prospects.services);
    # bulk_update's CASE over 10,000 rows takes seconds.
    by_stage = defaultdict(list)
    for prospect in prospects:
        if prospect.stage:
            by_stage[prospect.stage].append(prospect.pk)
    for stage, ids in by_stage.items():
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            Prospect._base_manager.filter(pk__in=batch).update(stage=stage)


def seed(ctx):
    rng, now = ctx.rng, ctx.now
    reasons = list(FailureReason.objects.all())
    entries, outcomes, outcome_reasons = [], [], []
    for index, prospect in enumerate(ctx.prospects):
        if prospect.status != Prospect.Status.POTENTIAL and (
            ctx.large or index % 2 == 0
        ):
            method, person, remarks = rng.choice(EVENTS)
            entries.append(
                DevelopmentEntry(
                    prospect=prospect,
                    occurred_at=business_hours(
                        now - timedelta(days=rng.randint(12, 40)), rng
                    ),
                    person_met=person,
                    method=method,
                    duration_minutes=rng.choice([30, 60, 90]),
                    progress=progress_at(0, ctx.furthest[prospect.pk]),
                    attitude=rng.choice(Attitude.values),
                    remarks=remarks,
                    created_by=prospect.owner,
                )
            )
        result = {
            Prospect.Status.WON: Outcome.Result.WON,
            Prospect.Status.LOST: Outcome.Result.LOST,
            Prospect.Status.DORMANT: Outcome.Result.NOT_YET,
        }.get(prospect.status)
        if result == Outcome.Result.WON:
            entries.append(
                DevelopmentEntry(
                    prospect=prospect,
                    occurred_at=business_hours(
                        now - timedelta(days=rng.randint(10, 12)), rng
                    ),
                    person_met="王总（总经理）",
                    method=DevelopmentEntry.Method.VISIT,
                    duration_minutes=120,
                    progress=Progress.CONTRACT,
                    attitude=Attitude.WARM,
                    remarks="签订年度供货合同",
                    created_by=prospect.owner,
                )
            )
        if result:
            outcome = Outcome(
                prospect=prospect,
                result=result,
                decided_on=(
                    now - timedelta(days=rng.randint(1, 9))
                ).date(),  # after any row
                decided_by=prospect.owner,
                summary={Outcome.Result.WON: WON, Outcome.Result.LOST: LOST}.get(
                    result, RESTING
                ),
                analysis=""
                if result == Outcome.Result.WON
                else "竞争对手长期合作，价格敏感度高。",
                lessons=""
                if result == Outcome.Result.WON
                else "尽早接触决策人，提前准备总成本对比。",
                approach_again_on=(now + timedelta(days=rng.randint(30, 120))).date()
                if result == Outcome.Result.NOT_YET
                else None,
                archived_at=now if result == Outcome.Result.LOST else None,
            )
            outcomes.append(outcome)
            if result != Outcome.Result.WON:
                outcome_reasons.append((outcome, rng.sample(reasons, 2)))
    for entry in entries:
        entry.keep_search_grams()
    insert(DevelopmentEntry, entries)
    insert(Outcome, outcomes)
    through = Outcome.reasons.through
    insert(
        through,
        [through(outcome_id=o.pk, failurereason_id=r.pk) for o, chosen in outcome_reasons for r in chosen],
    )  # fmt: skip
    _stages(ctx.prospects)
    _history(ctx)
    ctx.log(
        f"Development log: {len(entries)} hand-added contacts, {len(outcomes)} outcomes."
    )


# Who entered a demo record: its own author, else the account's owner; and when:
# at its own event, else when the account was taken on.
AUTHORS = ("made_by", "created_by", "decided_by")
EVENTS_AT = {
    FirstContact: "contacted_at",
    DevelopmentEntry: "occurred_at",
    Visit: "planned_at",
    VisitPreparation: "discussion_at",
}


def _event_sql(model, q):
    """When the record was entered, as SQL over the row ``t`` (None: unknown)."""
    if model is FollowUp:  # made when its visit was recorded as held
        visits = q(Visit._meta.db_table)
        return f"(SELECT v.held_at FROM {visits} v WHERE v.id = t.visit_id)"
    if model in EVENTS_AT:
        return f"t.{q(model._meta.get_field(EVENTS_AT[model]).column)}"
    return None


def _owner_sql(model, q):
    account = q(Prospect._meta.db_table)
    if model is Prospect:
        return "t.owner_id"
    if model is VisitPreparation:
        return (
            f"(SELECT a.owner_id FROM {q(Visit._meta.db_table)} v JOIN {account} a"
            " ON a.id = v.prospect_id WHERE v.id = t.visit_id)"
        )
    return f"(SELECT a.owner_id FROM {account} a WHERE a.id = t.prospect_id)"


def _history(ctx):
    """Start each demo record's history as if it had been typed in at the time,
    in one INSERT … SELECT per kind (record by record takes a minute at --size
    large), then make a few later edits, so the account page has changes to show."""
    taken_on = connection.ops.adapt_datetimefield_value(ctx.now - timedelta(days=200))
    latest = connection.ops.adapt_datetimefield_value(ctx.now - timedelta(hours=1))
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in history.registered_models():
            copies = model.history.model
            columns = ", ".join(
                q(f.column) for f in copies._meta.concrete_fields if not f.name.startswith("history_")
            )  # fmt: skip
            authors = [
                f"t.{q(model._meta.get_field(name).column)}"
                for name in AUTHORS
                if any(f.name == name for f in model._meta.fields)
            ]
            author = _owner_sql(model, q)
            if authors:
                author = f"COALESCE({', '.join([*authors, author])})"
            event = _event_sql(model, q)
            when = (
                f"CASE WHEN {event} IS NULL THEN %s WHEN {event} > %s"
                f" THEN %s ELSE {event} END"
                if event
                else "%s"
            )
            cursor.execute(
                f"INSERT INTO {q(copies._meta.db_table)} ({columns}, history_date,"
                " history_type, history_user_id)"
                f" SELECT {columns}, {when}, '+',"
                f" {author}"
                f" FROM {q(model._meta.db_table)} t",
                [taken_on, latest, latest] if event else [taken_on],
            )
    if not ctx.large:
        _later_edits(ctx)
        _imports(ctx)


def _imports(ctx):
    """manager_a has imported the sample accounts (docs/import/): the other sample
    files import into them; rep_a1's first try of a file is refused a row."""
    manager, rep = ctx.users["manager_a"], ctx.users["rep_a1"]
    samples = settings.BASE_DIR / "docs" / "import"
    import_file(
        user=manager, kind="accounts", path=samples / "accounts.xlsx", commit=True
    )
    import_file(user=rep, kind="contacts", path=samples / "contacts.csv", commit=False)
    ctx.log("Imports: the sample accounts, and a file with errors to look at.")


def _later_edits(ctx):
    """A contact promoted and a forecast revised by the manager, on a few of
    each team's reps' accounts."""
    for team in ctx.teams.values():
        accounts = [
            p
            for p in ctx.prospects
            if p.owner.team_id == team.pk and p.owner.role == Role.REP
        ][:3]
        for prospect in accounts:
            for contact in Contact.objects.filter(prospect=prospect)[:1]:
                contact.position = "采购总监"
                contact._history_user = prospect.owner
                contact._history_date = ctx.now - timedelta(days=3)
                contact.save()
            for forecast in Forecast.objects.filter(prospect=prospect):
                forecast.risk_coefficient = min(
                    (forecast.risk_coefficient or 0) + 10, 90
                )
                forecast._history_user = team.manager
                forecast._history_date = ctx.now - timedelta(days=1)
                prospect_part_save(part=forecast)
