"""``/api/v1/``: each app's resources under one version, and the schema and docs.

Routes are written out (no router) so every address is a plain path with typed
arguments, like the rest of the site."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from devlog.api import EntryViewSet, OutcomeViewSet
from kam.api.docs import DocsView
from notifications.api import NotificationViewSet
from prospects.api import (
    AccountViewSet,
    CompetitorViewSet,
    ContactViewSet,
    FinancialStatementViewSet,
    ForecastViewSet,
    TransactionViewSet,
)
from visits.api import FollowUpViewSet, VisitViewSet

app_name = "api"

WRITABLE = (
    {"get": "list", "post": "create"},
    {"get": "retrieve", "patch": "partial_update"},
)
READ_ONLY = {"get": "list"}, {"get": "retrieve"}


def resource(prefix, viewset, methods=WRITABLE, actions=()):
    """The list and detail routes of ``viewset`` (and its detail actions)."""
    many, one = methods
    routes = [
        path(
            f"v1/{prefix}/",
            login_not_required(viewset.as_view(many)),
            name=f"{prefix}-list",
        ),
        path(
            f"v1/{prefix}/<int:pk>/",
            login_not_required(viewset.as_view(one)),
            name=f"{prefix}-detail",
        ),
    ]
    for action in actions:
        routes.append(
            path(
                f"v1/{prefix}/<int:pk>/{action}/",
                login_not_required(viewset.as_view({"post": action})),
                name=f"{prefix}-{action}",
            )
        )
    return routes


urlpatterns = [
    *resource("accounts", AccountViewSet),
    *resource("contacts", ContactViewSet),
    *resource("financial-statements", FinancialStatementViewSet),
    *resource("transactions", TransactionViewSet),
    *resource("competitors", CompetitorViewSet),
    *resource("forecasts", ForecastViewSet, READ_ONLY),
    *resource("visits", VisitViewSet, actions=["record"]),
    *resource("follow-ups", FollowUpViewSet, READ_ONLY, actions=["log"]),
    *resource("development-entries", EntryViewSet),
    *resource("outcomes", OutcomeViewSet, actions=["restore"]),
    *resource("notifications", NotificationViewSet, READ_ONLY, actions=["read"]),
    path(
        "schema/",
        login_not_required(SpectacularAPIView.as_view()),
        name="schema",
    ),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
]
