"""What the search box finds in visit records (kam.search): words in the record
sheet's text — who was met, the talking points, the customer's views, the
suggestions."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kam.search import Hit, Kind, narrowed, snippet, terms
from visits.models import Visit

FIELDS = Visit.SEARCHED


def find_visits(user, query, limit):
    word = terms(query)[0]
    condition = Q()
    for name in FIELDS:
        condition |= Q(**{f"{name}__icontains": word})
    rows = (
        narrowed(Visit.objects.visible_to(user), word)
        .filter(condition)
        .select_related("prospect")
        .only("pk", "held_at", "planned_at", "prospect__name", *FIELDS)
        .order_by("-pk")[:limit]
    )
    return [Hit(str(row), row.get_absolute_url(), _found(row, word)) for row in rows]


def _found(row, word):
    for name in FIELDS:
        text = getattr(row, name)
        if word in text.lower():
            return snippet(text, word)
    return ""


KIND = Kind("visits", _("Visit records"), "geo-alt", find_visits, order=40)
