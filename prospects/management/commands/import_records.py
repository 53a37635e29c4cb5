"""Import a spreadsheet from the command line, as the web import does it: the
preview is printed; with --commit it is written, unless any row has an error
(then nothing is written and the command exits with 1)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.models import User
from prospects.imports import report_text
from prospects.imports.batches import import_file
from prospects.imports.kinds import ORDER
from prospects.imports.reading import FileRefused


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
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        with translation.override(user.language or settings.LANGUAGE_CODE):
            try:
                report = import_file(user=user, kind=kind, path=file, commit=commit)
            except FileRefused as refused:
                raise CommandError(str(refused)) from None
            self.stdout.write(report_text.as_text(report))
        if report.errors:
            raise CommandError(
                f"{report.error_rows} row(s) with errors: nothing was written."
            )
