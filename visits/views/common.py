"""What the visits pages share."""

from django.shortcuts import render

from accounts.scoping import get_visible_or_404
from kam.forms import add_service_errors
from visits.models import Visit

__all__ = ["_page", "_visit", "add_service_errors"]


def _page(request, template, **context):
    return render(request, template, context)


def _visit(request, pk):
    return get_visible_or_404(
        Visit.objects.select_related("prospect", "lead_visitor", "created_by"),
        request.user,
        pk=pk,
    )
