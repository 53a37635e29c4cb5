"""Writes to the development record and outcomes, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devlog.models import Outcome
from kam.figures import figures_changed
from notifications import webhooks
from prospects.models import Progress, Prospect
from prospects.services import prospect_advance_stage, prospect_set_status

STATUS_FOR_RESULT = {
    Outcome.Result.WON: Prospect.Status.WON,
    Outcome.Result.NOT_YET: Prospect.Status.DORMANT,
    Outcome.Result.LOST: Prospect.Status.LOST,
}


@transaction.atomic
def entry_save(*, entry):
    entry.full_clean()
    entry.save()
    figures_changed(entry.prospect.team_id)
    prospect_advance_stage(prospect=entry.prospect, progress=entry.progress, by=None)
    return entry


@transaction.atomic
def entry_delete(*, entry):
    entry.delete()
    figures_changed(entry.prospect.team_id)


@transaction.atomic
def outcome_record(*, outcome, reasons):
    """Record how the development ended. A won account enters the register (and
    has reached the contract); a lost one is archived; one not won yet rests."""
    if outcome.result != Outcome.Result.WON and not reasons:
        raise ValidationError({"reasons": _("Choose at least one reason.")})
    outcome.archived_at = (
        timezone.now() if outcome.result == Outcome.Result.LOST else None
    )
    outcome.restored_at = None
    if outcome.result == Outcome.Result.WON:
        outcome.approach_again_on = None
    outcome.full_clean()
    outcome.save()
    outcome.reasons.set(reasons if outcome.result != Outcome.Result.WON else [])
    won = outcome.result == Outcome.Result.WON
    before = Prospect.objects.filter(pk=outcome.prospect_id).values_list(
        "status", flat=True
    )[0]
    prospect_set_status(
        prospect=outcome.prospect,
        status=STATUS_FOR_RESULT[outcome.result],
        progress=Progress.CONTRACT if won else "",
        by=outcome.decided_by,
    )
    _publish_outcome(outcome, before)
    figures_changed(outcome.prospect.team_id)
    return outcome


OUTCOME_EVENTS = {
    Outcome.Result.WON: webhooks.Event.ACCOUNT_WON,
    Outcome.Result.LOST: webhooks.Event.ACCOUNT_LOST,
}


def _publish_outcome(outcome, before):
    """Won or lost (and not already so): other systems hear of it once."""
    event = OUTCOME_EVENTS.get(outcome.result)
    if event is None or before == STATUS_FOR_RESULT[outcome.result]:
        return
    prospect = outcome.prospect
    webhooks.publish(
        event,
        key=f"{prospect.pk}:{outcome.version}",
        data={
            "account": {
                "id": prospect.pk,
                "name": prospect.name,
                "credit_code": getattr(prospect, "credit_code", "") or "",
                "team": prospect.team.name,
                "owner": prospect.owner.username,
            },
            "outcome": {
                "id": outcome.pk,
                "result": outcome.result,
                "decided_on": outcome.decided_on,
                "decided_by": outcome.decided_by.username,
                "summary": outcome.summary,
                "reasons": [reason.name_en for reason in outcome.reasons.all()],
            },
        },
    )


@transaction.atomic
def outcome_restore(*, prospect, by):
    """Take a lost (or resting) account back into development; its outcome stays
    on record as history."""
    outcome = Outcome.objects.select_for_update().get(prospect=prospect)
    if outcome.result == Outcome.Result.WON or not outcome.is_current:
        raise ValidationError(
            _("Only an account that was lost or is resting can be restored.")
        )
    outcome.archived_at = None
    outcome.restored_at = timezone.now()
    outcome._history_user = by
    outcome.save(update_fields=["archived_at", "restored_at", "updated_at"])
    prospect_set_status(prospect=prospect, status=Prospect.Status.DEVELOPING, by=by)
    return outcome
