"""KAM installs as a web app: a manifest with icons, a service worker at the root that
keeps only our static files and an offline page, under a strict CSP."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from kam import pwa


def test_the_manifest_describes_an_installable_app(client):
    response = client.get(reverse("manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone"
    assert (manifest["start_url"], manifest["scope"]) == ("/", "/")
    assert manifest["short_name"] == "KAM"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])


def test_the_manifest_speaks_the_user_s_language(client):
    client.cookies["django_language"] = "zh-hans"
    manifest = json.loads(client.get(reverse("manifest")).content)
    assert (manifest["lang"], manifest["name"]) == ("zh-hans", "KAM · 大客户开发")


def test_every_icon_is_a_png_of_its_stated_size(client):
    manifest = json.loads(client.get(reverse("manifest")).content)
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert "{}x{}".format(*image.size) == icon["sizes"]


def test_pages_link_the_manifest(client, rep):
    client.force_login(rep)
    page = client.get(reverse("home")).content.decode()
    assert f'<link rel="manifest" href="{reverse("manifest")}">' in page
    assert f'data-kam-sw="{reverse("service-worker")}"' in page


def test_the_service_worker_is_served_from_the_root_without_signing_in(client):
    response = client.get(reverse("service-worker"))
    assert reverse("service-worker") == "/sw.js"
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]


def _cached_urls(body):
    return json.loads(re.search(r"const ASSETS = (\[.*?\]);", body).group(1))


def test_the_service_worker_keeps_every_static_file_the_pages_load(client, rep):
    body = client.get(reverse("service-worker")).content.decode()
    cached = _cached_urls(body)
    client.force_login(rep)
    page = client.get(reverse("home")).content.decode()
    loaded = re.findall(
        r'<(?:script|link rel="stylesheet") [^>]*(?:src|href)="(/static/[^"]+)"', page
    )
    assert loaded
    assert set(loaded) <= set(cached)
    assert 'const OFFLINE_URL = "/offline/";' in body


def test_every_file_the_service_worker_keeps_exists(client):
    for url in _cached_urls(client.get(reverse("service-worker")).content.decode()):
        assert finders.find(url.removeprefix("/static/")), url


def test_the_worker_s_cache_changes_name_when_a_file_changes(settings, tmp_path):
    urls = ["/static/css/kam.css"]
    assert pwa.assets_version(urls) == pwa.assets_version(urls)
    assert pwa.assets_version(urls) != pwa.assets_version([*urls, "/static/x.css"])


def test_nothing_off_site_and_no_inline_script_in_the_worker(client):
    body = client.get(reverse("service-worker")).content.decode()
    assert "http://" not in body
    assert "https://" not in body
    assert "importScripts" not in body


def test_the_offline_page_shows_nobody_s_name(client, rep):
    client.force_login(rep)
    response = client.get(reverse("offline"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "data-kam-offline" in page
    assert str(rep) not in page
    assert 'data-kam-user=""' in page


def test_the_offline_page_needs_no_sign_in(client):
    assert client.get(reverse("offline")).status_code == 200


@pytest.mark.parametrize("directive", ["manifest-src 'self'", "worker-src 'self'"])
def test_the_csp_allows_our_own_manifest_and_worker_only(client, directive):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert directive in policy
    assert "'unsafe-inline'" not in policy
