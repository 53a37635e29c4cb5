"""Forms used at the customer's: check-in and check-out, and a photo taken there."""

import math
from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from visits.forms import MaterialUploadForm
from visits.models import VisitCheck

LARGEST_ACCURACY_M = 1_000_000  # a position known to within 1,000 km is none at all


class CheckForm(forms.Form):
    """What the phone says at check-in or check-out; the time is the server's.

    Filled by the page's script from the Geolocation API: ``location`` says whether
    the person gave their position, refused it, or the phone had none."""

    location = forms.ChoiceField(
        choices=VisitCheck.Location.choices,
        initial=VisitCheck.Location.UNAVAILABLE,
        widget=forms.HiddenInput,
    )
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    accuracy = forms.FloatField(
        required=False,
        min_value=0,
        max_value=LARGEST_ACCURACY_M,
        widget=forms.HiddenInput,
    )

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("location") == VisitCheck.Location.GIVEN
        if given and (
            cleaned.get("latitude") is None or cleaned.get("longitude") is None
        ):
            raise forms.ValidationError(
                _("The phone sent no usable position. Try again, or check in without it.")
            )  # fmt: skip
        return cleaned

    def position(self):
        """The service's keyword arguments: no coordinates unless the person gave them."""
        data = self.cleaned_data
        if data["location"] != VisitCheck.Location.GIVEN:
            return {"location": data["location"]}
        accuracy = data.get("accuracy")
        return {
            "location": data["location"],
            "latitude": _degrees(data["latitude"]),
            "longitude": _degrees(data["longitude"]),
            "accuracy_m": None if accuracy is None else math.ceil(accuracy),
        }


def _degrees(value):
    return Decimal(f"{value:.6f}")


class PhotoForm(MaterialUploadForm):
    """A photo taken on the spot, straight from the phone's camera; kept with the
    visit's sales materials, under the same checks of type and size."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (key, label)
            for key, label in self.fields["kind"].choices
            if key in ("pictures", "proofs")
        ]
        self.fields["kind"].initial = "pictures"
        photo = self.fields["file"]
        photo.label = _("Photo")
        photo.help_text = _(
            "Take it with the phone's camera, or choose a picture: JPEG or PNG, at most %(size)s."
        ) % {"size": filesizeformat(settings.KAM_MAX_UPLOAD_BYTES)}
        photo.widget.attrs.update({"accept": "image/*", "capture": "environment"})
