"""The relationship map (buying centre) of an account: who reports to whom, the
choices a contact's form offers, the coverage gaps and the map as drawn."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case, Count, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from prospects.models import BuyingRole, Contact, Prospect, Stance, Strength
from prospects.orgchart import org_chart


def contacts_met_on(contacts, day):
    """The people met at a visit held on ``day``: their last meeting moves forward
    (never back, for a visit recorded late), and a relationship of none becomes
    "met". Each contact saved (its version bumped, its history in the name of
    whoever records the visit)."""
    for contact in contacts:
        changed = []
        if contact.last_met_on is None or contact.last_met_on < day:
            contact.last_met_on = day
            changed.append("last_met_on")
        if contact.strength in ("", Strength.NONE):
            contact.strength = Strength.MET
            changed.append("strength")
        if changed:
            contact.save()


def contact_label(contact):
    return f"{contact.name} · {contact.position or contact.prospect}"


def relationship_choices(contact, prospect, user):
    """Whom a contact may report to: the account's other contacts and those of
    the group's members the user may see; who may own the relationship: the
    account's team (and the current owner, kept)."""
    accounts = Prospect.objects.filter(pk=prospect.pk)
    if prospect.group_root_id is not None and user is not None:
        accounts = (
            Prospect.objects.visible_to(user).filter(
                group_root_id=prospect.group_root_id
            )
            | accounts
        )
    contacts = Contact.objects.filter(prospect__in=accounts.values("pk"))
    if contact.pk is not None:
        contacts = contacts.exclude(pk=contact.pk)
    people = User.objects.filter(team_id=prospect.team_id, is_active=True)
    people = people | User.objects.filter(pk=contact.relationship_owner_id)
    return {
        "reports_to": contacts.select_related("prospect").order_by("prospect", "name"),
        "relationship_owner": people.order_by("username"),
    }


# --- The map ---------------------------------------------------------------------


@dataclass
class Person:
    contact: Contact
    depth: int = 0
    x: float = 0
    boss: "Person | None" = None
    elsewhere: bool = False  # a contact of another member of the group
    reports: list = field(default_factory=list)


@dataclass
class RelationshipMap:
    people: list  # in chart order, top to bottom, left to right
    gaps: list
    columns: int = 1

    @property
    def depth(self):
        return 1 + max((p.depth for p in self.people), default=0)


def account_map(prospect, user, today=None):
    """The map of the account's contacts (prefetched ones are reused), with the
    bosses they report to at the group's members the user may see (one query)."""
    contacts = list(prospect.contacts.all())
    ids = {c.pk for c in contacts}
    above = [c.reports_to_id for c in contacts if c.reports_to_id not in (None, *ids)]
    if above:
        contacts += list(
            Contact.objects.visible_to(user)
            .filter(pk__in=above)
            .select_related("prospect", "relationship_owner")
        )
    people = _lay_out(contacts, prospect.pk)
    return RelationshipMap(
        people=people,
        gaps=coverage_gaps(
            [p.contact for p in people if not p.elsewhere],
            today or timezone.localdate(),
        ),
        columns=max(1, sum(1 for p in people if not p.reports)),
    )


def _lay_out(contacts, account_id):
    """Each person one row below their boss; leaves left to right in slots, each
    boss centred above the people reporting to them."""
    people = {c.pk: Person(c, elsewhere=c.prospect_id != account_id) for c in contacts}
    for person in people.values():
        boss = people.get(person.contact.reports_to_id)
        if boss is not None:
            person.boss = boss
            boss.reports.append(person)
    ordered, slot = [], [0]

    def place(person, depth):
        person.depth = depth
        ordered.append(person)
        for report in sorted(person.reports, key=_order):
            place(report, depth + 1)
        if person.reports:
            person.x = sum(r.x for r in person.reports) / len(person.reports)
        else:
            person.x = slot[0]
            slot[0] += 1

    for top in sorted((p for p in people.values() if p.boss is None), key=_order):
        place(top, 0)
    return ordered


def _order(person):
    return (ROLE_ORDER.get(person.contact.buying_role, 9), person.contact.name)


ROLE_ORDER = {role: rank for rank, role in enumerate(BuyingRole.values)}


# --- Coverage -----------------------------------------------------------------------

#: A supporter nobody has met for longer than this is a gap.
NOT_MET_DAYS = 90


@dataclass
class Gap:
    kind: str  # "decision_maker", "unowned_opponent" or "supporter_not_met"
    text: str
    contact: Contact | None = None


#: The strengths of a relationship we have: a contact we have met.
REACHED = [value for value in Strength.values if value != Strength.NONE]


def _reached(contact):
    return contact.strength in REACHED


def _met_lately(contact, today):
    return contact.last_met_on is not None and contact.last_met_on >= today - timedelta(
        days=NOT_MET_DAYS
    )


