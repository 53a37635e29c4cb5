"""A large import is checked and written by a real worker, its progress followed."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kam.celery import app
from prospects.imports import batches
from prospects.models import ImportBatch, Prospect
from prospects.tests.import_files import csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_state(batch, *states):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.state in states:
            return batch
        time.sleep(0.1)
    raise AssertionError(f"still {batch.state}")


def test_a_large_file_is_checked_then_imported_by_the_worker(client, rep, settings):
    settings.KAM_IMPORT_BACKGROUND_ROWS = 3
    rows = [["name", "region"], *[[f"Account {n}", "江苏"] for n in range(8)]]
    client.force_login(rep)
    # Uploaded before the worker starts: the page is built while the check waits
    # in the queue (with the worker running it could already be done).
    client.post(
        reverse("imports:list"),
        {"kind": "accounts", "file": SimpleUploadedFile("big.csv", csv_bytes(rows))},
    )
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.PREVIEW_QUEUED
    assert (
        "data-kam-import-progress"
        in client.get(batch.get_absolute_url()).content.decode()
    )
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        wait_for_state(batch, ImportBatch.State.PREVIEWED)
        progress = client.get(reverse("imports:progress", args=[batch.pk])).json()
        assert progress == {
            "running": False,
            "state": "previewed",
            "done": 8,
            "total": 8,
        }
        assert Prospect.objects.count() == 0
        client.post(reverse("imports:commit", args=[batch.pk]))
        wait_for_state(batch, ImportBatch.State.COMMITTED)
    assert (batch.created, Prospect.objects.count()) == (8, 8)


def test_a_task_delivered_twice_imports_once(rep, settings):
    settings.KAM_IMPORT_BACKGROUND_ROWS = 1000
    batch = batches.batch_upload(
        user=rep,
        kind="accounts",
        file_name="a.csv",
        content=csv_bytes([["name"], ["A"]]),
    )
    assert batch.state == ImportBatch.State.PREVIEWED
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=ImportBatch.State.COMMIT_QUEUED
    )
    batches.run(batch.pk)
    batches.run(batch.pk)
    assert Prospect.objects.count() == 1
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.COMMITTED


def test_with_the_broker_down_the_import_runs_in_the_request(
    client, rep, settings, broker_down
):
    settings.KAM_IMPORT_BACKGROUND_ROWS = 1
    client.force_login(rep)
    client.post(
        reverse("imports:list"),
        {
            "kind": "accounts",
            "file": SimpleUploadedFile("a.csv", csv_bytes([["name"], ["A"], ["B"]])),
        },
    )
    assert ImportBatch.objects.get().state == ImportBatch.State.PREVIEWED
