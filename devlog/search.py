"""What the search box finds in development records (kam.search): the person met
and the remarks of each entry."""

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from devlog.models import DevelopmentEntry
from kam.search import Hit, Kind, narrowed, snippet, terms


def find_entries(user, query, limit):
    word = terms(query)[0]
    rows = (
        narrowed(DevelopmentEntry.objects.visible_to(user), word)
        .filter(Q(remarks__icontains=word) | Q(person_met__icontains=word))
        .select_related("prospect")
        .only("pk", "occurred_at", "person_met", "remarks", "prospect__name")
        .order_by("-pk")[:limit]
    )
    return [
        Hit(
            f"{row.prospect.name} · {date_format(localtime(row.occurred_at), 'Y-m-d')}",
            row.prospect.get_absolute_url() + "#record",
            snippet(
                row.remarks if word in row.remarks.lower() else row.person_met, word
            ),
        )
        for row in rows
    ]


KIND = Kind("entries", _("Development records"), "journal-text", find_entries, order=50)
