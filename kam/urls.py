from django.contrib import admin
from django.urls import include, path

from kam import pwa, views
from kam.search import search_page
from reports import views as reports_views

admin.site.site_header = "KAM"
admin.site.site_title = "KAM"

urlpatterns = [
    path("", reports_views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
    path("search/", search_page, name="search"),
    path("accounts/", include("accounts.urls")),
    path("prospects/", include("prospects.urls")),
    path("imports/", include("prospects.imports.urls")),
    path("visits/", include("visits.urls")),
    path("devlog/", include("devlog.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("kam.api.urls")),
    path("admin/", admin.site.urls),
]
