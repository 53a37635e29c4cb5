"""Merging two accounts that are one customer: everything moves to the one that stays.

Every record that points at an account — in any app: analysis rows, contacts,
visits, follow-ups, development-record entries, meetings, notifications, and the
history copies of each — is found through Django's model registry, so this module
imports no other app. Rows move with one UPDATE per kind. Where the account may
hold only one (a one-to-one section such as the sales profile, the forecast, the
purchase factors or the outcome; one statement per period, one transaction row
per month, one note per aspect), the staying account's own is kept and the other's
stays with the merged account; where the staying account has none, the other's
moves. The merged account is archived (dormant, through the status service) and
never deleted; ``AccountMerge`` records who merged which into which, and what
moved.
"""

from collections import Counter

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from kam.figures import figures_changed
from prospects.groups import prospect_place_in_group, subtree_ids
from prospects.models import AccountMerge, Prospect
from prospects.moves import MoveRefused, may_move, movable
from prospects.services import prospect_refresh_assessment, prospect_set_status


def _is_history_copy(model):
    return hasattr(model, "instance_type")  # django-simple-history's copies


def relations():
    """(model, field) for every foreign key and one-to-one to an account."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model in (Prospect, AccountMerge) or _is_history_copy(model):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Prospect:
                found.append((model, field))
    return found


def _unique_partners(model, field):
    """For each uniqueness rule that includes ``field``, the other fields in it."""
    sets = [tuple(names) for names in model._meta.unique_together]
    sets += [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields
    ]
    return [
        [model._meta.get_field(n).attname for n in names if n != field.name]
        for names in sets
        if field.name in names
    ]


def _movable_rows(model, field, kept, merged):
    """The ids of ``merged``'s rows that can move to ``kept``, and how many cannot."""
    rows = model._base_manager.filter(**{field.attname: merged.pk})
    if field.one_to_one or field.unique:
        if model._base_manager.filter(**{field.attname: kept.pk}).exists():
            return [], rows.count()
        return list(rows.values_list("pk", flat=True)), 0
    partners = _unique_partners(model, field)
    if not partners:
        return list(rows.values_list("pk", flat=True)), 0
    staying = model._base_manager.filter(**{field.attname: kept.pk})
    taken = [set(staying.values_list(*names)) for names in partners]
    rules = list(zip(partners, taken, strict=True))
    ids, blocked = [], 0
    for row in rows.values("pk", *{n for names in partners for n in names}):
        if any(tuple(row[n] for n in names) in keys for names, keys in rules):
            blocked += 1
        else:
            ids.append(row["pk"])
    return ids, blocked


def _move_history_copies(model, field, ids, kept):
    history = getattr(model, "history", None)
    copies = getattr(history, "model", None)
    if copies is not None and _is_history_copy(copies):
        copies.objects.filter(id__in=ids).update(**{field.attname: kept.pk})


def _move_records(kept, merged):
    moved, left = Counter(), Counter()
    for model, field in relations():
        ids, blocked = _movable_rows(model, field, kept, merged)
        label = model._meta.label_lower
        if ids:
            model._base_manager.filter(pk__in=ids).update(**{field.attname: kept.pk})
            _move_history_copies(model, field, ids, kept)
            moved[label] += len(ids)
        if blocked:
            left[label] += blocked
    return dict(moved), dict(left)


def _check(kept, merged, by):
    if not may_move(by):
        raise MoveRefused(_("Only a manager or an admin can merge accounts."))
    if kept.pk == merged.pk:
        raise MoveRefused(_("Choose two different accounts."))
    if kept.team_id != merged.team_id:
        raise MoveRefused(_("Only accounts of one team can be merged."))
    if AccountMerge.objects.filter(merged_id__in=[kept.pk, merged.pk]).exists():
        raise MoveRefused(_("One of these accounts was already merged into another."))


