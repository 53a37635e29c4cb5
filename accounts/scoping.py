"""Who may see which customer record: the one door every app goes through.

Every model that holds customer data gets a queryset built on ``ScopedQuerySet`` and
names two lookups: the team the record belongs to and the people working it. Then
``Model.objects.visible_to(user)`` is the set of records that user may see:

- a sales rep or KA supervisor: records they own or are assigned to;
- a KA manager: every record of their team (and any they work on themselves);
- an admin: everything;
- anyone else (inactive, anonymous, no role): nothing.

Views fetch through ``get_visible_or_404`` so that a record outside the user's scope
answers 404, exactly like a record that does not exist.
"""

import functools

from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

import kam.lookups  # noqa: F401  (registers the any_of lookup)
from kam.compiled import ANY, filled


class ScopedQuerySet(models.QuerySet):
    #: Lookup from this model to its accounts.Team.
    scope_team = "team"
    #: Lookups from this model to the users working it (foreign keys or many-to-many).
    scope_people = ("owner",)

    def visible_to(self, user):
        if not _signed_in(user):
            return self.none()
        if user.sees_everything:
            return self.all()
        if user.is_manager and user.team_id:
            team = Q(**{f"{self.scope_team}_id": user.team_id})
            return self.filter(team | self._worked_by(user, ored=True))
        return self.filter(self._worked_by(user))

    def worked_by(self, user):
        """Records the user owns or is assigned to (whatever their role), which
        they may always see: within ``visible_to(user)`` without repeating it
        (for a rep both are the same condition, twice in the SQL)."""
        if not _signed_in(user):
            return self.none()
        return self.filter(self._worked_by(user))

    def _worked_by(self, user, *, ored=False):
        """``lookup == user`` for any of ``scope_people``. Lookups that end on the
        same model (an account's owner and its colleagues) become one ``IN`` over
        the union of their index scans: ``owner = user OR id IN (assigned)`` made
        PostgreSQL read every account for a rep's home. Where that ``IN`` is OR-ed
        with anything (``ored``: a manager's team), it is an ``any_of``
        (kam.lookups); alone, a plain ``IN`` joins better (ANDed twice as
        ``any_of``, a rep's accounts took twice as long)."""
        ends = {}
        for lookup in self.scope_people:
            *path, last = lookup.split("__")
            ends.setdefault(tuple(path), []).append(last)
        lookup = "any_of" if ored or len(ends) > 1 else "in"
        people = Q()
        for path, names in ends.items():
            people |= _people_q(self.model, path, names, user, lookup)
        return people


def _signed_in(user):
    return bool(user and user.is_authenticated and user.is_active)


def _people_q(model, path, names, user, lookup):
    """``user`` in any of the fields ``names`` of the model at ``path``, the ids
    compared by ``lookup`` (``in`` or ``any_of``)."""
    for name in path:
        model = model._meta.get_field(name).related_model
    if len(names) == 1 and not model._meta.get_field(names[0]).many_to_many:
        return Q(**{"__".join([*path, names[0]]): user})
    sql, params = _ids_worked_by(model, tuple(names), connection.vendor)
    rows = RawSQL(sql, filled(params, user.pk))
    return Q(**{"__".join([*path, "pk", lookup]): rows})


@functools.cache
def _ids_worked_by(model, names, _vendor):
    """The ids of ``model``'s rows whose fields ``names`` name one user, as SQL and
    parameters for the user ANY (kam.compiled). Every scoped query of a page carries this
    subquery; built through the ORM each time it cost 0.7 ms a query, more than
    most of those queries take to run, so it is built once per process."""
    first, *others = (_rows_of(model, name, ANY) for name in names)
    rows = first.union(*others, all=True) if others else first
    return rows.query.sql_with_params()


def _rows_of(model, name, user):
    """Ids of ``model``'s rows whose ``name`` is ``user`` (an id), read through an index.
    Through a many-to-many it reads the through table: an OR across a join would
    repeat rows and defeat the indexes."""
    field = model._meta.get_field(name)
    if not field.many_to_many:
        return model._default_manager.filter(**{name: user}).order_by().values("pk")
    through = field.remote_field.through
    rows = through.objects.filter(**{field.m2m_reverse_field_name(): user})
    return rows.order_by().values(f"{field.m2m_field_name()}_id")


def get_visible_or_404(model_or_queryset, user, **lookup):
    """The record if ``user`` may see it; Http404 otherwise, whether or not it exists."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return get_object_or_404(queryset.visible_to(user), **lookup)
