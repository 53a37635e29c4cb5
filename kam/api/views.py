"""The base of every API resource: reads through ``visible_to``, writes through
the owning app's form and service, with the version check.

A resource names its ``queryset`` (a scoped one), its read ``serializer_class``
and, if it can be written, its ``form_class`` with ``form_kwargs`` and ``save``
(which calls the app's service). Another user's record answers 404 as on the web;
a stale ``version`` 409 with the current one; bad input 400 with the form's
messages in the caller's language.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kam.api.errors import Conflict, service_errors
from kam.api.forms import current_data, errors_of, form_data
from kam.forms import LARGEST_ID
from kam.versioning import EditConflict


def current_version(instance):
    return (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )


def overlay(data, changes):
    for name in changes:
        data.setlist(name, changes.getlist(name))
    return data


class SafeLookup:
    """An id no database can hold is a record that is not there (404), never an
    overflow."""

    def get_object(self):
        if int(self.kwargs.get("pk", 0)) > LARGEST_ID:
            raise Http404
        return super().get_object()


class ReadOnlyResource(SafeLookup, viewsets.ReadOnlyModelViewSet):
    """List and retrieve, within the caller's scope."""

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class Resource(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnlyResource):
    """List, retrieve, create (POST) and change (PATCH, with ``version``)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    form_class = None

    def form_kwargs(self, data, instance=None):
        """The form's own arguments (the account, the user …)."""
        return {}

    def save(self, form):
        """Save the valid form through the app's service; the saved record."""
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        """What the web's empty form would send (its defaults), with the body's
        values over it."""
        changes = form_data(request.data)
        kwargs = self.form_kwargs(changes)
        data = overlay(current_data(self.form_class(**kwargs)), changes)
        saved = self.write(self.form_class(data, **kwargs))
        return Response(self.read(saved), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        form = self.changed_form(request, self.form_class, instance)
        return Response(self.read(self.write(form)))

    def changed_form(self, request, form_class, instance):
        """``form_class`` bound to the record as it is, with the body's changes
        (a PATCH sends only what changes), and the version the caller read."""
        changes = form_data(request.data)
        if not changes.get("version"):
            raise ValidationError(
                {"version": [_("Send the version of the record you read.")]}
            )
        kwargs = (
            self.form_kwargs(changes, instance) if form_class is self.form_class else {}
        )
        data = overlay(current_data(form_class(instance=instance, **kwargs)), changes)
        return form_class(data, instance=instance, **kwargs)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def read(self, instance):
        fresh = self.get_queryset().get(pk=instance.pk)
        return self.get_serializer(fresh).data

    def write(self, form, save=None):
        """Validate ``form`` and save it with ``save(form)`` (by default the
        resource's ``save``): the saved record, or the error as the answer."""
        instance = form.instance
        if not form.is_valid():
            if form.has_error("__all__", code="conflict"):
                raise Conflict(current_version(instance) if instance.pk else None)
            raise ValidationError(errors_of(form))
        try:
            with transaction.atomic():
                return (save or self.save)(form)
        except EditConflict:
            raise Conflict(current_version(instance)) from None
        except DjangoValidationError as error:
            raise ValidationError(service_errors(error)) from None
