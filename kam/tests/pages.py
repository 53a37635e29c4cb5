"""Every page of KAM, with a world of records to open them on: for the tests that
walk them all (a GET writes nothing; hostile paths and queries never answer 500).

``ROUTES`` gives the arguments of every route that takes any; a new route fails
``test_every_route_is_walked`` until it is added here.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import admin
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from devlog.models import DevelopmentEntry, Outcome
from notifications import services as notification_services
from notifications.models import Channel, Notification
from prospects import services as prospect_services
from prospects.models import Advantage, ImportBatch, Prospect
from prospects.tests import factories as prospect_factories
from visits import services as visit_services
from visits.models import CalendarFeed, FirstContact, Visit
from visits.tests import factories as visit_factories


@dataclass
class World:
    prospect: Prospect
    lost: Prospect
    planned: Visit
    unprepared: Visit  # planned before preparations were made with the plan
    held: Visit
    phone: FirstContact
    letter: FirstContact
    entry: DevelopmentEntry
    notification: Notification
    feed: CalendarFeed
    material: object
    meeting: object
    channel: object
    rows: dict


def build_world(*, rep, colleague, supervisor, manager):
    """An account of ``rep``'s worked with ``colleague``, with every kind of record."""
    prospect = prospect_factories.ProspectFactory(
        owner=rep, colleagues=[colleague], name="华鑫精密 Huaxin"
    )
    rows = {
        "financials": prospect_factories.FinancialStatementFactory(prospect=prospect),
        "contacts": prospect_factories.ContactFactory(prospect=prospect),
        "transactions": prospect_factories.MonthlyTransactionFactory(prospect=prospect),
        "competitors": prospect_factories.CompetitorFactory(prospect=prospect),
        "import": ImportBatch.objects.create(
            created_by=rep,
            kind="accounts",
            file_name="a.csv",
            content=b"name\nA\n",
            rows=1,
            errors=1,
            report={"errors": [{"row": 2, "column": "name", "message": "?"}]},
        ),
    }
    prospect_factories.SalesProfileFactory(prospect=prospect)
    prospect_factories.PurchaseFactorsFactory(prospect=prospect)
    prospect_factories.ForecastFactory(prospect=prospect)
    Advantage.objects.create(prospect=prospect, aspect="solution", note="Ours")
    planned = visit_factories.plan_visit(prospect, supervisor, co_visitors=[rep])
    unprepared = Visit.objects.create(
        prospect=prospect,
        lead_visitor=supervisor,
        planned_at=timezone.now() + timedelta(days=5),
        place="Their plant",
        created_by=rep,
    )
    held = visit_factories.held_visit(prospect, supervisor, co_visitors=[rep])
    lost = prospect_factories.ProspectFactory(owner=rep, status=Prospect.Status.LOST)
    lost.parent = prospect  # a group of two, for the group page
    prospect_services.prospect_save(prospect=lost)
    Outcome.objects.create(
        prospect=lost,
        result=Outcome.Result.LOST,
        decided_on=timezone.localdate(),
        decided_by=rep,
        summary="Too expensive",
        archived_at=timezone.now(),
    )
    meeting = visit_factories.meeting(manager, prospects=[prospect], attendees=[rep])
    return World(
        prospect=prospect,
        lost=lost,
        planned=planned,
        unprepared=unprepared,
        held=held,
        phone=visit_factories.first_contact(prospect),
        letter=visit_factories.first_contact(
            prospect, channel=FirstContact.Channel.LETTER
        ),
        entry=DevelopmentEntry.objects.create(
            prospect=prospect,
            occurred_at=timezone.now() - timedelta(days=1),
            person_met="王总",
            method=DevelopmentEntry.Method.MEAL,
            created_by=rep,
        ),
        notification=Notification.objects.create(
            follow_up=held.follow_up,
            kind=Notification.Kind.DUE,
            recipient=rep,
            created_at=timezone.now(),
            email_next_attempt_at=timezone.now(),
        ),
        feed=visit_services.calendar_feed_for(rep),
        material=visit_factories.material(planned),
        meeting=meeting,
        channel=notification_services.channel_save(
            channel=Channel(team=rep.team, kind="wecom", name="销售群"),
            kinds=["due"],
            # Nothing listens on port 9: a test message fails at once, harmlessly.
            address="http://127.0.0.1:9/cgi-bin/webhook/send?key=k",
        ),
        rows=rows,
    )


