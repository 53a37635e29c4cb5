from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from kam.forms import HardenedFormMixin, plausible_id
from kam.once import TOKEN, OneTimeFormMixin
from kam.versioning import VersionCheckMixin
from prospects.forms import KamFormHelper
from prospects.models import Contact
from visits.models import (
    CLOCK_TOLERANCE,
    FirstContact,
    FollowUp,
    Visit,
    VisitPreparation,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_input():
    return forms.DateTimeInput(format=DATETIME_FORMAT, attrs={"type": "datetime-local"})


def team_people(team_id):
    return User.objects.filter(is_active=True, team_id=team_id).exclude(role=Role.ADMIN)


class KamModelForm(HardenedFormMixin, forms.ModelForm):
    """A ModelForm rendered by crispy without its own <form> tag."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = KamFormHelper()


# --- First contact ------------------------------------------------------------------


class FirstContactForm(OneTimeFormMixin, VersionCheckMixin, KamModelForm):
    guidance_checked = forms.MultipleChoiceField(
        label=_("The playbook's points for this channel"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick each point the contact followed."),
    )

    class Meta:
        model = FirstContact
        fields = [
            "contacted_at",
            "contact",
            "guidance_checked",
            "content",
            "response",
            "next_step",
            "duration_minutes",
            "progress",
            "attitude",
        ]
        widgets = {
            "contacted_at": datetime_input(),
            "content": forms.Textarea(attrs={"rows": 8}),
            "response": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, prospect, channel, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.prospect = prospect
        self.instance.channel = channel
        self.instance.made_by = user
        self.fields["contact"].queryset = prospect.contacts.all()
        self.fields["guidance_checked"].choices = FirstContact.GUIDANCE[channel]
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault(
                "contacted_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def typed(self):
        """What the bound form was sent with, as the initial values of a new
        rendering (a draft keeps every field; the one-time token is new)."""
        return {
            name: field.widget.value_from_datadict(
                self.data, self.files, self.add_prefix(name)
            )
            for name, field in self.fields.items()
            if name != TOKEN
        }

    def typed_contact(self):
        """The person chosen on the form, if they are one of the account's."""
        chosen = self.data.get(self.add_prefix("contact"), "")
        if not plausible_id(chosen):
            return None
        return self.fields["contact"].queryset.filter(pk=chosen).first()


# --- Visits -------------------------------------------------------------------------


class VisitPlanForm(OneTimeFormMixin, VersionCheckMixin, KamModelForm):
    class Meta:
        model = Visit
        fields = Visit.PLAN_FIELDS
        widgets = {
            "planned_at": datetime_input(),
            "co_visitors": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, prospect, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.prospect = prospect
        if self.instance.pk is None:
            self.instance.created_by = user
        people = team_people(prospect.team_id)
        # Everyone of the team is listed, so that choosing a rep gets the playbook's
        # explanation rather than a silent omission.
        self.fields["lead_visitor"].queryset = people
        self.fields["co_visitors"].queryset = people
        self.fields["co_visitors"].required = False
        if user.is_supervisor_or_above and not self.instance.pk:
            self.initial.setdefault("lead_visitor", user.pk)
        self.helper.layout = Layout(
            Row(Column("planned_at"), Column("method")),
            "place",
            Row(Column("lead_visitor"), Column("co_visitors")),
            "purpose",
        )

    def clean_planned_at(self):
        planned_at = self.cleaned_data["planned_at"]
        if planned_at < timezone.now() - CLOCK_TOLERANCE:
            raise ValidationError(
                _("A planned visit must be in the future. To log a past visit, plan it "
                  "and record it as held.")
            )  # fmt: skip
        return planned_at

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead_visitor")
        if lead and lead in cleaned.get("co_visitors", []):
            self.add_error(
                "co_visitors", _("The lead visitor is already on the visit.")
            )
        return cleaned


class PreparationForm(VersionCheckMixin, KamModelForm):
    """The whole preparation on one page: a checklist item is a tick and a note."""

    class Meta:
        model = VisitPreparation
        fields = [
            "discussion_at",
            "participants",
            "colleague_suggestions",
            "classification",
            "analysis",
            "judgement",
        ]
        widgets = {
            "discussion_at": datetime_input(),
            "participants": forms.CheckboxSelectMultiple,
            "colleague_suggestions": forms.Textarea(attrs={"rows": 3}),
            "classification": forms.Textarea(attrs={"rows": 2}),
            "analysis": forms.Textarea(attrs={"rows": 3}),
            "judgement": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = team_people(
            self.instance.visit.prospect.team_id
        )
        self.fields["participants"].required = False
        self.groups = {}
        for group, items in VisitPreparation.GROUPS.items():
            rows = []
            for key, label in items:
                current = self.instance.item(key)
                self.fields[f"{key}_done"] = forms.BooleanField(
                    label=label, required=False, initial=current["done"]
                )
                self.fields[f"{key}_notes"] = forms.CharField(
                    label=_("Notes on %(item)s") % {"item": label},
                    required=False,
                    max_length=2000,
                    initial=current["notes"],
                    widget=forms.TextInput(attrs={"placeholder": _("Notes")}),
                )
                rows.append((self[f"{key}_done"], self[f"{key}_notes"]))
            self.groups[group] = rows

    def save(self, commit=True):
        checklist = {}
        for items in VisitPreparation.GROUPS.values():
            for key, _label in items:
                checklist[key] = {
                    "done": self.cleaned_data[f"{key}_done"],
                    "notes": self.cleaned_data[f"{key}_notes"].strip(),
                }
        self.instance.checklist = checklist
        return super().save(commit=commit)


class WaiverForm(forms.Form):
    reason = forms.CharField(
        label=_("Why may this visit go ahead without full preparation?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ALLOWED_UPLOADS = {
    # extension: the file's first bytes
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
}


class MaterialUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitPreparation.MATERIALS)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, Word, Excel or PowerPoint, at most %(size)s.")
        % {"size": filesizeformat(settings.KAM_MAX_UPLOAD_BYTES)},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.KAM_MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.KAM_MAX_UPLOAD_BYTES),
                }
            )
        suffix = (
            "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        )
        signatures = ALLOWED_UPLOADS.get(suffix)
        head = upload.read(16)
        upload.seek(0)
        if not signatures:
            raise ValidationError(
                _("Files of this type cannot be attached. Use PDF, PNG, JPEG, Word, Excel or PowerPoint.")
            )  # fmt: skip
        if not head.startswith(signatures):
            raise ValidationError(_("The file's content does not match its type."))
        return upload


class PreparationMaterialForm(MaterialUploadForm):
    """A file attached on the preparation page: its fields sit below the list of
    files but belong to the preparation's <form>, sent with the ticks and notes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="material", **kwargs)
        for field in self.fields.values():
            field.widget.attrs["form"] = "preparation-form"


class VisitRecordForm(VersionCheckMixin, KamModelForm):
    """The visit record sheet (目标客户拜访记录表)."""

    class Meta:
        model = Visit
        fields = [
            "held_at",
            "place",
            "method",
            "contacts_met",
            "people_met",
            "talking_points",
            "customer_views",
            "suggestions",
            "duration_minutes",
            "duration_reason",
            "progress",
            "attitude",
        ]
        widgets = {
            "held_at": datetime_input(),
            "contacts_met": forms.CheckboxSelectMultiple,
            "duration_reason": forms.Textarea(attrs={"rows": 2}),
            "talking_points": forms.Textarea(attrs={"rows": 5}),
            "customer_views": forms.Textarea(attrs={"rows": 4}),
            "suggestions": forms.Textarea(attrs={"rows": 3}),
        }

    new_contact_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    new_contact_position = forms.CharField(
        label=_("Position"), max_length=100, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("held_at", "talking_points", "customer_views"):
            self.fields[name].required = True
        contacts = self.fields["contacts_met"]
        contacts.queryset = self.instance.prospect.contacts.all()
        contacts.label_from_instance = lambda c: (
            f"{c.name} · {c.position}" if c.position else c.name
        )
        if not contacts.queryset.exists():  # nobody to choose yet: add them below
            del self.fields["contacts_met"]
        if not self.is_bound and self.instance.held_at is None:
            self.initial["held_at"] = min(self.instance.planned_at, timezone.now())
        measured = self._from_the_check_in()
        self.helper.layout = Layout(
            Row(Column("held_at"), Column("method")),
            "place",
            Fieldset(
                _("People met"),
                *(["contacts_met"] if "contacts_met" in self.fields else []),
                Div(
                    HTML(
                        '<p class="form-label mb-1">'
                        + escape(_("Someone new? Add them to the account's contacts:"))
                        + "</p>"
                    ),
                    Row(Column("new_contact_name"), Column("new_contact_position")),
                    css_class="kam-inline-add",
                ),
                "people_met",
            ),
            Fieldset(
                _("The record"), "talking_points", "customer_views", "suggestions"
            ),
            Fieldset(
                _("For the development record sheet"),
                Row(Column("duration_minutes"), Column("progress"), Column("attitude")),
                *(["duration_reason"] if measured is not None else []),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("new_contact_position", "").strip()
            and not cleaned.get("new_contact_name", "").strip()
        ):
            self.add_error("new_contact_name", _("Give the new contact's name."))
        return cleaned

    def new_contact(self):
        """The person added on the form, not saved yet (the service saves them)."""
        name = self.cleaned_data.get("new_contact_name", "").strip()
        if not name:
            return None
        return Contact(
            prospect=self.instance.prospect,
            name=name,
            position=self.cleaned_data.get("new_contact_position", "").strip(),
        )

    def _from_the_check_in(self):
        """What check-in and check-out measured fills the form; the time spent may
        still be changed, with a reason. Without them there is no reason to give."""
        visit = self.instance
        measured = visit.measured_minutes
        if measured is None:
            del self.fields["duration_reason"]
            return None
        self.fields["duration_minutes"].help_text = _(
            "Check-in to check-out: %(minutes)s minutes."
        ) % {"minutes": measured}
        if not self.is_bound:
            if visit.held_at is None:
                self.initial["held_at"] = visit.check_in.at
            if visit.duration_minutes is None:
                self.initial["duration_minutes"] = measured
        return measured


class FollowUpForm(VersionCheckMixin, KamModelForm):
    class Meta:
        model = FollowUp
        fields = [
            "method",
            "done_at",
            "person_contacted",
            "customer_opinion",
            "next_step",
            "duration_minutes",
            "progress",
            "attitude",
        ]
        widgets = {
            "method": forms.RadioSelect,
            "done_at": datetime_input(),
            "customer_opinion": forms.Textarea(attrs={"rows": 4}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = FollowUp.Method.choices
        for name in ("method", "done_at", "customer_opinion", "progress", "attitude"):
            self.fields[name].required = True
        self.helper.layout = Layout(
            Row(Column("method"), Column("done_at"), Column("person_contacted")),
            "customer_opinion",
            "next_step",
            Fieldset(
                _("For the development record sheet"),
                Row(Column("duration_minutes"), Column("progress"), Column("attitude")),
            ),
        )
        if not self.is_bound and self.instance.done_at is None:
            self.initial["done_at"] = timezone.localtime().replace(
                second=0, microsecond=0
            )
