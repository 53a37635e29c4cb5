from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User
from kam.forms import HardenedFormMixin
from kam.versioning import VersionCheckMixin
from notifications.http import address_problem, validate_address
from notifications.models import KINDS, Channel, WebhookEndpoint, WebhookEvent
from prospects.forms import KamFormHelper


class ChannelForm(HardenedFormMixin, VersionCheckMixin, forms.ModelForm):
    """A team's group robot. The address and secret are never shown again: left
    empty on an edit, the stored ones are kept."""

    address = forms.CharField(
        label=_("Webhook address"),
        max_length=1000,
        validators=[validate_address],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "DingTalk: the SEC… string under 加签; Feishu: the key under 签名校验. "
            "WeCom robots have none. Never shown again once saved."
        ),
    )
    remove_secret = forms.BooleanField(
        label=_("Remove the stored secret"), required=False
    )
    kinds = forms.MultipleChoiceField(
        label=_("Reminders it carries"),
        # A hand-over notice is the new owner's alone, in the app: no robot posts it.
        choices=[c for c in KINDS.choices if c[0] != KINDS.HANDED_OVER],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Channel
        fields = ["team", "kind", "name", "language"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        if creating and user.sees_everything:
            self.fields["team"].queryset = Team.objects.all()
        else:
            del self.fields["team"]
            if creating:
                self.instance.team = user.team
        if creating:
            self.initial.setdefault("language", user.language or "zh-hans")
            self.initial.setdefault(
                "kinds", [k for k in KINDS.values if k != KINDS.HANDED_OVER]
            )
            del self.fields["remove_secret"]
        else:
            self.fields["kind"].disabled = True
            self.initial["kinds"] = self.instance.kind_list
            self.fields["address"].required = False
            self.fields["address"].help_text = _(
                "Stored: %(host)s, ending %(hint)s. Leave empty to keep it."
            ) % {"host": self.instance.host, "hint": self.instance.address_hint}
            if self.instance.has_secret:
                self.fields["secret"].help_text = _(
                    "A secret is stored. Leave empty to keep it."
                )
            else:
                del self.fields["remove_secret"]
        self.helper = KamFormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("The robot"),
                "team" if "team" in self.fields else None,
                Row(Column("kind"), Column("name")),
                "address",
                "secret",
                "remove_secret" if "remove_secret" in self.fields else None,
            ),
            Fieldset(_("What it says"), "kinds", "language"),
        )

    def new_secret(self):
        """What the service should do with the secret: None keeps the stored one."""
        if self.cleaned_data.get("remove_secret"):
            return ""
        return self.cleaned_data.get("secret") or (None if self.instance.pk else "")


class ReminderPreferencesForm(HardenedFormMixin, forms.Form):
    """A person's mobile number (for @-mentions) and the e-mails they mute."""

    mobile = forms.CharField(
        label=capfirst(User._meta.get_field("mobile").verbose_name),
        help_text=User._meta.get_field("mobile").help_text,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    muted_kinds = forms.MultipleChoiceField(
        label=_("No e-mail for these reminders (the team's chat robot carries them)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, carried, muted, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        labels = dict(KINDS.choices)
        self.fields["muted_kinds"].choices = [(kind, labels[kind]) for kind in carried]
        if not carried:
            self.fields["muted_kinds"].help_text = _(
                "Your team has no chat robot carrying reminders yet."
            )
        self.initial = {"mobile": user.mobile, "muted_kinds": muted}
        self.helper = KamFormHelper()

    def clean_mobile(self):
        mobile = "".join(self.cleaned_data["mobile"].split()).replace("-", "")
        field = User._meta.get_field("mobile")
        return field.clean(mobile.removeprefix("+86"), self.user)


class WebhookEndpointForm(forms.ModelForm):
    """The admin's form for an outgoing webhook: the address and secret are
    written, never shown again (leave them empty to keep them)."""

    url = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=2000,
        help_text=_("https:// on a host listed in KAM_WEBHOOK_HOSTS."),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "The receiver checks X-KAM-Signature with it. At least 16 characters."
        ),
    )
    event_choices = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("event_choices", self.instance.event_list)
        if self.instance.pk is None:
            self.fields["url"].required = True
            self.fields["secret"].required = True
        else:
            self.fields["url"].help_text = _(
                "Stored: %(host)s %(hint)s. Leave empty to keep it."
            ) % {"host": self.instance.host, "hint": self.instance.url_hint}

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        problem = address_problem(url) if url else None
        if problem:
            raise forms.ValidationError(problem)
        return url

    def clean_secret(self):
        secret = self.cleaned_data["secret"].strip()
        if secret and len(secret) < 16:
            raise forms.ValidationError(_("Use a secret of at least 16 characters."))
        return secret
