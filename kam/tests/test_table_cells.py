"""How the dashboard tables lay out a cell."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from kam.templatetags.kam import align


@pytest.mark.parametrize(
    ("value", "classes"),
    [
        (7, "text-end text-nowrap"),
        (Decimal("62.1"), "text-end text-nowrap"),
        (date(2026, 11, 20), "text-nowrap"),  # not 2026-11- | 20
        (datetime(2026, 11, 20, 9, 30, tzinfo=UTC), "text-nowrap"),
        ("李明 Li Ming", ""),
        (None, ""),
    ],
)
def test_numbers_go_right_and_numbers_and_dates_stay_on_one_line(value, classes):
    assert align(value) == classes
