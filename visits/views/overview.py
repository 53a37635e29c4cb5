"""The rep's overview of visits and follow-ups, the month calendar and its feed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from visits import ics, selectors, services
from visits.models import (
    CalendarFeed,
)
from visits.views.common import _page


def _whose(user, asked):
    """The page's choice of whose visits, and the person to read them for."""
    chosen = selectors.whose(user, asked)
    return chosen, chosen.person or selectors.TEAM


#: A team's open follow-ups run into the hundreds: the page shows them by pages.
FOLLOW_UPS_PER_PAGE = 25
#: A team plans dozens of visits a fortnight: they too come by pages, the page
#: number under ``?upcoming=`` so that each list keeps its own.
UPCOMING_PER_PAGE = 20


def visit_list(request):
    now = timezone.now()
    whose, person = _whose(request.user, request.GET.get("who"))
    recent = (
        selectors.team_recent_visits(request.user)
        if person == selectors.TEAM
        else selectors.recent_visits(person)
    )
    return _page(
        request,
        "visits/list.html",
        title=_("Visits and follow-ups"),
        whose=whose,
        follow_ups=Paginator(
            selectors.my_follow_ups(request.user, person), FOLLOW_UPS_PER_PAGE
        ).get_page(request.GET.get("page")),
        upcoming=Paginator(
            selectors.upcoming_visits(request.user, now, person=person),
            UPCOMING_PER_PAGE,
        ).get_page(request.GET.get("upcoming")),
        recent=recent,
        now=now,
    )


def calendar(request):
    today = timezone.localdate()
    month = selectors.parse_month(request.GET.get("month"), today)
    start, end = selectors.month_bounds(month)
    whose, person = _whose(request.user, request.GET.get("who"))
    visits, follow_ups = selectors.calendar_items(request.user, start, end, person)
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
        whose=whose,
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
    # A manager's address may say whose visits (?who=team, or a person's id); by
    # default the feed is the subscriber's own, as it always was.
    asked = request.GET.get("who")
    person = _whose(user, asked)[1] if asked else user
    visits, follow_ups = selectors.calendar_items(
        user,
        timezone.localdate(now) - timedelta(days=90),
        timezone.localdate(now) + timedelta(days=366),
        person,
    )
    body = ics.feed(
        visits, follow_ups, request.build_absolute_uri, team=person == selectors.TEAM
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kam.ics"'
    return response
