from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.scoping import get_visible_or_404
from kam import pdf
from kam.charts import Series, line_chart
from kam.exports import csv_response, xlsx_response
from kam.templatetags.kam import in_yuan
from kam.versioning import save_or_conflict
from kam.views import form_page
from prospects import documents, forms, panels
from prospects.filters import ProspectFilter
from prospects.groups import group_owner_warning
from prospects.models import Advantage, Contact, FinancialStatement, Prospect
from prospects.move_forms import bulk_form_for
from prospects.panels import panels_for
from prospects.relationships import relationship_context
from prospects.saved_filters import clean_query
from prospects.selectors import (
    completeness,
    export_header,
    export_rows,
    group_matrix,
    matrix,
)
from prospects.services import (
    assessment_for,
    prospect_part_delete,
    prospect_part_save,
    prospect_save,
    prospect_save_advantages,
)

PAGE_SIZE = 25


def _prospect(request, pk, queryset=None):
    if queryset is None:
        queryset = Prospect.objects.with_classification(single=True)
    return get_visible_or_404(queryset, request.user, pk=pk)


def _filtered(request, *, classified=True):
    """The filter form and the accounts it selects; none while a filter is invalid
    (an ignored filter would silently show, or export, more than asked). Without
    their classification if the caller sets it (``ProspectFilter.classify``)."""
    scoped = Prospect.objects.visible_to(request.user)
    if classified:
        scoped = scoped.with_classification()
    else:
        scoped = scoped.select_related("owner", "team")
    filters = ProspectFilter(request.GET or None, queryset=scoped, user=request.user)
    if filters.is_bound and not filters.is_valid():
        return filters, scoped.none()
    return filters, filters.qs


def _page_rows(rows):
    """A page of accounts (a sliced queryset), its ids picked first, alone, then
    those accounts read with their owner and team: PostgreSQL joined all 2,008 of a
    manager's developing accounts to their owners and teams before keeping 25."""
    ordering = rows.query.order_by or Prospect._meta.ordering
    columns = {field.name for field in Prospect._meta.concrete_fields}
    if not all(isinstance(t, str) and t.lstrip("-") in columns for t in ordering):
        return list(rows)  # ordered by something only the whole query has
    return list(
        Prospect.objects.filter(pk__in=rows.values("pk"))
        .select_related("owner", "team")
        .order_by(*ordering, "pk")
    )


def prospect_list(request):
    filters, accounts = _filtered(request, classified=False)
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = filters.classify(_page_rows(page.object_list))
    return render(
        request,
        "prospects/list.html",
        {
            "title": _("Key accounts"),
            "filter": filters,
            "page": page,
            "bulk": bulk_form_for(request, filters.classification_rows()),
            "saved_filters": list(request.user.saved_filters.all()),
            "current_query": clean_query(request.GET.urlencode()),
        },
    )


def prospect_export(request, fmt):
    filters, accounts = _filtered(request)
    if filters.is_bound and not filters.is_valid():
        return redirect(reverse("prospects:list") + "?" + request.GET.urlencode())
    stamp = timezone.localdate().strftime("%Y%m%d")
    rows = export_rows(accounts)
    if fmt == "xlsx":
        return xlsx_response(
            f"key-accounts-{stamp}.xlsx", _("Key accounts"), export_header(), rows
        )
    return csv_response(f"key-accounts-{stamp}.csv", export_header(), rows)


def prospect_matrix(request):
    scoped = Prospect.objects.visible_to(request.user).open()
    by_group = request.GET.get("by") == "group"
    shown = group_matrix(scoped) if by_group else matrix(scoped)
    return render(
        request,
        "prospects/matrix.html",
        {"title": _("Portfolio matrix"), "matrix": shown},
    )


def prospect_create(request):
    if request.user.team_id is None and not request.user.sees_everything:
        raise PermissionDenied
    form = forms.ProspectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        prospect = save_or_conflict(
            form,
            lambda: form.save_once(
                lambda: prospect_save(
                    prospect=form.save(commit=False),
                    colleagues=form.cleaned_data["colleagues"],
                )
            ),
        )
        if prospect:
            messages.success(
                request, _("The account %(name)s was created.") % {"name": prospect}
            )
            _warn_group_owner(request, form, prospect)
            return redirect(prospect)
    return form_page(
        request,
        form,
        title=_("New key account"),
        cancel_url=reverse("prospects:list"),
    )


def _warn_group_owner(request, form, prospect):
    if "parent" in form.changed_data:
        warning = group_owner_warning(prospect)
        if warning:
            messages.warning(request, warning)


def prospect_edit(request, pk):
    prospect = _prospect(request, pk)
    form = forms.ProspectForm(
        request.POST or None, instance=prospect, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
            form,
            lambda: prospect_save(
                prospect=form.save(commit=False),
                colleagues=form.cleaned_data["colleagues"],
            ),
        )
        if saved:
            messages.success(request, _("The account was saved."))
            _warn_group_owner(request, form, saved)
            return redirect(prospect)
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": prospect},
        cancel_url=prospect.get_absolute_url(),
        prospect=prospect,
    )


