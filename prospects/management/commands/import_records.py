"""Import a spreadsheet from the command line, as the web import does it: the
preview is printed; with --commit it is written, unless any row has an error
(then nothing is written and the command exits with 1)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.models import User
from prospects.imports import engine, report_text
from prospects.imports.kinds import ORDER
from prospects.imports.reading import FileRefused, read_table
from prospects.models import ImportBatch


class Command(BaseCommand):
    help = "Preview (or, with --commit, write) an import of accounts, contacts, …"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=ORDER)
        parser.add_argument("--as", dest="username", required=True)
        parser.add_argument("--commit", action="store_true")

    def handle(self, *args, file, kind, username, commit, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {username!r}.") from None
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        with translation.override(user.language or settings.LANGUAGE_CODE):
            try:
                report = engine.run(
                    kind, read_table(file.name, content), user, commit=commit
                )
            except FileRefused as refused:
                raise CommandError(str(refused)) from None
            self.stdout.write(report_text.as_text(report))
        ImportBatch.objects.create(
            created_by=user,
            kind=kind,
            file_name=file.name[:255],
            content=content,
            state=ImportBatch.State.COMMITTED
            if report.committed
            else ImportBatch.State.PREVIEWED,
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            skipped=report.skipped,
            errors=report.error_rows,
            report=report.as_json(),
        )
        if report.errors:
            raise CommandError(
                f"{report.error_rows} row(s) with errors: nothing was written."
            )
