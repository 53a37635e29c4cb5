"""Trigram indexes for the search box's LIKE queries, on PostgreSQL only.

``trigram_indexes((name, table, expression), …)`` is a migration operation that
creates the pg_trgm extension and a GIN index per expression on PostgreSQL, and
does nothing on SQLite (whose LIKE scans stay fast at a team's size)."""

from django.db import migrations


def trigram_indexes(*specs):
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, expression in specs:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin (({expression}) gin_trgm_ops)"
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _expression in specs:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)
