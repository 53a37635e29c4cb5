from django.urls import path

from prospects.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/progress/", views.import_progress, name="progress"),
    path("<int:pk>/failed.xlsx", views.import_failed_rows, name="failed"),
    path("<int:pk>/commit/", views.import_commit, name="commit"),
    path("templates/<slug:kind>-<slug:language>.xlsx", views.import_template, name="template"),
]  # fmt: skip
