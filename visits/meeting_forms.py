"""The development-method meeting's forms: calling and editing it, proposals,
decisions, deferring an account and closing."""

from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from kam.once import OneTimeFormMixin
from kam.versioning import VersionCheckMixin
from prospects.forms import KamFormHelper
from prospects.models import Prospect
from visits.forms import KamModelForm, datetime_input, team_people
from visits.models import (
    DevelopmentMethod,
    MeetingProposal,
    MethodMeeting,
)


class MeetingForm(OneTimeFormMixin, VersionCheckMixin, KamModelForm):
    """Calling a meeting, or editing an open one: the account picker has a search,
    as a team has hundreds of accounts."""

    class Meta:
        model = MethodMeeting
        fields = ["held_on", "prospects", "attendees", "briefing"]
        widgets = {
            "held_on": datetime_input(),
            "prospects": forms.CheckboxSelectMultiple(attrs={"class": "kam-pick-list"}),
            "attendees": forms.CheckboxSelectMultiple,
            "briefing": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.team = team
        accounts = Prospect.objects.filter(team=team).open()
        if self.instance.pk:  # what is on the agenda stays choosable
            accounts = accounts | Prospect.objects.filter(method_meetings=self.instance)
        self.fields["prospects"].queryset = accounts.distinct().order_by("name")
        self.fields["attendees"].queryset = team_people(team.pk)
        self.helper.layout = Layout(
            "held_on",
            HTML(render_to_string("visits/_account_search.html")),
            "prospects",
            "attendees",
            "briefing",
        )


class DeferForm(forms.Form):
    """Which later open meeting of the team an account moves to. ``later`` (from
    ``later_meetings``) is read once for every account of the page."""

    to = forms.ChoiceField(label=_("Defer to"))

    def __init__(self, *args, later, **kwargs):
        super().__init__(*args, **kwargs)
        self.later = {str(m.pk): m for m in later}
        self.fields["to"].choices = [(pk, str(m)) for pk, m in self.later.items()]

    def clean_to(self):
        return self.later[self.cleaned_data["to"]]


def later_meetings(meeting):
    return list(
        MethodMeeting.objects.filter(
            team_id=meeting.team_id,
            status=MethodMeeting.Status.OPEN,
            held_on__gt=meeting.held_on,
        ).order_by("held_on")
    )


class ProposalForm(KamModelForm):
    class Meta:
        model = MeetingProposal
        fields = ["prospect", "method", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.instance.author = author
        self.fields["prospect"].queryset = meeting.prospects.all()
        self.helper.layout = Layout(
            Row(Column("prospect"), Column("method")), "rationale"
        )


class DecisionForm(forms.Form):
    # An undecided account has no method chosen for it: the chair picks one.
    method = forms.ChoiceField(
        label=_("Decided method"),
        choices=[("", _("Choose the method…")), *DevelopmentMethod.choices],
        error_messages={"required": _("Choose the method.")},
    )
    other_method = forms.CharField(
        label=_("Which other method"), max_length=200, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = KamFormHelper()

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("method") == DevelopmentMethod.OTHER
            and not cleaned.get("other_method", "").strip()
        ):
            self.add_error("other_method", _("Name the other method."))
        return cleaned


class CloseMeetingForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the minutes before closing the meeting.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = KamFormHelper()
