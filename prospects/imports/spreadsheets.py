"""The spreadsheets an import hands out: the template of a kind (its headers in
either language, an example row, the allowed values) and the failed rows of a
preview with their errors. A value starting like a formula is written as text."""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kam.exports import FORMULA_START
from prospects.imports.reading import read_table


def _cell(sheet, value, *, bold=False):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def _saved(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template(kind, language):
    """The template of ``kind`` with headers in ``language`` ("en" or "zh-hans")."""
    with translation.override(language):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(kind.label)[:31])
        sheet.append(
            [_cell(sheet, c.header(language), bold=True) for c in kind.columns]
        )
        sheet.append([_cell(sheet, c.example_in(language)) for c in kind.columns])
        notes = workbook.create_sheet(title=_("Allowed values")[:31])
        notes.append(
            [
                _cell(notes, text, bold=True)
                for text in (
                    _("Column"),
                    _("Also accepted"),
                    _("Required"),
                    _("Allowed values"),
                )
            ]
        )
        for column in kind.columns:
            other = column.name if language.startswith("zh") else column.zh
            notes.append(
                [
                    _cell(notes, column.header(language)),
                    _cell(notes, other),
                    _cell(notes, _("yes") if column.required else ""),
                    _cell(notes, column.allowed_text()),
                ]
            )
        return _saved(workbook)


def failed_rows(batch):
    """The rows of ``batch`` that have errors, as in the file, with an error column."""
    table = read_table(batch.file_name, bytes(batch.content))
    messages = {}
    for error in batch.report.get("errors", []):
        text = (
            f"{error['column']}: {error['message']}"
            if error["column"]
            else error["message"]
        )
        messages.setdefault(error["row"], []).append(text)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Failed rows")[:31])
    sheet.append(
        [
            _cell(sheet, _("Row"), bold=True),
            *(_cell(sheet, h, bold=True) for h in table.header),
            _cell(sheet, _("Errors"), bold=True),
        ]
    )
    for number, cells in table.rows:
        if number in messages:
            sheet.append(
                [
                    number,
                    *(_cell(sheet, c) for c in cells),
                    _cell(sheet, "; ".join(messages[number])),
                ]
            )
    return _saved(workbook)
