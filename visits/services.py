"""Writes with side effects for meetings, first contacts, visits and follow-ups.

Each is one transaction; views, the admin and tasks call these, never save() directly.
"""

from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.figures import figures_changed
from notifications import webhooks
from notifications.services import notifications_settle_follow_up
from prospects.relationships import contacts_met_on
from prospects.services import prospect_advance_stage, prospect_locate
from visits.models import (
    FOLLOW_UP_AFTER,
    CalendarFeed,
    CheckInSettings,
    FollowUp,
    MeetingDecision,
    MethodMeeting,
    SalesMaterial,
    Visit,
    VisitCheck,
    VisitPreparation,
    distance_m,
)


def _require_manager_of(user, team_id):
    if not user.manages(team_id):
        raise PermissionDenied


def _join_account(prospect, people):
    """Everyone who works on a visit or meeting works on the account: they see it."""
    newcomers = [p for p in people if p.pk != prospect.owner_id]
    if newcomers:
        prospect.colleagues.add(*newcomers)


# --- Development-method meetings ---------------------------------------------------


@transaction.atomic
def meeting_create(*, meeting, attendees, prospects):
    _require_manager_of(meeting.called_by, meeting.team_id)
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.prospects.set(prospects)
    return meeting


def _require_open(meeting):
    if not meeting.is_open:
        raise ValidationError(_("This meeting is closed."))


def _forget_accounts(meeting, prospect_ids):
    """Accounts off the agenda take their proposals and decisions with them."""
    meeting.proposals.filter(prospect_id__in=prospect_ids).delete()
    meeting.decisions.filter(prospect_id__in=prospect_ids).delete()


@transaction.atomic
def meeting_update(*, meeting, attendees, prospects, by):
    """An open meeting edited by its chair (the form checked the version):
    accounts added or taken off the agenda, attendees, the date, the briefing."""
    _require_manager_of(by, meeting.team_id)
    _require_open(MethodMeeting.objects.select_for_update().get(pk=meeting.pk))
    meeting.full_clean()
    meeting.save()
    kept = {p.pk for p in prospects}
    _forget_accounts(
        meeting,
        [pk for pk in meeting.prospects.values_list("pk", flat=True) if pk not in kept],
    )
    meeting.attendees.set(attendees)
    meeting.prospects.set(prospects)
    return meeting


@transaction.atomic
def meeting_defer(*, meeting, prospect, to, by):
    """Move an undecided account to a later open meeting of the team, with its
    proposals; this meeting can then close without it."""
    _require_manager_of(by, meeting.team_id)
    meetings = MethodMeeting.objects.select_for_update().in_bulk([meeting.pk, to.pk])
    here, later = meetings[meeting.pk], meetings[to.pk]
    _require_open(here)
    if not (
        later.is_open and later.team_id == here.team_id and later.held_on > here.held_on
    ):
        raise ValidationError(_("Choose a later open meeting of the team."))
    later.prospects.add(prospect)
    here.proposals.filter(prospect=prospect).update(meeting=later)
    _forget_accounts(here, [prospect.pk])
    here.prospects.remove(prospect)
    for moved in (here, later):  # both agendas changed: an open edit form is stale
        moved.save(update_fields=[])
    return later


@transaction.atomic
def meeting_propose(*, proposal):
    meeting = MethodMeeting.objects.select_for_update().get(pk=proposal.meeting_id)
    _require_open(meeting)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def meeting_decide(
    *, meeting, decided_by, prospect, method, other_method="", reason=""
):
    _require_manager_of(decided_by, meeting.team_id)
    meeting = MethodMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_open(meeting)
    decision, _created = MeetingDecision.objects.update_or_create(
        meeting=meeting,
        prospect=prospect,
        defaults={
            "method": method,
            "other_method": other_method,
            "reason": reason,
            "decided_by": decided_by,
        },
    )
    return decision


@transaction.atomic
def meeting_close(*, meeting, closed_by, minutes):
    _require_manager_of(closed_by, meeting.team_id)
    meeting = MethodMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require_open(meeting)
    undecided = meeting.prospects.exclude(method_decisions__meeting=meeting)
    if undecided.exists():
        raise ValidationError(
            _("Decide the method for every account before closing: %(names)s.")
            % {"names": ", ".join(str(p) for p in undecided)}
        )
    meeting.minutes = minutes
    meeting.status = MethodMeeting.Status.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["minutes", "status", "closed_at"])
    return meeting


def chosen_method(prospect):
    """The latest decided development method for the account, or None."""
    return (
        MeetingDecision.objects.filter(prospect=prospect)
        .select_related("meeting")
        .order_by("-meeting__held_on", "-decided_at")
        .first()
    )


# --- First contact ------------------------------------------------------------------


