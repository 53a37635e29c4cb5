"""Demo development records: hand-added contacts, outcomes, the stage each account
reached. Won, lost, resting and ongoing accounts all have full sheets."""

from datetime import timedelta

from devlog.models import DevelopmentEntry, FailureReason, Outcome
from prospects.models import Attitude, Progress, Prospect
from visits.demo import business_hours
from visits.models import FirstContact, FollowUp, Visit

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
    Prospect.objects.bulk_update(prospects, ["stage"], batch_size=2000)


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
                    progress=Progress.EXPLANATION,
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
    DevelopmentEntry.objects.bulk_create(entries, batch_size=5000)
    Outcome.objects.bulk_create(outcomes, batch_size=5000)
    through = Outcome.reasons.through
    through.objects.bulk_create(
        [through(outcome_id=o.pk, failurereason_id=r.pk) for o, chosen in outcome_reasons for r in chosen],
        batch_size=5000,
    )  # fmt: skip
    _stages(ctx.prospects)
    ctx.log(
        f"Development log: {len(entries)} hand-added contacts, {len(outcomes)} outcomes."
    )
