"""Pages of hand-over, bulk changes and merges: the list's bulk form, the leaving
rep's page, the merge of two accounts; and the list's saved filters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy
from django.views.decorators.http import require_POST

from accounts.scoping import get_visible_or_404
from kam.forms import error_messages
from kam.views import form_page
from prospects import merging, moves
from prospects.filters import ProspectFilter
from prospects.models import Prospect
from prospects.move_forms import BulkForm, LeavingForm, MergeForm
from prospects.saved_filters import (
    SavedFilterForm,
    clean_query,
    saved_filter_delete,
    saved_filter_save,
)


def _require_mover(user):
    if not moves.may_move(user):
        raise Http404


def _list_url(query):
    return reverse("prospects:list") + (f"?{query}" if query else "")


def _filtered_ids(user, query):
    scoped = moves.movable(user) & Prospect.objects.visible_to(user)
    filters = ProspectFilter(QueryDict(query), queryset=scoped, user=user)
    if not filters.is_valid():
        raise moves.MoveRefused(_("The filter is not valid: apply it again."))
    return list(filters.qs.values_list("pk", flat=True))


def _refused(request, *reasons):
    """The list is where a refused form on it says why."""
    for reason in reasons:
        messages.error(request, reason)


# What the list says once a bulk change is done, by action.
DONE = {
    BulkForm.HAND_OVER: ngettext_lazy(
        "%(count)s account handed over to %(person)s.",
        "%(count)s accounts handed over to %(person)s.",
        "count",
    ),
    BulkForm.ADD_COLLEAGUE: ngettext_lazy(
        "%(person)s now works on %(count)s more account.",
        "%(person)s now works on %(count)s more accounts.",
        "count",
    ),
    BulkForm.CLASSIFY: ngettext_lazy(
        "%(count)s account reclassified.", "%(count)s accounts reclassified.", "count"
    ),
}


def _run(form, user):
    data = form.cleaned_data
    if data["apply_to"] == BulkForm.FILTERED:
        accounts = _filtered_ids(user, data["filter"])
    else:
        accounts = data["account"]
    action, person = data["action"], data.get("person")
    if action == BulkForm.HAND_OVER:
        count = moves.hand_over(accounts, person, user)
    elif action == BulkForm.ADD_COLLEAGUE:
        count = moves.add_colleague(accounts, person, user)
    else:
        count = moves.classify(accounts, user, **form.classification())
    return DONE[action] % {"count": count, "person": person}


@require_POST
def bulk(request):
    _require_mover(request.user)
    form = BulkForm(request.POST, user=request.user)
    query = request.POST.get("filter", "")[:2000]
    if not form.is_valid():
        _refused(request, *error_messages(form))
        return redirect(_list_url(query))
    try:
        messages.success(request, _run(form, request.user))
    except moves.MoveRefused as error:
        _refused(request, *error.messages)
    return redirect(_list_url(query))


def hand_over_leaving(request):
    _require_mover(request.user)
    form = LeavingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        leaving, to = form.cleaned_data["leaving"], form.cleaned_data["to"]
        try:
            count = moves.hand_over_all(leaving=leaving, to=to, by=request.user)
        except moves.MoveRefused as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The %(count)s account of %(leaving)s now belongs to %(to)s.",
                    "All %(count)s accounts of %(leaving)s now belong to %(to)s.",
                    count,
                )
                % {"count": count, "leaving": leaving, "to": to},
            )
            return redirect(_list_url(f"owner={to.pk}"))
    return form_page(
        request,
        form,
        title=_("Hand over a leaving colleague's accounts"),
        cancel_url=reverse("prospects:list"),
        template="prospects/hand_over.html",
    )


def merge_accounts(request, pk):
    _require_mover(request.user)
    prospect = get_visible_or_404(moves.movable(request.user), request.user, pk=pk)
    form = MergeForm(request.POST or None, user=request.user, prospect=prospect)
    if request.method == "POST" and form.is_valid():
        kept, merged = form.accounts()
        try:
            merging.merge(kept=kept, merged=merged, by=request.user)
        except moves.MoveRefused as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(merged)s was merged into %(kept)s.")
                % {"merged": merged.name, "kept": kept.name},
            )
            return redirect(kept)
    return form_page(
        request,
        form,
        title=_("Merge %(name)s with another account") % {"name": prospect.name},
        cancel_url=prospect.get_absolute_url(),
        template="prospects/merge.html",
        prospect=prospect,
    )


@require_POST
def saved_filter_create(request):
    form = SavedFilterForm(request.POST)
    query = clean_query(request.POST.get("query", "")[:2000])
    if not form.is_valid():
        _refused(request, *error_messages(form))
        return redirect(_list_url(query))
    try:
        saved = saved_filter_save(
            owner=request.user, name=form.cleaned_data["name"], query=query
        )
    except ValidationError as error:
        _refused(request, *error.messages)
    else:
        messages.success(
            request, _("The filter %(name)s was saved.") % {"name": saved.name}
        )
    return redirect(_list_url(query))


@require_POST
def saved_filter_remove(request):
    pk = request.POST.get("filter", "")
    if not (pk.isascii() and pk.isdigit()) or not saved_filter_delete(
        owner=request.user, pk=int(pk)
    ):
        raise Http404
    messages.success(request, _("The filter was deleted."))
    return redirect(_list_url(request.POST.get("back", "")[:2000]))
