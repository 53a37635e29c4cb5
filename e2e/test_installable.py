"""Journey 10: KAM installs on the phone. Its service worker registers for the whole
site without a console error, keeps the offline page and the static files, and the
manifest's icons load; nothing comes from another site."""

import json

import pytest
from django.urls import reverse

from e2e.pages import PHONE, service_worker_ready

ICON_SIZES = {"192x192", "512x512"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_service_worker_registers_and_keeps_the_offline_page(
    journey, with_password, rep, language
):
    page = journey.sign_in(with_password(rep), language, **PHONE)
    service_worker_ready(page)
    scope = page.evaluate(
        "navigator.serviceWorker.getRegistration().then((r) => r && r.scope)"
    )
    assert scope == journey.url("/")
    kept = page.evaluate(
        """async () => {
          const names = await caches.keys();
          const cache = await caches.open(names.find((n) => n.startsWith("kam-")));
          return (await cache.keys()).map((request) => new URL(request.url).pathname);
        }"""
    )
    assert reverse("offline") in kept
    assert "/static/css/kam.css" in kept
    assert "/static/js/drafts.js" in kept

    page.reload()  # now answered through the worker, still without an error
    assert page.evaluate("navigator.serviceWorker.controller !== null")


def test_the_manifest_and_its_icons_load(journey, with_password, rep):
    page = journey.sign_in(with_password(rep), "zh-hans", **PHONE)
    href = page.locator("link[rel=manifest]").get_attribute("href")
    answer = page.context.request.get(journey.url(href))
    assert answer.headers["content-type"] == "application/manifest+json"
    manifest = json.loads(answer.body())
    assert manifest["name"] == "KAM · 大客户开发"
    assert {icon["sizes"] for icon in manifest["icons"]} >= ICON_SIZES
    for icon in manifest["icons"]:
        image = page.context.request.get(journey.url(icon["src"]))
        assert image.ok
        assert image.headers["content-type"] == "image/png"


def test_a_page_out_of_signal_is_the_offline_page(journey, with_password, rep):
    page = journey.sign_in(with_password(rep), **PHONE)
    service_worker_ready(page)
    page.context.set_offline(True)
    journey.guard.expect_no_signal(reverse("prospects:list"))
    page.goto(journey.url(reverse("prospects:list")))
    assert page.locator("h1").inner_text() == "No signal"
    assert str(rep) not in page.content()
    page.context.set_offline(False)
