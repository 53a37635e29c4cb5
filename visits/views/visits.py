"""First contacts, and visits from their plan to the follow-up, with their
printed sheets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import get_visible_or_404
from kam import pdf
from kam.versioning import save_or_conflict
from prospects.models import Prospect
from visits import documents, forms, letters, selectors, services
from visits.models import (
    FirstContact,
    FollowUp,
    SalesMaterial,
    Visit,
    VisitCheck,
    VisitPreparation,
)
from visits.views.common import _page, _visit, add_service_errors
from visits.views.field import attach, on_the_spot


def first_contact_create(request, prospect_pk, channel):
    prospect = get_visible_or_404(Prospect, request.user, pk=prospect_pk)
    if channel not in FirstContact.Channel.values:
        raise Http404
    form = forms.FirstContactForm(
        request.POST or None, prospect=prospect, channel=channel, user=request.user
    )
    if _drafting(request, channel):
        form = _drafted(request, form, prospect, channel)
    elif request.method == "POST" and form.is_valid():
        contact = save_or_conflict(
            form,
            lambda: form.save_once(
                lambda: services.first_contact_log(
                    first_contact=form.save(commit=False)
                ),
                url=lambda contact: prospect.get_absolute_url() + "#development",
            ),
        )
        if contact:
            messages.success(request, _("The first contact was logged."))
            return redirect(prospect.get_absolute_url() + "#development")
    return _first_contact_page(request, form, prospect, channel)


def _drafting(request, channel):
    """ "Draft from the analysis" is a button of the form (its fields come along);
    the account page's link asks with ``?draft=1``."""
    if channel == FirstContact.Channel.PHONE:
        return False
    if request.method == "POST":
        return bool(request.POST.get("draft"))
    return bool(request.GET.get("draft"))


def _drafted(request, form, prospect, channel):
    """A new rendering of the form with everything typed kept and the letter
    drafted for the person chosen."""
    initial = form.typed() if form.is_bound else {}
    addressee = form.typed_contact() if form.is_bound else None
    # Written to the decision maker unless the rep chose: the form says to whom.
    addressee = addressee or letters.addressee_of(prospect)
    if addressee is not None:
        initial["contact"] = addressee.pk
    initial["content"] = letters.draft(prospect, request.user, addressee)
    drafted = forms.FirstContactForm(
        initial=initial, prospect=prospect, channel=channel, user=request.user
    )
    drafted.fields["content"].widget.attrs["rows"] = 16
    return drafted


def _first_contact_page(
    request, form, prospect, channel, *, title=None, cancel_url=None
):
    label = FirstContact.Channel(channel).label.lower()
    return _page(
        request,
        "visits/first_contact_form.html",
        title=title or _("First contact by %(channel)s") % {"channel": label},
        prospect=prospect,
        channel=channel,
        form=form,
        cancel_url=cancel_url or prospect.get_absolute_url() + "#development",
    )


def first_contact_edit(request, pk):
    contact = get_visible_or_404(
        FirstContact.objects.select_related("prospect"), request.user, pk=pk
    )
    form = forms.FirstContactForm(
        request.POST or None,
        instance=contact,
        prospect=contact.prospect,
        channel=contact.channel,
        user=contact.made_by,
    )
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
            form,
            lambda: services.first_contact_update(
                first_contact=form.save(commit=False), by=request.user
            ),
        )
        if saved:
            messages.success(request, _("The first contact was saved."))
            return redirect(contact)
    return _first_contact_page(
        request,
        form,
        contact.prospect,
        contact.channel,
        title=_("Edit the first contact"),
        cancel_url=contact.get_absolute_url(),
    )


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


