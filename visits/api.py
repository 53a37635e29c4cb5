"""The REST API's visits and follow-ups (``/api/v1/``): planned, re-planned and
recorded, and follow-ups logged, through the web's forms and services."""

import django_filters
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kam.api.filters import IdFilter
from kam.api.forms import request_serializer
from kam.api.serializers import ReadSerializer
from kam.api.views import Resource
from prospects.api import ACCOUNT_ID, account_of
from visits import forms, services
from visits.models import FollowUp, Visit


class VisitSerializer(ReadSerializer):
    account = serializers.IntegerField(source="prospect_id", read_only=True)
    co_visitors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    follow_up = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "account",
            "status",
            *Visit.PLAN_FIELDS,
            "held_at",
            "people_met",
            "duration_minutes",
            "progress",
            "attitude",
            "talking_points",
            "customer_views",
            "suggestions",
            "follow_up",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_follow_up(self, visit) -> int | None:
        try:
            return visit.follow_up.pk
        except ObjectDoesNotExist:
            return None


class VisitFilter(django_filters.FilterSet):
    account = IdFilter(field_name="prospect_id")
    status = django_filters.ChoiceFilter(choices=Visit.Status.choices)
    planned_from = django_filters.IsoDateTimeFilter("planned_at", lookup_expr="gte")
    planned_to = django_filters.IsoDateTimeFilter("planned_at", lookup_expr="lte")

    class Meta:
        model = Visit
        fields = []


RECORD = request_serializer(forms.VisitRecordForm, "VisitRecord")


@extend_schema_view(
    create=extend_schema(
        request=request_serializer(
            forms.VisitPlanForm, "VisitPlan", extra=ACCOUNT_ID, version=False
        )
    ),
    partial_update=extend_schema(
        request=request_serializer(forms.VisitPlanForm, "VisitReplan")
    ),
)
class VisitViewSet(Resource):
    """Visits: plan one (POST), re-plan a planned one (PATCH), record it as held
    (``POST …/record/``: the visit record sheet; its follow-up is then due in a
    week)."""

    queryset = Visit.objects.select_related("follow_up").prefetch_related("co_visitors")
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    form_class = forms.VisitPlanForm

    def form_kwargs(self, data, instance=None):
        prospect = (
            instance.prospect if instance else account_of(data, self.request.user)
        )
        return {"prospect": prospect, "user": self.request.user}

    def partial_update(self, request, *args, **kwargs):
        if self.get_object().status != Visit.Status.PLANNED:
            raise ValidationError(
                {"non_field_errors": [_("Only a planned visit can be re-planned.")]}
            )
        return super().partial_update(request, *args, **kwargs)

    def save(self, form):
        return services.visit_plan(
            visit=form.save(commit=False), co_visitors=form.cleaned_data["co_visitors"]
        )

    @extend_schema(request=RECORD, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """The visit record sheet: the visit is held, its follow-up due a week later."""
        visit = self.get_object()
        if visit.status == Visit.Status.CANCELLED:
            raise ValidationError(
                {"non_field_errors": [_("A cancelled visit cannot be recorded.")]}
            )
        form = self.changed_form(request, forms.VisitRecordForm, visit)
        saved = self.write(
            form, save=lambda f: services.visit_record(visit=f.save(commit=False))
        )
        return Response(self.read(saved))


class FollowUpSerializer(ReadSerializer):
    account = serializers.IntegerField(source="prospect_id", read_only=True)

    class Meta:
        model = FollowUp
        exclude = ["prospect"]
        read_only_fields = [f.name for f in FollowUp._meta.concrete_fields]


class FollowUpFilter(django_filters.FilterSet):
    account = IdFilter(field_name="prospect_id")
    status = django_filters.ChoiceFilter(choices=FollowUp.Status.choices)
    assignee = IdFilter(field_name="assignee_id")

    class Meta:
        model = FollowUp
        fields = []


class FollowUpViewSet(Resource):
    """The one-week follow-ups of held visits; ``POST …/log/`` logs one (its
    reminders stop)."""

    queryset = FollowUp.objects.all()
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter

    @extend_schema(
        request=request_serializer(forms.FollowUpForm, "FollowUpLog"),
        responses=FollowUpSerializer,
    )
    @action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        follow_up = self.get_object()
        form = self.changed_form(request, forms.FollowUpForm, follow_up)
        saved = self.write(
            form, save=lambda f: services.follow_up_log(follow_up=f.save(commit=False))
        )
        return Response(self.read(saved))
