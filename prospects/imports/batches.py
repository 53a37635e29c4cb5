"""An import from upload to commit (ImportBatch): each step claims the batch with a
conditional UPDATE of its state, so a double click or a task delivered twice runs
it once. Small files are checked and written in the request; larger ones
(KAM_IMPORT_BACKGROUND_ROWS) by the worker, the page following its progress."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kam.celery import app as celery_app
from kam.celery import enqueue
from prospects.imports import engine, progress
from prospects.imports.reading import FileRefused, read_table
from prospects.models import ImportBatch

logger = logging.getLogger(__name__)
State = ImportBatch.State


def batch_upload(*, user, kind, file_name, content):
    """Record the upload and check it: now, or queued for the worker if large."""
    batch = ImportBatch.objects.create(
        created_by=user,
        kind=kind,
        file_name=file_name[:255],
        content=content,
        state=State.PREVIEW_QUEUED,
    )
    try:
        table = read_table(file_name, content)
    except FileRefused as refused:
        _refuse(batch, refused)
        return batch
    _start(batch, len(table.rows), State.PREVIEW_QUEUED)
    return batch


def batch_commit(*, batch):
    """Write a checked import (its preview showed no error): claimed once."""
    claimed = ImportBatch.objects.filter(
        pk=batch.pk, state=State.PREVIEWED, errors=0
    ).update(state=State.COMMIT_QUEUED)
    if claimed:
        _start(batch, batch.rows, State.COMMIT_QUEUED)
    batch.refresh_from_db()
    return bool(claimed)


def _start(batch, rows, queued):
    background = rows > settings.KAM_IMPORT_BACKGROUND_ROWS
    if background:
        # By name: prospects.tasks imports this module.
        task = celery_app.signature("prospects.tasks.run_import")
        transaction.on_commit(lambda: enqueue(task, batch.pk) or run(batch.pk))
    else:
        run(batch.pk)
    batch.refresh_from_db()


def run(batch_id):
    """Check or write the batch, whichever it is queued for; nothing if neither
    (another worker has it, or it is done)."""
    for queued, running, commit in (
        (State.PREVIEW_QUEUED, State.PREVIEWING, False),
        (State.COMMIT_QUEUED, State.COMMITTING, True),
    ):
        if ImportBatch.objects.filter(pk=batch_id, state=queued).update(state=running):
            batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
            with translation.override(
                batch.created_by.language or settings.LANGUAGE_CODE
            ):
                return _run(batch, commit=commit)
    return None


def _run(batch, *, commit):
    try:
        table = read_table(batch.file_name, bytes(batch.content))
        report = engine.run(
            batch.kind,
            table,
            batch.created_by,
            commit=commit,
            progress=lambda done, total: progress.report(batch.pk, done, total),
        )
    except FileRefused as refused:
        _refuse(batch, refused)
        return None
    except Exception:
        logger.exception("Import %s failed", batch.pk)
        _refuse(batch, _("The import failed unexpectedly; nothing was written."))
        return None
    _store(batch, report)
    return report


def _store(batch, report):
    batch.rows, batch.created, batch.updated = (
        report.rows,
        report.created,
        report.updated,
    )
    batch.skipped, batch.errors = report.skipped, report.error_rows
    batch.report = report.as_json()
    if report.committed:
        batch.state, batch.committed_at = State.COMMITTED, timezone.now()
    else:
        batch.state = State.PREVIEWED
    batch.save()


def _refuse(batch, refused):
    batch.state = State.REFUSED
    batch.report = {"refused": str(refused)}
    batch.save(update_fields=["state", "report"])


def batch_record(*, user, kind, file_name, content, report):
    """Record an import run outside the pages (the command, the demo data)."""
    batch = ImportBatch(
        created_by=user, kind=kind, file_name=file_name[:255], content=content
    )
    _store(batch, report)
    return batch


def import_file(*, user, kind, path, commit):
    """Import the file at ``path`` as ``user`` and record it: the Report."""
    content = path.read_bytes()
    report = engine.run(kind, read_table(path.name, content), user, commit=commit)
    batch_record(
        user=user, kind=kind, file_name=path.name, content=content, report=report
    )
    return report
