"""Group accounts (集团): the tree of an account's group, its place in it, and the
group's figures rolled up over the members the user may see.

Each member carries its group's root (``Prospect.group_root``), kept here whenever a
parent changes, so every read of a group is one indexed filter. A reader is shown
only the members they may see; of the others, only that they exist.

Later apps add their own figures to the group page (visits and follow-ups,
outcomes) through ``register_rollup``, so this module imports none of them.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, F, Min, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from prospects.assessment import quadrant
from prospects.models import Forecast, MonthlyTransaction, Prospect

_rollups = []


def register_rollup(template, context, *, order=100):
    """``context(members, user)`` returns the template's context for the group
    page; ``members`` is the queryset of the members the user may see."""
    _rollups.append((order, template, context))
    _rollups.sort(key=lambda part: part[0])


# --- Keeping the tree --------------------------------------------------------------


def subtree_ids(pk):
    """The account and everything below it (one query a level)."""
    found, frontier = [pk], [pk]
    while frontier:
        frontier = list(
            Prospect.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.extend(frontier)
    return found


def prospect_place_in_group(prospect, old_parent_id=None):
    """After the account's parent changed: it and its subsidiaries join the
    parent's group (or head their own, or none). Call inside the save's
    transaction; the parent was validated (no cycle) by ``Prospect.clean``."""
    if prospect.parent_id is not None:
        parent = Prospect.objects.get(pk=prospect.parent_id)
        root_id = parent.group_root_id or parent.pk
        if parent.group_root_id is None:
            Prospect.objects.filter(pk=parent.pk).update(group_root_id=root_id)
    elif Prospect.objects.filter(parent_id=prospect.pk).exists():
        root_id = prospect.pk
    else:
        root_id = None
    Prospect.objects.filter(pk__in=subtree_ids(prospect.pk)).update(
        group_root_id=root_id
    )
    prospect.group_root_id = root_id
    if old_parent_id is not None:
        _dissolve_if_alone(old_parent_id)


def _dissolve_if_alone(pk):
    """A former parent left with no subsidiary and no parent is no group any more."""
    Prospect.objects.filter(pk=pk, parent__isnull=True).exclude(
        subsidiaries__isnull=False
    ).update(group_root=None)


def group_owner_warning(prospect):
    """Who owns the group the account joined, if that is someone else."""
    if prospect.group_root_id in (None, prospect.pk):
        return None
    root = Prospect.objects.select_related("owner", "team").get(
        pk=prospect.group_root_id
    )
    if root.owner_id == prospect.owner_id:
        return None
    return _(
        "%(account)s is now part of the group %(group)s, which %(owner)s of "
        "%(team)s owns: agree with them who develops what."
    ) % {"account": prospect, "group": root, "owner": root.owner, "team": root.team}


# --- Reading the tree ----------------------------------------------------------------


@dataclass
class Node:
    prospect: Prospect
    depth: int
    parent_hidden: bool = False


@dataclass
class Tree:
    root_id: int
    nodes: list
    others_exist: bool
    current_id: int | None = None

    @property
    def size(self):
        return len(self.nodes)

    @property
    def head(self):
        """The group's head account, if the reader may see it."""
        for node in self.nodes:
            if node.prospect.pk == self.root_id:
                return node.prospect
        return None


def visible_members(root_id, user):
    return Prospect.objects.visible_to(user).filter(group_root_id=root_id)


def group_tree(root_id, user, current=None):
    """The group's members the user may see, in tree order (two queries)."""
    members = list(
        visible_members(root_id, user).select_related("owner", "team").order_by("name")
    )
    total = Prospect.objects.filter(group_root_id=root_id).count()
    seen = {m.pk for m in members}
    children = {}
    for member in members:
        key = member.parent_id if member.parent_id in seen else None
        children.setdefault(key, []).append(member)
    nodes = []

    def walk(parent_key, depth):
        for member in children.get(parent_key, []):
            hidden = parent_key is None and member.parent_id is not None
            nodes.append(Node(member, depth, parent_hidden=hidden))
            walk(member.pk, depth + 1)

    walk(None, 0)
    return Tree(root_id, nodes, total > len(members), getattr(current, "pk", None))


def panel_context(request, prospect):
    return {"tree": account_tree(prospect, request.user)}


def account_tree(prospect, user):
    """The account page's view of its group, or None for a stand-alone account."""
    if prospect.group_root_id is None:
        return None
    return group_tree(prospect.group_root_id, user, current=prospect)


