"""No lost updates: an optimistic version check on records people edit.

A form carries the version of the record it was loaded with. Saving bumps the
version with a conditional UPDATE ("… WHERE version = the one you loaded"); if
someone else saved in between, nothing is written and the user is told to reload.

A record that did not exist yet (a one-to-one section before its first save) is
loaded with no version at all: if it exists when the form comes back, someone
else saved it first, and that is a conflict too — as is the insert that loses the
race on the one-to-one's unique key.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from kam.forms import HiddenEchoField, add_service_errors

CONFLICT = _(
    "Someone else saved this record while you were editing it, so nothing was saved. "
    "Reload the page to see their changes, then make yours again."
)


class EditConflict(ValidationError):
    """The record changed since the form was loaded (or was created meanwhile).

    A ValidationError, so that a form checking the record shows it as its message."""

    def __init__(self, *args):
        super().__init__(CONFLICT, code="conflict")


def _one_to_ones(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.OneToOneField) and not f.remote_field.parent_link
    ]


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        expected = getattr(self, "_expected_version", None)
        if self.pk is not None and expected is not None and not self._state.adding:
            bumped = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=expected)
                .update(version=expected + 1)
            )
            if not bumped:
                raise EditConflict(self)
            self.version = expected + 1
            self._expected_version = None
        elif not self._state.adding:
            self.version += 1
        if kwargs.get("update_fields") is not None:
            # A save of some fields (update_or_create's too) still moves the version on.
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        if self._state.adding and _one_to_ones(type(self)):
            self._insert_once(*args, **kwargs)
        else:
            super().save(*args, **kwargs)

    def _insert_once(self, *args, **kwargs):
        """The first save of a one-to-one record: losing the race to another first
        save is a conflict, not a unique violation."""
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
        except IntegrityError:
            if self._partner_taken():
                raise EditConflict(self) from None
            raise

    def _partner_taken(self):
        return any(
            type(self)._base_manager.filter(**{f.attname: value}).exists()
            for f in _one_to_ones(type(self))
            if (value := getattr(self, f.attname)) is not None
        )

    def validate_unique(self, exclude=None):
        """A first save whose partner already has its record is a conflict. The
        partner is looked for once, here: Django's own check of the same key, a
        moment later, would name a field the form does not have (a 500) if another
        first save landed in between — the insert catches that one (_insert_once)."""
        if not self._state.adding:
            return super().validate_unique(exclude)
        if self._partner_taken():
            raise EditConflict(self)
        partners = {f.name for f in _one_to_ones(type(self))}
        return super().validate_unique({*(exclude or ()), *partners})


class VersionField(HiddenEchoField):
    """The hidden version a form was loaded with: anything else than the version
    loaded coming back is a conflict."""


class VersionCheckMixin(forms.BaseForm):
    """For a ModelForm of a VersionedModel: carries the version it was loaded with,
    or none for a record not saved yet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField()
        exists = self.instance.pk is not None
        self.initial["version"] = self.instance.version if exists else ""

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("version", "")
        if self.instance.pk is None:
            if loaded:  # it was loaded with a version: it existed, and is gone
                raise EditConflict()
        elif loaded != str(self.instance.version):
            raise EditConflict()
        else:
            self.instance._expected_version = self.instance.version
        return cleaned


def save_or_conflict(form, save):
    """Run ``save()``; on a conflict, or another refusal of the service (its
    ``full_clean``), put the message on the form and return None."""
    try:
        return save()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
