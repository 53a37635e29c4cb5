"""Journey: a rep makes a personal API token on their page, sees it once, opens the
API docs (Swagger UI, ours, under the strict CSP: no console error, nothing
off-site) and calls the API from a script with the token."""

import json
import urllib.request

import pytest
from django.urls import reverse

from e2e.pages import PHONE


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_rep_makes_a_token_and_reads_the_docs(journey, with_password, rep, language):
    page = journey.sign_in(with_password(rep), language)
    page.goto(journey.url(reverse("api-tokens")))
    page.locator("main input[name=name]").fill("ERP sync")
    page.locator("main form button[type=submit]").last.click()
    token = page.locator("#new-token").inner_text().strip()
    assert token.startswith("kam_")
    page.goto(journey.url(reverse("api-tokens")))  # opened again: not shown again
    assert page.locator("#new-token").count() == 0

    page.goto(journey.url(reverse("api:docs")))
    page.locator(".swagger-ui .opblock-tag").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() > 20

    request = urllib.request.Request(
        journey.url("/api/v1/accounts/"),
        headers={"Authorization": f"Token {token}", "Accept-Language": language},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert json.load(answer)["count"] == 0


def test_the_token_page_on_a_phone(journey, with_password, rep):
    page = journey.sign_in(with_password(rep), "zh-hans", **PHONE)
    page.goto(journey.url(reverse("api-tokens")))
    page.locator("main input[name=name]").fill("BI 报表")
    page.locator("main form button[type=submit]").last.click()
    page.locator("#new-token").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"]
