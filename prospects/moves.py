"""Hand-over and bulk changes to accounts: the one door for moving ownership.

A manager (or an admin) hands accounts to a colleague of the account's team, adds a
colleague, or changes their classification. Every account is locked, saved once in
the actor's name (the version moves on, the history says who) and the team's
figures are retired. Whatever else belongs to the owner moves with the account
through the hand-over hooks other apps register in their AppConfig.ready()
(visits: open visits and follow-ups; notifications: unread reminders and the new
owner's notice); this module imports none of them.

Bad input raises ``MoveRefused`` with a translated message, before anything is
written.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kam.figures import figures_changed
from prospects.models import CLASSIFICATION, Prospect

#: ``hook(handed)``: called inside the hand-over's transaction, once.
HAND_OVER_HOOKS = []


def register_hand_over(hook):
    if hook not in HAND_OVER_HOOKS:
        HAND_OVER_HOOKS.append(hook)


class MoveRefused(ValidationError):
    """The move is not allowed or its input is wrong; nothing was changed."""


@dataclass(frozen=True)
class HandedOver:
    """What a hand-over did: ``previous`` maps each account id to its old owner's id."""

    to: object
    by: object
    previous: dict

    @property
    def account_ids(self):
        return list(self.previous)

    def by_previous_owner(self):
        grouped = defaultdict(list)
        for account_id, owner_id in self.previous.items():
            grouped[owner_id].append(account_id)
        return dict(grouped)


def may_move(user):
    """Managers move their team's accounts; admins anyone's."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.sees_everything or (user.is_manager and user.team_id))
    )


def movable(user):
    """The accounts ``user`` may hand over or change in bulk."""
    if not may_move(user):
        return Prospect.objects.none()
    if user.sees_everything:
        return Prospect.objects.all()
    return Prospect.objects.filter(team_id=user.team_id)


def _locked(accounts, by):
    if not may_move(by):
        raise MoveRefused(_("Only a manager or an admin can move accounts."))
    ids = sorted({getattr(a, "pk", a) for a in accounts})
    if not ids:
        raise MoveRefused(_("Choose at least one account."))
    locked = list(movable(by).select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise MoveRefused(_("Some of these accounts are not your team's."))
    return locked


def _check_colleague(person, accounts):
    if person is None or not person.is_active or person.sees_everything:
        raise MoveRefused(_("Choose an active colleague of the team."))
    if any(account.team_id != person.team_id for account in accounts):
        raise MoveRefused(
            _("%(person)s is not in the team of every chosen account.")
            % {"person": person}
        )


def _save(account, by, fields):
    account._history_user = by
    account.full_clean(validate_unique=False, validate_constraints=False)
    account.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def hand_over(accounts, to, by):
    """Make ``to`` the owner of ``accounts``; their open work moves too. Accounts
    ``to`` already owns are left as they are. Returns how many changed hands."""
    locked = _locked(accounts, by)
    _check_colleague(to, locked)
    previous = {}
    for account in locked:
        if account.owner_id == to.pk:
            continue
        previous[account.pk] = account.owner_id
        account.owner = to
        _save(account, by, ["owner"])
        account.colleagues.remove(to)
    if previous:
        handed = HandedOver(to=to, by=by, previous=previous)
        for hook in HAND_OVER_HOOKS:
            hook(handed)
        _retire_figures(locked)
    return len(previous)


@transaction.atomic
def hand_over_all(*, leaving, to, by):
    """Every account ``leaving`` owns, to ``to``: one action for a rep who leaves."""
    if leaving is None or leaving == to:
        raise MoveRefused(_("Choose two different people."))
    ids = list(movable(by).filter(owner=leaving).values_list("pk", flat=True))
    if not ids:
        raise MoveRefused(
            _("%(person)s owns no account you can hand over.") % {"person": leaving}
        )
    return hand_over(ids, to, by)


@transaction.atomic
def add_colleague(accounts, colleague, by):
    """Assign ``colleague`` to ``accounts`` (beside the owner). How many changed."""
    locked = _locked(accounts, by)
    _check_colleague(colleague, locked)
    changed = 0
    assigned = set(
        Prospect.colleagues.through.objects.filter(
            prospect__in=locked, user=colleague
        ).values_list("prospect_id", flat=True)
    )
    for account in locked:
        if account.owner_id == colleague.pk or account.pk in assigned:
            continue
        account.colleagues.add(colleague)
        _save(account, by, [])
        changed += 1
    _retire_figures(locked)
    return changed


@transaction.atomic
def classify(accounts, by, **classification):
    """Set the given classification fields (product category, customer nature,
    service content, industry; None leaves one as it is). How many changed."""
    unknown = set(classification) - set(CLASSIFICATION)
    if unknown:
        raise MoveRefused(_("Unknown classification."))
    wanted = {k: v for k, v in classification.items() if v is not None}
    if not wanted:
        raise MoveRefused(_("Choose at least one classification to set."))
    locked = _locked(accounts, by)
    changed = 0
    for account in locked:
        fields = [
            name for name, value in wanted.items()
            if getattr(account, f"{name}_id") != value.pk
        ]  # fmt: skip
        if not fields:
            continue
        for name in fields:
            setattr(account, name, wanted[name])
        _save(account, by, fields)
        changed += 1
    _retire_figures(locked)
    return changed


def _retire_figures(accounts):
    for team_id in {account.team_id for account in accounts}:
        figures_changed(team_id)