def _rows(kind):
    return {
        f"prospects/<int:pk>/{kind}/<int:row_pk>/{action}/": (
            lambda w, kind=kind: {"pk": w.prospect.pk, "row_pk": w.rows[kind].pk}
        )
        for action in ("edit", "delete")
    }


def _account(w):
    return {"pk": w.prospect.pk}


# Route → the arguments to open it with, from the world.
ROUTES = {
    **{
        f"prospects/<int:pk>/{page}": _account
        for page in (
            "",
            "edit/",
            "group/",
            "financials/",
            "transactions/",
            "advantages/",
            "profile.pdf",
            "sections/record/",
            "sales/",
            "purchase-factors/",
            "forecast/",
            "financials/new/",
            "contacts/new/",
            "transactions/new/",
            "competitors/new/",
        )
    },
    **_rows("financials"),
    **_rows("contacts"),
    **_rows("transactions"),
    **_rows("competitors"),
    "visits/calendar/<str:token>.ics": lambda w: {"token": w.feed.token},
    **{
        f"visits/meetings/<int:pk>/{page}": lambda w: {"pk": w.meeting.pk}
        for page in ("", "propose/", "close/", "edit/")
    },
    "visits/meetings/<int:pk>/defer/<int:prospect_pk>/": lambda w: {
        "pk": w.meeting.pk,
        "prospect_pk": w.prospect.pk,
    },
    "visits/meetings/<int:pk>/decide/<int:prospect_pk>/": lambda w: {
        "pk": w.meeting.pk,
        "prospect_pk": w.prospect.pk,
    },
    "visits/first-contact/new/<int:prospect_pk>/<str:channel>/": lambda w: {
        "prospect_pk": w.prospect.pk,
        "channel": "letter",
    },
    "visits/first-contact/<int:pk>/": lambda w: {"pk": w.phone.pk},
    "visits/first-contact/<int:pk>/letter.pdf": lambda w: {"pk": w.letter.pk},
    "visits/first-contact/<int:pk>/edit/": lambda w: {"pk": w.phone.pk},
    "visits/plan/<int:prospect_pk>/": lambda w: {"prospect_pk": w.prospect.pk},
    **{
        f"visits/<int:pk>/{page}": lambda w: {"pk": w.planned.pk}
        for page in (
            "",
            "edit/",
            "cancel/",
            "prepare/",
            "prepare/waive/",
            "materials/",
            "record/",
            "check-in/",
            "check-out/",
            "photo/",
        )
    },
    "visits/<int:pk>/record.pdf": lambda w: {"pk": w.held.pk},
    "visits/<int:pk>/follow-up/": lambda w: {"pk": w.held.pk},
    "visits/materials/<int:file_pk>/": lambda w: {"file_pk": w.material.pk},
    "visits/materials/<int:file_pk>/delete/": lambda w: {"file_pk": w.material.pk},
    "devlog/team/<str:key>.csv": lambda w: {"key": "funnel"},
    "devlog/team/<str:key>.xlsx": lambda w: {"key": "funnel"},
    **{
        f"devlog/<int:pk>/{page}": _account
        for page in (
            "",
            "entries/new/",
            "outcome/",
            "history/",
            "record.pdf",
            "profile.pdf",
            "dossier.zip",
        )
    },
    "devlog/<int:pk>/outcome/restore/": lambda w: {"pk": w.lost.pk},
    **{
        f"devlog/<int:pk>/entries/<int:entry_pk>/{action}/": lambda w: {
            "pk": w.prospect.pk,
            "entry_pk": w.entry.pk,
        }
        for action in ("edit", "delete")
    },
    "devlog/visit/<int:pk>/record.pdf": lambda w: {"pk": w.held.pk},
    "devlog/letter/<int:pk>/letter.pdf": lambda w: {"pk": w.letter.pk},
    "notifications/<int:pk>/read/": lambda w: {"pk": w.notification.pk},
    **{
        f"notifications/robots/<int:pk>/{page}": lambda w: {"pk": w.channel.pk}
        for page in ("edit/", "test/", "remove/")
    },
    **{
        f"imports/<int:pk>/{page}": lambda w: {"pk": w.rows["import"].pk}
        for page in ("", "progress/", "failed.xlsx", "commit/")
    },
    "imports/templates/<slug:kind>-<slug:language>.xlsx": lambda w: {
        "kind": "accounts",
        "language": "zh",
    },
    "prospects/<int:pk>/merge/": _account,
    # The REST API, opened signed in like any page (session authentication).
    **{
        f"api/v1/{resource}/<int:pk>/{action}": (
            lambda w, record=record: {"pk": record(w).pk}
        )
        for resource, record, actions in (
            ("accounts", lambda w: w.prospect, [""]),
            ("contacts", lambda w: w.rows["contacts"], [""]),
            ("financial-statements", lambda w: w.rows["financials"], [""]),
            ("transactions", lambda w: w.rows["transactions"], [""]),
            ("competitors", lambda w: w.rows["competitors"], [""]),
            ("forecasts", lambda w: w.prospect.forecast, [""]),
            ("visits", lambda w: w.held, ["", "record/"]),
            ("follow-ups", lambda w: w.held.follow_up, ["", "log/"]),
            ("development-entries", lambda w: w.entry, [""]),
            ("outcomes", lambda w: w.lost.outcome, ["", "restore/"]),
            ("notifications", lambda w: w.notification, ["", "read/"]),
        )
        for action in actions
    },
    "reports/team/<str:key>.csv": lambda w: {"key": "funnel"},
    "reports/team/<str:key>.xlsx": lambda w: {"key": "funnel"},
}

