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

from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404


class ScopedQuerySet(models.QuerySet):
    #: Lookup from this model to its accounts.Team.
    scope_team = "team"
    #: Lookups from this model to the users working it (foreign keys or many-to-many).
    scope_people = ("owner",)

    def visible_to(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.sees_everything:
            return self.all()
        scope = self._worked_by(user)
        if user.is_manager and user.team_id:
            scope |= Q(**{f"{self.scope_team}_id": user.team_id})
        return self.filter(scope)

    def worked_by(self, user):
        """Records the user owns or is assigned to (whatever their role)."""
        return self.filter(self._worked_by(user))

    def _worked_by(self, user):
        people = Q()
        for lookup in self.scope_people:
            people |= _person_q(self.model, lookup, user)
        return people


def _person_q(model, lookup, user):
    """``lookup == user`` as an index-friendly condition. Through a many-to-many
    it becomes ``<path> IN (SELECT … FROM the through table WHERE user = …)``:
    an OR across a join would repeat rows and defeat the indexes."""
    *path, last = lookup.split("__")
    for name in path:
        model = model._meta.get_field(name).related_model
    field = model._meta.get_field(last)
    if not field.many_to_many:
        return Q(**{lookup: user})
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    rows = through.objects.filter(**{target: user}).values(f"{source}_id")
    return Q(**{"__".join([*path, "pk__in"]): rows})


def get_visible_or_404(model_or_queryset, user, **lookup):
    """The record if ``user`` may see it; Http404 otherwise, whether or not it exists."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return get_object_or_404(queryset.visible_to(user), **lookup)
