"""The development-method meeting: called, proposed to, decided and closed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import get_visible_or_404
from kam.versioning import save_or_conflict
from visits import meeting_forms, selectors, services
from visits.models import (
    MethodMeeting,
)
from visits.views.common import _page


def meeting_list(request):
    return _page(
        request,
        "visits/meeting_list.html",
        title=_("Development-method meetings"),
        meetings=selectors.meetings_for(request.user),
        can_call=request.user.is_manager,
    )


def meeting_create(request):
    if not request.user.is_manager:
        raise PermissionDenied
    form = meeting_forms.MeetingForm(request.POST or None, team=request.user.team)
    form.instance.called_by = request.user
    if request.method == "POST" and form.is_valid():
        meeting = form.save_once(
            lambda: services.meeting_create(
                meeting=form.save(commit=False),
                attendees=form.cleaned_data["attendees"],
                prospects=form.cleaned_data["prospects"],
            )
        )
        messages.success(request, _("The meeting was called."))
        return redirect(meeting)
    return _page(
        request,
        "form_page.html",
        title=_("Call a development-method meeting"),
        form=form,
        cancel_url=reverse("visits:meetings"),
    )


def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    _require_chair(request, meeting)
    if not meeting.is_open:
        messages.info(request, _("This meeting is closed."))
        return redirect(meeting)
    form = meeting_forms.MeetingForm(
        request.POST or None, instance=meeting, team=meeting.team
    )
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
            form,
            lambda: services.meeting_update(
                meeting=form.save(commit=False),
                attendees=form.cleaned_data["attendees"],
                prospects=form.cleaned_data["prospects"],
                by=request.user,
            ),
        )
        if saved:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return _page(
        request,
        "form_page.html",
        title=_("Edit the meeting"),
        form=form,
        cancel_url=meeting.get_absolute_url(),
    )


@require_POST
def meeting_defer(request, pk, prospect_pk):
    meeting = _meeting(request, pk)
    _require_chair(request, meeting)
    prospect = get_object_or_404(meeting.prospects, pk=prospect_pk)
    form = meeting_forms.DeferForm(
        request.POST,
        later=meeting_forms.later_meetings(meeting),
        prefix=f"defer{prospect.pk}",
    )
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a later open meeting of the team."))
        later = services.meeting_defer(
            meeting=meeting,
            prospect=prospect,
            to=form.cleaned_data["to"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    messages.success(
        request,
        _("%(name)s was deferred to the %(meeting)s.")
        % {"name": prospect, "meeting": str(later).lower()},
    )
    return redirect(meeting)


def _require_chair(request, meeting):
    if not request.user.manages(meeting.team_id):
        raise PermissionDenied


def _meeting(request, pk):
    return get_visible_or_404(
        MethodMeeting.objects.select_related("team", "called_by"), request.user, pk=pk
    )


def meeting_detail(request, pk, *, proposal_form=None, refused=None, close_form=None):
    """The meeting page; a refused form (``refused``: a decision form by account id,
    or ``close_form``) comes back bound, showing what was typed and why not."""
    meeting = _meeting(request, pk)
    refused = refused or {}
    chair = request.user.manages(meeting.team_id)
    decisions = {
        d.prospect_id: d for d in meeting.decisions.select_related("decided_by")
    }
    proposals = {}
    for proposal in meeting.proposals.select_related("author"):
        proposals.setdefault(proposal.prospect_id, []).append(proposal)
    accounts = []
    later = meeting_forms.later_meetings(meeting) if chair and meeting.is_open else []
    for prospect in meeting.prospects.select_related("owner").order_by("name"):
        decision = decisions.get(prospect.pk)
        initial = (
            {"method": decision.method, "other_method": decision.other_method, "reason": decision.reason}
            if decision
            else None
        )  # fmt: skip
        accounts.append(
            {
                "defer_form": meeting_forms.DeferForm(later=later, prefix=f"defer{prospect.pk}") if later and not decision else None,
                "prospect": prospect,
                "proposals": proposals.get(prospect.pk, []),
                "decision": decision,
                "form": refused.get(prospect.pk) or (meeting_forms.DecisionForm(initial=initial, prefix=f"d{prospect.pk}") if chair else None),
            }
        )  # fmt: skip
    return _page(
        request,
        "visits/meeting_detail.html",
        title=str(meeting),
        meeting=meeting,
        accounts=accounts,
        chair=chair,
        proposal_form=proposal_form
        or meeting_forms.ProposalForm(meeting=meeting, author=request.user),
        close_form=close_form
        or meeting_forms.CloseMeetingForm(initial={"minutes": meeting.minutes}),
    )


@require_POST
def meeting_propose(request, pk):
    meeting = _meeting(request, pk)
    form = meeting_forms.ProposalForm(
        request.POST, meeting=meeting, author=request.user
    )
    if form.is_valid():
        try:
            services.meeting_propose(proposal=form.save(commit=False))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(meeting)
        messages.success(request, _("Your proposal was added."))
        return redirect(reverse("visits:meeting", args=[meeting.pk]) + "#proposals")
    return meeting_detail(request, pk, proposal_form=form)


@require_POST
def meeting_decide(request, pk, prospect_pk):
    meeting = _meeting(request, pk)
    if not request.user.manages(meeting.team_id):
        raise PermissionDenied
    prospect = get_object_or_404(meeting.prospects, pk=prospect_pk)
    form = meeting_forms.DecisionForm(request.POST, prefix=f"d{prospect.pk}")
    if not form.is_valid():
        return meeting_detail(request, pk, refused={prospect.pk: form})
    try:
        services.meeting_decide(
            meeting=meeting,
            decided_by=request.user,
            prospect=prospect,
            **form.cleaned_data,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    messages.success(request, _("Decision recorded for %(name)s.") % {"name": prospect})
    return redirect(
        reverse("visits:meeting", args=[meeting.pk]) + f"#account-{prospect.pk}"
    )


@require_POST
def meeting_close(request, pk):
    meeting = _meeting(request, pk)
    if not request.user.manages(meeting.team_id):
        raise PermissionDenied
    form = meeting_forms.CloseMeetingForm(request.POST)
    closed = form.is_valid() and save_or_conflict(
        form,
        lambda: services.meeting_close(
            meeting=meeting,
            closed_by=request.user,
            minutes=form.cleaned_data["minutes"],
        ),
    )
    if not closed:
        return meeting_detail(request, pk, close_form=form)
    messages.success(
        request, _("The meeting is closed; the decided methods show on the accounts.")
    )
    return redirect(meeting)
