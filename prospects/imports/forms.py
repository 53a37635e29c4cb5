from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from prospects.imports.kinds import all_kinds


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (UTF-8 or GB18030)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, k.label) for k in all_kinds()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.KAM_IMPORT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB: split it into smaller files."),
                params={"mb": settings.KAM_IMPORT_MAX_MB},
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(
                _("Upload an Excel workbook (.xlsx) or a CSV file (.csv).")
            )
        return upload
