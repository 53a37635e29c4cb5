from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("team/", views.team_dashboard, name="team"),
    path(
        "team/<str:key>.csv",
        views.team_dashboard_export,
        {"fmt": "csv"},
        name="team-csv",
    ),
    path(
        "team/<str:key>.xlsx",
        views.team_dashboard_export,
        {"fmt": "xlsx"},
        name="team-xlsx",
    ),
    path("mine/", views.my_dashboard, name="mine"),
]
