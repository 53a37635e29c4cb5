"""seed_demo's visits seeded just after the team's midnight (apart from
test_seed_demo.py, whose tests share one seeded demo)."""

import io

import pytest

from visits.models import Visit, VisitCheck


@pytest.mark.django_db
def test_just_after_the_teams_midnight_no_check_in_or_visit_is_in_the_future():
    """Seeded at 00:00:30 in Asia/Shanghai, today's field visits lie in the half
    minute gone by: none planned, checked in or out after the seed's time."""
    import random
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from accounts.demo import DemoContext
    from accounts.management.commands.seed_demo import demo_modules

    now = datetime(2026, 12, 2, 0, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    ctx = DemoContext(
        size="small", rng=random.Random(2026), now=now, stdout=io.StringIO()
    )
    for module in demo_modules():
        module.seed(ctx)
    begun = Visit.objects.filter(status=Visit.Status.PLANNED, checks__kind="in")
    assert begun.exists()
    assert not begun.filter(planned_at__gt=now).exists()
    assert not VisitCheck.objects.filter(at__gt=now).exists()
