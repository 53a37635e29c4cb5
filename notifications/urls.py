from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("settings/", views.preferences, name="preferences"),
    path("robots/", views.channel_list, name="channels"),
    path("robots/add/", views.channel_create, name="channel-create"),
    path("robots/<int:pk>/edit/", views.channel_edit, name="channel-edit"),
    path("robots/<int:pk>/test/", views.channel_test, name="channel-test"),
    path("robots/<int:pk>/remove/", views.channel_delete, name="channel-delete"),
]
