"""The REST API's key accounts and their analysis (``/api/v1/``): read through
``visible_to``, written through the same forms and services as the web pages."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from accounts.scoping import get_visible_or_404
from kam.api.filters import IdFilter
from kam.api.forms import plausible_pk, request_serializer
from kam.api.serializers import ReadSerializer
from kam.api.views import ReadOnlyResource, Resource
from prospects import forms
from prospects.filters import ProspectFilter
from prospects.models import (
    CLASSIFICATION,
    Competitor,
    Contact,
    FinancialStatement,
    Forecast,
    MonthlyTransaction,
    Prospect,
)
from prospects.services import prospect_part_save, prospect_save

# --- Accounts -----------------------------------------------------------------------


class LookupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_en = serializers.CharField()
    name_zh = serializers.CharField()


class AccountSerializer(ReadSerializer):
    product_category = LookupSerializer(allow_null=True)
    customer_nature = LookupSerializer(allow_null=True)
    service_content = LookupSerializer(allow_null=True)
    industry = LookupSerializer(allow_null=True)
    colleagues = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Prospect
        fields = [
            "id",
            "name",
            "status",
            "stage",
            "team",
            "owner",
            "colleagues",
            *CLASSIFICATION,
            "region",
            "size",
            "address",
            "website",
            "description",
            "product_sales_notes",
            "score",
            "position_score",
            "verdict",
            "quadrant",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AccountFilter(ProspectFilter):
    """The account list's own filters (search, status, classification, owner,
    verdict, quadrant, score), on the caller's accounts."""

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, user=request.user, **kwargs)


def account_of(data, user, *, field="account"):
    """The account named in a create body, if the caller may see it."""
    pk = data.get(field, "")
    if not plausible_pk(pk):
        raise ValidationError({field: [_("Give the id of one of your key accounts.")]})
    try:
        return get_visible_or_404(Prospect, user, pk=int(pk))
    except Exception:  # Http404: not there for this caller
        raise ValidationError(
            {field: [_("There is no key account of yours with this id.")]}
        ) from None


ACCOUNT_ID = {"account": serializers.IntegerField(help_text="The key account's id.")}


@extend_schema_view(
    create=extend_schema(
        request=request_serializer(forms.ProspectForm, "AccountWrite", version=False)
    ),
    partial_update=extend_schema(
        request=request_serializer(forms.ProspectForm, "AccountChange")
    ),
)
class AccountViewSet(Resource):
    """Key accounts with their classification, status and assessment. Status and
    stage change only through outcomes (``/api/v1/outcomes/``) and the work logged."""

    queryset = Prospect.objects.with_classification().prefetch_related("colleagues")
    serializer_class = AccountSerializer
    filterset_class = AccountFilter
    form_class = forms.ProspectForm

    def form_kwargs(self, data, instance=None):
        return {"user": self.request.user}

    def create(self, request, *args, **kwargs):
        user = request.user
        if user.team_id is None and not user.sees_everything:
            raise ValidationError(
                {"non_field_errors": [_("Only a member of a team can add accounts.")]}
            )
        return super().create(request, *args, **kwargs)

    def save(self, form):
        return prospect_save(
            prospect=form.save(commit=False),
            colleagues=form.cleaned_data["colleagues"],
        )


# --- Records under an account ---------------------------------------------------------


class PartFilter(django_filters.FilterSet):
    account = IdFilter(field_name="prospect_id")


class PartResource(Resource):
    """A record under an account: created with the account's id, which then stays."""

    filterset_class = PartFilter

    def form_kwargs(self, data, instance=None):
        if instance is not None:
            return {"prospect": instance.prospect}
        return {"prospect": account_of(data, self.request.user)}

    def save(self, form):
        return prospect_part_save(part=form.save(commit=False))


def part_schema(form_class, name):
    """The request bodies of a viewset over an account's parts: `account` on create,
    the record's version on a change."""
    return extend_schema_view(
        create=extend_schema(
            request=request_serializer(
                form_class, f"{name}Write", extra=ACCOUNT_ID, version=False
            )
        ),
        partial_update=extend_schema(
            request=request_serializer(form_class, f"{name}Change")
        ),
    )


