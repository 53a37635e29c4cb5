"""Writes to key accounts, each in one transaction, each leaving the assessment current."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone

from kam.figures import figures_changed
from kam.versioning import EditConflict
from prospects.assessment import assess
from prospects.groups import prospect_place_in_group
from prospects.models import Advantage, Progress, Prospect, ScoringWeights


def _one_to_one(prospect, name):
    try:
        return getattr(prospect, name)
    except ObjectDoesNotExist:
        return None


def assessment_for(prospect, weights=None):
    """The assessment of ``prospect`` from its sections (prefetched ones are reused)."""
    statements = list(prospect.financial_statements.all())
    return assess(
        statement=statements[-1] if statements else None,
        forecast=_one_to_one(prospect, "forecast"),
        factors=_one_to_one(prospect, "purchase_factors"),
        transactions=list(prospect.transactions.all()),
        competitor_risks=[c.risk for c in prospect.competitors.all()],
        advantage_count=sum(1 for a in prospect.advantages.all() if a.note.strip()),
        weights=weights or ScoringWeights.current(),
        contacts=list(prospect.contacts.all()),
    )


def prospect_refresh_assessment(prospect, weights=None):
    """Recompute and store the score, position, verdict and quadrant."""
    result, team_id = _store_assessment(prospect, weights)
    figures_changed(team_id)
    return result


def _store_assessment(prospect, weights):
    fresh = Prospect.objects.get(pk=prospect.pk)
    result = assessment_for(fresh, weights)
    Prospect.objects.filter(pk=prospect.pk).update(
        score=result.score,
        position_score=result.position,
        verdict=result.verdict,
        quadrant=result.quadrant,
    )
    return result, fresh.team_id


def prospects_reassess(ids, batch=500):
    """Store the assessment of the accounts ``ids`` again, a batch of accounts and
    their sections read at a time (for bulk writers such as the demo, whose rows
    bypass the services that would do it one account at a time)."""
    weights = ScoringWeights.current()
    ids = sorted(ids)
    for start in range(0, len(ids), batch):
        accounts = list(
            Prospect.objects.filter(pk__in=ids[start : start + batch])
            .select_related("forecast", "purchase_factors")
            .prefetch_related(
                "financial_statements",
                "transactions",
                "competitors",
                "advantages",
                "contacts",
            )
        )
        for account in accounts:
            result = assessment_for(account, weights)
            account.score, account.position_score = result.score, result.position
            account.verdict, account.quadrant = result.verdict, result.quadrant
        Prospect.objects.bulk_update(
            accounts, ["score", "position_score", "verdict", "quadrant"]
        )
    for team_id in set(
        Prospect.objects.filter(pk__in=ids).values_list("team_id", flat=True)
    ):
        figures_changed(team_id)


def prospects_rescore_all(batch=500):
    """After the weights change: every account's stored assessment, in batches;
    then the weights are marked applied (unless they changed meanwhile)."""
    weights = ScoringWeights.current()
    ids = list(Prospect.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            teams = set()
            for prospect in Prospect.objects.filter(pk__in=ids[start : start + batch]):
                teams.add(_store_assessment(prospect, weights)[1])
            for team_id in teams:
                figures_changed(team_id)
    ScoringWeights.objects.filter(pk=weights.pk, updated_at=weights.updated_at).update(
        rescored_for=weights.updated_at
    )
    return len(ids)


def prospects_rescore_if_weights_changed():
    """The periodic scan's part: rescore if the weights changed since the last
    rescore (its task may never have reached the broker). How many were rescored."""
    if ScoringWeights.current().rescore_pending:
        return prospects_rescore_all()
    return 0


@transaction.atomic
def prospect_save(*, prospect, colleagues=None):
    """Create or update an account (its team is its owner's when first saved)."""
    if prospect.team_id is None:
        prospect.team = prospect.owner.team
    before = Prospect.objects.filter(pk=prospect.pk).values_list("parent_id").first()
    old_parent_id = before[0] if before else None
    if prospect.parent_id not in (None, old_parent_id):
        _lock_for_a_new_parent(prospect)
    prospect.full_clean()
    _save_checked(prospect)
    if old_parent_id != prospect.parent_id:
        prospect_place_in_group(prospect, old_parent_id=old_parent_id)
    if colleagues is not None:
        prospect.colleagues.set([c for c in colleagues if c.pk != prospect.owner_id])
    prospect_refresh_assessment(prospect)
    return prospect


def _save_checked(prospect):
    """Save what full_clean passed. A teammate's account of the same name, or one
    with the same credit code, committed since that check (PostgreSQL lets it; SQLite
    writes one at a time) is refused with the constraint's own message, as the check
    would have refused it, instead of the database's error."""
    try:
        with transaction.atomic():
            prospect.save()
    except IntegrityError:
        prospect.validate_constraints()
        raise


def _lock_for_a_new_parent(prospect):
    """The account and its new parent, locked in id order before the check for a
    loop: of two saves that would close a loop together, the second waits and
    then sees the first (any loop's links share accounts pairwise)."""
    ids = sorted(pk for pk in (prospect.pk, prospect.parent_id) if pk is not None)
    list(
        Prospect.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values("pk")
    )


def _lock_for_a_new_boss(contact):
    """The contact and the one it now reports to, locked in id order before the
    check for a loop, as ``_lock_for_a_new_parent`` does for accounts."""
    if contact.pk is not None:
        before = type(contact)._base_manager.filter(pk=contact.pk)
        if before.filter(reports_to_id=contact.reports_to_id).exists():
            return
    ids = sorted(pk for pk in (contact.pk, contact.reports_to_id) if pk is not None)
    list(
        type(contact)
        ._base_manager.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values("pk")
    )


@transaction.atomic
def prospect_part_save(*, part):
    """Save one analysis record (a statement, a contact, the forecast …)."""
    if getattr(part, "reports_to_id", None) is not None:
        _lock_for_a_new_boss(part)
    part.full_clean()
    part.save()
    prospect_refresh_assessment(part.prospect)
    return part


@transaction.atomic
def prospect_part_delete(*, part):
    prospect = part.prospect
    part.delete()
    prospect_refresh_assessment(prospect)


@transaction.atomic
def prospect_save_advantages(*, prospect, notes, loaded=None):
    """``notes`` maps each aspect to (note, evidence); empty aspects are removed.

    ``loaded`` is ``Advantage.versions_of`` the advantages the form showed: if
    someone has saved them since, nothing is written (EditConflict). Returns the
    account."""
    # One save of an account's advantages at a time, checked under the lock.
    list(Prospect.objects.select_for_update().filter(pk=prospect.pk).values("pk"))
    current = Advantage.objects.filter(prospect=prospect)
    if loaded is not None and Advantage.versions_of(current) != loaded:
        raise EditConflict(prospect)
    for aspect, (note, evidence) in notes.items():
        if note.strip() or evidence.strip():
            Advantage.objects.update_or_create(
                prospect=prospect,
                aspect=aspect,
                defaults={"note": note.strip(), "evidence": evidence.strip()},
            )
        else:
            current.filter(aspect=aspect).delete()
    prospect_refresh_assessment(prospect)
    return prospect


# --- Status and stage: the one door -----------------------------------------------


def _move(prospect, by, *, status=None, progress=""):
    """Lock the account, apply the move, and save it once if anything changed: the
    version moves on (open forms then see a conflict) and the history row is in
    ``by``'s name (or, given None, the signed-in user's). ``status`` may be a
    function of the current status."""
    locked = Prospect.objects.select_for_update().get(pk=prospect.pk)
    if callable(status):
        status = status(locked.status)
    changed = []
    if status is not None and locked.status != status:
        locked.status = Prospect.Status(status)
        changed.append("status")
    if Progress.rank(progress) > Progress.rank(locked.stage):
        locked.stage = progress
        changed.append("stage")
    if changed:
        if by is not None:
            locked._history_user = by
        locked.save(update_fields=[*changed, "updated_at"])
        figures_changed(locked.team_id)
    for name in ("status", "stage", "version", "updated_at"):
        setattr(prospect, name, getattr(locked, name))
    return prospect


@transaction.atomic
def prospect_set_status(*, prospect, status, by, progress=""):
    """Move the account to ``status`` (and its stage forward to ``progress``). The
    outcome and restore flows call this; nothing else sets a status."""
    return _move(prospect, by, status=status, progress=progress)


@transaction.atomic
def prospect_advance_stage(*, prospect, progress, by):
    """A contact was logged: the stage moves forward to ``progress`` (never back),
    and a potential account is now being developed."""
    return _move(prospect, by, status=_developing_if_potential, progress=progress)


def _developing_if_potential(status):
    return Prospect.Status.DEVELOPING if status == Prospect.Status.POTENTIAL else None


@transaction.atomic
def prospect_locate(*, prospect, latitude, longitude, by):
    """Give the account the location of a first check-in there, unless another has
    given it one first. Returns whether this one set it."""
    locked = Prospect.objects.select_for_update().get(pk=prospect.pk)
    if locked.position is not None:
        return False
    locked.latitude, locked.longitude = latitude, longitude
    locked.located_at = timezone.now()
    locked._history_user = by  # the history says who, even outside a request
    locked.full_clean()
    locked.save(update_fields=["latitude", "longitude", "located_at", "updated_at"])
    prospect.latitude, prospect.longitude = latitude, longitude
    prospect.located_at, prospect.version = locked.located_at, locked.version
    return True
