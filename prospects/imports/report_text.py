"""The preview as plain text (the import_records command prints it)."""

from django.utils.translation import gettext as _


def as_text(report):
    lines = [
        _("%(rows)d rows: %(created)d to create, %(updated)d to update, "
          "%(skipped)d unchanged, %(errors)d with errors.")
        % {
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "skipped": report.skipped,
            "errors": report.error_rows,
        }
    ]  # fmt: skip
    if report.ignored_columns:
        lines.append(
            _("Columns ignored: %(columns)s")
            % {"columns": ", ".join(report.ignored_columns)}
        )
    for error in report.errors:
        lines.append(
            _("Row %(row)d, %(column)s: %(message)s")
            % {
                "row": error.row,
                "column": error.column or "—",
                "message": error.message,
            }
        )
    for change in report.changes:
        described = "; ".join(
            f"{label}: {old} → {new}" for label, old, new in change["changes"]
        )
        lines.append(
            _("Row %(row)d, %(record)s: %(changes)s")
            % {"row": change["row"], "record": change["record"], "changes": described}
        )
    if report.committed:
        lines.append(_("Imported."))
    elif not report.errors:
        lines.append(_("Nothing written yet: run again with --commit to import."))
    return "\n".join(lines) + "\n"
