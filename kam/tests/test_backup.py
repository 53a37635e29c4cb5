"""The PostgreSQL backup in docs/backup.md restores to the same records.

Runs the documented commands (pg_dump in custom format, pg_restore into an empty
database) on the test database, then compares every table of ours, row by row.
It needs PostgreSQL: on SQLite it is skipped, and CI's PostgreSQL run sets
KAM_REQUIRE_POSTGRES=1 so that there it cannot be skipped.
"""

import io
import os
import shutil
import subprocess

import psycopg2
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from kam.tests.helpers import needs_postgresql

OUR_APPS = ("accounts", "prospects", "visits", "devlog", "axes")
ROWS_DIGEST = """
    SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))
    FROM "{table}" t
"""


def _needs_postgresql():
    needs_postgresql(
        "the backup is PostgreSQL's pg_dump", also=bool(shutil.which("pg_dump"))
    )


def _libpq(name):
    settings = connection.settings_dict
    return {
        "PGHOST": settings["HOST"] or "127.0.0.1",
        "PGPORT": str(settings["PORT"] or 5432),
        "PGUSER": settings["USER"] or "postgres",
        "PGPASSWORD": settings["PASSWORD"] or "",
        "PGDATABASE": name,
    }


def _fingerprints(dsn_env):
    """Each table's row count and a digest of all its rows."""
    tables = sorted(
        model._meta.db_table
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    )
    db = psycopg2.connect(
        host=dsn_env["PGHOST"], port=dsn_env["PGPORT"], user=dsn_env["PGUSER"],
        password=dsn_env["PGPASSWORD"], dbname=dsn_env["PGDATABASE"],
    )  # fmt: skip
    try:
        with db.cursor() as cursor:
            prints = {}
            for table in tables:
                cursor.execute(ROWS_DIGEST.format(table=table))
                prints[table] = cursor.fetchone()
            return prints
    finally:
        db.close()


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_to_the_same_records(tmp_path):
    _needs_postgresql()
    call_command("seed_demo", stdout=io.StringIO())
    source = connection.settings_dict["NAME"]
    copy = f"{source}_restored"
    dump = tmp_path / "kam.dump"
    env = {**os.environ, **_libpq(source)}
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}"], env=env, check=True
    )
    subprocess.run(["dropdb", "--if-exists", copy], env=env, check=True)
    subprocess.run(["createdb", copy], env=env, check=True)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={copy}", str(dump)],
            env=env, check=True,
        )  # fmt: skip
        original = _fingerprints(_libpq(source))
        restored = _fingerprints(_libpq(copy))
    finally:
        subprocess.run(["dropdb", "--if-exists", copy], env=env, check=True)
    assert original["prospects_prospect"][0] > 0
    assert original["prospects_historicalprospect"][0] > 0
    assert restored == original
