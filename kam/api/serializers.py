"""The base of the API's read serializers: what a record answers, described as
it is. DRF drops "may be blank" and "may be null" from read-only fields, so the
schema would promise a choice or an e-mail address where an empty field answers
"" (or null); here they are put back, and a blank address is plain text."""

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers

PLAIN_WHEN_BLANK = (serializers.EmailField, serializers.URLField)


class ReadSerializer(serializers.ModelSerializer):
    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            model_field = self._model_field(field.source or name)
            if model_field is None:
                continue
            blank = getattr(model_field, "blank", False)
            if blank and isinstance(field, PLAIN_WHEN_BLANK):
                fields[name] = field = serializers.CharField(
                    read_only=True, source=field.source, label=field.label
                )
            if blank and hasattr(field, "allow_blank"):
                field.allow_blank = True
            if getattr(model_field, "null", False):
                field.allow_null = True
        return fields

    def _model_field(self, source):
        if "." in source or source == "*":
            return None
        try:
            return self.Meta.model._meta.get_field(source)
        except FieldDoesNotExist:
            return None
