"""The API's OpenAPI schema: it validates, it lists exactly the endpoints the
tests cover, and a property-based run against it (schemathesis) finds no 500 and
no answer that breaks it."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from accounts.services import api_token_create
from kam.tests.pages import build_world

# Every operation, and the test files that exercise it (beyond the scoping walk in
# test_api_scoping.py and the property-based run below, which call them all).
COVERED = {
    ("get", "/api/v1/accounts/"): "prospects/tests/test_api.py",
    ("post", "/api/v1/accounts/"): "prospects/tests/test_api.py",
    ("get", "/api/v1/accounts/{id}/"): "prospects/tests/test_api.py",
    ("patch", "/api/v1/accounts/{id}/"): "prospects/tests/test_api.py",
    ("get", "/api/v1/contacts/"): "prospects/tests/test_api.py",
    ("post", "/api/v1/contacts/"): "prospects/tests/test_api.py",
    ("get", "/api/v1/contacts/{id}/"): "prospects/tests/test_api.py",
    ("patch", "/api/v1/contacts/{id}/"): "prospects/tests/test_api_parts.py",
    ("get", "/api/v1/financial-statements/"): "prospects/tests/test_api.py",
    ("post", "/api/v1/financial-statements/"): "prospects/tests/test_api.py",
    ("get", "/api/v1/financial-statements/{id}/"): "kam/tests/test_api_scoping.py",
    (
        "patch",
        "/api/v1/financial-statements/{id}/",
    ): "prospects/tests/test_api_parts.py",
    ("get", "/api/v1/transactions/"): "prospects/tests/test_api.py",
    ("post", "/api/v1/transactions/"): "prospects/tests/test_api_parts.py",
    ("get", "/api/v1/transactions/{id}/"): "kam/tests/test_api_scoping.py",
    ("patch", "/api/v1/transactions/{id}/"): "prospects/tests/test_api_parts.py",
    ("get", "/api/v1/competitors/"): "prospects/tests/test_api.py",
    ("post", "/api/v1/competitors/"): "prospects/tests/test_api_parts.py",
    ("get", "/api/v1/competitors/{id}/"): "kam/tests/test_api_scoping.py",
    ("patch", "/api/v1/competitors/{id}/"): "prospects/tests/test_api_parts.py",
    ("get", "/api/v1/forecasts/"): "kam/tests/test_api_scoping.py",
    ("get", "/api/v1/forecasts/{id}/"): "prospects/tests/test_api.py",
    ("get", "/api/v1/visits/"): "visits/tests/test_api.py",
    ("post", "/api/v1/visits/"): "visits/tests/test_api.py",
    ("get", "/api/v1/visits/{id}/"): "visits/tests/test_api.py",
    ("patch", "/api/v1/visits/{id}/"): "visits/tests/test_api.py",
    ("post", "/api/v1/visits/{id}/record/"): "visits/tests/test_api.py",
    ("get", "/api/v1/follow-ups/"): "kam/tests/test_api_scoping.py",
    ("get", "/api/v1/follow-ups/{id}/"): "kam/tests/test_api_scoping.py",
    ("post", "/api/v1/follow-ups/{id}/log/"): "visits/tests/test_api.py",
    ("get", "/api/v1/development-entries/"): "kam/tests/test_api_scoping.py",
    ("post", "/api/v1/development-entries/"): "devlog/tests/test_api.py",
    ("get", "/api/v1/development-entries/{id}/"): "kam/tests/test_api_scoping.py",
    ("patch", "/api/v1/development-entries/{id}/"): "devlog/tests/test_api.py",
    ("get", "/api/v1/outcomes/"): "kam/tests/test_api_scoping.py",
    ("post", "/api/v1/outcomes/"): "devlog/tests/test_api.py",
    ("get", "/api/v1/outcomes/{id}/"): "kam/tests/test_api_scoping.py",
    ("patch", "/api/v1/outcomes/{id}/"): "notifications/tests/test_webhooks.py",
    ("post", "/api/v1/outcomes/{id}/restore/"): "devlog/tests/test_api.py",
    ("get", "/api/v1/notifications/"): "notifications/tests/test_api.py",
    ("get", "/api/v1/notifications/{id}/"): "notifications/tests/test_api.py",
    ("post", "/api/v1/notifications/{id}/read/"): "notifications/tests/test_api.py",
}


def the_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    return {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "post", "patch", "put", "delete")
    }


def test_the_schema_validates():
    validate_schema(the_schema())


def test_every_operation_in_the_schema_is_covered():
    assert operations(the_schema()) == set(COVERED)


def test_the_schema_and_docs_are_served(client, rep):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "KAM API"
    assert client.get("/api/docs/").status_code == 302  # sign in first
    client.force_login(rep)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "<script>" not in page  # no inline script: the CSP stays strict
    assert "<style" not in page
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


# --- Property-based: schemathesis against the running app ----------------------------

API = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def token(rep, colleague, supervisor, manager):
    build_world(rep=rep, colleague=colleague, supervisor=supervisor, manager=manager)
    return api_token_create(user=rep, name="schemathesis")[1]


@pytest.fixture
def _one_connection():
    """As Django's test client does: a request through the WSGI app keeps the
    test's database connection (and its transaction) open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_CLASSES": [],
    }
    from rest_framework.settings import api_settings

    api_settings.reload()
    yield
    api_settings.reload()


@API.parametrize()
@pytest.mark.usefixtures("_one_connection")
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_answer_is_a_500_or_breaks_the_schema(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance],
        excluded_checks=[],
    )


def test_the_schema_generates_without_a_warning(tmp_path):
    """A warning (two choice sets named alike) fails `check --deploy` in production."""
    from django.core.management import call_command

    call_command(
        "spectacular", "--fail-on-warn", "--validate", "--file", tmp_path / "api.yaml"
    )