class PartSerializer(ReadSerializer):
    account = serializers.IntegerField(source="prospect_id", read_only=True)


class ContactSerializer(PartSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            "account",
            "name",
            "position",
            "purchase_role",
            "phone",
            "email",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class ContactDetailSerializer(ContactSerializer):
    """One contact, with the decision-maker profile: personal data, shown only
    to whoever works the account (never in a list)."""

    class Meta(ContactSerializer.Meta):
        fields = [*ContactSerializer.Meta.fields, *Contact.PERSONAL_FIELDS]
        read_only_fields = fields


@part_schema(forms.ContactForm, "Contact")
@extend_schema_view(retrieve=extend_schema(responses=ContactDetailSerializer))
class ContactViewSet(PartResource):
    """The customer's people. Their personal profile (personality, pressures,
    interests, family) only in a single contact's answer."""

    queryset = Contact.objects.all()
    form_class = forms.ContactForm

    def get_serializer_class(self):
        if self.action == "list":
            return ContactSerializer
        return ContactDetailSerializer


class StatementSerializer(PartSerializer):
    current_asset_ratio = serializers.FloatField(read_only=True, allow_null=True)
    current_ratio = serializers.FloatField(read_only=True, allow_null=True)
    net_profit_margin = serializers.FloatField(read_only=True, allow_null=True)
    return_on_assets = serializers.FloatField(read_only=True, allow_null=True)
    collection_period = serializers.FloatField(read_only=True, allow_null=True)
    inventory_period = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = FinancialStatement
        fields = [
            "id",
            "account",
            "period",
            "period_end",
            "period_months",
            *FinancialStatement.FIGURES,
            "current_asset_ratio",
            "current_ratio",
            "net_profit_margin",
            "return_on_assets",
            "collection_period",
            "inventory_period",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


@part_schema(forms.FinancialStatementForm, "FinancialStatement")
class FinancialStatementViewSet(PartResource):
    """Financial statements per period, with the six ratios computed (read-only)."""

    queryset = FinancialStatement.objects.all()
    serializer_class = StatementSerializer
    form_class = forms.FinancialStatementForm


class TransactionSerializer(PartSerializer):
    share = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = MonthlyTransaction
        fields = [
            "id",
            "account",
            "month",
            "our_sales",
            "purchase_volume",
            "share",
            "notes",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


@part_schema(forms.MonthlyTransactionForm, "MonthlyTransaction")
class TransactionViewSet(PartResource):
    """Our monthly transactions with the account and our share of its purchases."""

    queryset = MonthlyTransaction.objects.all()
    serializer_class = TransactionSerializer
    form_class = forms.MonthlyTransactionForm


class CompetitorSerializer(PartSerializer):
    class Meta:
        model = Competitor
        exclude = ["prospect"]
        read_only_fields = [f.name for f in Competitor._meta.concrete_fields]


@part_schema(forms.CompetitorForm, "Competitor")
class CompetitorViewSet(PartResource):
    """The account's other suppliers: our strengths, weaknesses and the risk."""

    queryset = Competitor.objects.all()
    serializer_class = CompetitorSerializer
    form_class = forms.CompetitorForm


class ForecastSerializer(PartSerializer):
    verdict = serializers.CharField(source="prospect.verdict", read_only=True)
    score = serializers.IntegerField(
        source="prospect.score", read_only=True, allow_null=True
    )
    gross_profit = serializers.FloatField(read_only=True, allow_null=True)
    total_cost = serializers.FloatField(read_only=True, allow_null=True)
    expected_profit = serializers.FloatField(read_only=True, allow_null=True)
    risk_adjusted_profit = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Forecast
        exclude = ["prospect"]
        read_only_fields = [f.name for f in Forecast._meta.concrete_fields]


class ForecastViewSet(ReadOnlyResource):
    """The cost and sales forecast and the verdict it ends in (read-only: the
    web's forecast form sets it)."""

    queryset = Forecast.objects.select_related("prospect").order_by("pk")
    serializer_class = ForecastSerializer
    filterset_class = PartFilter
