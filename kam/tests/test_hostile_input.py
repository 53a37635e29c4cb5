"""Every form, fed random and hostile values: never a 500, always a clear answer,
and a refused form leaves nothing half-saved."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from accounts.tests.factories import UserFactory
from kam.tests.pages import CONVERTER, ROUTES, build_world, fill, routes
from notifications import services as notification_services
from notifications.models import Channel
from prospects.tests.factories import ProspectFactory
from visits import services as visit_services
from visits.models import MethodMeeting, Visit, VisitPreparation
from visits.tests import factories as visit_factories

NASTY = [
    "",
    " ",
    "-1",
    "-0.01",
    "0",
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "9" * 40,
    "0.000000000000000000001",
    "1,000,000",
    "２０２５",  # full-width digits
    "2026-13-45",
    "2026-02-30T25:61",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE prospects_prospect; --",
    "😀" * 40,
    "\u202eevil",
    "a\x00b",
    "中文" * 200,
    "x" * 6000,
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=200),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
HYPOTHESIS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OUR_APPS = ("accounts", "prospects", "visits", "devlog", "notifications")
CURRENT = object()  # stands for the version the edit form was loaded with
VERSIONS = ("version", "versions")  # the advantages form carries one per aspect


def field_values(fields):
    """Hostile values for every field; the version is the loaded one half the time,
    so the values reach the form's own checks instead of all ending as conflicts."""
    return st.fixed_dictionaries(
        {
            field: st.one_of(st.just(CURRENT), VALUES) if field in VERSIONS else VALUES
            for field in fields
        }
    )


def loaded_version(client, url, field="version"):
    page = client.get(url).content.decode()
    found = re.search(
        rf'<input type="hidden" name="{field}"(?: value="([^"]*)")?', page
    )
    assert found, f"{url} does not render the version it was loaded with"
    return found.group(1) or ""


def _snapshot_sql():
    """One query over every table of ours: each versioned row's pk and version,
    each other table's row count."""
    quote = connection.ops.quote_name
    parts = []
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            opts = model._meta
            table = quote(opts.db_table)
            if any(f.name == "version" for f in opts.fields):
                pk = f"CAST({quote(opts.pk.column)} AS TEXT)"
                version = quote(opts.get_field("version").column)
                parts.append(f"SELECT '{opts.label}', {pk}, {version} FROM {table}")
            else:
                parts.append(f"SELECT '{opts.label}', NULL, COUNT(*) FROM {table}")
    return " UNION ALL ".join(parts)


def snapshot():
    """Rows and versions of every record of ours: what a refused form must not move."""
    state = {}
    with connection.cursor() as cursor:
        cursor.execute(_snapshot_sql())
        for label, pk, number in cursor.fetchall():
            state.setdefault(label, []).append((pk, number))
    return {label: sorted(rows) for label, rows in state.items()}


