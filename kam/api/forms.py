"""The API writes through the web's own forms: a JSON body becomes form data, the
form's errors become the answer's, and the form's fields describe the request in
the schema (``request_serializer``), so the API accepts exactly what the forms do."""

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from kam.once import TOKEN


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def form_data(body):
    """A JSON object as the form data a browser would send."""
    if not isinstance(body, dict):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    data, wrong = MultiValueDict(), {}
    for name, value in body.items():
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)
        ):
            wrong[name] = [_("Send a value or a list of values here.")]
        elif isinstance(value, list):
            data.setlist(name, [_text(v) for v in value])
        else:
            data[name] = _text(value)
    if wrong:
        raise ValidationError(wrong)
    data.pop(TOKEN, None)  # a web form's one-time token means nothing here
    return data


def current_data(form):
    """What an unbound form for the record shows: the base a PATCH changes."""
    data = MultiValueDict()
    for name, field in form.fields.items():
        if name == TOKEN:
            continue
        value = form[name].value()
        if isinstance(field, forms.ModelMultipleChoiceField) or isinstance(
            value, (list, tuple)
        ):
            data.setlist(name, [_text(v) for v in value or []])
        elif value is not None:
            data[name] = value if not isinstance(value, bool) else _text(value)
    return data


def errors_of(form):
    """The form's messages per field; those about the whole record under
    ``non_field_errors``."""
    return {
        ("non_field_errors" if name == "__all__" else name): [
            error["message"] for error in errors
        ]
        for name, errors in form.errors.get_json_data().items()
    }


# --- The request's schema, from the form's fields -----------------------------------


def _schema_field(field):
    common = {"required": field.required, "help_text": str(field.help_text or "")}
    if not field.required:
        common["allow_null"] = True
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(**common)
    if isinstance(field, forms.MultipleChoiceField):
        choices = [(key, label) for key, label in field.choices if key != ""]
        return serializers.ListField(child=serializers.ChoiceField(choices), **common)
    if isinstance(field, forms.ChoiceField):
        choices = [(key, label) for key, label in field.choices if key != ""]
        if not field.required:
            common["allow_blank"] = True
        return serializers.ChoiceField(choices, **common)
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits or 20,
            decimal_places=field.decimal_places or 2,
            coerce_to_string=False,
            **common,
        )
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(**common)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(**common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(allow_blank=not field.required, **common)
    return serializers.CharField(allow_blank=not field.required, **common)


def request_serializer(form_class, name, *, extra=None, version=True):
    """A serializer describing what ``form_class`` accepts, for the schema."""
    fields = {
        field_name: _schema_field(field)
        for field_name, field in form_class.base_fields.items()
    }
    if version:
        fields["version"] = serializers.IntegerField(
            required=False,
            help_text=gettext_lazy(
                "The version you read. Required to change a record; a stale one "
                "answers 409 with the current version."
            ),
        )
    fields.update(extra or {})
    return type(name, (serializers.Serializer,), fields)


def plausible_pk(value):
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 0 < int(text) <= 2**63 - 1
