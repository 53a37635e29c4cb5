"""No lost updates: an optimistic version check on records people edit.

A form carries the version of the record it was loaded with. Saving bumps the
version with a conditional UPDATE ("… WHERE version = the one you loaded"); if
someone else saved in between, nothing is written and the user is told to reload.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

CONFLICT = _(
    "Someone else saved this record while you were editing it, so nothing was saved. "
    "Reload the page to see their changes, then make yours again."
)


class EditConflict(Exception):
    """The record changed since the form was loaded."""


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
        super().save(*args, **kwargs)


class VersionCheckMixin(forms.BaseForm):
    """For a ModelForm of a VersionedModel: carries the version it was loaded with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0
        )
        self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            loaded = cleaned.get("version")
            if loaded is None or loaded != self.instance.version:
                raise forms.ValidationError(CONFLICT, code="conflict")
            self.instance._expected_version = loaded
        return cleaned


def save_or_conflict(form, save):
    """Run ``save()``; on a conflict, put the message on the form and return None."""
    try:
        return save()
    except EditConflict:
        form.add_error(None, CONFLICT)
        return None
