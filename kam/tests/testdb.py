"""One migration per parallel test run.

Migrating a new database costs about half a minute of CPU (Django renders the model
states of every migration), and each test process needs a database of its own. Run
in parallel (pytest-xdist), the main process starts a child that creates one
*template* test database exactly as Django creates a test database (migrations,
their data rows, the cache table), while the test processes start and collect.
Each test process then starts from a copy of it: SQLite's online backup of the
file, PostgreSQL's ``CREATE DATABASE … TEMPLATE``. Should the template fail, each
test process migrates its own database as before, and shows the error.

The child holds an exclusive lock on ``lock`` while it works (handed to it by the
main process before the test processes exist); a test process takes the lock
shared, so it waits exactly until the child is done, or dead.
"""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

FOLDER = "KAM_TEST_TEMPLATE_DIR"
READY = "ready"  # holds the template's name once it is complete


def start(config):
    """In the main process of a parallel run: start making the template."""
    if (
        hasattr(config, "workerinput")
        or not getattr(config.option, "numprocesses", None)
        or config.getoption("collectonly")
        or config.getvalue("reuse_db")
        or config.getvalue("nomigrations")
    ):
        return None
    folder = Path(tempfile.mkdtemp(prefix="kam-test-template-"))
    os.environ[FOLDER] = str(folder)
    lock = os.open(folder / "lock", os.O_CREAT | os.O_RDWR)
    fcntl.flock(lock, fcntl.LOCK_EX)
    with open(folder / "migrate.log", "wb") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "kam.tests.testdb", str(folder)],
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=[lock],
        )
    os.close(lock)  # the child's copy keeps the lock until it exits
    return child, folder


def finish(started, unblocked):
    """In the main process, once every test process is done: remove the template."""
    child, folder = started
    if child.poll() is None:
        child.terminate()  # no test needed a database
    child.wait()
    name = (folder / READY).read_text() if (folder / READY).exists() else None
    if name and not name.endswith(".sqlite3"):
        from django.db import connections

        connection = connections["default"]
        with unblocked(), connection.creation._nodb_cursor() as cursor:
            cursor.execute(
                f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)"
            )
    shutil.rmtree(folder, ignore_errors=True)
    os.environ.pop(FOLDER, None)


def template():
    """In a test process of a parallel run: the template's name, once it is made;
    None when there is none to copy."""
    folder = os.environ.get(FOLDER)
    if not folder or not os.environ.get("PYTEST_XDIST_WORKER"):
        return None
    with open(Path(folder) / "lock") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)  # waits while the child migrates
    ready = Path(folder) / READY
    return ready.read_text() if ready.exists() else None


def copy_sqlite(source, target):
    """Copy an SQLite database, whatever its journal holds (the online backup)."""
    for leftover in (target, f"{target}-wal", f"{target}-shm"):
        Path(leftover).unlink(missing_ok=True)
    with (
        closing(sqlite3.connect(source)) as origin,
        closing(sqlite3.connect(target)) as copy,
    ):
        origin.backup(copy)


def copy_template(name, connection):
    """Make the test process's own test database a copy of the template, as
    ``create_test_db`` would leave it; return what ``teardown_databases`` takes."""
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    own = creation._get_test_db_name()
    connection.close()
    if connection.vendor == "sqlite":
        copy_sqlite(name, own)
    else:
        quote = connection.ops.quote_name
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(own)}")
            cursor.execute(f"CREATE DATABASE {quote(own)} WITH TEMPLATE {quote(name)}")
    from django.conf import settings

    settings.DATABASES[connection.alias]["NAME"] = own
    connection.settings_dict["NAME"] = own
    connection.ensure_connection()
    return [(connection, old_name, True)]


def _make_template(folder):
    """The child: create the template as Django creates any test database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor == "sqlite":
        name = str(folder / "template.sqlite3")
    elif connection.vendor == "postgresql":
        name = f"{connection.creation._get_test_db_name()}_template"
    else:
        return  # no way to copy: each test process migrates its own
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()
    (folder / READY).write_text(name)


if __name__ == "__main__":
    _make_template(Path(sys.argv[1]))
