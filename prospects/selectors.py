"""Reads that grow beyond a queryset method: completeness, exports, the matrix."""

from dataclasses import dataclass

from django.db.models import Count, F
from django.db.models.functions import Least
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
    attractiveness against our position, aggregated in the database."""
    counts = dict(
        queryset.exclude(quadrant="")
        .values_list("quadrant")
        .annotate(n=Count("pk"))
        .values_list("quadrant", "n")
    )
    quadrants = []
    for value, label in Prospect.Quadrant.choices:
        top = (
            queryset.filter(quadrant=value)
            .select_related("owner")
            .order_by("-score", "name")[:per_quadrant]
        )
        quadrants.append(
            {"value": value, "label": label, "count": counts.get(value, 0), "top": top}
        )
    cells = (
        queryset.exclude(score=None)
        .exclude(position_score=None)
        .annotate(
            score_bin=Least(F("score") / 10, BINS - 1),
            position_bin=Least(F("position_score") / 10, BINS - 1),
        )
        .values("score_bin", "position_bin")
        .annotate(n=Count("pk"))
    )
    density = {(c["score_bin"], c["position_bin"]): c["n"] for c in cells}
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
        "unplaced": queryset.filter(quadrant="").count(),
        "bins": [b * 10 for b in range(BINS)],
    }
