"""Each app that names records in its URLs walks them all in its own scoping test
(prospects, visits and devlog ``test_scoping.py``); a new app doing so must too."""

from django.urls import URLPattern, URLResolver, get_resolver

# reports' addresses name a table of the team's figures, not a record: its
# test_scope.py shows every role reaching only its own team's.
APPS_WITH_A_SCOPING_TABLE = {
    "prospects",
    "visits",
    "devlog",
    "notifications",
    "reports",
    "imports",  # prospects/tests/test_import_pages.py: someone else's import is not there
    # The REST API: kam/tests/test_api_scoping.py walks every resource per role.
    "api",
}
STAFF_ONLY = {"admin"}  # the Django admin: staff only, admins see everything


def namespaces_naming_records(resolver=None, namespace=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from namespaces_naming_records(
                pattern, pattern.namespace or namespace, route
            )
        elif isinstance(pattern, URLPattern) and "<" in route:
            yield namespace


def test_every_url_naming_a_record_belongs_to_an_app_with_a_scoping_table():
    assert set(namespaces_naming_records()) == APPS_WITH_A_SCOPING_TABLE | STAFF_ONLY


def test_the_admin_sends_everyone_but_staff_to_sign_in(client, manager):
    client.force_login(manager)
    response = client.get("/admin/prospects/prospect/1/change/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
