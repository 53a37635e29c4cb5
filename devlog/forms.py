from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devlog.models import DevelopmentEntry, FailureReason, Outcome
from kam.forms import HardenedFormMixin
from kam.once import OneTimeFormMixin
from kam.versioning import VersionCheckMixin
from prospects.forms import KamFormHelper
from visits.forms import datetime_input


class EntryForm(
    OneTimeFormMixin, HardenedFormMixin, VersionCheckMixin, forms.ModelForm
):
    class Meta:
        model = DevelopmentEntry
        fields = [
            "occurred_at",
            "person_met",
            "method",
            "duration_minutes",
            "progress",
            "attitude",
            "remarks",
        ]
        widgets = {
            "occurred_at": datetime_input(),
            "remarks": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, prospect, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.prospect = prospect
        if self.instance.pk is None:
            self.instance.created_by = user
        for name in ("progress", "attitude"):
            self.fields[name].required = True
        self.helper = KamFormHelper()
        self.helper.layout = Layout(
            Row(Column("occurred_at"), Column("method")),
            Row(Column("person_met"), Column("duration_minutes")),
            Row(Column("progress"), Column("attitude")),
            "remarks",
        )


class OutcomeForm(HardenedFormMixin, VersionCheckMixin, forms.ModelForm):
    class Meta:
        model = Outcome
        fields = [
            "result",
            "decided_on",
            "summary",
            "reasons",
            "analysis",
            "lessons",
            "approach_again_on",
        ]
        widgets = {
            "result": forms.RadioSelect,
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "approach_again_on": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            ),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "reasons": forms.CheckboxSelectMultiple,
            "analysis": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, prospect, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.prospect = prospect
        self.instance.decided_by = user
        self.fields["result"].choices = Outcome.Result.choices  # no "---------"
        self.fields["reasons"].queryset = FailureReason.objects.filter(active=True)
        self.fields["reasons"].help_text = _(
            "For an account not won: why not, by category."
        )
        if not self.is_bound and self.instance.pk is None:
            self.initial["decided_on"] = timezone.localdate()
        self.helper = KamFormHelper()
        self.helper.layout = Layout(
            Row(Column("result"), Column("decided_on")),
            "summary",
            Fieldset(
                _("If not won: the failure review"),
                "reasons",
                "analysis",
                "lessons",
                "approach_again_on",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        result = cleaned.get("result")
        if result and result != Outcome.Result.WON and not cleaned.get("reasons"):
            self.add_error("reasons", _("Choose at least one reason."))
        again = cleaned.get("approach_again_on")
        if again and result == Outcome.Result.WON:
            self.add_error(
                "approach_again_on", _("A won account needs no new approach date.")
            )
        elif again and again <= timezone.localdate():
            self.add_error("approach_again_on", _("Choose a day after today."))
        return cleaned