# --- The group's figures -------------------------------------------------------------


def months_back(today, count=12):
    """The first day of the month ``count - 1`` months before ``today``'s."""
    month = today.year * 12 + today.month - 1 - (count - 1)
    return date(month // 12, month % 12 + 1, 1)


AMOUNT = DecimalField(max_digits=20, decimal_places=2)


def _zero():
    return Value(Decimal(0), output_field=AMOUNT)


@dataclass
class Rollup:
    months: list
    sales: Decimal
    volume: Decimal
    by_member: dict
    pipeline: dict
    forecast: dict
    parts: list = field(default_factory=list)

    @property
    def share(self):
        return self.sales / self.volume * 100 if self.volume else None


def group_rollup(root_id, user, today=None):
    """Our sales, the customer's purchases (so the group's share of wallet), the
    open pipeline and forecast, and what later apps add: over the visible members
    only, each figure one aggregate query."""
    today = today or timezone.localdate()
    members = visible_members(root_id, user)
    transactions = MonthlyTransaction.objects.filter(
        prospect__in=members, month__gte=months_back(today)
    )
    months = list(
        transactions.values("month")
        .annotate(sales=Sum("our_sales"), volume=Sum("purchase_volume"))
        .order_by("month")
    )
    by_member = {
        row["prospect"]: {**row, "share": _share(row["sales"], row["volume"])}
        for row in transactions.values("prospect").annotate(
            sales=Sum("our_sales"), volume=Sum("purchase_volume")
        )
    }
    return Rollup(
        months=months,
        sales=sum((m["sales"] or 0 for m in months), Decimal(0)),
        volume=sum((m["volume"] or 0 for m in months), Decimal(0)),
        by_member=by_member,
        pipeline=_pipeline(members),
        forecast=_forecast(members),
        parts=[
            {"template": template, **context(members, user)}
            for _order, template, context in _rollups
        ],
    )


def _share(sales, volume):
    return (sales or 0) / volume * 100 if volume else None


def _pipeline(members):
    counts = members.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=Prospect.OPEN_STATUSES)),
        won=Count("pk", filter=Q(status=Prospect.Status.WON)),
        worth=Count(
            "pk",
            filter=Q(status__in=Prospect.OPEN_STATUSES, verdict=Prospect.Verdict.WORTH),
        ),
    )
    return counts


def _forecast(members):
    """Expected sales and risk-adjusted profit of the open members' forecasts."""
    filled = Forecast.objects.filter(
        prospect__in=members.open(),
        expected_sales__isnull=False,
        margin__isnull=False,
    )
    costs = sum(
        (Coalesce(F(name), _zero()) for name in Forecast.COSTS[1:]),
        Coalesce(F(Forecast.COSTS[0]), _zero()),
    )
    risk = Coalesce(F("risk_coefficient"), _zero())
    hundred = Value(Decimal(100), output_field=AMOUNT)
    gross = F("expected_sales") * F("margin") / hundred
    return filled.aggregate(
        accounts=Count("pk"),
        sales=Coalesce(Sum("expected_sales"), _zero()),
        profit=Coalesce(
            Sum(gross * (hundred - risk) / hundred - costs, output_field=AMOUNT),
            _zero(),
        ),
    )


# --- The portfolio matrix by group ---------------------------------------------------


@dataclass
class GroupPoint:
    """A group in the matrix: the average score and position of its members."""

    name: str
    member_id: int
    members: int
    score: int | None
    position_score: int | None
    quadrant: str = ""

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("prospects:group", args=[self.member_id])


def group_points(queryset):
    """Each group among ``queryset`` (already scoped) as one point: one aggregate
    query, and one for the names of the roots the queryset holds."""
    rows = list(
        queryset.filter(group_root__isnull=False)
        .values("group_root")
        .annotate(
            score=Avg("score"),
            position=Avg("position_score"),
            n=Count("pk"),
            member=Min("pk"),
            label=Min("name"),
        )
        .order_by()
    )
    roots = dict(
        queryset.filter(pk__in=[r["group_root"] for r in rows]).values_list(
            "pk", "name"
        )
    )
    points = []
    for row in rows:
        score = None if row["score"] is None else round(row["score"])
        position = None if row["position"] is None else round(row["position"])
        root = row["group_root"]
        points.append(
            GroupPoint(
                name=roots.get(root) or row["label"],
                member_id=root if root in roots else row["member"],
                members=row["n"],
                score=score,
                position_score=position,
                quadrant=quadrant(score, position),
            )
        )
    return points
