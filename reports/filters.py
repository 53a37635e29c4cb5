"""The dashboard's filters: a period, and (for admins) the team. They narrow the
already-scoped accounts; they can never widen them."""

from datetime import date, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User
from kam.dates import EARLIEST
from kam.forms import FilterFormMixin
from prospects.models import ProductCategory, Prospect

DEFAULT_DAYS = 30
LATEST = date(2100, 12, 31)
LONGEST = timedelta(days=3 * 366)


class DateInput(forms.DateInput):
    input_type = "date"


class DashboardFilter(FilterFormMixin, django_filters.FilterSet):
    period_from = django_filters.DateFilter(
        label=_("From"), method="keep", widget=DateInput(format="%Y-%m-%d")
    )
    period_to = django_filters.DateFilter(
        label=_("To"), method="keep", widget=DateInput(format="%Y-%m-%d")
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=Team.objects.all()
    )
    product_category = django_filters.ModelChoiceFilter(
        label=_("Product category"), queryset=ProductCategory.objects.all()
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=User.objects.none()
    )

    class Meta:
        model = Prospect
        fields = []

    def __init__(self, *args, user, people, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.sees_everything:
            del self.filters["team"]
        self.filters["owner"].queryset = people

    def narrowed_by(self):
        """(label, value) of each filter narrowing the accounts, to show on the page."""
        if not self.form.is_valid():
            return []
        return [
            (self.form.fields[name].label, value)
            for name in ("team", "product_category", "owner")
            if name in self.form.fields and (value := self.form.cleaned_data.get(name))
        ]

    def keep(self, queryset, name, value):
        """The period chooses what is counted, not which accounts."""
        return queryset

    def period(self):
        """(first day, last day) chosen, by default the last 30 days."""
        today = timezone.localdate()
        data = self.form.cleaned_data if self.form.is_valid() else {}
        last = data.get("period_to") or today
        first = data.get("period_from") or last - timedelta(days=DEFAULT_DAYS - 1)
        return first, last

    def is_valid(self):
        if not super().is_valid():
            return False
        for name in ("period_from", "period_to"):
            day = self.form.cleaned_data.get(name)
            if day and not EARLIEST <= day <= LATEST:
                self.form.add_error(name, _("Choose a date between 2000 and 2100."))
                return False
        first, last = self.period()
        if first > last:
            self.form.add_error("period_to", _("The period must end after it starts."))
            return False
        if last - first > LONGEST:
            self.form.add_error(
                "period_from", _("Choose a period of at most three years.")
            )
            return False
        return True
