"""Filters the API's lists share."""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from kam.forms import LARGEST_ID


class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number a database can hold, or a clear 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra["validators"] = [
            MinValueValidator(1),
            MaxValueValidator(LARGEST_ID),
        ]
