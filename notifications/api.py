"""The REST API's notifications (``/api/v1/notifications/``): the caller's own."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kam.api.serializers import ReadSerializer
from kam.api.views import SafeLookup
from notifications.models import Notification
from notifications.services import notification_mark_read


class NotificationSerializer(ReadSerializer):
    account = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "follow_up",
            "account",
            "due_on",
            "created_at",
            "read_at",
        ]
        read_only_fields = fields

    def get_account(self, notification) -> int:
        if notification.follow_up_id:
            return notification.follow_up.prospect_id
        return notification.prospect_id


class NotificationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Notification.Kind.choices)
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")


class NotificationViewSet(SafeLookup, viewsets.ReadOnlyModelViewSet):
    """The caller's reminders, newest first; ``POST …/read/`` marks one read."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, drawn unsigned
            return Notification.objects.none()
        return Notification.objects.for_user(self.request.user).select_related(
            "follow_up"
        )

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        notification_mark_read(notification=notification)
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)
