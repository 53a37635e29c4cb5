"""SQLite keeps its query planner's statistics fresh: without them a manager's
visit list walked every held visit of the team."""

import sqlite3

import pytest
from django.db.utils import ConnectionHandler


@pytest.fixture(autouse=True)
def _own_database_file(django_db_blocker):
    """These tests open a database file of their own, not the test database."""
    with django_db_blocker.unblock():
        yield


def _database(path):
    return ConnectionHandler({"default": {"ENGINE": "kam.sqlite3", "NAME": str(path)}})[
        "default"
    ]


def test_a_connection_leaves_statistics_for_the_tables_it_read(tmp_path):
    database = _database(tmp_path / "kam.sqlite3")
    with database.cursor() as cursor:
        cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, lead INTEGER)")
        cursor.execute("CREATE INDEX visit_lead ON visit (lead)")
        cursor.executemany(
            "INSERT INTO visit (lead) VALUES (%s)", [(n % 5,) for n in range(200)]
        )
        cursor.execute("SELECT id FROM visit WHERE lead = %s", [3])
    database.close()
    with sqlite3.connect(tmp_path / "kam.sqlite3") as raw:
        analysed = raw.execute("SELECT tbl, idx FROM sqlite_stat1").fetchall()
    assert ("visit", "visit_lead") in analysed


def test_a_connection_closed_inside_a_transaction_changes_nothing(tmp_path):
    database = _database(tmp_path / "kam.sqlite3")
    with database.cursor() as cursor:
        cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, lead INTEGER)")
    database.set_autocommit(False)
    with database.cursor() as cursor:
        cursor.execute("INSERT INTO visit (lead) VALUES (1)")
    database.in_atomic_block = True  # as a request that failed half-way leaves it
    database.close()
    with sqlite3.connect(tmp_path / "kam.sqlite3") as raw:
        assert raw.execute("SELECT count(*) FROM visit").fetchone() == (0,)
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert "sqlite_stat1" not in tables