def _detail_queryset():
    return (
        Prospect.objects.with_classification(single=True)
        .prefetch_related(
            Prefetch("colleagues", User.objects.only(*User.NAME_FIELDS)),
            "financial_statements",
            # the owners joined: one query, not a second for the few owners
            Prefetch("contacts", Contact.objects.select_related("relationship_owner")),
            "transactions",
            "competitors",
            "advantages",
        )
        .select_related("sales_profile", "purchase_factors", "forecast")
    )


def _one_to_one(prospect, name):
    try:
        return getattr(prospect, name)
    except ObjectDoesNotExist:
        return None


def prospect_detail(request, pk):
    prospect = _prospect(request, pk, _detail_queryset())
    statements = list(prospect.financial_statements.all())
    return render(
        request,
        "prospects/detail.html",
        {
            "title": prospect.name,
            "prospect": prospect,
            "statements": statements,
            "latest": statements[-1] if statements else None,
            "sales_profile": _one_to_one(prospect, "sales_profile"),
            "factors": _one_to_one(prospect, "purchase_factors"),
            "forecast": _one_to_one(prospect, "forecast"),
            "transactions": list(prospect.transactions.all())[-6:],
            "assessment": assessment_for(prospect),
            "completeness": completeness(prospect),
            "advantages": {a.aspect: a for a in prospect.advantages.all()},
            "aspects": Advantage.Aspect.choices,
            "panels": panels_for(request, prospect),
            **relationship_context(prospect, request.user),
        },
    )


def prospect_panel(request, pk, name):
    """A section of the account page that loads on its own (prospects.panels): the
    section alone when kam.js fetches it, else a page around it."""
    panel = panels.named(name)
    # The account's own row: a section names the account, never its classification.
    prospect = _prospect(request, pk, Prospect.objects.all())
    alone = request.headers.get("X-KAM-Section") == "1"
    response = render(
        request,
        panel.template if alone else "prospects/panel.html",
        {
            "title": panel.title,
            "prospect": prospect,
            "panel": panel.render_context(request, prospect),
        },
    )
    patch_vary_headers(response, ["X-KAM-Section"])
    return response


def financials(request, pk):
    prospect = _prospect(request, pk)
    statements = list(prospect.financial_statements.all())
    periods = [s.period for s in statements]
    chart = line_chart(
        _("Ratios by period"),
        periods,
        [
            Series(
                _("Current-asset ratio"), [s.current_asset_ratio for s in statements]
            ),
            Series(_("Net profit margin"), [s.net_profit_margin for s in statements]),
            Series(_("Return on assets"), [s.return_on_assets for s in statements]),
        ],
        unit="%",
    )
    days_chart = line_chart(
        _("Collection and inventory periods"),
        periods,
        [
            Series(_("Collection period"), [s.collection_period for s in statements]),
            Series(_("Inventory period"), [s.inventory_period for s in statements]),
        ],
    )
    return render(
        request,
        "prospects/financials.html",
        {
            "title": _("Financial statements"),
            "prospect": prospect,
            "statements": statements,
            "figure_labels": FinancialStatement.figure_labels(),
            "chart": chart if statements else None,
            "days_chart": days_chart if statements else None,
        },
    )


def transactions(request, pk):
    prospect = _prospect(request, pk)
    rows = list(prospect.transactions.all())
    labels = [f"{row.month:%Y-%m}" for row in rows]
    chart = line_chart(
        _("Our share of the customer's purchases"),
        labels,
        [Series(_("Share of wallet"), [row.share for row in rows])],
        unit="%",
    )
    sales_chart = line_chart(
        in_yuan(_("Our sales and the customer's purchases")),
        labels,
        [
            Series(
                _("Customer's purchase volume"), [row.purchase_volume for row in rows]
            ),
            Series(_("Our sales"), [row.our_sales for row in rows]),
        ],
    )
    notes_form = forms.ProductSalesNotesForm(request.POST or None, instance=prospect)
    if request.method == "POST" and notes_form.is_valid():
        saved = save_or_conflict(
            notes_form, lambda: prospect_save(prospect=notes_form.save(commit=False))
        )
        if saved:
            messages.success(request, _("The product sales analysis was saved."))
            return redirect("prospects:transactions", pk=prospect.pk)
    return render(
        request,
        "prospects/transactions.html",
        {
            "title": _("Transaction record"),
            "prospect": prospect,
            "rows": rows,
            "chart": chart if rows else None,
            "sales_chart": sales_chart if rows else None,
            "notes_form": notes_form,
        },
    )


