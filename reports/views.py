"""The homes: the team's pipeline for KA managers (and admins), *My day* for
everyone, and the team's tables as CSV and XLSX."""

import hashlib
import logging

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kam.charts import Series, bar_chart
from kam.exports import csv_response, xlsx_response
from kam.figures import EVERY_TEAM, figures_version
from prospects.models import Prospect
from reports import my_day, pipeline
from reports.filters import DashboardFilter
from reports.tables import Period

logger = logging.getLogger(__name__)


def home(request):
    """The morning page: the team's pipeline for managers, the to-do list for reps."""
    if request.user.oversees_a_team:
        return team_dashboard(request)
    return my_dashboard(request)


def _team_accounts(user):
    """The accounts a team dashboard counts: a manager's team's, never another team's
    (even one the manager still works on); every team's for an admin."""
    accounts = Prospect.objects.visible_to(user)
    if not user.sees_everything:
        accounts = accounts.filter(team_id=user.team_id)
    return accounts


def _team_dashboard_data(request):
    user = request.user
    people = pipeline.team_people(user)
    filters = DashboardFilter(
        request.GET or None, queryset=_team_accounts(user), user=user, people=people
    )
    if filters.is_bound and filters.is_valid():
        accounts = filters.qs
        team = filters.form.cleaned_data.get("team")
        if team is not None:
            people = people.filter(team=team)
        first, last = filters.period()
    else:
        accounts = _team_accounts(user)
        first, last = DashboardFilter(user=user, people=people).period()
    period = Period.from_dates(first, last)
    key = _dashboard_cache_key(request, filters)
    home_data = None if request.GET.get("fresh") else _cached(key)
    if home_data is None:
        home_data = pipeline.manager_home(accounts, people, period, timezone.now())
        _store(key, home_data)
    return filters, home_data


# The team's figures are aggregates over thousands of rows: kept until a change to
# them commits, and for a minute at most (overdue counts move with the clock); the
# page says when they were computed.
DASHBOARD_SECONDS = 60


def _dashboard_cache_key(request, filters):
    """Everything the figures depend on: whose scope, which filters, which language,
    and the version of the team's figures."""
    user = request.user
    scope = EVERY_TEAM if user.sees_everything else user.team_id
    chosen = []
    if filters.is_bound and filters.is_valid():
        chosen = sorted(
            (name, str(getattr(value, "pk", value)))
            for name, value in filters.form.cleaned_data.items()
            if value
        )
    digest = hashlib.sha256(repr(chosen).encode()).hexdigest()[:32]
    try:
        version = figures_version(scope)
    except Exception:
        logger.exception("Cache unavailable; the team's figures are computed")
        return None
    return f"kam:team-dashboard:{scope}:{get_language()}:{version}:{digest}"


def _cached(key):
    if key is None:
        return None
    try:
        return cache.get(key)
    except Exception:
        logger.exception("Cache unavailable; the team's figures are computed")
        return None


def _store(key, home_data):
    if key is None:
        return
    try:
        cache.set(key, home_data, DASHBOARD_SECONDS)
    except Exception:
        logger.exception("Could not keep the team's figures in the cache")


def _managers_only(view):
    """The team's figures are for KA managers and admins; anyone else has their day."""

    def wrapped(request, *args, **kwargs):
        if not request.user.oversees_a_team:
            return redirect("reports:mine")
        return view(request, *args, **kwargs)

    return wrapped


@_managers_only
def team_dashboard(request):
    filters, home_data = _team_dashboard_data(request)
    return render(
        request,
        "reports/team.html",
        {
            "title": _("Team pipeline"),
            "filter": filters,
            "home": home_data,
            "charts": _team_charts(home_data),
        },
    )


def _team_charts(home_data):
    funnel = home_data["funnel"]
    reps = home_data["reps"]
    reasons = home_data["reasons"]
    return {
        "funnel": bar_chart(
            _("Funnel by business progress"),
            [row[0] for row in funnel.rows],
            [Series(_("Reached it"), [row[2] for row in funnel.rows])],
        ),
        "reps": bar_chart(
            _("By rep"),
            [row[0] for row in reps.rows],
            [
                Series(_("Visits held"), [row[3] for row in reps.rows]),
                Series(_("Overdue now"), [row[6] for row in reps.rows]),
            ],
        ),
        "reasons": bar_chart(
            _("Why accounts were not won"),
            [row[0] for row in reasons.rows],
            [Series(_("Accounts"), [row[1] for row in reasons.rows])],
        )
        if reasons.rows
        else None,
    }


@_managers_only
def team_dashboard_export(request, key, fmt):
    _filters, home_data = _team_dashboard_data(request)
    if key not in home_data.tables:
        raise Http404
    table = home_data[key]
    stamp = f"{home_data.period.first_day:%Y%m%d}-{home_data.period.last_day:%Y%m%d}"
    filename = f"kam-{key}-{stamp}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(filename, table.title, table.header, table.rows)
    return csv_response(filename, table.header, table.rows)


def my_dashboard(request):
    return render(
        request,
        "reports/my_day.html",
        {
            "title": _("My day"),
            "mine": my_day.rep_home(request.user, timezone.now()),
            "now": timezone.now(),
        },
    )