@pytest.fixture
def world(rep, supervisor, manager):
    prospect = ProspectFactory(owner=rep)
    planned = visit_services.visit_plan(
        visit=Visit(
            prospect=prospect,
            lead_visitor=supervisor,
            planned_at=timezone.now() - timedelta(hours=2),
            place="Office",
            created_by=rep,
        ),
        co_visitors=[rep],
    )
    VisitPreparation.objects.filter(visit=planned).update(
        waived_by=manager, waiver_reason="test"
    )
    meeting = MethodMeeting.objects.create(
        team=rep.team, called_by=manager, held_on=timezone.now()
    )
    meeting.prospects.add(prospect)
    meeting.attendees.add(rep)
    held = visit_factories.held_visit(prospect, supervisor, co_visitors=[rep])
    robot = notification_services.channel_save(
        channel=Channel(team=rep.team, kind="wecom", name="销售群"),
        kinds=["due"],
        address="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    )
    return {
        "prospect": prospect,
        "visit": planned,
        "held": held,
        "meeting": meeting,
        "robot": robot,
    }


# (URL name, arguments from the world, the form's fields, who posts)
FORMS = [
    ("prospects:create", lambda w: [], ["name", "owner", "colleagues", "product_category", "customer_nature", "service_content", "industry", "region", "size", "address", "website", "description"], "rep"),
    ("prospects:edit", lambda w: [w["prospect"].pk], ["version", "name", "owner", "region", "size", "website"], "manager"),
    ("prospects:financials-create", lambda w: [w["prospect"].pk], ["period", "revenue", "net_profit", "total_assets", "current_assets", "current_liabilities", "accounts_receivable", "inventory", "cost_of_sales"], "rep"),
    ("prospects:contacts-create", lambda w: [w["prospect"].pk], ["name", "position", "purchase_role", "phone", "email", "personality", "family_notes"], "rep"),
    ("prospects:transactions-create", lambda w: [w["prospect"].pk], ["month", "our_sales", "purchase_volume", "notes"], "rep"),
    ("prospects:competitors-create", lambda w: [w["prospect"].pk], ["name", "risk", "strengths", "weaknesses"], "rep"),
    ("prospects:sales", lambda w: [w["prospect"].pk], ["buyers", "buyer_gender", "buyer_age", "marketing", "version"], "rep"),
    ("prospects:purchase-factors", lambda w: [w["prospect"].pk], ["purchase_cost", "purchase_cost_notes", "technical_content", "policy_social", "version"], "rep"),
    ("prospects:forecast", lambda w: [w["prospect"].pk], ["expected_sales", "margin", "inventory_interest", "staff_cost", "travel_cost", "management_cost", "risk_coefficient", "version"], "rep"),
    ("prospects:advantages", lambda w: [w["prospect"].pk], ["lower_cost_note", "lower_cost_evidence", "solution_note", "versions"], "rep"),
    ("visits:plan", lambda w: [w["prospect"].pk], ["planned_at", "place", "method", "lead_visitor", "co_visitors", "purpose"], "rep"),
    ("visits:first-contact-create", lambda w: [w["prospect"].pk, "letter"], ["contacted_at", "contact", "guidance_checked", "content", "response", "duration_minutes", "progress", "attitude"], "rep"),
    ("visits:prepare", lambda w: [w["visit"].pk], ["version", "discussion_at", "participants", "colleague_suggestions", "economy_done", "economy_notes", "judgement"], "rep"),
    ("visits:record", lambda w: [w["visit"].pk], ["version", "held_at", "place", "method", "people_met", "talking_points", "customer_views", "duration_minutes", "progress", "attitude"], "rep"),
    ("visits:check-in", lambda w: [w["visit"].pk], ["location", "latitude", "longitude", "accuracy"], "supervisor"),
    ("visits:photo", lambda w: [w["visit"].pk], ["kind", "file", "back"], "rep"),
    ("visits:follow-up", lambda w: [w["held"].pk], ["version", "method", "done_at", "person_contacted", "customer_opinion", "next_step", "duration_minutes", "progress", "attitude"], "rep"),
    ("visits:meeting-create", lambda w: [], ["held_on", "prospects", "attendees", "briefing"], "manager"),
    ("visits:meeting-propose", lambda w: [w["meeting"].pk], ["prospect", "method", "rationale"], "rep"),
    ("devlog:entry-create", lambda w: [w["prospect"].pk], ["occurred_at", "person_met", "method", "duration_minutes", "progress", "attitude", "remarks"], "rep"),
    ("devlog:outcome", lambda w: [w["prospect"].pk], ["result", "decided_on", "summary", "reasons", "approach_again_on", "version"], "rep"),
    ("notifications:channel-create", lambda w: [], ["kind", "name", "address", "secret", "kinds", "language"], "manager"),
    ("notifications:channel-edit", lambda w: [w["robot"].pk], ["version", "name", "address", "secret", "kinds", "language"], "manager"),
    ("notifications:preferences", lambda w: [], ["mobile", "muted_kinds"], "rep"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "args", "fields", "who"), FORMS, ids=[f[0] for f in FORMS]
)
def test_hostile_values_never_break_a_form(
    client, world, request, name, args, fields, who
):
    client.force_login(request.getfixturevalue(who))
    url = reverse(name, args=args(world))

    @HYPOTHESIS
    @given(field_values(fields))
    def post(data):
        for field in VERSIONS:
            if data.get(field) is CURRENT:
                data[field] = loaded_version(client, url, field)
        before = snapshot()
        response = client.post(url, data)
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code != 302:
            assert snapshot() == before, "a refused form changed the database"
        if response.status_code == 200:
            page = response.content.decode()
            assert (
                "is-invalid" in page
                or "alert-danger" in page
                or "invalid-feedback" in page
            )
            assert "<script>alert(1)</script>" not in page  # echoed back, escaped

    post()


def test_ten_megabytes_of_text_is_refused_and_changes_nothing(client, world, rep):
    client.force_login(rep)
    before = snapshot()
    response = client.post(
        reverse("prospects:contacts-create", args=[world["prospect"].pk]),
        {"name": "王总", "personality": "长" * (10 * 1024 * 1024 // 3)},
    )
    assert response.status_code == 400
    assert "The request could not be understood." in response.content.decode()
    assert snapshot() == before


def test_a_manager_of_another_team_cannot_post_into_the_account(client, world):
    stranger = UserFactory(role=Role.MANAGER)
    client.force_login(stranger)
    before = snapshot()
    response = client.post(
        reverse("prospects:financials-create", args=[world["prospect"].pk]),
        {"period": "2024", "revenue": "1"},
    )
    assert response.status_code == 404
    assert snapshot() == before


# Forms that post to their own URL but are shown on another page.
SHOWN_ON = {
    "visits:meeting-propose": ("visits:meeting", "proposal_form"),
    "visits:check-in": ("visits:detail", "check_form"),
    "visits:photo": ("visits:detail", "photo_form"),
}


@pytest.mark.parametrize(
    ("name", "args", "who"),
    [(f[0], f[1], f[3]) for f in FORMS],
    ids=[f[0] for f in FORMS],
)
def test_every_field_of_the_form_is_on_its_page(
    client, world, request, name, args, who
):
    """A crispy layout that leaves a field out renders without it, and the save
    then blanks it: every field the form takes must be on the page."""
    client.force_login(request.getfixturevalue(who))
    page_name, form_name = SHOWN_ON.get(name, (name, "form"))
    response = client.get(reverse(page_name, args=args(world)))
    assert response.status_code == 200
    page = response.content.decode()
    form = response.context[form_name]
    missing = [
        field.html_name for field in form if f'name="{field.html_name}"' not in page
    ]
    assert missing == []


# Hostile paths and queries, on every URL, signed in and not: a NUL or an
# over-long value answers 400 (404 for a path no route takes), never a 500.

REFUSED = (400, 404)


def hostile_shapes(path):
    """The hostile versions of one page's address."""
    return [
        path + "?q=a%00b",
        path + "?a%00b=1",
        path + "?q=" + "x" * 5000,
        path + "?page=" + "9" * 2000,
        path + "&".join(f"?f{n}=1" for n in range(2000)),
        path.rstrip("/") + "%00/",
        path + "x" * 3000,
    ]


def with_nul_arguments(route, arguments):
    """The route with a NUL in every text argument (a token, a key, a channel)."""
    text = {
        name: "a\x00b" for name, value in arguments.items() if isinstance(value, str)
    }
    return fill(route, {**arguments, **text}) if text else None


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "signed-out"])
def test_nul_and_over_long_values_are_refused_on_every_url(
    client, rep, colleague, supervisor, manager, signed_in
):
    world = build_world(
        rep=rep, colleague=colleague, supervisor=supervisor, manager=manager
    )
    if signed_in:
        client.force_login(rep)
    found = {}
    for route in routes():
        arguments = ROUTES[route](world) if CONVERTER.search(route) else {}
        path = fill(route, arguments)
        shapes = [*hostile_shapes(path), with_nul_arguments(route, arguments)]
        for url in filter(None, shapes):
            for method in (client.get, client.post):
                status = method(url).status_code
                if status not in REFUSED:
                    found[f"{method.__name__.upper()} {url[:80]}"] = status
    assert found == {}


def test_the_examples_that_answered_500(client, rep):
    client.force_login(rep)
    assert client.get("/visits/calendar/a%00b.ics").status_code in REFUSED
    assert client.get("/devlog/archive/?q=%00").status_code == 400
    assert "The request could not be understood." in (
        client.get("/prospects/?q=%00").content.decode()
    )


class Unreadable:
    """A request body that must not be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(
    client, world, rep, settings
):
    client.force_login(rep)
    response = client.post(
        reverse("visits:material-upload", args=[world["visit"].pk]),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.KAM_MAX_UPLOAD_BYTES * 3),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "The request is too large." in response.content.decode()
