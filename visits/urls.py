from django.urls import path

from kam.views import QueryKeepingRedirect
from visits import views

app_name = "visits"

urlpatterns = [
    path("", views.visit_list, name="list"),
    path("calendar/", views.calendar, name="calendar"),
    path("check-ins/", views.check_ins, name="check-ins"),
    path("calendar/renew/", views.calendar_feed_renew, name="calendar-renew"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    # The inbox moved to notifications/; addresses people kept still lead there.
    path(
        "notifications/",
        QueryKeepingRedirect.as_view(pattern_name="notifications:inbox"),
    ),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<int:pk>/defer/<int:prospect_pk>/",
        views.meeting_defer,
        name="meeting-defer",
    ),
    path("meetings/<int:pk>/propose/", views.meeting_propose, name="meeting-propose"),
    path(
        "meetings/<int:pk>/decide/<int:prospect_pk>/",
        views.meeting_decide,
        name="meeting-decide",
    ),
    path("meetings/<int:pk>/close/", views.meeting_close, name="meeting-close"),
    path(
        "first-contact/new/<int:prospect_pk>/<str:channel>/",
        views.first_contact_create,
        name="first-contact-create",
    ),
    path("first-contact/<int:pk>/", views.first_contact_detail, name="first-contact"),
    path(
        "first-contact/<int:pk>/edit/",
        views.first_contact_edit,
        name="first-contact-edit",
    ),
    path("first-contact/<int:pk>/letter.pdf", views.letter_pdf, name="letter-pdf"),
    path("plan/<int:prospect_pk>/", views.visit_plan, name="plan"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/edit/", views.visit_edit, name="edit"),
    path("<int:pk>/cancel/", views.visit_cancel, name="cancel"),
    path("<int:pk>/prepare/", views.visit_prepare, name="prepare"),
    path("<int:pk>/prepare/waive/", views.visit_waive, name="waive"),
    path("<int:pk>/materials/", views.material_upload, name="material-upload"),
    path("materials/<int:file_pk>/", views.material_download, name="material"),
    path(
        "materials/<int:file_pk>/delete/", views.material_delete, name="material-delete"
    ),
    path("<int:pk>/check-in/", views.visit_check_in, name="check-in"),
    path("<int:pk>/check-out/", views.visit_check_out, name="check-out"),
    path("<int:pk>/photo/", views.visit_photo, name="photo"),
    path("<int:pk>/record/", views.visit_record, name="record"),
    path("<int:pk>/record.pdf", views.visit_pdf, name="record-pdf"),
    path("<int:pk>/follow-up/", views.follow_up_log, name="follow-up"),
]
