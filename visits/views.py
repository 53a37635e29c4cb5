from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.scoping import get_visible_or_404
from kam import pdf
from kam.versioning import save_or_conflict
from prospects.models import Prospect
from visits import documents, forms, ics, letters, selectors, services
from visits.models import (
    CalendarFeed,
    FirstContact,
    FollowUp,
    MethodMeeting,
    SalesMaterial,
    Visit,
    VisitPreparation,
)


def _form_errors_to(form, error):
    """Attach a service's ValidationError to the form, field by field if it can."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _page(request, template, **context):
    return render(request, template, context)


# --- Overview -----------------------------------------------------------------------


def visit_list(request):
    now = timezone.now()
    return _page(
        request,
        "visits/list.html",
        title=_("Visits and follow-ups"),
        follow_ups=selectors.my_follow_ups(request.user),
        upcoming=selectors.upcoming_visits(request.user, now),
        recent=selectors.recent_visits(request.user),
        now=now,
    )


def calendar(request):
    today = timezone.localdate()
    month = selectors.parse_month(request.GET.get("month"), today)
    start, end = selectors.month_bounds(month)
    visits, follow_ups = selectors.calendar_items(request.user, start, end)
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return _page(
        request,
        "visits/calendar.html",
        title=_("Calendar"),
        month=month,
        previous=previous,
        following=following,
        weeks=selectors.calendar_weeks(month, visits, follow_ups, today),
        weekdays=[WEEKDAYS_ABBR[day] for day in range(7)],
        feed=CalendarFeed.objects.filter(user=request.user).first(),
    )


@require_POST
def calendar_feed_renew(request):
    services.calendar_feed_for(request.user, renew=True)
    messages.success(
        request,
        _(
            "Your calendar address is ready. Any address you shared before no longer works."
        ),
    )
    return redirect("visits:calendar")


@login_not_required
@never_cache
def calendar_feed(request, token):
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token=token, user__is_active=True
    )
    user = feed.user
    now = timezone.now()
    visits, follow_ups = selectors.calendar_items(
        user,
        timezone.localdate(now) - timedelta(days=90),
        timezone.localdate(now) + timedelta(days=366),
    )
    body = ics.feed(visits, follow_ups, request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kam.ics"'
    return response


# --- Development-method meetings ---------------------------------------------------


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
    form = forms.MeetingForm(request.POST or None, team=request.user.team)
    form.instance.called_by = request.user
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(
            meeting=form.save(commit=False),
            attendees=form.cleaned_data["attendees"],
            prospects=form.cleaned_data["prospects"],
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


def _meeting(request, pk):
    return get_visible_or_404(
        MethodMeeting.objects.select_related("team", "called_by"), request.user, pk=pk
    )


def meeting_detail(request, pk, proposal_form=None):
    meeting = _meeting(request, pk)
    chair = request.user.manages(meeting.team_id)
    decisions = {
        d.prospect_id: d for d in meeting.decisions.select_related("decided_by")
    }
    proposals = {}
    for proposal in meeting.proposals.select_related("author"):
        proposals.setdefault(proposal.prospect_id, []).append(proposal)
    accounts = []
    for prospect in meeting.prospects.select_related("owner").order_by("name"):
        decision = decisions.get(prospect.pk)
        initial = (
            {"method": decision.method, "other_method": decision.other_method, "reason": decision.reason}
            if decision
            else None
        )  # fmt: skip
        accounts.append(
            {
                "prospect": prospect,
                "proposals": proposals.get(prospect.pk, []),
                "decision": decision,
                "form": forms.DecisionForm(initial=initial, prefix=f"d{prospect.pk}") if chair else None,
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
        or forms.ProposalForm(meeting=meeting, author=request.user),
        close_form=forms.CloseMeetingForm(initial={"minutes": meeting.minutes}),
    )


@require_POST
def meeting_propose(request, pk):
    meeting = _meeting(request, pk)
    form = forms.ProposalForm(request.POST, meeting=meeting, author=request.user)
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
    form = forms.DecisionForm(request.POST, prefix=f"d{prospect.pk}")
    if not form.is_valid():
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors)
        )
        return redirect(meeting)
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
    form = forms.CloseMeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the minutes before closing the meeting."))
        return redirect(meeting)
    try:
        services.meeting_close(
            meeting=meeting,
            closed_by=request.user,
            minutes=form.cleaned_data["minutes"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    messages.success(
        request, _("The meeting is closed; the decided methods show on the accounts.")
    )
    return redirect(meeting)


# --- First contact ------------------------------------------------------------------


def first_contact_create(request, prospect_pk, channel):
    prospect = get_visible_or_404(Prospect, request.user, pk=prospect_pk)
    if channel not in FirstContact.Channel.values:
        raise Http404
    initial = {}
    if channel != FirstContact.Channel.PHONE and request.GET.get("draft"):
        initial["content"] = letters.draft(prospect, request.user)
    form = forms.FirstContactForm(
        request.POST or None, initial=initial, prospect=prospect, channel=channel, user=request.user
    )  # fmt: skip
    if "content" in initial:
        form.fields["content"].widget.attrs["rows"] = 16
    if request.method == "POST" and form.is_valid():
        contact = services.first_contact_log(first_contact=form.save(commit=False))
        messages.success(request, _("The first contact was logged."))
        return redirect(contact.prospect.get_absolute_url() + "#development")
    return _page(
        request,
        "visits/first_contact_form.html",
        title=_("First contact by %(channel)s") % {"channel": FirstContact.Channel(channel).label.lower()},
        prospect=prospect,
        channel=channel,
        form=form,
        cancel_url=prospect.get_absolute_url() + "#development",
    )  # fmt: skip


def first_contact_detail(request, pk):
    contact = get_visible_or_404(
        FirstContact.objects.select_related("prospect", "contact", "made_by"),
        request.user,
        pk=pk,
    )
    return _page(
        request,
        "visits/first_contact_detail.html",
        title=str(contact),
        first_contact=contact,
        prospect=contact.prospect,
    )


# --- Visits -------------------------------------------------------------------------


def _visit(request, pk):
    return get_visible_or_404(
        Visit.objects.select_related("prospect", "lead_visitor", "created_by"),
        request.user,
        pk=pk,
    )


def visit_plan(request, prospect_pk):
    prospect = get_visible_or_404(Prospect, request.user, pk=prospect_pk)
    form = forms.VisitPlanForm(
        request.POST or None, prospect=prospect, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        visit = services.visit_plan(
            visit=form.save(commit=False), co_visitors=form.cleaned_data["co_visitors"]
        )
        messages.success(request, _("The visit is planned. Prepare it before you go."))
        return redirect(visit)
    return _page(
        request,
        "form_page.html",
        title=_("Plan a visit to %(name)s") % {"name": prospect},
        prospect=prospect,
        form=form,
        cancel_url=prospect.get_absolute_url() + "#development",
    )


def visit_edit(request, pk):
    visit = _visit(request, pk)
    if visit.status != Visit.Status.PLANNED:
        messages.info(request, _("Only a planned visit can be re-planned."))
        return redirect(visit)
    form = forms.VisitPlanForm(
        request.POST or None, instance=visit, prospect=visit.prospect, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
            form,
            lambda: services.visit_plan(
                visit=form.save(commit=False),
                co_visitors=form.cleaned_data["co_visitors"],
            ),
        )
        if saved:
            messages.success(request, _("The visit was re-planned."))
            return redirect(visit)
    return _page(
        request,
        "form_page.html",
        title=_("Re-plan the visit"),
        prospect=visit.prospect,
        form=form,
        cancel_url=visit.get_absolute_url(),
    )


@require_POST
def visit_cancel(request, pk):
    visit = _visit(request, pk)
    try:
        services.visit_cancel(visit=visit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The visit was cancelled."))
    return redirect(visit)


def visit_detail(request, pk):
    visit = _visit(request, pk)
    preparation, _created = VisitPreparation.objects.get_or_create(visit=visit)
    follow_up = FollowUp.objects.filter(visit=visit).select_related("assignee").first()
    return _page(
        request,
        "visits/detail.html",
        title=str(visit),
        visit=visit,
        prospect=visit.prospect,
        preparation=preparation,
        follow_up=follow_up,
        can_waive=request.user.manages(visit.prospect.team_id),
        waiver_form=forms.WaiverForm(),
        follow_up_form=forms.FollowUpForm(instance=follow_up) if follow_up and follow_up.is_open else None,
        now=timezone.now(),
    )  # fmt: skip


def visit_prepare(request, pk):
    visit = _visit(request, pk)
    preparation, _created = VisitPreparation.objects.get_or_create(visit=visit)
    form = forms.PreparationForm(request.POST or None, instance=preparation)
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
            form,
            lambda: services.preparation_save(
                preparation=form.save(commit=False),
                participants=form.cleaned_data["participants"],
            ),
        )
        if saved:
            messages.success(request, _("The preparation was saved."))
            return redirect(reverse("visits:detail", args=[visit.pk]) + "#preparation")
    return _page(
        request,
        "visits/prepare.html",
        title=_("Prepare the visit"),
        visit=visit,
        prospect=visit.prospect,
        preparation=preparation,
        form=form,
        upload_form=forms.MaterialUploadForm(),
        groups=[("personal", _("Personal")), ("enterprise", _("Enterprise"))],
        files=preparation.files.select_related("uploaded_by"),
    )


@require_POST
def visit_waive(request, pk):
    visit = _visit(request, pk)
    if not request.user.manages(visit.prospect.team_id):
        raise PermissionDenied
    form = forms.WaiverForm(request.POST)
    if form.is_valid():
        services.preparation_waive(
            preparation=visit.preparation,
            manager=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request, _("The preparation was waived; the visit can be recorded.")
        )
    else:
        messages.error(request, _("Give the reason for the waiver."))
    return redirect(reverse("visits:detail", args=[visit.pk]) + "#preparation")


@require_POST
def material_upload(request, pk):
    visit = _visit(request, pk)
    preparation, _created = VisitPreparation.objects.get_or_create(visit=visit)
    form = forms.MaterialUploadForm(request.POST, request.FILES)
    if form.is_valid():
        services.material_add(
            preparation=preparation,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            user=request.user,
        )
        messages.success(request, _("The file was attached."))
    else:
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors)
        )
    return redirect(reverse("visits:prepare", args=[visit.pk]) + "#materials")


def material_download(request, file_pk):
    material = get_visible_or_404(SalesMaterial, request.user, pk=file_pk)
    response = FileResponse(
        material.file.open("rb"), as_attachment=True, filename=material.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def material_delete(request, file_pk):
    material = get_visible_or_404(
        SalesMaterial.objects.select_related("preparation"), request.user, pk=file_pk
    )
    visit_pk = material.preparation.visit_id
    services.material_delete(material=material)
    messages.success(request, _("The file was removed."))
    return redirect(reverse("visits:prepare", args=[visit_pk]) + "#materials")


def visit_record(request, pk):
    visit = _visit(request, pk)
    preparation, _created = VisitPreparation.objects.get_or_create(visit=visit)
    if visit.status == Visit.Status.CANCELLED:
        raise Http404
    form = forms.VisitRecordForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        try:
            save_or_conflict(
                form, lambda: services.visit_record(visit=form.save(commit=False))
            )
        except ValidationError as error:
            _form_errors_to(form, error)
        if form.is_valid():
            messages.success(
                request,
                _("The visit record was saved. Follow up by %(date)s.")
                % {
                    "date": timezone.localtime(visit.follow_up.due_at).strftime(
                        "%Y-%m-%d"
                    )
                },
            )
            return redirect(visit)
    return _page(
        request,
        "visits/record.html",
        title=_("Visit record sheet"),
        visit=visit,
        prospect=visit.prospect,
        preparation=preparation,
        form=form,
        cancel_url=visit.get_absolute_url(),
    )


def follow_up_log(request, pk):
    visit = _visit(request, pk)
    follow_up = get_object_or_404(FollowUp, visit=visit)
    form = forms.FollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            save_or_conflict(
                form, lambda: services.follow_up_log(follow_up=form.save(commit=False))
            )
        except ValidationError as error:
            _form_errors_to(form, error)
        if form.is_valid():
            messages.success(
                request, _("The follow-up was logged. Its reminders stop.")
            )
            return redirect(reverse("visits:detail", args=[visit.pk]) + "#follow-up")
    return _page(
        request,
        "form_page.html",
        title=_("Log the follow-up"),
        prospect=visit.prospect,
        form=form,
        cancel_url=visit.get_absolute_url(),
    )


def visit_pdf(request, pk):
    visit = _visit(request, pk)
    if not visit.is_held:
        raise Http404
    return pdf.response(documents.visit_record(visit))


def letter_pdf(request, pk):
    letter = get_visible_or_404(
        FirstContact.objects.select_related("prospect", "contact"), request.user, pk=pk
    )
    if letter.channel == FirstContact.Channel.PHONE:
        raise Http404
    return pdf.response(documents.letter(letter))
