from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import get_visible_or_404
from devlog import documents, forms, selectors, services
from devlog.models import DevelopmentEntry, Outcome
from kam import pdf
from kam.history import account_history
from kam.versioning import save_or_conflict
from kam.views import form_page
from prospects.models import Attitude, Progress, Prospect


def _prospect(request, pk):
    return get_visible_or_404(
        Prospect.objects.with_classification(single=True), request.user, pk=pk
    )


def sheet(request, pk):
    # The account's own row: the sheet names it, never its classification.
    prospect = get_visible_or_404(Prospect, request.user, pk=pk)
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
            form,
            lambda: form.save_once(
                lambda: services.entry_save(entry=form.save(commit=False)),
                url=lambda entry: reverse("devlog:sheet", args=[prospect.pk]),
            ),
        )
        if saved:
            messages.success(
                request, _("The contact was added to the development record.")
            )
            return redirect("devlog:sheet", pk=prospect.pk)
    cancel_url = reverse("devlog:sheet", args=[prospect.pk])
    return form_page(
        request, form, title=title, cancel_url=cancel_url, prospect=prospect
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
    return form_page(
        request,
        form,
        title=_("Outcome of %(name)s") % {"name": prospect},
        cancel_url=prospect.get_absolute_url() + "#record",
        prospect=prospect,
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
        services.outcome_restore(prospect=prospect, by=request.user)
    except (ValidationError, Outcome.DoesNotExist):
        messages.error(
            request, _("Only an account that was lost or is resting can be restored.")
        )
    else:
        messages.success(request, _("The account is back in development."))
    return redirect(prospect)


# As the account list: a page a person reads, built in a few milliseconds.
PAGE_SIZE = 25


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


@pdf.view
def sheet_pdf(request, pk):
    return documents.development_record(_prospect(request, pk))


def dossier(request, pk):
    """Everything on the account in one download: its sheets, letters and files."""
    prospect = _prospect(request, pk)
    reply = HttpResponse(documents.dossier(prospect), content_type="application/zip")
    reply["Content-Disposition"] = content_disposition_header(
        True,
        pdf.safe_filename(prospect.name, _("dossier")).removesuffix(".pdf") + ".zip",
    )
    return reply


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
