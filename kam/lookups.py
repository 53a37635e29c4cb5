"""``field__any_of=subquery``: ``IN (subquery)`` that PostgreSQL can OR with an index.

``a = 1 OR id IN (SELECT …)`` is planned on PostgreSQL as a hashed subplan tested
against every row: a manager's team (``team_id = 1``) OR the accounts they work on
read the whole accounts table, about 9 ms at 10,000 accounts. Written
``id = ANY(ARRAY(SELECT …))`` the subquery runs once, first, and both sides become
index scans joined by a BitmapOr (1 ms). Other databases get the plain ``IN``.
"""

from django.db import models
from django.db.models.lookups import In


@models.Field.register_lookup
class AnyOf(In):
    lookup_name = "any_of"

    def get_rhs_op(self, connection, rhs):
        if connection.vendor == "postgresql" and not self.rhs_is_direct_value():
            return f"= ANY(ARRAY{rhs})"
        return super().get_rhs_op(connection, rhs)