@transaction.atomic
def first_contact_log(*, first_contact):
    first_contact.full_clean()
    first_contact.save()
    figures_changed(first_contact.prospect.team_id)
    prospect_advance_stage(
        prospect=first_contact.prospect,
        progress=first_contact.progress,
        by=first_contact.made_by,
    )
    return first_contact


@transaction.atomic
def first_contact_update(*, first_contact, by):
    """An edit of a logged first contact (the form checked its version); a
    progress the edit raises moves the stage on, as logging it would have."""
    first_contact.full_clean()
    first_contact.save()
    figures_changed(first_contact.prospect.team_id)
    prospect_advance_stage(
        prospect=first_contact.prospect, progress=first_contact.progress, by=by
    )
    return first_contact


# --- Visits -------------------------------------------------------------------------


@transaction.atomic
def visit_plan(*, visit, co_visitors):
    """Plan (or re-plan) a visit; its visitors join the account's team."""
    visit.full_clean()
    visit.save()
    visit.co_visitors.set(co_visitors)
    VisitPreparation.objects.get_or_create(visit=visit)
    _join_account(visit.prospect, [visit.lead_visitor, *co_visitors])
    figures_changed(visit.prospect.team_id)
    return visit


@transaction.atomic
def visit_cancel(*, visit):
    if visit.is_held:
        raise ValidationError(_("A visit that was held cannot be cancelled."))
    visit.status = Visit.Status.CANCELLED
    visit.save(update_fields=["status", "updated_at"])
    figures_changed(visit.prospect.team_id)


@transaction.atomic
def preparation_save(*, preparation, participants, material=None, user=None):
    """Save the preparation; ``material`` (``kind`` and ``upload``) is a file
    attached with it, so the ticks and notes typed before attaching are kept."""
    preparation.full_clean()
    preparation.save()
    preparation.participants.set(participants)
    if material:
        material_add(preparation=preparation, user=user, **material)
    return preparation


@transaction.atomic
def preparation_waive(*, preparation, manager, reason):
    _require_manager_of(manager, preparation.visit.prospect.team_id)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the waiver."))
    preparation.waived_by = manager
    preparation.waiver_reason = reason.strip()
    preparation.save(update_fields=["waived_by", "waiver_reason", "updated_at"])
    return preparation


def follow_up_assignee(visit):
    """The account's owner if they went on the visit, else the lead visitor."""
    owner_id = visit.prospect.owner_id
    if (
        owner_id == visit.lead_visitor_id
        or visit.co_visitors.filter(pk=owner_id).exists()
    ):
        return visit.prospect.owner
    return visit.lead_visitor


@transaction.atomic
def visit_record(*, visit, contacts_met=None, new_contact=None):
    """Save the visit record sheet: the visit is held, and its follow-up is due
    seven days later, both in this one transaction. ``contacts_met`` are the
    account's contacts met; ``new_contact`` someone met for the first time, who
    joins the account's contacts."""
    preparation, _created = VisitPreparation.objects.get_or_create(visit=visit)
    if not preparation.allows_recording:
        done, total = preparation.progress
        raise ValidationError(
            _(
                "Prepare the visit first (%(done)s of %(total)s steps done), "
                "or ask your manager to waive the preparation."
            )
            % {"done": done, "total": total}
        )
    if visit.status == Visit.Status.CANCELLED:
        raise ValidationError(_("A cancelled visit cannot be recorded."))
    first_record = not Visit.objects.filter(
        pk=visit.pk, status=Visit.Status.HELD
    ).exists()
    visit.status = Visit.Status.HELD
    if visit.duration_minutes is None:
        visit.duration_minutes = visit.measured_minutes
    visit.full_clean()
    visit.save()
    _record_contacts_met(visit, contacts_met, new_contact)
    follow_up, created = FollowUp.objects.get_or_create(
        visit=visit,
        defaults={
            "prospect": visit.prospect,
            "assignee": follow_up_assignee(visit),
            "due_at": visit.held_at + FOLLOW_UP_AFTER,
        },
    )
    if not created and follow_up.is_open:
        follow_up.due_at = visit.held_at + FOLLOW_UP_AFTER
        follow_up.save(update_fields=["due_at"])
    prospect_advance_stage(prospect=visit.prospect, progress=visit.progress, by=None)
    if first_record:
        _publish_recorded(visit, follow_up)
    figures_changed(visit.prospect.team_id)
    return visit


def _record_contacts_met(visit, contacts_met, new_contact):
    if contacts_met is None and new_contact is None:
        return
    met = list(contacts_met or [])
    if new_contact is not None:
        new_contact.prospect = visit.prospect
        new_contact.full_clean()
        new_contact.save()
        met.append(new_contact)
    if any(contact.prospect_id != visit.prospect_id for contact in met):
        raise ValidationError(
            {"contacts_met": _("This person is not a contact of the account.")}
        )
    visit.contacts_met.set(met)
    contacts_met_on(met, timezone.localdate(visit.held_at))


