from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, Team, User
from kam.amounts import AmountInput, amount_fields
from kam.forms import HardenedFormMixin
from kam.once import OneTimeFormMixin
from kam.versioning import EditConflict, VersionCheckMixin, VersionField
from prospects.identity_checks import namesake_warning
from prospects.models import (
    Advantage,
    Competitor,
    Contact,
    FinancialStatement,
    Forecast,
    MonthlyTransaction,
    Prospect,
    PurchaseFactors,
    SalesProfile,
    classification_lists,
)
from prospects.relationships import contact_label, relationship_choices

LOOKUPS = classification_lists()


def amount_input():
    return AmountInput()


class KamFormHelper(FormHelper):
    """Crispy renders the fields; our templates render the <form> and buttons."""

    form_tag = False
    disable_csrf = True
    render_hidden_fields = True  # the record's version, whatever the layout


class ProspectPartForm(HardenedFormMixin, VersionCheckMixin, forms.ModelForm):
    """A form for one record under an account; the account is set by the view.

    Django skips unique constraints on fields that are not in the form; the account
    is not, yet "one statement per period" must be checked before saving.
    """

    def __init__(self, *args, prospect, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.prospect = prospect
        self.helper = KamFormHelper()
        amount_fields(self)

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("prospect")
        return exclusions


class ProspectForm(
    OneTimeFormMixin, HardenedFormMixin, VersionCheckMixin, forms.ModelForm
):
    """The account's identity and classification (大客户分类)."""

    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )
    # Shown as a checkbox once a similar name is found: the confirm step.
    save_anyway = forms.BooleanField(
        label=_("Save it anyway: it is another company"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Prospect
        fields = [
            "name",
            "credit_code",
            "owner",
            "colleagues",
            "parent",
            "product_category",
            "customer_nature",
            "service_content",
            "industry",
            "region",
            "size",
            "address",
            "website",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "colleagues": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        creating = self.instance.pk is None
        if creating and user.sees_everything:
            self.fields["team"] = forms.ModelChoiceField(
                Team.objects.all(), label=_("team")
            )
        team = self.instance.team if not creating else user.team
        people = User.objects.filter(is_active=True).exclude(role=Role.ADMIN)
        people = people.filter(team=team) if team else people
        self.fields["owner"].queryset = people
        self.fields["colleagues"].queryset = people
        self.fields["colleagues"].required = False
        if creating:
            self.fields["owner"].initial = user.pk
        if not user.oversees_a_team:
            # Only a manager hands an account to someone else.
            self.fields["owner"].disabled = True
            if creating:
                self.instance.owner = user
        self.fields["parent"].queryset = parent_choices(self.instance, user)
        for name, model in LOOKUPS.items():
            current = getattr(self.instance, f"{name}_id", None)
            self.fields[name].queryset = model.objects.filter(active=True) | (
                model.objects.filter(pk=current)
            )
        self.helper = KamFormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("The account"),
                "name",
                "save_anyway",
                "credit_code",
                "team" if "team" in self.fields else None,
                "owner",
                "colleagues",
                "parent",
            ),
            Fieldset(
                _("Classification"),
                Row(Column("product_category"), Column("customer_nature")),
                Row(Column("service_content"), Column("industry")),
                Row(Column("region"), Column("size")),
            ),
            Fieldset(_("Details"), "address", "website", "description"),
        )

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("team")
        return exclusions

    def clean(self):
        cleaned = super().clean()
        team = self._team(cleaned)
        owner = cleaned.get("owner")
        if owner and team and owner.team_id != team.pk:
            self.add_error(
                "owner", _("The owner must be a member of the account's team.")
            )
        for colleague in cleaned.get("colleagues") or []:
            if team and colleague.team_id != team.pk:
                self.add_error(
                    "colleagues",
                    _("%(name)s is not in the account's team.") % {"name": colleague},
                )
        if team:
            self.instance.team = team
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if not self.has_error("name"):
            self._warn_of_namesakes(self.cleaned_data)

    def _warn_of_namesakes(self, cleaned):
        """A new name that matches another account's, once normalised, is saved only
        once the user confirms; an account they may not see is named by whom to ask."""
        name = cleaned.get("name")
        renamed = self.instance.pk is None or "name" in self.changed_data
        if not name or not renamed or cleaned.get("save_anyway"):
            return
        warning = namesake_warning(name, self.user, exclude_pk=self.instance.pk)
        if warning:
            self.add_error("name", warning)
            self.fields["save_anyway"].widget = forms.CheckboxInput()

    def _team(self, cleaned):
        """An account stays in its team; a new one joins the chosen team (admins)
        or its creator's."""
        if self.instance.team_id:
            return self.instance.team
        if cleaned.get("team"):
            return cleaned["team"]
        if self.user.team_id:
            return self.user.team
        owner = cleaned.get("owner")
        return owner.team if owner else None


def parent_choices(prospect, user):
    """The accounts the user may see (and the current parent, seen or not)."""
    visible = Prospect.objects.visible_to(user).exclude(pk=prospect.pk)
    current = Prospect.objects.filter(pk=prospect.parent_id)
    return (visible | current).only("pk", "name").order_by("name")


class FinancialStatementForm(ProspectPartForm):
    class Meta:
        model = FinancialStatement
        fields = ["period", *FinancialStatement.FIGURES]
        widgets = {name: amount_input() for name in FinancialStatement.FIGURES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.attrs["placeholder"] = "2025"
        self.helper.layout = Layout(
            "period",
            Fieldset(
                _("Income statement"),
                Row(Column("revenue"), Column("cost_of_sales"), Column("net_profit")),
            ),
            Fieldset(
                _("Balance sheet"),
                Row(Column("total_assets"), Column("current_assets")),
                Row(Column("current_liabilities"), Column("accounts_receivable")),
                Row(Column("inventory"), Column()),
            ),
        )


class SalesProfileForm(ProspectPartForm):
    class Meta:
        model = SalesProfile
        fields = [
            "buyers",
            "buyer_gender",
            "buyer_age",
            "marketing",
            "storage",
            "transport",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("buyers", "marketing", "storage", "transport")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(
                _("Who buys its products"),
                "buyers",
                Row(Column("buyer_gender"), Column("buyer_age")),
                "marketing",
            ),
            Fieldset(_("Logistics"), "storage", "transport"),
        )


RELATIONSHIP_FIELDS = (
    "reports_to",
    "buying_role",
    "attitude",
    "strength",
    "relationship_owner",
    "last_met_on",
)


class ContactForm(ProspectPartForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "position",
            "purchase_role",
            "phone",
            "email",
            *RELATIONSHIP_FIELDS,
            *Contact.PERSONAL_FIELDS,
        ]
        widgets = {
            "last_met_on": forms.DateInput(attrs={"type": "date"}),
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in Contact.PERSONAL_FIELDS
            },
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = relationship_choices(self.instance, self.instance.prospect, user)
        self.fields["reports_to"].queryset = choices["reports_to"]
        self.fields["reports_to"].label_from_instance = contact_label
        self.fields["relationship_owner"].queryset = choices["relationship_owner"]
        self.helper.layout = Layout(
            Row(Column("name"), Column("position")),
            Row(Column("purchase_role"), Column("phone"), Column("email")),
            Fieldset(
                _("Relationship map"),
                Row(Column("reports_to"), Column("buying_role")),
                Row(Column("attitude"), Column("strength")),
                Row(Column("relationship_owner"), Column("last_met_on")),
            ),
            Fieldset(
                _("Personal profile (seen only by the account's team and manager)"),
                *Contact.PERSONAL_FIELDS,
            ),
        )


class PurchaseFactorsForm(ProspectPartForm):
    class Meta:
        model = PurchaseFactors
        fields = [
            "purchase_cost",
            "purchase_cost_notes",
            "technical_content",
            "technical_content_notes",
            "policy_social",
            "policy_social_notes",
        ]
        widgets = {
            **dict.fromkeys(PurchaseFactors.FACTORS, forms.RadioSelect),
            **{
                f"{name}_notes": forms.Textarea(attrs={"rows": 2})
                for name in PurchaseFactors.FACTORS
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PurchaseFactors.FACTORS:
            self.fields[name].choices = self.fields[name].choices[1:]  # no "------"
        self.helper.layout = Layout(
            *(
                Div(name, f"{name}_notes", css_class="border-bottom mb-3")
                for name in PurchaseFactors.FACTORS
            )
        )


class MonthField(forms.DateField):
    """A month as YYYY-MM (the browser's month picker), stored as its first day."""

    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y/%m"]
    widget = forms.DateInput(
        format="%Y-%m", attrs={"type": "month", "placeholder": "2025-07"}
    )

    def to_python(self, value):
        parsed = super().to_python(value)
        return parsed.replace(day=1) if parsed else parsed


class MonthlyTransactionForm(ProspectPartForm):
    month = MonthField(label=_("month"))

    class Meta:
        model = MonthlyTransaction
        fields = ["month", "our_sales", "purchase_volume", "notes"]
        widgets = {"our_sales": amount_input(), "purchase_volume": amount_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            "month",
            Row(Column("our_sales"), Column("purchase_volume")),
            "notes",
        )


class ProductSalesNotesForm(VersionCheckMixin, forms.ModelForm):
    class Meta:
        model = Prospect
        fields = ["product_sales_notes"]
        widgets = {"product_sales_notes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = KamFormHelper()


class CompetitorForm(ProspectPartForm):
    class Meta:
        model = Competitor
        fields = ["name", "risk", "strengths", "weaknesses", "notes"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("strengths", "weaknesses", "notes")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("risk")),
            Row(Column("strengths"), Column("weaknesses")),
            "notes",
        )


class ForecastForm(ProspectPartForm):
    class Meta:
        model = Forecast
        fields = [
            "expected_sales",
            "margin",
            *Forecast.COSTS,
            "risk_coefficient",
            "notes",
        ]
        widgets = {
            **{name: amount_input() for name in ("expected_sales", *Forecast.COSTS)},
            "margin": forms.NumberInput(attrs={"step": "0.1"}),
            "risk_coefficient": forms.NumberInput(attrs={"step": "1"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(
                _("Sales"),
                Row(Column("expected_sales"), Column("margin")),
            ),
            Fieldset(
                _("Development costs per year"),
                Row(Column("inventory_interest"), Column("staff_cost")),
                Row(Column("travel_cost"), Column("management_cost")),
            ),
            Fieldset(_("Risk"), "risk_coefficient", "notes"),
        )


class AdvantagesForm(forms.Form):
    """The six aspects of 确立竞争优势, each with our advantage and its evidence."""

    versions = VersionField()

    def __init__(self, *args, prospect, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {a.aspect: a for a in prospect.advantages.all()}
        self.loaded = Advantage.versions_of(existing.values())
        self.initial["versions"] = self.loaded
        self.aspects = []
        for aspect, label in Advantage.Aspect.choices:
            current = existing.get(aspect)
            note, evidence = f"{aspect}_note", f"{aspect}_evidence"
            self.fields[note] = forms.CharField(
                label=_("Our advantage"),
                required=False,
                max_length=4000,
                initial=current.note if current else "",
                help_text=Advantage.HINTS[aspect],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[evidence] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=4000,
                initial=current.evidence if current else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.aspects.append((label, self[note], self[evidence]))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("versions", "") != self.loaded:
            raise EditConflict()
        return cleaned

    def notes(self):
        return {
            aspect: (
                self.cleaned_data[f"{aspect}_note"],
                self.cleaned_data[f"{aspect}_evidence"],
            )
            for aspect in Advantage.Aspect.values
        }
