from django.urls import path

from devlog import views
from kam.views import QueryKeepingRedirect

app_name = "devlog"

urlpatterns = [
    # The homes moved to reports/; addresses people kept still lead there.
    path("team/", QueryKeepingRedirect.as_view(pattern_name="reports:team")),
    path(
        "team/<str:key>.csv",
        QueryKeepingRedirect.as_view(pattern_name="reports:team-csv"),
    ),
    path(
        "team/<str:key>.xlsx",
        QueryKeepingRedirect.as_view(pattern_name="reports:team-xlsx"),
    ),
    path("mine/", QueryKeepingRedirect.as_view(pattern_name="reports:mine")),
    path("register/", views.register, name="register"),
    path("archive/", views.archive, name="archive"),
    path("<int:pk>/", views.sheet, name="sheet"),
    path("<int:pk>/entries/new/", views.entry_create, name="entry-create"),
    path("<int:pk>/entries/<int:entry_pk>/edit/", views.entry_edit, name="entry-edit"),
    path(
        "<int:pk>/entries/<int:entry_pk>/delete/",
        views.entry_delete,
        name="entry-delete",
    ),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/outcome/restore/", views.outcome_restore, name="restore"),
    path("<int:pk>/record.pdf", views.sheet_pdf, name="sheet-pdf"),
    path(
        "<int:pk>/profile.pdf",
        QueryKeepingRedirect.as_view(pattern_name="prospects:profile-pdf"),
    ),
    path("<int:pk>/dossier.zip", views.dossier, name="dossier"),
    path(
        "visit/<int:pk>/record.pdf",
        QueryKeepingRedirect.as_view(pattern_name="visits:record-pdf"),
    ),
    path(
        "letter/<int:pk>/letter.pdf",
        QueryKeepingRedirect.as_view(pattern_name="visits:letter-pdf"),
    ),
]
