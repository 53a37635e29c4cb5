import zipfile
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import get_visible_or_404
from devlog import forms, pdf, selectors, services
from devlog.history import account_history
from devlog.models import DevelopmentEntry, Outcome
from kam.versioning import save_or_conflict
from prospects.models import Advantage, Attitude, Progress, Prospect
from prospects.services import assessment_for
from visits.models import FirstContact, SalesMaterial, Visit
from visits.services import chosen_method


def _prospect(request, pk):
    return get_visible_or_404(
        Prospect.objects.with_classification(), request.user, pk=pk
    )


def sheet(request, pk):
    prospect = _prospect(request, pk)
    return render(
        request,
        "devlog/sheet.html",
        {
            "title": _("Development record sheet"),
            "prospect": prospect,
            "sheet": selectors.sheet(prospect),
            "progress_steps": Progress.choices,
            "attitudes": Attitude.choices,
        },
    )


def _entry_page(request, prospect, form, title):
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
            form, lambda: services.entry_save(entry=form.save(commit=False))
        )
        if saved:
            messages.success(
                request, _("The contact was added to the development record.")
            )
            return redirect("devlog:sheet", pk=prospect.pk)
    return render(
        request,
        "prospects/form.html",
        {
            "title": title,
            "prospect": prospect,
            "form": form,
            "cancel_url": reverse("devlog:sheet", args=[prospect.pk]),
        },
    )


def entry_create(request, pk):
    prospect = _prospect(request, pk)
    form = forms.EntryForm(request.POST or None, prospect=prospect, user=request.user)
    return _entry_page(request, prospect, form, _("Add a contact to the record"))


def entry_edit(request, pk, entry_pk):
    prospect = _prospect(request, pk)
    entry = get_visible_or_404(
        DevelopmentEntry, request.user, pk=entry_pk, prospect=prospect
    )
    form = forms.EntryForm(
        request.POST or None, instance=entry, prospect=prospect, user=request.user
    )
    return _entry_page(request, prospect, form, _("Edit the contact"))


@require_POST
def entry_delete(request, pk, entry_pk):
    prospect = _prospect(request, pk)
    entry = get_visible_or_404(
        DevelopmentEntry, request.user, pk=entry_pk, prospect=prospect
    )
    services.entry_delete(entry=entry)
    messages.success(request, _("The contact was removed from the record."))
    return redirect("devlog:sheet", pk=prospect.pk)