def visit_plan(request, prospect_pk):
    prospect = get_visible_or_404(Prospect, request.user, pk=prospect_pk)
    form = forms.VisitPlanForm(
        request.POST or None, prospect=prospect, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        visit = save_or_conflict(
            form,
            lambda: form.save_once(
                lambda: services.visit_plan(
                    visit=form.save(commit=False),
                    co_visitors=form.cleaned_data["co_visitors"],
                )
            ),
        )
        if visit:
            messages.success(
                request, _("The visit is planned. Prepare it before you go.")
            )
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
    # The preparation, the follow-up and the check-ins come with the visit, the
    # people they name in one query more: the page read each on its own before.
    visit = get_visible_or_404(
        Visit.objects.select_related("prospect", "preparation", "follow_up")
        .prefetch_related(
            Prefetch("checks", queryset=VisitCheck.objects.select_related("person"))
        ),
        request.user,
        pk=pk,
    )  # fmt: skip
    preparation = visit.get_preparation()
    try:
        follow_up = visit.follow_up
    except FollowUp.DoesNotExist:
        follow_up = None
    selectors.name_the_people(
        (visit, "lead_visitor"), (visit, "created_by"),
        (preparation, "waived_by"), (follow_up, "assignee"),
    )  # fmt: skip
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
        follow_up_draft=_follow_up_draft(visit),
        **on_the_spot(request, visit),
    )  # fmt: skip


def visit_prepare(request, pk):
    """The preparation; "Attach" belongs to its form, so attaching a file saves
    what was ticked and typed with it, and a refused file loses none of it."""
    visit = _visit(request, pk)
    preparation = visit.get_preparation()
    form = forms.PreparationForm(request.POST or None, instance=preparation)
    attaching = request.method == "POST" and bool(request.POST.get("attach"))
    upload_form = forms.PreparationMaterialForm(
        *((request.POST, request.FILES) if attaching else ())
    )
    if request.method == "POST" and _both_valid(form, upload_form, attaching):
        material = (
            {"kind": upload_form.cleaned_data["kind"], "upload": upload_form.cleaned_data["file"]}
            if attaching
            else None
        )  # fmt: skip
        saved = save_or_conflict(
            form,
            lambda: services.preparation_save(
                preparation=form.save(commit=False),
                participants=form.cleaned_data["participants"],
                material=material,
                user=request.user,
            ),
        )
        if saved and attaching:
            messages.success(
                request, _("The preparation was saved and the file attached.")
            )
            return redirect(reverse("visits:prepare", args=[visit.pk]) + "#materials")
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
        upload_form=upload_form,
        groups=[("personal", _("Personal")), ("enterprise", _("Enterprise"))],
        files=preparation.files.select_related("uploaded_by") if preparation.pk else [],
    )


def _both_valid(form, upload_form, attaching):
    valid = form.is_valid()
    return (upload_form.is_valid() if attaching else True) and valid


@require_POST
def visit_waive(request, pk):
    visit = _visit(request, pk)
    if not request.user.manages(visit.prospect.team_id):
        raise PermissionDenied
    form = forms.WaiverForm(request.POST)
    if form.is_valid():
        services.preparation_waive(
            preparation=VisitPreparation.objects.get_or_create(visit=visit)[0],
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
    form = forms.MaterialUploadForm(request.POST, request.FILES)
    attach(request, visit, form, done=_("The file was attached."))
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
    preparation = visit.get_preparation()
    if visit.status == Visit.Status.CANCELLED:
        raise Http404
    form = forms.VisitRecordForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        try:
            save_or_conflict(
                form,
                lambda: services.visit_record(
                    visit=form.save(commit=False),
                    contacts_met=form.cleaned_data.get("contacts_met"),
                    new_contact=form.new_contact(),
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
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
        draft=_("Visit record of %(visit)s") % {"visit": visit},
        sent_url=visit.get_absolute_url(),
        **on_the_spot(request, visit),
    )


def _follow_up_draft(visit):
    """The follow-up form keeps a draft on the phone (static/js/kam.js): its name,
    and the page a successful save leads to."""
    return {
        "draft": _("Follow-up of %(visit)s") % {"visit": visit},
        "sent_url": reverse("visits:detail", args=[visit.pk]) + "#follow-up",
    }


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
            add_service_errors(form, error)
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
        **_follow_up_draft(visit),
    )


@pdf.view
def visit_pdf(request, pk):
    visit = _visit(request, pk)
    if not visit.is_held:
        raise Http404
    return documents.visit_record(visit)


@pdf.view
def letter_pdf(request, pk):
    letter = get_visible_or_404(
        FirstContact.objects.select_related("prospect", "contact"), request.user, pk=pk
    )
    if letter.channel == FirstContact.Channel.PHONE:
        raise Http404
    return documents.letter(letter)
