"""At the customer's: check-in and check-out, a photo taken there, and the team's
check-ins of the day."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kam.forms import error_messages
from kam.templatetags.kam import distance
from visits import field_forms, selectors, services
from visits.models import (
    CheckInSettings,
    SalesMaterial,
    Visit,
    VisitCheck,
    VisitPreparation,
)
from visits.views.common import _page, _visit

ON_THE_SPOT = "#on-the-spot"
PHOTO_KINDS = ("pictures", "proofs")


def on_the_spot(request, visit):
    """What the visit's pages show of the time at the customer's: the check-in and
    check-out, the buttons for the lead visitor, the photos taken there."""
    return {
        "is_lead": request.user.pk == visit.lead_visitor_id,
        "check_form": field_forms.CheckForm(),
        "photo_form": field_forms.PhotoForm(),
        "photos": SalesMaterial.objects.filter(
            preparation__visit=visit, kind__in=PHOTO_KINDS
        ).select_related("uploaded_by"),
    }


def _checked(request, visit, service):
    form = field_forms.CheckForm(request.POST)
    if not form.is_valid():
        problems = form.non_field_errors() or [
            _("The position the phone sent could not be read. Try again.")
        ]
        messages.error(request, " ".join(problems))
        return None
    try:
        return service(visit=visit, person=request.user, **form.position())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None


def _where(check):
    """How the check relates to the account's location: (message level, text)."""
    if check.location == VisitCheck.Location.REFUSED:
        return messages.INFO, _("Without your position: you declined to share it.")
    if check.location == VisitCheck.Location.UNAVAILABLE:
        return messages.INFO, _("Without your position: the phone could not find it.")
    if check.is_far:
        return messages.WARNING, _(
            "You are %(distance)s from the account's location: this is marked for "
            "your manager."
        ) % {"distance": distance(check.distance_m)}
    if check.located_account:
        return messages.SUCCESS, _("This position is now the account's location.")
    if check.distance_m is not None:
        return messages.SUCCESS, _("%(distance)s from the account's location.") % {
            "distance": distance(check.distance_m)
        }
    return messages.SUCCESS, ""


def _tell(request, check):
    """What the person sees after checking: the time, and where that was."""
    time = date_format(timezone.localtime(check.at), "H:i")
    if check.kind == VisitCheck.Kind.IN:
        said = _("Checked in at %(time)s.") % {"time": time}
    else:
        said = _("Checked out at %(time)s.") % {"time": time}
    level, where = _where(check)
    if where:
        # Two sentences: Chinese runs them together, English puts a space between.
        said = _("%(time_said)s %(place_said)s") % {
            "time_said": said,
            "place_said": where,
        }
    messages.add_message(request, level, said)


def _checking(service):
    """The view of a check-in or check-out button."""

    @require_POST
    def view(request, pk):
        visit = _visit(request, pk)
        check = _checked(request, visit, service)
        if check:
            _tell(request, check)
        return redirect(reverse("visits:detail", args=[visit.pk]) + ON_THE_SPOT)

    return view


visit_check_in = _checking(services.visit_check_in)
visit_check_out = _checking(services.visit_check_out)


def attach(request, visit, form, *, done):
    """Keep a file the form checked with the visit's sales materials; say how it went."""
    if form.is_valid():
        preparation, _created = VisitPreparation.objects.get_or_create(visit=visit)
        services.material_add(
            preparation=preparation,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            user=request.user,
        )
        messages.success(request, done)
    else:
        messages.error(request, " ".join(error_messages(form)))


@require_POST
def visit_photo(request, pk):
    visit = _visit(request, pk)
    form = field_forms.PhotoForm(request.POST, request.FILES)
    attach(request, visit, form, done=_("The photo was attached to the visit."))
    if request.POST.get("back") == "record" and visit.status != Visit.Status.CANCELLED:
        return redirect(reverse("visits:record", args=[visit.pk]) + "#photos")
    return redirect(reverse("visits:detail", args=[visit.pk]) + ON_THE_SPOT)


def check_ins(request):
    today = timezone.localdate()
    day = selectors.parse_day(request.GET.get("day"), today)
    far_only = request.GET.get("far") == "1"
    checks = selectors.check_ins_on(request.user, day, far_only=far_only)
    return _page(
        request,
        "visits/check_ins.html",
        title=_("Check-ins"),
        day=day,
        today=today,
        previous=day - timedelta(days=1),
        following=day + timedelta(days=1) if day < today else None,
        far_only=far_only,
        checks=checks,
        radius=CheckInSettings.current().far_radius_m,
    )
