"""Who is signed in, read with what every page shows of them.

Every signed-in page names the person's team and shows their unread count in the
navigation: ``SignedInBackend.get_user`` reads the person, their team and that
count in one query (Django's ``ModelBackend`` read the person, the team on first
use and the count in the context processor: three queries a page).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

from notifications.models import Notification


def unread_count():
    """The signed-in person's unread notifications, as a subquery of the user row.

    Written as SQL: the ORM's ``Subquery`` of the same count cost a millisecond a
    page to build and compile, more than the query itself takes to run."""
    quote = connection.ops.quote_name
    table, user = quote(Notification._meta.db_table), get_user_model()._meta
    recipient = quote(Notification._meta.get_field("recipient").column)
    read_at = quote(Notification._meta.get_field("read_at").column)
    return RawSQL(
        f"SELECT COUNT(*) FROM {table} WHERE {table}.{recipient} = "
        f"{quote(user.db_table)}.{quote(user.pk.column)} AND {table}.{read_at} IS NULL",
        (),
        output_field=IntegerField(),
    )


class SignedInBackend(ModelBackend):
    """Django's ``ModelBackend`` (same sign-in, same permissions), but the user of a
    session comes with ``team`` and ``unread_notification_count`` read alongside."""

    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("team")
            .annotate(unread_notification_count=unread_count())
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
