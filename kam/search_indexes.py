"""The search box's indexes on PostgreSQL (kam.search): a GIN index per table on
``to_tsvector('simple', search_grams)``, built without a pending list so that
rows inserted in bulk are found through it at once. Nothing on SQLite."""

from django.db import migrations


def gram_indexes(*tables):
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_grams ON {table} "
                "USING gin (to_tsvector('simple', search_grams)) "
                "WITH (fastupdate = off)"
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_grams")

    return migrations.RunPython(forwards, backwards, elidable=False)
