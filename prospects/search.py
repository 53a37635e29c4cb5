"""What the search box finds among accounts, contacts and competitors (kam.search).

Contacts are found by name and position only: their private notes never."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kam.search import Hit, Kind, narrowed, terms
from prospects.models import Competitor, Contact, Prospect


def matching(query):
    condition = Q()
    for term in terms(query):
        condition |= Q(search_text__contains=term)
    return condition


def _found(model, user, query):
    return narrowed(model.objects.visible_to(user), query).filter(matching(query))


def find_accounts(user, query, limit):
    rows = (
        _found(Prospect, user, query)
        .only("pk", "name", "region", "credit_code")
        .order_by("name")[:limit]
    )
    return [
        Hit(row.name, row.get_absolute_url(), " · ".join(
            part for part in (row.region, row.credit_code) if part
        ))
        for row in rows
    ]  # fmt: skip


def find_contacts(user, query, limit):
    rows = (
        _found(Contact, user, query)
        .select_related("prospect")
        .only("pk", "name", "position", "prospect__name")
        .order_by("name", "pk")[:limit]
    )
    return [
        Hit(
            row.name,
            row.prospect.get_absolute_url() + "#decision-makers",
            " · ".join(part for part in (row.position, row.prospect.name) if part),
        )
        for row in rows
    ]


def find_competitors(user, query, limit):
    rows = (
        _found(Competitor, user, query)
        .select_related("prospect")
        .only("pk", "name", "prospect__name")
        .order_by("name", "pk")[:limit]
    )
    return [
        Hit(
            row.name,
            row.prospect.get_absolute_url() + "#competitors",
            row.prospect.name,
        )
        for row in rows
    ]


KINDS = [
    Kind("accounts", _("Key accounts"), "buildings", find_accounts, order=10),
    Kind("contacts", _("Contacts"), "person-vcard", find_contacts, order=20),
    Kind("competitors", _("Competitors"), "shield-exclamation", find_competitors, order=30),
]  # fmt: skip
