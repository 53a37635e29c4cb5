"""Demo data of moving in: saved filters, a hand-over and a merge in team A.

Run by the notifications demo, the last to build on the accounts, their visits
and follow-ups, so that the hand-over moves real open work and leaves its notice."""

from prospects.merging import merge
from prospects.models import Contact, Prospect, SavedFilter
from prospects.moves import add_colleague, hand_over
from prospects.services import prospect_part_save, prospect_save

FILTERS = {
    "manager_a": [("值得开发 · Worth developing", "verdict=worth&sort=-score")],
    "rep_a1": [("正在开发 · Developing", "status=developing")],
}


def seed(ctx):
    manager, leaving, taking = (
        ctx.users.get(name) for name in ("manager_a", "rep_a2", "rep_a1")
    )
    if not (manager and leaving and taking):
        return
    for username, filters in FILTERS.items():
        for name, query in filters:
            SavedFilter.objects.create(
                owner=ctx.users[username], name=name, query=query
            )
    # Two accounts without a follow-up in flight, so every rep keeps the demo's
    # follow-ups; the rep who hands them over stays on them as a colleague.
    handed = list(
        Prospect.objects.filter(owner=leaving)
        .open()
        .exclude(follow_ups__status="open")
        .order_by("pk")[:2]
    )
    hand_over(handed, taking, manager)
    add_colleague(handed, leaving, manager)
    kept = Prospect.objects.filter(owner=taking).order_by("pk").first()
    twin = Prospect(name=_twin_name(kept.name), owner=leaving)
    twin._history_user = leaving  # as the old system's records came in
    prospect_save(prospect=twin)
    contact = Contact(prospect=twin, name="李明", position="设备部经理")
    contact._history_user = leaving
    prospect_part_save(part=contact)
    merge(kept=kept, merged=twin, by=manager)
    ctx.log(
        f"Moving in: {len(handed)} accounts handed from {leaving} to {taking}, "
        f"{twin.name} merged into {kept.name}, saved filters."
    )


def _twin_name(name):
    """The same company as another system spelled it."""
    if name.endswith("股份有限公司"):
        return name.replace("股份有限公司", "有限公司")
    if name.endswith("有限公司"):
        return name.replace("有限公司", "股份有限公司")
    return f"{name} 有限公司"