def _publish_recorded(visit, follow_up):
    """The visit record sheet, once, for the systems that listen."""
    webhooks.publish(
        webhooks.Event.VISIT_RECORDED,
        key=visit.pk,
        data={
            "visit": visit.pk,
            "account": {"id": visit.prospect_id, "name": visit.prospect.name},
            "held_at": visit.held_at,
            "place": visit.place,
            "method": visit.method,
            "lead_visitor": visit.lead_visitor.username,
            "people_met": visit.people_met,
            "progress": visit.progress,
            "attitude": visit.attitude,
            "follow_up": {"id": follow_up.pk, "due_at": follow_up.due_at},
        },
    )


@transaction.atomic
def follow_up_log(*, follow_up):
    """Log the follow-up (phone or another visit): it is done, reminders stop, and
    the ones already sent about it leave the unread count."""
    follow_up.status = FollowUp.Status.DONE
    follow_up.full_clean()
    follow_up.save()
    notifications_settle_follow_up(follow_up=follow_up)
    prospect_advance_stage(
        prospect=follow_up.prospect, progress=follow_up.progress, by=None
    )
    figures_changed(follow_up.prospect.team_id)
    return follow_up


# --- Check-in and check-out ------------------------------------------------------


def _refusal(visit, kind, done):
    """Why ``visit`` cannot take this check now (``done``: the kinds it has), or None."""
    if kind == VisitCheck.Kind.IN:
        if visit.status != Visit.Status.PLANNED:
            return _("Only a planned visit can be checked in to.")
        if VisitCheck.Kind.IN in done:
            return _("You have already checked in to this visit.")
        return None
    if visit.status == Visit.Status.CANCELLED:
        return _("A cancelled visit cannot be checked out of.")
    if VisitCheck.Kind.IN not in done:
        return _("Check in before you check out.")
    if VisitCheck.Kind.OUT in done:
        return _("You have already checked out of this visit.")
    return None


def _check(
    *, visit, kind, person, location, latitude=None, longitude=None, accuracy_m=None
):
    """The check at the server's time, with its distance from the account; the first
    precise one there gives the account its location."""
    if person.pk != visit.lead_visitor_id:
        raise PermissionDenied
    visit = (
        Visit.objects.select_for_update().select_related("prospect").get(pk=visit.pk)
    )
    refusal = _refusal(visit, kind, set(visit.checks.values_list("kind", flat=True)))
    if refusal:
        raise ValidationError(refusal)
    check = VisitCheck(
        visit=visit,
        kind=kind,
        person=person,
        at=timezone.now(),
        location=location,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy_m,
    )
    radius = CheckInSettings.current().far_radius_m
    account = visit.prospect
    if check.position is not None:
        if account.position is not None:
            check.distance_m = distance_m(check.position, account.position)
            check.is_far = check.distance_m > radius
        elif accuracy_m is not None and accuracy_m <= radius:
            check.located_account = prospect_locate(
                prospect=account, latitude=latitude, longitude=longitude, by=person
            )
    check.full_clean()
    check.save()
    return check


@transaction.atomic
def visit_check_in(*, visit, person, **position):
    """The lead visitor has arrived: the time is the server's, the position the
    phone's if it gave one (``location``, ``latitude``, ``longitude``,
    ``accuracy_m``). A check-in far from the account is marked, not refused."""
    return _check(visit=visit, kind=VisitCheck.Kind.IN, person=person, **position)


@transaction.atomic
def visit_check_out(*, visit, person, **position):
    """The lead visitor leaves: the time from check-in fills the visit's time spent
    (a record already saved takes it too)."""
    check = _check(visit=visit, kind=VisitCheck.Kind.OUT, person=person, **position)
    visit = check.visit
    measured = visit.measured_minutes
    if visit.is_held and measured is not None:
        visit.duration_minutes, visit.duration_reason = measured, ""
        visit.save(update_fields=["duration_minutes", "duration_reason", "updated_at"])
        figures_changed(visit.prospect.team_id)
    return check


# --- Sales materials ----------------------------------------------------------------


@transaction.atomic
def material_add(*, preparation, kind, upload, user):
    return SalesMaterial.objects.create(
        preparation=preparation,
        kind=kind,
        file=upload,
        original_name=shortened(upload.name, SalesMaterial.NAME_LENGTH),
        size=upload.size,
        uploaded_by=user,
    )


def shortened(name, limit):
    """``name`` cut to ``limit`` characters, its extension kept (the download's
    type is read from it)."""
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: len(name) - len(suffix)][: limit - len(suffix)] + suffix


@transaction.atomic
def material_delete(*, material):
    storage, name = material.file.storage, material.file.name
    material.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Calendar -----------------------------------------------------------------------


def calendar_feed_for(user, *, renew=False):
    feed, created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": CalendarFeed.new_token()}
    )
    if renew and not created:
        feed.token = CalendarFeed.new_token()
        feed.save(update_fields=["token", "created_at"])
    return feed
