"""The forms of hand-over and bulk changes (prospects.moves does the moving)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from kam.forms import HardenedFormMixin, choices_read_once, harden
from prospects.forms import KamFormHelper
from prospects.models import CLASSIFICATION, Prospect
from prospects.moves import may_move, movable


def colleagues_for(user):
    """The people ``user`` may hand accounts to: their team (an admin: everyone)."""
    people = User.objects.filter(is_active=True).exclude(role=Role.ADMIN)
    if not user.sees_everything:
        people = people.filter(team_id=user.team_id)
    return people.order_by("team__name", "full_name", "username")


class BulkForm(HardenedFormMixin, forms.Form):
    HAND_OVER, ADD_COLLEAGUE, CLASSIFY = "hand_over", "add_colleague", "classify"
    TICKED, FILTERED = "ticked", "filtered"

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (HAND_OVER, _("Hand over to a colleague")),
            (ADD_COLLEAGUE, _("Add a colleague")),
            (CLASSIFY, _("Change the classification")),
        ],
    )
    person = forms.ModelChoiceField(
        label=_("Colleague"), queryset=User.objects.none(), required=False
    )
    apply_to = forms.ChoiceField(
        label=_("Accounts"),
        choices=[
            (TICKED, _("The ticked accounts")),
            (FILTERED, _("Every account the filter selects")),
        ],
        initial=TICKED,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    account = forms.ModelMultipleChoiceField(
        queryset=Prospect.objects.none(), required=False
    )
    filter = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, user, classification=None, **kwargs):
        """``classification``: {list name: its rows}, when the page has read them."""
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = colleagues_for(user)
        self.fields["account"].queryset = movable(user)
        for name in CLASSIFICATION:
            field = Prospect._meta.get_field(name)
            self.fields[name] = forms.ModelChoiceField(
                label=field.verbose_name.capitalize(),
                queryset=field.related_model.objects.all(),
                required=False,
            )
        self.order_fields(["action", "person", *CLASSIFICATION, "apply_to"])
        choices_read_once(harden(self), classification)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in (self.HAND_OVER, self.ADD_COLLEAGUE) and not cleaned.get("person"):
            self.add_error("person", _("Choose the colleague."))
        if action == self.CLASSIFY and not any(cleaned.get(n) for n in CLASSIFICATION):
            self.add_error(None, _("Choose at least one classification to set."))
        ticked = cleaned.get("apply_to") == self.TICKED
        if ticked and not cleaned.get("account") and "account" not in self.errors:
            self.add_error(None, _("Tick at least one account."))
        return cleaned

    def classification(self):
        return {name: self.cleaned_data.get(name) for name in CLASSIFICATION}


class LeavingForm(HardenedFormMixin, forms.Form):
    """All accounts of a rep who leaves, to one colleague."""

    leaving = forms.ModelChoiceField(
        label=_("Whose accounts"), queryset=User.objects.none()
    )
    to = forms.ModelChoiceField(label=_("Hand them to"), queryset=User.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = colleagues_for(user)
        # Whoever still owns an account may be leaving, active or not.
        owners = User.objects.filter(pk__in=movable(user).values("owner_id")).order_by(
            "team__name", "full_name", "username"
        )
        self.fields["leaving"].queryset = owners
        self.fields["to"].queryset = people
        self.helper = KamFormHelper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leaving") and cleaned.get("leaving") == cleaned.get("to"):
            self.add_error("to", _("Choose two different people."))
        return cleaned


def bulk_form_for(request, classification=None):
    """The account list's bulk form, for those who may move accounts;
    ``classification``: the lists' rows the page has read."""
    if not may_move(request.user):
        return None
    query = request.GET.copy()
    query.pop("page", None)
    return BulkForm(
        user=request.user,
        classification=classification,
        initial={"filter": query.urlencode()},
        auto_id="bulk_%s",
    )


class MergeForm(HardenedFormMixin, forms.Form):
    """Merge ``prospect`` and another account of its team; one of them stays."""

    THIS, OTHER = "this", "other"

    other = forms.ModelChoiceField(
        label=_("The other account"), queryset=Prospect.objects.none()
    )
    stays = forms.ChoiceField(
        label=_("Which account stays"),
        choices=[(THIS, _("This account")), (OTHER, _("The other account"))],
        initial=THIS,
        widget=forms.RadioSelect,
        help_text=_(
            "Everything of the other one moves to it; the other is archived, "
            "marked as merged, and never deleted."
        ),
    )

    def __init__(self, *args, user, prospect, **kwargs):
        super().__init__(*args, **kwargs)
        self.prospect = prospect
        self.fields["other"].queryset = (
            movable(user)
            .filter(team_id=prospect.team_id, merged_into__isnull=True)
            .exclude(pk=prospect.pk)
            .only("pk", "name")
            .order_by("name")
        )
        self.helper = KamFormHelper()

    def accounts(self):
        """(the account that stays, the one merged into it)."""
        other = self.cleaned_data["other"]
        if self.cleaned_data["stays"] == self.THIS:
            return self.prospect, other
        return other, self.prospect
