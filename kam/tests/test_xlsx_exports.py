"""An XLSX export reads like a report: amounts as numbers with thousands
separators, dates as dates, columns as wide as their text, the header frozen."""

import io
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from kam.exports import xlsx_response


def _sheet():
    moment = datetime(2026, 3, 5, 14, 30, tzinfo=timezone.get_current_timezone())
    response = xlsx_response(
        "t.xlsx",
        "Accounts",
        ["Name", "Revenue", "Decided on", "Updated"],
        [
            [
                "华鑫精密机械有限公司",
                Decimal("1500000000.00"),
                date(2026, 3, 1),
                moment,
            ],
            ["Short", Decimal("12.5"), None, moment],
        ],
    )
    return load_workbook(io.BytesIO(response.content)).active


def test_amounts_are_numbers_with_thousands_separators():
    sheet = _sheet()
    cell = sheet["B2"]
    assert cell.value == 1500000000
    assert cell.number_format == "#,##0.00"


def test_dates_are_dates():
    sheet = _sheet()
    assert sheet["C2"].is_date
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["D2"].is_date
    assert sheet["D2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["D2"].value == datetime(2026, 3, 5, 14, 30)  # noqa: DTZ001 (local, as shown)


def test_the_columns_fit_what_they_hold_and_the_header_is_frozen():
    sheet = _sheet()
    assert sheet.freeze_panes == "A2"
    # Ten hanzi take twenty character widths, and two to spare.
    assert sheet.column_dimensions["A"].width == 22
    assert sheet.column_dimensions["B"].width == len("1,500,000,000.00") + 2
    assert sheet.column_dimensions["C"].width == len("Decided on") + 2