def coverage_gaps(contacts, today):
    """What the map lacks: no decision maker we have met, an opponent nobody on
    our side owns, a supporter nobody has met for 90 days."""
    gaps = []
    if not any(
        c.buying_role == BuyingRole.DECISION_MAKER and _reached(c) for c in contacts
    ):
        gaps.append(
            Gap("decision_maker", _("No contact with a decision maker: nobody on our side has met one."))
        )  # fmt: skip
    for c in contacts:
        if c.attitude == Stance.OPPONENT and c.relationship_owner_id is None:
            text = _(
                "%(name)s opposes us and nobody on our side owns the relationship."
            )
            gaps.append(Gap("unowned_opponent", text % {"name": c.name}, c))
        if c.attitude == Stance.SUPPORTER and not _met_lately(c, today):
            text = _("%(name)s supports us but nobody has met them for %(days)s days.")
            gaps.append(
                Gap(
                    "supporter_not_met",
                    text % {"name": c.name, "days": NOT_MET_DAYS},
                    c,
                )
            )
    return sorted(gaps, key=lambda gap: GAP_ORDER.index(gap.kind))


GAP_ORDER = ("decision_maker", "unowned_opponent", "supporter_not_met")


def _share(part, whole):
    return None if not whole else round(100 * part / whole)


def coverage_factors(contacts, today):
    """The relationship-coverage part of our position, as (label, shown, score)
    per rule; empty when the account has no contact yet."""
    if not contacts:
        return []
    makers = [c for c in contacts if c.buying_role == BuyingRole.DECISION_MAKER]
    reached = sum(1 for c in makers if _reached(c))
    opponents = [c for c in contacts if c.attitude == Stance.OPPONENT]
    owned = sum(1 for c in opponents if c.relationship_owner_id is not None)
    supporters = [c for c in contacts if c.attitude == Stance.SUPPORTER]
    met = sum(1 for c in supporters if _met_lately(c, today))
    return [
        (_("Decision makers we have met"), f"{reached} / {len(makers)}", 100 if reached else 0),
        (_("Opponents with an owner on our side"), f"{owned} / {len(opponents)}", _share(owned, len(opponents))),
        (_("Supporters met in the last 90 days"), f"{met} / {len(supporters)}", _share(met, len(supporters))),
    ]  # fmt: skip


def relationship_context(prospect, user):
    """The account page's map: the people, the chart and the gaps."""
    relationship_map = account_map(prospect, user)
    chart = org_chart(relationship_map) if relationship_map.people else None
    return {"relationship_map": relationship_map, "org_chart": chart}


#: What coverage_gaps reads of a contact.
COVERAGE_FIELDS = (
    "prospect_id", "name", "buying_role", "attitude", "strength", "last_met_on",
    "relationship_owner_id",
)  # fmt: skip


def with_gap_count(accounts, today):
    """``accounts`` that have a map, each with ``gap_count``: as many gaps as
    coverage_gaps finds there, counted in SQL (a rep's accounts hold hundreds of
    contacts)."""
    met_one = Q(
        contacts__buying_role=BuyingRole.DECISION_MAKER,
        contacts__strength__in=REACHED,
    )
    unowned = Q(
        contacts__attitude=Stance.OPPONENT,
        contacts__relationship_owner__isnull=True,
    )
    not_met = Q(contacts__attitude=Stance.SUPPORTER) & (
        Q(contacts__last_met_on__isnull=True)
        | Q(contacts__last_met_on__lt=today - timedelta(days=NOT_MET_DAYS))
    )
    return (
        accounts.annotate(
            people=Count("contacts"),
            makers_met=Count("contacts", filter=met_one),
            unowned=Count("contacts", filter=unowned),
            not_met=Count("contacts", filter=not_met),
        )
        .filter(people__gt=0)
        .annotate(
            gap_count=Case(When(makers_met=0, then=1), default=0)
            + F("unowned")
            + F("not_met")
        )
    )


def coverage_worklist(accounts, today, limit=5):
    """(account, gap) for the open ``accounts`` that have a map, the accounts
    with the most gaps first: the accounts ranked in one query, then the
    contacts of the few shown."""
    ranked = list(
        with_gap_count(accounts.open(), today)
        .filter(gap_count__gt=0)
        .only("name")
        .order_by("-gap_count", "name", "pk")[:limit]
    )
    contacts = Contact.objects.filter(prospect__in=ranked).only(*COVERAGE_FIELDS)
    by_account = {account.pk: [] for account in ranked}
    for contact in contacts.order_by("prospect_id", "name"):
        by_account[contact.prospect_id].append(contact)
    found = [
        (account, gap)
        for account in ranked
        for gap in coverage_gaps(by_account[account.pk], today)
    ]
    return found[:limit]


def profile_part(prospect):
    """The map in the printed account profile (prospects.documents): the
    account's own contacts."""
    return relationship_context(prospect, None)
