"""Who is signed in, read with what every page shows of them.

Every signed-in page names the person's team and shows their unread count in the
navigation: ``SignedInBackend.get_user`` reads the person, their team and that
count in one query (Django's ``ModelBackend`` read the person, the team on first
use and the count in the context processor: three queries a page). The query is
the same for everyone but the id: it is built once per process.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Team
from kam.compiled import ANY, filled
from notifications.models import Notification


def unread_count():
    """The signed-in person's unread notifications, as a subquery of the user row."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


@functools.cache
def _signed_in_user_sql(_vendor):
    """The person with their team's name and their unread count, as SQL and
    parameters for the user ANY (kam.compiled): built through the ORM on every page it
    cost more than the query takes to run."""
    users = (
        get_user_model()
        ._default_manager.annotate(
            unread_notification_count=unread_count(), team_name=F("team__name")
        )
        .filter(pk=ANY)
        .order_by()
    )
    return users.query.sql_with_params()


class SignedInBackend(ModelBackend):
    """Django's ``ModelBackend`` (same sign-in, same permissions), but the user of a
    session comes with ``team`` and ``unread_notification_count`` read alongside."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        sql, params = _signed_in_user_sql(connection.vendor)
        found = list(model._default_manager.raw(sql, filled(params, user_id)))
        user = found[0] if found else None
        if user is None or not self.user_can_authenticate(user):
            return None
        if user.team_id is not None:
            user.team = Team.from_db(user._state.db, ["id", "name"], [user.team_id, user.team_name])  # fmt: skip
        return user
