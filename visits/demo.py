"""Demo meetings, first contacts, visits and follow-ups.

Every rep has follow-ups due in two days, due today, overdue by a day and overdue
by a week, so that the first reminder scan after seeding sends every kind.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from kam.bulk import insert
from prospects.models import Attitude, Contact, Progress, Prospect, Strength
from prospects.services import prospects_reassess
from visits import field_demo
from visits.models import (
    FOLLOW_UP_AFTER,
    DevelopmentMethod,
    FirstContact,
    FollowUp,
    MeetingDecision,
    MeetingProposal,
    MethodMeeting,
    Visit,
    VisitPreparation,
)

PLACES = [
    "客户总部会议室",
    "客户工厂",
    "我司展厅",
    "客户采购部",
    "Customer's head office",
]
TALKING_POINTS = [
    "介绍了我司产品在节能方面的优势，客户对能耗数据很感兴趣。",
    "讨论了现有供应商交期不稳定的问题，客户希望有备选方案。",
    "演示了新一代产品，客户技术部提出了几个接口问题。",
    "Walked through the proposal; they asked for references in their industry.",
]
VIEWS = [
    "客户认可我们的技术，但担心价格高于现有供应商。",
    "采购经理态度积极，需要总经理最终拍板。",
    "客户希望先小批量试用。",
    "Interested, but the budget is fixed until next quarter.",
]
SUGGESTIONS = [
    "准备一份总拥有成本对比，下次拜访带上试样。",
    "邀请客户参加下月的产品推广会。",
    "安排技术人员与客户技术部单独交流。",
]
OPINIONS = ["客户对方案基本满意，要求补充报价明细。", "客户内部仍在讨论，下周再联系。", "They liked the trial results and want a quote."]  # fmt: skip
# Follow-ups every demo account owner has open: due in … days (negative: overdue).
OPEN_FOLLOW_UPS = [2, 0, -1, -7]
# 访问对象 of an account without contacts on file (the demo's accounts all have some).
PEOPLE_MET = [
    "王总（总经理）",
    "采购部李经理",
    "技术部张工",
    "Ms Chen, purchasing",
    "生产副总刘总",
]
# How a customer tends to feel, by how the account ended up.
ATTITUDES = {
    Prospect.Status.WON: [Attitude.WARM, Attitude.WARM, Attitude.NEUTRAL],
    Prospect.Status.LOST: [Attitude.COLD, Attitude.NEUTRAL, Attitude.COLD],
    Prospect.Status.DORMANT: [Attitude.NEUTRAL, Attitude.COLD],
}
DEFAULT_ATTITUDES = [Attitude.WARM, Attitude.NEUTRAL, Attitude.NEUTRAL, Attitude.COLD]


# How far accounts not won get: most stop early, as in a real funnel.
FURTHEST_OPEN = (
    [Progress.CONTACT] * 3
    + [Progress.EXPLANATION] * 3
    + [Progress.DEMO] * 2
    + [Progress.PROPOSAL] * 2
)


def furthest_stages(prospects):
    """How far each account gets: a won one to the contract; the others, in turn, three
    in ten to contact, three to product explanation, two to demo and two to proposal."""
    furthest, not_won = {}, 0
    for prospect in prospects:
        if prospect.status == Prospect.Status.WON:
            furthest[prospect.pk] = Progress.CONTRACT
        else:
            furthest[prospect.pk] = FURTHEST_OPEN[not_won % len(FURTHEST_OPEN)]
            not_won += 1
    return furthest


STAGES = Progress.values  # read once: the property builds a new list each time


def progress_at(step, furthest):
    """The business progress of an account's ``step``-th visit (0: the first): each
    visit goes a stage further, up to the ``furthest`` the account gets."""
    return STAGES[min(step + 1, Progress.rank(furthest))]


def business_hours(moment, rng):
    """The same day, at a round hour of the working day (in the team's time zone)."""
    return timezone.localtime(moment).replace(
        hour=rng.randint(9, 16), minute=0, second=0, microsecond=0
    )


def _full_checklist():
    return {
        key: {"done": True, "notes": ""}
        for items in VisitPreparation.GROUPS.values()
        for key, _label in items
    }


def _leader(ctx, prospect):
    """A KA supervisor of the team leads (the playbook wants supervisor level or
    above): the owner if a supervisor, else one of the team's, the same for each
    owner."""
    if prospect.owner.role == Role.SUPERVISOR:
        return prospect.owner
    supervisors = [
        user
        for user in ctx.users.values()
        if user.team_id == prospect.team_id and user.role == Role.SUPERVISOR
    ]
    if not supervisors:
        return prospect.owner
    return supervisors[prospect.owner_id % len(supervisors)]


def _contacts_by_account(prospects):
    """The contacts of each account, as (pk, name) pairs, in one query."""
    wanted = {p.pk for p in prospects}
    contacts = {}
    rows = Contact.objects.order_by("pk").values_list("prospect_id", "pk", "name")
    for prospect_id, pk, name in rows.iterator(chunk_size=5000):
        if prospect_id in wanted:
            contacts.setdefault(prospect_id, []).append((pk, name))
    return contacts


def _last_met(visits):
    """The people met move their last meeting forward and a relationship of none
    becomes "met", as recording the visits would (prospects.relationships): one
    statement a day and batch, never a save per contact."""
    days = {}
    for visit, *_rest, contacts in visits:
        day = timezone.localdate(visit.held_at) if visit.held_at else None
        for pk in contacts if day else ():
            days[pk] = max(day, days.get(pk, day))
    by_day = {}
    for pk, day in days.items():
        by_day.setdefault(day, []).append(pk)
    for day, ids in by_day.items():
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            Contact.objects.filter(pk__in=batch).filter(
                Q(last_met_on__isnull=True) | Q(last_met_on__lt=day)
            ).update(last_met_on=day)
    met = list(days)
    for start in range(0, len(met), 500):
        Contact.objects.filter(
            pk__in=met[start : start + 500], strength__in=["", Strength.NONE]
        ).update(strength=Strength.MET)
    # Whom we met is part of our position (the relationship coverage).
    prospects_reassess({visit.prospect_id for visit, *_rest, met in visits if met})


class Builder:
    def __init__(self, ctx, contacts):
        self.ctx = ctx
        self.contacts = contacts  # the account's contacts: {prospect pk: [(pk, name)]}
        # (visit, co_visitors, follow_up or None, preparation or None, contact pks met)
        self.visits = []

    def _met(self, prospect):
        """Whom a held visit met: one or two of the account's contacts, as the record
        form chooses them; a name typed in only where the account has none."""
        theirs = self.contacts.get(prospect.pk, [])
        if not theirs:
            return [], self.ctx.rng.choice(PEOPLE_MET), ""
        met = self.ctx.rng.sample(
            theirs, min(len(theirs), self.ctx.rng.choice([1, 1, 2]))
        )
        return [pk for pk, _name in met], "", met[0][1]

    def held(self, prospect, held_at, *, follow_up_done, full=True, step=0):
        rng = self.ctx.rng
        lead = _leader(self.ctx, prospect)
        progress = progress_at(step, self.ctx.furthest[prospect.pk])
        attitude = rng.choice(ATTITUDES.get(prospect.status, DEFAULT_ATTITUDES))
        met, others, first_met = self._met(prospect)
        visit = Visit(
            prospect=prospect,
            lead_visitor=lead,
            planned_at=held_at,
            held_at=held_at,
            place=rng.choice(PLACES),
            method=Visit.Method.FACE_TO_FACE,
            status=Visit.Status.HELD,
            purpose="了解客户需求，介绍我司方案",
            talking_points=rng.choice(TALKING_POINTS),
            customer_views=rng.choice(VIEWS),
            suggestions=rng.choice(SUGGESTIONS),
            people_met=others,
            duration_minutes=rng.choice([45, 60, 90, 120, 150]),
            progress=progress,
            attitude=attitude,
            created_by=prospect.owner,
        )
        co_visitors = [prospect.owner] if prospect.owner != lead else []
        follow_up = FollowUp(
            prospect=prospect,
            assignee=prospect.owner,
            due_at=held_at + FOLLOW_UP_AFTER,
        )
        if follow_up_done:
            follow_up.status = FollowUp.Status.DONE
            follow_up.done_at = held_at + timedelta(days=rng.randint(2, 6))
            follow_up.method = rng.choice(FollowUp.Method.values)
            follow_up.customer_opinion = rng.choice(OPINIONS)
            follow_up.next_step = "准备正式报价"
            follow_up.person_contacted = first_met or others
            follow_up.duration_minutes = rng.choice([10, 15, 20, 30])
            follow_up.progress = progress
            follow_up.attitude = rng.choice(
                ATTITUDES.get(prospect.status, DEFAULT_ATTITUDES)
            )
        # Every visit has its preparation, made with the plan; a held one was done.
        preparation = VisitPreparation(
            discussion_at=held_at - timedelta(days=3),
            colleague_suggestions="先了解其采购流程，再谈价格。" if full else "",
            checklist=_full_checklist(),
            classification="重点开发客户",
            analysis="需求明确，决策链较长",
            judgement="值得投入，三个月内可签约",
        )
        self.visits.append((visit, co_visitors, follow_up, preparation, met))

    def planned(self, prospect, planned_at, *, prepared):
        lead = _leader(self.ctx, prospect)
        visit = Visit(
            prospect=prospect,
            lead_visitor=lead,
            planned_at=planned_at,
            place=self.ctx.rng.choice(PLACES),
            purpose="演示新产品，了解采购计划",
            created_by=prospect.owner,
        )
        checklist = (
            _full_checklist()
            if prepared
            else {"economy": {"done": True, "notes": "收入稳定"}}
        )
        preparation = VisitPreparation(
            discussion_at=planned_at - timedelta(days=2) if prepared else None,
            colleague_suggestions="带上同行业案例。" if prepared else "",
            checklist=checklist,
            classification="重点开发客户" if prepared else "",
            analysis="对节能方案感兴趣" if prepared else "",
            judgement="有希望" if prepared else "",
        )
        co_visitors = [prospect.owner] if prospect.owner != lead else []
        self.visits.append((visit, co_visitors, None, preparation, []))

    def save(self):
        for visit, *_rest in self.visits:
            visit.keep_search_grams()
        insert(Visit, [v for v, *_ in self.visits])
        through = Visit.co_visitors.through
        insert(
            through,
            [through(visit_id=v.pk, user_id=u.pk) for v, people, *_ in self.visits for u in people],
        )  # fmt: skip
        met = Visit.contacts_met.through
        insert(
            met,
            [met(visit_id=v.pk, contact_id=pk) for v, *_, contacts in self.visits for pk in contacts],
        )  # fmt: skip
        _last_met(self.visits)
        follow_ups, preparations = [], []
        for visit, _people, follow_up, preparation, _met in self.visits:
            if follow_up:
                follow_up.visit = visit
                follow_ups.append(follow_up)
            if preparation:
                preparation.visit = visit
                preparations.append(preparation)
        insert(FollowUp, follow_ups)
        insert(VisitPreparation, preparations)
        colleagues = Prospect.colleagues.through
        existing = set(colleagues.objects.values_list("prospect_id", "user_id"))
        joined = {
            (v.prospect_id, u.pk)
            for v, people, *_ in self.visits
            for u in [v.lead_visitor, *people]
            if u.pk != v.prospect.owner_id
        }
        insert(
            colleagues,
            [colleagues(prospect_id=p, user_id=u) for p, u in joined - existing],
        )
        return len(self.visits), len(follow_ups)


def _first_contacts(ctx, prospects, before_days):
    rows = []
    for prospect in prospects:
        channel = ctx.rng.choice(FirstContact.Channel.values)
        contacts = list(prospect.contacts.all()[:1]) if not ctx.large else []
        rows.append(
            FirstContact(
                prospect=prospect,
                channel=channel,
                contacted_at=business_hours(
                    ctx.now - timedelta(days=before_days + ctx.rng.randint(5, 60)),
                    ctx.rng,
                ),
                contact=contacts[0] if contacts else None,
                made_by=prospect.owner,
                content="介绍我司及产品优势，希望安排拜访。",
                response="客户表示有兴趣，同意见面。",
                next_step="约定拜访时间",
                guidance_checked=[
                    key for key, _label in FirstContact.GUIDANCE[channel]
                ],
                duration_minutes=20 if channel == FirstContact.Channel.PHONE else None,
                progress=Progress.CONTACT,
                attitude=ctx.rng.choice([Attitude.WARM, Attitude.NEUTRAL]),
            )
        )
    insert(FirstContact, rows)
    return len(rows)


def _meetings(ctx):
    for team in ctx.teams.values():
        manager = team.manager
        people = list(team.members.exclude(pk=manager.pk))
        targets = list(
            Prospect.objects.filter(team=team, status=Prospect.Status.POTENTIAL)[:6]
        )
        closed = MethodMeeting.objects.create(
            team=team,
            called_by=manager,
            held_on=ctx.now - timedelta(days=30),
            briefing="本月重点潜在客户：经营数据、采购因素和竞争情况见各客户分析。",
            minutes="会议确定了三个客户的开发方式，下月复盘。",
            status=MethodMeeting.Status.CLOSED,
            closed_at=ctx.now - timedelta(days=30),
        )
        closed.attendees.set(people)
        closed.prospects.set(targets[:3])
        methods = [
            DevelopmentMethod.VISIT,
            DevelopmentMethod.INVITE,
            DevelopmentMethod.MAIL,
        ]
        for prospect, method in zip(targets[:3], methods, strict=False):
            MeetingProposal.objects.create(
                meeting=closed, prospect=prospect, author=prospect.owner,
                method=method, rationale="客户决策人重视面对面沟通。",
            )  # fmt: skip
            MeetingDecision.objects.create(
                meeting=closed, prospect=prospect, method=method,
                reason="采纳负责人的建议。", decided_by=manager,
            )  # fmt: skip
        upcoming = MethodMeeting.objects.create(
            team=team,
            called_by=manager,
            held_on=ctx.now + timedelta(days=3),
            briefing="讨论新增潜在客户的开发方式。",
        )
        upcoming.attendees.set(people)
        upcoming.prospects.set(targets[3:6])
        for prospect in targets[3:5]:
            MeetingProposal.objects.create(
                meeting=upcoming, prospect=prospect, author=prospect.owner,
                method=DevelopmentMethod.INVITE, rationale="下月有产品推广会，适合邀请。",
            )  # fmt: skip


def seed(ctx):
    now = ctx.now
    rng = ctx.rng
    # Status follows the work: an account with a contact is no longer potential.
    prospects = [p for p in ctx.prospects if p.status != Prospect.Status.POTENTIAL]
    ctx.furthest = furthest_stages(ctx.prospects)
    builder = Builder(ctx, _contacts_by_account(prospects))
    per_account = 5 if ctx.large else 2
    for prospect in prospects:
        for n in range(per_account):
            # Earlier visits first, so each goes further than the one before.
            days_ago = (per_account - n) * rng.randint(15, 60 if ctx.large else 30) + 10
            held_at = business_hours(now - timedelta(days=days_ago), rng)
            builder.held(
                prospect, held_at, follow_up_done=True, full=not ctx.large, step=n
            )
    owners = {p.owner_id: p.owner for p in prospects}
    today_at_ten = timezone.localtime(now).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    for owner in owners.values():
        theirs = [p for p in prospects if p.owner_id == owner.pk and p.is_open]
        for due_in, prospect in zip(OPEN_FOLLOW_UPS, theirs, strict=False):
            due_at = today_at_ten + timedelta(days=due_in)
            builder.held(
                prospect,
                due_at - FOLLOW_UP_AFTER,
                follow_up_done=False,
                step=per_account,
            )
        for index, prospect in enumerate(theirs[4:7]):
            planned_at = now + timedelta(days=2 + 3 * index, hours=rng.randint(1, 6))
            builder.planned(
                prospect,
                planned_at.replace(minute=0, second=0, microsecond=0),
                prepared=index != 1,
            )
    visit_count, follow_up_count = builder.save()
    contacts = _first_contacts(
        ctx, prospects, per_account * (60 if ctx.large else 30) + 10
    )
    _meetings(ctx)
    field_demo.seed(ctx)
    ctx.log(
        f"Visits: {visit_count} with {follow_up_count} follow-ups, "
        f"{contacts} first contacts, development-method meetings for each team."
    )
