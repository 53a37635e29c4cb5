"""A moment stored before the date windows existed, that no one could read back."""

from django.db import connection

#: What a browser sent: year 1, midnight where the team works.
IMPOSSIBLE_INPUT = "0001-01-01T00:00"


def store_impossible(model, pk, field):
    """Store year 1 at midnight in Asia/Shanghai in ``field`` of row ``pk``, as it
    was stored: PostgreSQL keeps it as 1 BC (the zone's local mean time is ahead
    of UTC), SQLite as year 0; neither reads back into Python."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    key = connection.ops.quote_name(model._meta.pk.column)
    value = (
        "0000-12-31 15:54:17"
        if connection.vendor == "sqlite"
        else "0001-01-01 00:00:00+08:05:43"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = %s WHERE {key} = %s", [value, pk]
        )
