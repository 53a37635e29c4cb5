"""Demo groups and relationship maps (called by prospects.demo).

Two groups (集团), each headed in one team with subsidiaries in both, so a manager
sees "other members exist"; their heads carry a full buying centre with every
role and attitude. Every other demo contact gets a role, an attitude and a
strength drawn from its own name, so the main random sequence is untouched.
"""

import random
import zlib
from datetime import timedelta
from decimal import Decimal

from prospects.models import BuyingRole, Contact, Prospect, Stance, Strength

#: (name, owner, parent's index in the group or None for the head office)
GROUPS = [
    [
        ("鼎盛控股集团", "rep_a1", None),
        ("鼎盛精密（苏州）有限公司", "rep_a2", 0),
        ("鼎盛精密苏州二厂", "rep_a1", 1),
        ("鼎盛新材料（宁波）有限公司", "rep_b1", 0),
        ("鼎盛物流（上海）有限公司", "supervisor_b", 0),
    ],
    [
        ("远航实业集团", "rep_b1", None),
        ("远航电气（广州）有限公司", "supervisor_b", 0),
        ("远航电气佛山分厂", "rep_b1", 1),
        ("远航智能装备（杭州）有限公司", "rep_a2", 0),
    ],
]

#: The head office's buying centre: (name, position, role, attitude, strength,
#: reports to (index) or None, owned by us?, days since met or None)
BUYING_CENTRE = [
    ("陈建国", "董事长", BuyingRole.DECISION_MAKER, Stance.NEUTRAL, Strength.MET, None, True, 40),
    ("刘芳", "财务总监", BuyingRole.DECISION_MAKER, Stance.SUPPORTER, Strength.REGULAR, 0, True, 20),
    ("王强", "技术副总", BuyingRole.TECHNICAL_BUYER, Stance.OPPONENT, Strength.MET, 0, False, 75),
    ("赵敏", "采购经理", BuyingRole.GATEKEEPER, Stance.NEUTRAL, Strength.REGULAR, 1, True, 12),
    ("孙伟", "设备部主管", BuyingRole.USER, Stance.SUPPORTER, Strength.TRUSTED, 2, True, 130),
    ("周婷", "总裁办主任", BuyingRole.INFLUENCER, Stance.OPPONENT, Strength.NONE, 0, True, None),
    ("吴磊", "生产工程师", BuyingRole.COACH, Stance.SUPPORTER, Strength.TRUSTED, 4, True, 8),
]  # fmt: skip


def decorate_contact(contact, owner, today):
    """A role, an attitude and a strength from the contact's own name."""
    rng = random.Random(zlib.crc32(f"{contact.name}{contact.position}".encode()))
    contact.buying_role = rng.choice([*BuyingRole.values, ""])
    contact.attitude = rng.choice([*Stance.values, ""])
    contact.strength = rng.choice(Strength.values)
    contact.relationship_owner = owner if rng.random() < 0.6 else None
    if contact.strength != Strength.NONE:
        contact.last_met_on = today - timedelta(days=rng.randint(3, 150))
    return contact


def group_accounts(ctx, build):
    """The groups' accounts, unsaved, as (prospect, parts, parent index, group)
    rows; ``build(owner)`` makes an analysed account for ``owner``."""
    rows = []
    for number, group in enumerate(GROUPS):
        for name, username, parent in group:
            owner = ctx.users[username]
            prospect, parts = build(owner)
            prospect.name = name
            _doing_business(
                prospect, parts, rng=random.Random(zlib.crc32(name.encode()))
            )
            if parent is None:
                parts["contacts"] = _buying_centre(owner, ctx.now.date())
            rows.append((prospect, parts, parent, number))
    return rows


def _doing_business(prospect, parts, rng):
    """A group member we already sell to: developing or won, with our share."""
    prospect.status = rng.choice([Prospect.Status.DEVELOPING, Prospect.Status.WON])
    share = Decimal(rng.randint(8, 40)) / 100
    for month in parts.get("transactions", []):
        month.our_sales = (month.purchase_volume * share).quantize(Decimal("0.01"))


def link_groups(rows):
    """After the accounts are saved: parents, groups and reporting lines."""
    heads = {}
    for prospect, parts, parent, number in rows:
        members = [r[0] for r in rows if r[3] == number]
        if parent is None:
            heads[number] = prospect
            _report(parts["contacts"])
        Prospect.objects.filter(pk=prospect.pk).update(
            parent=None if parent is None else members[parent],
            group_root=heads[number],
        )


def _report(contacts):
    for contact, row in zip(contacts, BUYING_CENTRE, strict=True):
        if row[5] is not None:
            Contact.objects.filter(pk=contact.pk).update(reports_to=contacts[row[5]])


def _buying_centre(owner, today):
    return [
        Contact(
            name=name,
            position=position,
            purchase_role=Contact.PurchaseRole.DECISION_MAKER
            if role == BuyingRole.DECISION_MAKER
            else Contact.PurchaseRole.INFLUENCER,
            buying_role=role,
            attitude=attitude,
            strength=strength,
            relationship_owner=owner if owned else None,
            last_met_on=None if days is None else today - timedelta(days=days),
        )
        for name, position, role, attitude, strength, _boss, owned, days in BUYING_CENTRE
    ]