@dataclass(frozen=True)
class PartKind:
    """One kind of record under an account, and where the user lands after saving."""

    form: type  # a ModelForm of the record
    noun: str
    back_to: str  # a URL name taking the account's pk, plus an optional #anchor
    anchor: str = ""
    sensitive: tuple = ()
    needs_user: bool = False  # the form offers choices within the user's scope

    @property
    def model(self):
        return self.form._meta.model

    def form_for(self, request, **kwargs):
        if self.needs_user:
            kwargs["user"] = request.user
        return self.form(request.POST or None, **kwargs)

    def back_url(self, prospect):
        return reverse(self.back_to, args=[prospect.pk]) + (
            f"#{self.anchor}" if self.anchor else ""
        )


ROWS = {
    "financials": PartKind(
        forms.FinancialStatementForm,
        gettext_lazy("financial statement"),
        "prospects:financials",
    ),
    "contacts": PartKind(
        forms.ContactForm,
        gettext_lazy("contact"),
        "prospects:detail",
        "decision-makers",
        sensitive=Contact.PERSONAL_FIELDS,
        needs_user=True,
    ),
    "transactions": PartKind(
        forms.MonthlyTransactionForm,
        gettext_lazy("month"),
        "prospects:transactions",
    ),
    "competitors": PartKind(
        forms.CompetitorForm,
        gettext_lazy("competitor"),
        "prospects:detail",
        "competitors",
    ),
}

SECTIONS = {
    "sales": PartKind(
        forms.SalesProfileForm,
        gettext_lazy("Sales information"),
        "prospects:detail",
        "sales",
    ),
    "purchase-factors": PartKind(
        forms.PurchaseFactorsForm,
        gettext_lazy("Purchase factors"),
        "prospects:detail",
        "purchase-factors",
    ),
    "forecast": PartKind(
        forms.ForecastForm,
        gettext_lazy("Cost and sales forecast"),
        "prospects:detail",
        "forecast",
    ),
}


def _part_form_page(request, prospect, kind, form, title):
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
            form, lambda: prospect_part_save(part=form.save(commit=False))
        )
        if saved:
            messages.success(request, _("Saved: %(what)s.") % {"what": kind.noun})
            return redirect(kind.back_url(prospect))
    return form_page(
        request,
        form,
        title=title,
        cancel_url=kind.back_url(prospect),
        prospect=prospect,
    )


@sensitive_post_parameters(*Contact.PERSONAL_FIELDS)
def row_create(request, pk, kind):
    prospect = _prospect(request, pk)
    kind = ROWS[kind]
    form = kind.form_for(request, prospect=prospect)
    title = _("Add a %(what)s") % {"what": kind.noun}
    return _part_form_page(request, prospect, kind, form, title)


@sensitive_post_parameters(*Contact.PERSONAL_FIELDS)
def row_edit(request, pk, kind, row_pk):
    prospect = _prospect(request, pk)
    kind = ROWS[kind]
    row = get_visible_or_404(kind.model, request.user, pk=row_pk, prospect=prospect)
    form = kind.form_for(request, instance=row, prospect=prospect)
    title = _("Edit %(what)s") % {"what": kind.noun}
    return _part_form_page(request, prospect, kind, form, title)


@require_POST
def row_delete(request, pk, kind, row_pk):
    prospect = _prospect(request, pk)
    kind = ROWS[kind]
    row = get_visible_or_404(kind.model, request.user, pk=row_pk, prospect=prospect)
    prospect_part_delete(part=row)
    messages.success(request, _("Deleted: %(what)s.") % {"what": row})
    return redirect(kind.back_url(prospect))


def section_edit(request, pk, kind):
    prospect = _prospect(request, pk)
    kind = SECTIONS[kind]
    instance = kind.model.objects.filter(prospect=prospect).first()
    form = kind.form(request.POST or None, instance=instance, prospect=prospect)
    title = _("%(section)s · %(name)s") % {"section": kind.noun, "name": prospect}
    return _part_form_page(request, prospect, kind, form, title)


def advantages_edit(request, pk):
    prospect = _prospect(request, pk, _detail_queryset())
    form = forms.AdvantagesForm(request.POST or None, prospect=prospect)
    if request.method == "POST" and form.is_valid():
        saved = save_or_conflict(
            form,
            lambda: prospect_save_advantages(
                prospect=prospect,
                notes=form.notes(),
                loaded=form.cleaned_data["versions"],
            ),
        )
        if saved:
            messages.success(request, _("The competitive advantages were saved."))
            return redirect(prospect.get_absolute_url() + "#advantages")
    return form_page(
        request,
        form,
        title=_("Competitive advantages · %(name)s") % {"name": prospect},
        cancel_url=prospect.get_absolute_url() + "#advantages",
        template="prospects/advantages_form.html",
        prospect=prospect,
    )


@pdf.view
def profile_pdf(request, pk):
    return documents.profile(_prospect(request, pk, _detail_queryset()))
