"""One search box for everything a person may see: the registry and its page.

Each app registers the kinds of record it finds (``register``, in its
AppConfig.ready()): prospects its accounts, contacts and competitors, visits the
visit records, devlog the development-record entries. Each kind answers with one
scoped query (``Model.objects.visible_to(user)``), so the page costs the same
whatever it finds. This module imports none of the apps.

Chinese names are found by their pinyin and its initials as well ("hengrui" and
"hr" find 恒瑞): a record keeps a ``search_text`` column — its names, lowercased,
with their pinyin written out — in step on every save, so a search is a plain
``LIKE`` on one column, and works so on SQLite.

On PostgreSQL a ``LIKE '%…%'`` reads the whole table, and trigram indexes cannot
help the two-character words Chinese is mostly written in (恒瑞, 交期) or two
initials (hr). So each searched record also keeps ``search_grams``: every pair of
neighbouring characters of its words, each written as an ASCII token, under a GIN
index of ``to_tsvector('simple', search_grams)``. A query's pairs narrow the rows
through that index; the ``LIKE`` then checks the few left exactly.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from django.db import connections
from django.shortcuts import render
from django.utils.text import Truncator
from django.utils.translation import gettext as _

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SPACE = re.compile(r"\s+")
LONGEST_QUERY = 100
PER_KIND = 10


def _plain(text):
    return SPACE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().lower()


def search_text(*parts):
    """What a record is found by: each part lowercased (and without its spaces),
    and the pinyin of its Chinese characters in full and as initials."""
    words = []
    for part in parts:
        plain = _plain(part)
        if not plain:
            continue
        words.append(plain)
        if " " in plain:
            words.append(plain.replace(" ", ""))
        runs = [_pinyin(run) for run in HAN.findall(plain)]
        if runs:
            words.append("".join(full for full, _initials in runs))
            words.append("".join(initials for _full, initials in runs))
    return " | ".join(words)


@functools.lru_cache(maxsize=4096)
def _pinyin(run):
    """A run of Chinese characters' pinyin in full and as initials. Kept for the
    names met again (the same company, city or person on many records): pypinyin
    was a tenth of ``seed_demo``'s time. Imported here, on the first Chinese name:
    its dictionary is a quarter of a second of every process's start."""
    from pypinyin import Style, lazy_pinyin

    return (
        "".join(lazy_pinyin(run)),
        "".join(lazy_pinyin(run, style=Style.FIRST_LETTER)),
    )


WORD = re.compile(r"\w+")


def _pairs(text):
    return {
        f"k{ord(a):x}z{ord(b):x}"
        for run in WORD.findall(_plain(text))
        for a, b in pairwise(run)
    }


def search_grams(*texts):
    """The pairs of neighbouring characters of ``texts``' words, as index tokens."""
    return " ".join(sorted(set().union(*(_pairs(text) for text in texts))))


class KeepsSearchText:
    """For a model with ``search_text`` and ``search_grams`` columns: both follow
    the fields named in ``searched_from`` on every save. Whoever bulk-creates
    such rows (the demo, an import) calls ``keep_search_text()`` first."""

    searched_from = ()

    def keep_search_text(self):
        self.search_text = search_text(*(getattr(self, f) for f in self.searched_from))
        self.search_grams = search_grams(self.search_text)

    def save(self, *args, **kwargs):
        self.keep_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "search_text",
                "search_grams",
            }
        super().save(*args, **kwargs)


def narrowed(queryset, query):
    """``queryset`` narrowed, on PostgreSQL, to the rows whose ``search_grams``
    hold every pair of ``query``: an index lookup; the caller's LIKE still decides.
    A query of single characters has no pairs and is left to the LIKE alone."""
    pairs = _pairs(query)
    if not pairs or connections[queryset.db].vendor != "postgresql":
        return queryset
    table = queryset.model._meta.db_table
    return queryset.extra(
        where=[
            f'to_tsvector(\'simple\', "{table}"."search_grams") '
            "@@ to_tsquery('simple', %s)"
        ],
        params=[" & ".join(sorted(pairs))],
    )


def terms(query):
    """The forms of ``query`` to look for in a ``search_text``: as typed
    (lowercased) and without spaces ("heng rui" finds "hengrui")."""
    plain = _plain(query)[:LONGEST_QUERY]
    if not plain:
        return []
    compact = plain.replace(" ", "")
    return [plain] if compact == plain else [plain, compact]


def snippet(text, query, width=60):
    """The part of ``text`` around the first place ``query`` occurs in it."""
    text = SPACE.sub(" ", text or "").strip()
    at = text.lower().find(_plain(query))
    if at < 0:
        return Truncator(text).chars(width * 2)
    start = max(0, at - width // 2)
    shown = text[start : start + width * 2]
    return ("…" if start else "") + Truncator(shown).chars(width * 2)


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Kind:
    """``find(user, query, limit)`` lists the user's ``Hit``s of this kind."""

    key: str
    label: object
    icon: str
    find: object
    order: int = 50


KINDS = []


def register(kind):
    if all(k.key != kind.key for k in KINDS):
        KINDS.append(kind)
        KINDS.sort(key=lambda k: k.order)


@dataclass
class Group:
    kind: Kind
    hits: list

    @property
    def more(self):
        return len(self.hits) > PER_KIND


def search(user, query):
    """Per kind, the first hits (one more than shown, to say there are more)."""
    if not terms(query):
        return []
    groups = [Group(kind, kind.find(user, query, PER_KIND + 1)) for kind in KINDS]
    return [group for group in groups if group.hits]


def search_page(request):
    query = request.GET.get("q", "")[: LONGEST_QUERY * 2].strip()
    groups = search(request.user, query)
    return render(
        request,
        "search.html",
        {
            "title": _("Search"),
            "query": query,
            "groups": groups,
            "per_kind": PER_KIND,
        },
    )
