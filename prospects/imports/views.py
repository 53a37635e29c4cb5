"""The import pages: upload and the list of imports, one import's preview (its
progress while the worker checks it), its failed rows, the commit, the templates."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import get_visible_or_404
from kam.exports import XLSX
from prospects.imports import progress, spreadsheets
from prospects.imports.batches import batch_commit, batch_upload
from prospects.imports.forms import UploadForm
from prospects.imports.kinds import all_kinds, get_kind
from prospects.imports.reading import FileRefused
from prospects.models import ImportBatch

LANGUAGES = {"en": "en", "zh": "zh-hans"}


def import_list(request):
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": request.GET.get("kind", "accounts")},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = batch_upload(
            user=request.user,
            kind=form.cleaned_data["kind"],
            file_name=upload.name,
            content=upload.read(),
        )
        return redirect(batch)
    batches = ImportBatch.objects.visible_to(request.user).select_related("created_by")
    return render(
        request,
        "prospects/imports.html",
        {
            "title": _("Import"),
            "form": form,
            "kinds": all_kinds(),
            "batches": batches.defer("content", "report")[:50],
        },
    )


def _batch(request, pk):
    return get_visible_or_404(ImportBatch, request.user, pk=pk)


def import_detail(request, pk):
    batch = _batch(request, pk)
    report = batch.report or {}
    return render(
        request,
        "prospects/import.html",
        {
            "title": batch.file_name,
            "batch": batch,
            "report": report,
            "progress": progress.read(batch.pk) if batch.is_running else None,
            "mine": batch.created_by_id == request.user.pk,
        },
    )


def import_progress(request, pk):
    batch = _batch(request, pk)
    done = progress.read(batch.pk) or {"done": 0, "total": batch.rows}
    return JsonResponse({"running": batch.is_running, "state": batch.state, **done})


def import_failed_rows(request, pk):
    batch = _batch(request, pk)
    if not batch.errors:
        raise Http404
    try:
        content = spreadsheets.failed_rows(batch)
    except FileRefused:
        raise Http404 from None
    return _xlsx(content, f"failed-rows-{batch.pk}.xlsx")


@require_POST
def import_commit(request, pk):
    batch = _batch(request, pk)
    if batch.created_by_id != request.user.pk:
        raise Http404
    if batch_commit(batch=batch):
        if batch.state == ImportBatch.State.COMMITTED:
            messages.success(
                request, _("Imported: %(rows)d rows.") % {"rows": batch.rows}
            )
        elif batch.state == ImportBatch.State.PREVIEWED:
            messages.error(
                request,
                _(
                    "The data changed since the check: nothing was imported. See the errors."
                ),
            )
    else:
        messages.error(request, _("This import cannot be committed (again)."))
    return redirect(batch)


def import_template(request, kind, language):
    try:
        found = get_kind(kind)
    except FileRefused:
        raise Http404 from None
    if language not in LANGUAGES:
        raise Http404
    content = spreadsheets.template(found, LANGUAGES[language])
    return _xlsx(content, f"kam-import-{found.name}-{language}.xlsx")


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
