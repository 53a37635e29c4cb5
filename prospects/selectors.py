"""Reads that grow beyond a queryset method: completeness, exports, the matrix."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from prospects.models import Prospect


@dataclass
class Section:
    label: str
    anchor: str
    done: bool


def completeness(prospect):
    """Which of the analysis sections hold data (uses prefetched relations)."""

    def filled(name):
        try:
            return getattr(prospect, name).is_filled
        except Prospect._meta.get_field(name).related_model.DoesNotExist:
            return False

    sections = [
        Section(
            _("Classification"),
            "classification",
            all(
                (
                    prospect.product_category_id,
                    prospect.customer_nature_id,
                    prospect.service_content_id,
                )
            ),
        ),
        Section(
            _("Financial statements"),
            "financials",
            bool(prospect.financial_statements.all()),
        ),
        Section(_("Sales information"), "sales", filled("sales_profile")),
        Section(_("Decision makers"), "decision-makers", bool(prospect.contacts.all())),
        Section(_("Purchase factors"), "purchase-factors", filled("purchase_factors")),
        Section(
            _("Transaction record"), "transactions", bool(prospect.transactions.all())
        ),
        Section(_("Competitors"), "competitors", bool(prospect.competitors.all())),
        Section(_("Cost and sales forecast"), "forecast", filled("forecast")),
        Section(
            _("Competitive advantages"),
            "advantages",
            any(a.note.strip() for a in prospect.advantages.all()),
        ),
    ]
    done = sum(s.done for s in sections)
    return {
        "sections": sections,
        "done": done,
        "total": len(sections),
        "percent": round(100 * done / len(sections)),
    }


def export_header():
    return [
        _("ID"),
        _("Name"),
        _("Status"),
        _("Owner"),
        _("Team"),
        _("Product category"),
        _("Customer nature"),
        _("Service content"),
        _("Industry"),
        _("Region"),
        _("Size"),
        _("Attractiveness score"),
        _("Our position"),
        _("Portfolio quadrant"),
        _("Verdict"),
        _("Updated"),
    ]


def export_rows(queryset):
    """One row per account; contacts and their personal data are never exported."""
    for p in queryset.iterator(chunk_size=2000):
        yield [
            p.pk,
            p.name,
            p.get_status_display(),
            str(p.owner),
            str(p.team),
            str(p.product_category or ""),
            str(p.customer_nature or ""),
            str(p.service_content or ""),
            str(p.industry or ""),
            p.region,
            p.get_size_display(),
            p.score,
            p.position_score,
            p.get_quadrant_display(),
            p.get_verdict_display(),
            p.updated_at,
        ]


BINS = 10


def matrix(queryset, per_quadrant=8):
    """Open accounts by portfolio quadrant, and a 10 × 10 density grid of
    attractiveness against our position: two passes over the accounts, aggregated
    and ranked in the database."""
    counts, density, unplaced = _matrix_counts(queryset)
    top = _top_by_quadrant(queryset, per_quadrant)
    return {**_matrix_shape(counts, density, top), "unplaced": unplaced}


def _matrix_shape(counts, density, top):
    quadrants = [
        {"value": value, "label": label, "count": counts.get(value, 0),
         "top": top.get(value, [])}
        for value, label in Prospect.Quadrant.choices
    ]  # fmt: skip
    peak = max(density.values(), default=0)
    grid = []
    for score_bin in reversed(range(BINS)):
        row = []
        for position_bin in range(BINS):
            n = density.get((score_bin, position_bin), 0)
            row.append({"n": n, "level": 1 + round(4 * n / peak) if n else 0})
        grid.append({"from": score_bin * 10, "cells": row})
    return {
        "quadrants": quadrants,
        "grid": grid,
        "bins": [b * 10 for b in range(BINS)],
    }


def _matrix_counts(queryset):
    """Accounts per quadrant, per (attractiveness, position) tenth, and unplaced."""
    groups = queryset.values(
        "quadrant", score_tenth=F("score") / 10, position_tenth=F("position_score") / 10
    ).annotate(n=Count("pk"))
    counts, density, unplaced = Counter(), Counter(), 0
    for group in groups:
        n = group["n"]
        if group["quadrant"]:
            counts[group["quadrant"]] += n
        else:
            unplaced += n
        score, position = group["score_tenth"], group["position_tenth"]
        if score is not None and position is not None:
            density[min(score, BINS - 1), min(position, BINS - 1)] += n
    return counts, density, unplaced


BEST_FIRST = (F("score").desc(), F("name").asc())
#: What the matrix shows of each of its best accounts (a whole row is 40 columns).
MATRIX_FIELDS = ("name", "score", "position_score", "quadrant")


def _top_by_quadrant(queryset, per_quadrant):
    """The best-scored accounts of each quadrant: ranked in the database on the few
    columns the ranking needs, then of those accounts what the matrix shows."""
    ranked = (
        queryset.exclude(quadrant="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("quadrant")],
                order_by=BEST_FIRST,
            )
        )
        .filter(rank__lte=per_quadrant)
        .values("pk")
    )
    top = defaultdict(list)
    best = (
        Prospect.objects.filter(pk__in=ranked)
        .only(*MATRIX_FIELDS)
        .order_by("quadrant", *BEST_FIRST)
    )
    for prospect in best:
        top[prospect.quadrant].append(prospect)
    return top


def group_matrix(queryset, per_quadrant=8):
    """The matrix with one point per group (its members' average score and
    position); accounts in no group are counted apart."""
    from prospects.groups import group_points

    points = group_points(queryset)
    counts, density, unplaced = Counter(), Counter(), 0
    top = defaultdict(list)
    for point in sorted(points, key=lambda p: (-(p.score or 0), p.name)):
        if not point.quadrant:
            unplaced += 1
            continue
        counts[point.quadrant] += 1
        if len(top[point.quadrant]) < per_quadrant:
            top[point.quadrant].append(point)
        tenth = (
            min(point.score // 10, BINS - 1),
            min(point.position_score // 10, BINS - 1),
        )
        density[tenth] += 1
    result = _matrix_shape(counts, density, top)
    result.update(
        unplaced=unplaced,
        by_group=True,
        alone=queryset.filter(group_root__isnull=True).count(),
    )
    return result