def outcome(request, pk):
    prospect = _prospect(request, pk)
    current = Outcome.objects.filter(prospect=prospect).first()
    form = forms.OutcomeForm(
        request.POST or None, instance=current, prospect=prospect, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            recorded = save_or_conflict(
                form,
                lambda: services.outcome_record(
                    outcome=form.save(commit=False),
                    reasons=form.cleaned_data["reasons"],
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
            recorded = None
        if recorded:
            messages.success(request, _outcome_message(recorded))
            return redirect(prospect)
    return render(
        request,
        "devlog/outcome_form.html",
        {
            "title": _("Outcome of %(name)s") % {"name": prospect},
            "prospect": prospect,
            "form": form,
        },
    )


def _outcome_message(recorded):
    if recorded.result == Outcome.Result.WON:
        return _(
            "Won: the account is in the key-account register and its papers are archived."
        )
    if recorded.result == Outcome.Result.LOST:
        return _("Lost: the account is archived with its review. It can be restored.")
    return _("Not won yet: the review is filed, and the account rests.")


@require_POST
def outcome_restore(request, pk):
    prospect = _prospect(request, pk)
    try:
        services.outcome_restore(prospect=prospect)
    except (ValidationError, Outcome.DoesNotExist):
        messages.error(
            request, _("Only an account that was lost or is resting can be restored.")
        )
    else:
        messages.success(request, _("The account is back in development."))
    return redirect(prospect)


PAGE_SIZE = 50


def register(request):
    accounts = selectors.register(request.user)
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "devlog/register.html",
        {
            "title": _("Key-account register"),
            "page": page,
            "accounts": page.object_list,
        },
    )


def archive(request):
    query = request.GET.get("q", "")
    accounts = selectors.archive(request.user, query)
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "devlog/archive.html",
        {
            "title": _("Archive of lost accounts"),
            "page": page,
            "accounts": page.object_list,
            "q": query,
        },
    )


# --- The printed sheets ---------------------------------------------------------------


def _record_document(prospect):
    return pdf.render(
        "pdf/development_record.html",
        {
            "title": _("Development record sheet"),
            "sheet": selectors.sheet(prospect),
            "progress_steps": Progress.choices,
            "attitudes": Attitude.choices,
            "printed": timezone.now(),
        },
        filename=pdf.safe_filename(prospect.name, _("development record sheet")),
    )


def _visit_document(visit):
    return pdf.render(
        "pdf/visit_record.html",
        {"title": _("Visit record sheet"), "visit": visit},
        filename=pdf.safe_filename(
            visit.prospect.name,
            _("visit record sheet"),
            timezone.localtime(visit.held_at).strftime("%Y-%m-%d"),
        ),
    )


def _profile_document(prospect):
    statements = list(prospect.financial_statements.all())
    return pdf.render(
        "pdf/profile.html",
        {
            "title": _("Key-account profile"),
            "prospect": prospect,
            "assessment": assessment_for(prospect),
            "statements": statements[-3:],
            # A missing one-to-one section raises an AttributeError: None here.
            "sales_profile": getattr(prospect, "sales_profile", None),
            "factors": getattr(prospect, "purchase_factors", None),
            "forecast": getattr(prospect, "forecast", None),
            "contacts": prospect.contacts.all(),
            "transactions": list(prospect.transactions.all())[-12:],
            "competitors": prospect.competitors.all(),
            "advantages": {a.aspect: a for a in prospect.advantages.all()},
            "aspects": Advantage.Aspect.choices,
            "decision": chosen_method(prospect),
        },
        filename=pdf.safe_filename(prospect.name, _("profile")),
    )


def _letter_document(letter):
    return pdf.render(
        "pdf/letter.html",
        {"title": _("Letter"), "letter": letter, "company": settings.KAM_COMPANY_NAME},
        filename=pdf.safe_filename(
            letter.prospect.name,
            _("letter"),
            timezone.localtime(letter.contacted_at).strftime("%Y-%m-%d"),
        ),
    )


def sheet_pdf(request, pk):
    return pdf.response(_record_document(_prospect(request, pk)))


def visit_pdf(request, visit_pk):
    visit = get_visible_or_404(
        Visit.objects.select_related("prospect", "lead_visitor"),
        request.user,
        pk=visit_pk,
    )
    if not visit.is_held:
        raise Http404
    return pdf.response(_visit_document(visit))


def profile_pdf(request, pk):
    return pdf.response(_profile_document(_prospect(request, pk)))


def letter_pdf(request, letter_pk):
    letter = get_visible_or_404(
        FirstContact.objects.select_related("prospect"), request.user, pk=letter_pk
    )
    if letter.channel == FirstContact.Channel.PHONE:
        raise Http404
    return pdf.response(_letter_document(letter))


def dossier(request, pk):
    """Everything on the account in one download: its sheets, letters and files."""
    prospect = _prospect(request, pk)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive_file:
        documents = [_profile_document(prospect), _record_document(prospect)]
        held = Visit.objects.filter(prospect=prospect, status=Visit.Status.HELD)
        documents += [
            _visit_document(v) for v in held.select_related("prospect", "lead_visitor")
        ]
        letters = FirstContact.objects.filter(prospect=prospect).exclude(
            channel=FirstContact.Channel.PHONE
        )
        documents += [
            _letter_document(letter) for letter in letters.select_related("prospect")
        ]
        names = set()
        for document in documents:
            archive_file.writestr(_unique(document.filename, names), document.content)
        files = SalesMaterial.objects.filter(preparation__visit__prospect=prospect)
        for material in files:
            with material.file.open("rb") as handle:
                archive_file.writestr(
                    _unique(f"materials/{material.original_name}", names), handle.read()
                )
    reply = HttpResponse(buffer.getvalue(), content_type="application/zip")
    reply["Content-Disposition"] = content_disposition_header(
        True,
        pdf.safe_filename(prospect.name, _("dossier")).removesuffix(".pdf") + ".zip",
    )
    return reply


def _unique(name, taken):
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        stem, dot, suffix = name.rpartition(".")
        candidate = f"{stem} ({number}).{suffix}" if dot else f"{name} ({number})"
    taken.add(candidate)
    return candidate


def history(request, pk):
    prospect = _prospect(request, pk)
    return render(
        request,
        "devlog/history.html",
        {
            "title": _("Change history"),
            "prospect": prospect,
            "entries": account_history(prospect),
        },
    )
