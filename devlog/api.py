"""The REST API's development record and outcomes (``/api/v1/``). An outcome is
the only door to an account's status: recording one moves it to won, lost or
resting; ``…/restore/`` takes a lost or resting account back into development."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from devlog import forms, services
from devlog.models import DevelopmentEntry, Outcome
from kam.api.filters import IdFilter
from kam.api.serializers import ReadSerializer
from kam.api.views import Resource
from prospects.api import account_of, part_schema


class EntrySerializer(ReadSerializer):
    account = serializers.IntegerField(source="prospect_id", read_only=True)

    class Meta:
        model = DevelopmentEntry
        exclude = ["prospect"]
        read_only_fields = [f.name for f in DevelopmentEntry._meta.concrete_fields]


class AccountFilter(django_filters.FilterSet):
    account = IdFilter(field_name="prospect_id")


@part_schema(forms.EntryForm, "DevelopmentEntry")
class EntryViewSet(Resource):
    """Contacts added to the development record sheet by hand."""

    queryset = DevelopmentEntry.objects.all()
    serializer_class = EntrySerializer
    filterset_class = AccountFilter
    form_class = forms.EntryForm

    def form_kwargs(self, data, instance=None):
        prospect = (
            instance.prospect if instance else account_of(data, self.request.user)
        )
        return {"prospect": prospect, "user": self.request.user}

    def save(self, form):
        return services.entry_save(entry=form.save(commit=False))


class OutcomeSerializer(ReadSerializer):
    account = serializers.IntegerField(source="prospect_id", read_only=True)
    account_status = serializers.CharField(source="prospect.status", read_only=True)
    reasons = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Outcome
        exclude = ["prospect"]
        read_only_fields = [f.name for f in Outcome._meta.concrete_fields]


class OutcomeFilter(AccountFilter):
    result = django_filters.ChoiceFilter(choices=Outcome.Result.choices)


@part_schema(forms.OutcomeForm, "Outcome")
class OutcomeViewSet(Resource):
    """How an account's development ended (won, not won yet, lost): recording or
    changing it sets the account's status, as the web's outcome page does."""

    queryset = (
        Outcome.objects.select_related("prospect")
        .prefetch_related("reasons")
        .order_by("-updated_at", "-pk")
    )
    serializer_class = OutcomeSerializer
    filterset_class = OutcomeFilter
    form_class = forms.OutcomeForm

    def form_kwargs(self, data, instance=None):
        prospect = (
            instance.prospect if instance else account_of(data, self.request.user)
        )
        return {"prospect": prospect, "user": self.request.user}

    def save(self, form):
        return services.outcome_record(
            outcome=form.save(commit=False), reasons=form.cleaned_data["reasons"]
        )

    @extend_schema(request=None, responses=OutcomeSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Take a lost or resting account back into development."""
        outcome = self.get_object()
        try:
            services.outcome_restore(prospect=outcome.prospect, by=request.user)
        except DjangoValidationError as error:
            raise ValidationError({"non_field_errors": error.messages}) from None
        return Response(self.read(outcome))
