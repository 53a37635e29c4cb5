"""The account list's filters. They narrow an already-scoped queryset, never widen it."""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from kam.forms import FilterFormMixin
from prospects.models import (
    CLASSIFICATION,
    CustomerNature,
    Industry,
    ProductCategory,
    Prospect,
    ServiceContent,
)


class ScoreFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra["validators"] = [MinValueValidator(0), MaxValueValidator(100)]
        self.extra["widget"] = forms.NumberInput(attrs={"min": 0, "max": 100})


class ProspectFilter(FilterFormMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Prospect.Status.choices
    )
    product_category = django_filters.ModelChoiceFilter(
        label=_("Product category"), queryset=ProductCategory.objects.all()
    )
    customer_nature = django_filters.ModelChoiceFilter(
        label=_("Customer nature"), queryset=CustomerNature.objects.all()
    )
    service_content = django_filters.ModelChoiceFilter(
        label=_("Service content"), queryset=ServiceContent.objects.all()
    )
    industry = django_filters.ModelChoiceFilter(
        label=_("Industry"), queryset=Industry.objects.all()
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=User.objects.none()
    )
    verdict = django_filters.ChoiceFilter(
        label=_("Verdict"), choices=Prospect.Verdict.choices
    )
    quadrant = django_filters.ChoiceFilter(
        label=_("Portfolio quadrant"), choices=Prospect.Quadrant.choices
    )
    score_min = ScoreFilter(
        field_name="score", lookup_expr="gte", label=_("Score from")
    )
    score_max = ScoreFilter(field_name="score", lookup_expr="lte", label=_("Score to"))
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("status", "status"),
            ("score", "score"),
            ("position_score", "position"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "name": _("Name"),
            "status": _("Status"),
            "score": _("Score"),
            "position_score": _("Our position"),
            "updated_at": _("Last updated"),
        },
    )

    class Meta:
        model = Prospect
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).exclude(role=Role.ADMIN)
        if not user.sees_everything:
            people = (
                people.filter(team=user.team_id)
                if user.team_id
                else people.filter(pk=user.pk)
            )
        self.filters["owner"].queryset = people

    def classification_rows(self):
        """{list name: its rows}, as the form offers them (read once, kept)."""
        return {name: self.form.fields[name].queryset for name in CLASSIFICATION}

    def classify(self, accounts):
        """``accounts`` (a list) with their classification set from the lists the
        form offers, read once for the form and the rows alike."""
        lists = {
            name: {row.pk: row for row in rows}
            for name, rows in self.classification_rows().items()
        }
        for account in accounts:
            for name, rows in lists.items():
                row = rows.get(getattr(account, f"{name}_id"))
                if row is not None:
                    setattr(account, name, row)
        return accounts

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(region__icontains=value))