@transaction.atomic
def merge(*, kept, merged, by):
    """Move everything of ``merged`` to ``kept`` and archive ``merged``."""
    locked = {
        p.pk: p
        for p in movable(by)
        .select_for_update()
        .filter(pk__in=[kept.pk, merged.pk])
        .order_by("pk")
    }
    if kept.pk not in locked or merged.pk not in locked:
        raise MoveRefused(_("Some of these accounts are not your team's."))
    kept, merged = locked[kept.pk], locked[merged.pk]
    _check(kept, merged, by)
    moved, left = _move_records(kept, merged)
    _take_over_place_in_group(kept, merged, by)
    _take_over_identity(kept, merged, by)
    prospect_set_status(prospect=merged, status=Prospect.Status.DORMANT, by=by)
    record = AccountMerge.objects.create(
        kept=kept,
        merged=merged,
        merged_name=merged.name,
        merged_by=by,
        moved=moved,
        left_behind=left,
    )
    prospect_refresh_assessment(kept)
    figures_changed(kept.team_id)
    return record


def _take_over_place_in_group(kept, merged, by):
    """The merged account's subsidiaries hang under the one that stays, which also
    takes its parent if it had none; the archived twin leaves the group."""
    below_kept = set(subtree_ids(kept.pk))
    subsidiaries = (
        Prospect.objects.select_for_update()
        .filter(parent_id=merged.pk)
        .exclude(pk=kept.pk)
        .order_by("pk")
    )
    for subsidiary in subsidiaries:
        _set_parent(subsidiary, kept.pk, by)
    parent = kept.parent_id
    if parent in (None, merged.pk):
        parent = None if merged.parent_id in below_kept else merged.parent_id
    _set_parent(kept, parent, by)
    _set_parent(merged, None, by)
    merged.group_root_id = None
    Prospect.objects.filter(pk=merged.pk).update(group_root_id=None)
    prospect_place_in_group(kept)


def _set_parent(prospect, parent_id, by):
    """A move in the tree is a change of the account: its version moves on (an open
    edit form meets a conflict) and its history says who moved it."""
    if prospect.parent_id == parent_id:
        return
    prospect.parent_id = parent_id
    prospect._history_user = by
    prospect.save(update_fields=["parent", "updated_at"])


def _take_over_identity(kept, merged, by):
    """The merged account's people join the staying one; its credit code, if the
    staying account has none, goes over too (a code belongs to one account)."""
    kept.colleagues.add(merged.owner_id)
    kept.colleagues.remove(kept.owner_id)
    fields = ["updated_at"]
    if not kept.credit_code and merged.credit_code:
        code, merged.credit_code = merged.credit_code, ""
        merged._history_user = by
        merged.save(update_fields=["credit_code", "updated_at"])
        kept.credit_code = code
        fields.append("credit_code")
    kept._history_user = by
    kept.save(update_fields=fields)


def merges_of(prospect):
    """The merges this account took part in: (merged into, [merged into it])."""
    rows = list(
        AccountMerge.objects.filter(Q(kept=prospect) | Q(merged=prospect))
        .select_related("kept", "merged_by")
        .only(
            "merged_at",
            "merged_name",
            "merged",
            "kept__name",
            *User.names_at("merged_by"),
        )
        .order_by("-merged_at")
    )
    into = next((r for r in rows if r.merged_id == prospect.pk), None)
    return into, [r for r in rows if r.kept_id == prospect.pk]


def described(counts):
    """``{"prospects.contact": 3}`` as "contacts: 3", in the active language."""
    parts = []
    for label, count in sorted(counts.items()):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        parts.append(f"{model._meta.verbose_name_plural}: {count}")
    return parts


def merge_panel(request, prospect):
    """The account page's note of its merges, and the way to merge it."""
    into, merged_in = merges_of(prospect)
    can_merge = (
        into is None
        and may_move(request.user)
        and (request.user.sees_everything or request.user.team_id == prospect.team_id)
    )
    return {"merged_into": into, "merged_in": merged_in, "can_merge": can_merge}
