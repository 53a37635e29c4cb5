"""KAM as an installable web app: the manifest, the service worker and the page it
shows when there is no signal (docs/field-work.md).

The service worker is served from the site's root so that it may control every
page, and is rendered rather than static so that it names the static files by the
URLs the pages use (hashed in production). It keeps only those files and the
offline page: pages with customer data never go into its cache.
"""

import hashlib
import json
import os

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

# What every page loads, so that the offline page and a page opened before the
# signal went look as they should.
ASSETS = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/kam.css",
    "js/kam.js",
    "js/field.js",
    "js/drafts.js",
    "img/favicon.svg",
    "img/favicon.ico",
    "img/icon-192.png",
    "img/icon-512.png",
]
ICONS = [
    {"src": "img/icon-192.png", "sizes": "192x192", "purpose": "any"},
    {"src": "img/icon-512.png", "sizes": "512x512", "purpose": "any"},
    {"src": "img/icon-maskable-512.png", "sizes": "512x512", "purpose": "maskable"},
]
BRAND = "#1d4e89"


def hashed_names():
    """Whether static URLs change with their content (production's storage)."""
    return isinstance(staticfiles_storage, ManifestFilesMixin)


def assets_version(urls):
    """Changes whenever a cached file does, so the new worker replaces the old cache.
    With hashed names the URLs say it; without them (development), the files' sizes
    and times do."""
    digest = hashlib.sha256("\n".join(urls).encode())
    if not hashed_names():
        for name in ASSETS:
            found = finders.find(name)
            if found:
                stat = os.stat(found)
                digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


@login_not_required
def manifest(request):
    body = {
        "name": _("KAM · Key-account development"),
        "short_name": "KAM",
        "description": _("Key accounts, visits and follow-ups, on the phone too."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": BRAND,
        "icons": [
            {**icon, "src": static(icon["src"]), "type": "image/png"} for icon in ICONS
        ],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )


@login_not_required
@never_cache
def service_worker(request):
    urls = [static(name) for name in ASSETS]
    response = render(
        request,
        "pwa/sw.js",
        {
            "version": assets_version(urls),
            "assets": json.dumps(urls),
            "offline_url": json.dumps(reverse("offline")),
            "static_prefix": json.dumps(settings.STATIC_URL),
            "cache_first": json.dumps(hashed_names()),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
def offline(request):
    """Kept by the service worker and shown when a page cannot be reached. It is
    cached, so it shows nobody's name or data: whoever holds the phone may see it."""
    request.user = AnonymousUser()
    return render(request, "pwa/offline.html", {"title": _("No signal")})
