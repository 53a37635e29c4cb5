"""Saved filters of the account list: a person names the filter they see and finds
it again. Each person's own: nobody sees, opens or deletes another's."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from prospects.models import SavedFilter

MOST = 50  # per person


def clean_query(query):
    """The list's query string without its page number."""
    data = QueryDict(query, mutable=True)
    data.pop("page", None)
    return data.urlencode()


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Name of the filter"), max_length=80)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


@transaction.atomic
def saved_filter_save(*, owner, name, query):
    """Save ``query`` under ``name`` (the same name again replaces it)."""
    name, query = name.strip(), clean_query(query)
    if not query:
        raise ValidationError(_("Choose a filter first, then save it."))
    mine = SavedFilter.objects.filter(owner=owner)
    if not mine.filter(name=name).exists() and mine.count() >= MOST:
        raise ValidationError(
            _("You have %(count)s saved filters: delete one first.") % {"count": MOST}
        )
    saved, _created = SavedFilter.objects.update_or_create(
        owner=owner, name=name, defaults={"query": query}
    )
    return saved


def saved_filter_delete(*, owner, pk):
    """Delete one of ``owner``'s filters; how many (0 when not theirs)."""
    return SavedFilter.objects.filter(owner=owner, pk=pk).delete()[0]
