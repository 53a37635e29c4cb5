"""Model-choice fields that refuse ids no database can hold.

Django refuses a malformed id with "Select a valid choice", but passes an id like
99999999999999999999 on to the database, which fails with an overflow: a 500
instead of a form error. ``harden(form)`` swaps every model-choice field of a form
for one that checks the id first. ``choices_read_once(form)`` has their choices read
in one plain query each (``ReadChoices``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator

LARGEST_ID = 2**63 - 1


def plausible_id(value):
    text = str(value).strip()
    return text.isascii() and text.isdigit() and int(text) <= LARGEST_ID


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        unchecked = value not in self.empty_values and not isinstance(
            value, self.queryset.model
        )
        if unchecked and not plausible_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not plausible_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


SAFE = {
    forms.ModelChoiceField: SafeModelChoiceField,
    forms.ModelMultipleChoiceField: SafeModelMultipleChoiceField,
}


def harden(form):
    for field in form.fields.values():
        safe = SAFE.get(type(field))
        if safe:
            field.__class__ = safe
    return form


class ReadChoices(ModelChoiceIterator):
    """A model-choice field's choices in one plain query, kept by its queryset, or
    from ``rows`` already read. Django's iterator reads them through
    ``QuerySet.iterator()``: on PostgreSQL a server-side cursor, three round trips
    for every select of a filter form, and again for each reading."""

    def __init__(self, field, rows=None):
        super().__init__(field)
        self.rows = rows

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.queryset if self.rows is None else self.rows:
            yield self.choice(row)

    def __len__(self):
        return sum(1 for _choice in self)

    def __bool__(self):
        return self.field.empty_label is not None or any(True for _row in self)


def choices_read_once(form, rows=None):
    """Every model-choice field of ``form`` offers its choices through ReadChoices;
    ``rows``: {field name: the rows already read for it}."""
    rows = rows or {}
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            field.widget.choices = ReadChoices(field, rows.get(name))
    return form


class FilterFormMixin:
    """Mixed into our filter sets (django-filter): their form's model-choice fields
    refuse impossible ids and read their choices once, on its first use."""

    @property
    def form(self):
        if not hasattr(self, "_form"):  # django-filter's own cache of the form
            choices_read_once(harden(super().form))
        return self._form


class HiddenEchoField(forms.Field):
    """A hidden value the page rendered and gets back (a version, a one-time
    token). Never refused on its own — a hidden field's error would show nowhere
    — the form compares it, and says what is wrong in words."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return "" if value in self.empty_values else str(value).strip()


class HardenedFormMixin:
    """Mixed into our forms: their model-choice fields refuse impossible ids."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        harden(self)


def error_messages(form):
    """Every message of a refused form, its fields' and its own, in order: for a
    form whose page is elsewhere and says why in a message."""
    return [message for messages in form.errors.values() for message in messages]


def add_service_errors(form, error):
    """Attach a service's ValidationError to the form, field by field if it can,
    so the refused form shows the message beside what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            if field in form.fields:
                form.add_error(
                    field, [_as_field(form.fields[field], e) for e in errors]
                )
            else:
                form.add_error(None, errors)
    else:
        form.add_error(None, error)


def _as_field(field, error):
    """A choice gone since the form checked it (the model's "instance with id 7 is
    not a valid choice") says so as the form's own field would have."""
    choice_gone = error.code == "invalid" and "invalid_choice" in field.error_messages
    if choice_gone:
        value = (error.params or {}).get("value", "")
        message = field.error_messages["invalid_choice"]
        return ValidationError(message, code="invalid_choice", params={"value": value})
    return error