# The same pages in other states than the world's first records show them.
MORE = [
    lambda w: reverse("visits:detail", args=[w.unprepared.pk]),
    lambda w: reverse("visits:prepare", args=[w.unprepared.pk]),
    lambda w: reverse("visits:record", args=[w.unprepared.pk]),
    lambda w: reverse("visits:detail", args=[w.held.pk]),
    lambda w: reverse("prospects:detail", args=[w.lost.pk]),
    lambda w: reverse("prospects:group", args=[w.lost.pk]),
    lambda w: reverse("prospects:matrix") + "?by=group",
    lambda w: reverse("devlog:outcome", args=[w.lost.pk]),
    lambda w: (
        reverse("visits:first-contact-create", args=[w.prospect.pk, "email"])
        + "?draft=1"
    ),
    lambda w: reverse("visits:calendar") + "?month=2026-11",
    lambda w: reverse("devlog:archive") + "?q=Too",
    lambda w: reverse("prospects:list") + "?q=华鑫",
    lambda w: reverse("search") + "?q=huaxin",
    lambda w: reverse("search") + "?q=华鑫",
]

CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def routes(resolver=None, prefix=""):
    """Every route of the site, the admin's aside: its pattern as a string."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from routes(pattern, route)
        else:
            yield route


def fill(route, arguments):
    """The path of ``route`` with its converters replaced by ``arguments``."""
    return "/" + CONVERTER.sub(lambda m: str(arguments[m[1]]), route)


def every_url(world):
    """Every page of the site (the admin's too), opened on the world's records."""
    urls = []
    for route in routes():
        arguments = ROUTES[route](world) if CONVERTER.search(route) else {}
        urls.append(fill(route, arguments))
    return urls + [more(world) for more in MORE] + admin_urls()


def admin_urls():
    """The admin's list, add and change pages of every model it offers."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
    return urls


def read_whole(response):
    """A streamed answer (a file download) is read to its end, as a browser would
    (the test client closes it at the end)."""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response
