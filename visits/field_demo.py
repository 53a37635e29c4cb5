"""Demo check-ins (visits.demo calls this last): accounts located in the Yangtze
delta, the recent visits checked in and out there, and today a few supervisors at
their customers, one of them far from the account and one who kept their position
to themselves, so the manager's list of the day has something to show."""

import math
import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from accounts.models import Role
from kam.bulk import insert
from prospects.models import Prospect
from visits.models import (
    CheckInSettings,
    Visit,
    VisitCheck,
    VisitPreparation,
    distance_m,
)

# Suzhou, Shanghai, Ningbo, Hangzhou, Wuxi: where the demo's customers are.
CITIES = [(31.2989, 120.5853), (31.2304, 121.4737), (29.8683, 121.5440), (30.2741, 120.1551), (31.4912, 120.3119)]  # fmt: skip
RECENT_DAYS = 60  # check-in is new: only the last two months' visits have them
METRES_PER_DEGREE = 111_195
RADIUS = [500]  # the admin's setting, read once per seeding


def _near(rng, point, metres):
    """A point about ``metres`` from ``point``, in a random direction."""
    latitude, longitude = (float(v) for v in point)
    bearing = rng.uniform(0, 2 * math.pi)
    north = metres * math.cos(bearing) / METRES_PER_DEGREE
    east = (
        metres
        * math.sin(bearing)
        / (METRES_PER_DEGREE * math.cos(math.radians(latitude)))
    )
    return (Decimal(f"{latitude + north:.6f}"), Decimal(f"{longitude + east:.6f}"))


def _check(visit, kind, at, position, rng, account):
    check = VisitCheck(visit=visit, kind=kind, person_id=visit.lead_visitor_id, at=at)
    if position is None:
        check.location = VisitCheck.Location.REFUSED
        return check
    check.location = VisitCheck.Location.GIVEN
    check.latitude, check.longitude = position
    check.accuracy_m = rng.choice([8, 15, 30, 65])
    check.distance_m = distance_m(position, account)
    check.is_far = check.distance_m > RADIUS[0]
    return check


def _locate_accounts(rng, now):
    located = {}
    for pk in (
        Prospect.objects.exclude(status=Prospect.Status.POTENTIAL)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        located[pk] = _near(rng, rng.choice(CITIES), rng.uniform(500, 15_000))
    # One statement run per row: bulk_update's CASE takes seconds at --size large.
    when = connection.ops.adapt_datetimefield_value(now - timedelta(days=RECENT_DAYS))
    table = connection.ops.quote_name(Prospect._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET latitude = %s, longitude = %s, located_at = %s WHERE id = %s",
            [(str(lat), str(lng), when, pk) for pk, (lat, lng) in located.items()],
        )
    return located


def _recent_checks(rng, now, located):
    checks = []
    held = Visit.objects.filter(
        status=Visit.Status.HELD,
        held_at__gte=now - timedelta(days=RECENT_DAYS),
        prospect_id__in=located,
    ).order_by("pk")
    for visit in held:
        account = located[visit.prospect_id]
        position = _near(rng, account, rng.uniform(10, 250))
        arrived = visit.held_at - timedelta(minutes=rng.randint(2, 10))
        left = arrived + timedelta(minutes=visit.duration_minutes or 60)
        checks += [
            _check(visit, VisitCheck.Kind.IN, arrived, position, rng, account),
            _check(visit, VisitCheck.Kind.OUT, left, position, rng, account),
        ]
    return checks


def _today(ctx, rng, now, located):
    """Per team, three supervisors' visits of today: done and checked out, checked
    in far from the account, and checked in without a position (still there).
    Written in bulk like the rest of the demo: the devlog demo begins every
    record's history afterwards."""
    # Early in the day (the team's midnight is 16:00 UTC) the visits crowd into
    # the hours gone by: never planned, checked in or out after ``now``.
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    visits = []
    for team in ctx.teams.values():
        leads = [
            u
            for u in ctx.users.values()
            if u.team_id == team.pk and u.role == Role.SUPERVISOR
        ]
        accounts = [
            p
            for p in ctx.prospects
            if p.team_id == team.pk and p.is_open and p.pk in located
        ]
        for step, (lead, prospect) in enumerate(
            zip(leads * 3, accounts[:3], strict=False)
        ):
            visits.append(Visit(
                prospect=prospect, lead_visitor=lead, planned_at=min(now, max(start, now - timedelta(minutes=150 - 40 * step))),
                place="客户工厂", purpose="现场了解产线改造需求", created_by=prospect.owner,
            ))  # fmt: skip
    for visit in visits:
        visit.keep_search_grams()
    insert(Visit, visits)
    insert(
        VisitPreparation,
        [VisitPreparation(visit=v, waived_by=v.prospect.team.manager, waiver_reason="客户临时约见")
         for v in visits],
    )  # fmt: skip
    colleagues = Prospect.colleagues.through
    colleagues.objects.bulk_create(
        [colleagues(prospect_id=v.prospect_id, user_id=v.lead_visitor_id) for v in visits if v.lead_visitor_id != v.prospect.owner_id],
        ignore_conflicts=True,
    )  # fmt: skip
    checks = []
    for step, visit in enumerate(visits):
        account, arrived = located[visit.prospect_id], visit.planned_at
        if step % 3 == 0:
            here = _near(rng, account, 60)
            checks.append(
                _check(visit, VisitCheck.Kind.IN, arrived, here, rng, account)
            )
            left = min(now, arrived + timedelta(minutes=55))
            checks.append(_check(visit, VisitCheck.Kind.OUT, left, here, rng, account))  # fmt: skip
        elif step % 3 == 1:
            away = _near(rng, account, 4_200)
            checks.append(
                _check(visit, VisitCheck.Kind.IN, arrived, away, rng, account)
            )
        else:
            checks.append(
                _check(visit, VisitCheck.Kind.IN, arrived, None, rng, account)
            )
    return checks


def seed(ctx):
    rng = random.Random(2019)  # its own: the other apps' demo data stays as it was
    now = ctx.now
    RADIUS[0] = CheckInSettings.current().far_radius_m
    located = _locate_accounts(rng, now)
    checks = _recent_checks(rng, now, located) + _today(ctx, rng, now, located)
    insert(VisitCheck, checks)
    ctx.log(
        f"Check-ins: {len(checks)} check-ins and check-outs, {len(located)} accounts located."
    )
