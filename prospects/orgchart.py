"""The relationship map drawn as an org chart, on the server, as SVG (like the
charts of kam.charts): a box per person coloured by their attitude to us, a mark
for their role in the buying centre, a line to whom they report, our owner of the
relationship inside the box. Colours and marks are drawn with presentation
attributes, so the same markup prints in the PDF without the site's CSS.

The chart is decorative next to the table of the same people (the page puts the
table beside it); the SVG carries a text title for screen readers.
"""

import math

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kam.charts import _svg, _truncate
from prospects.models import BuyingRole, Stance

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN, LEGEND_H = 176, 66, 16, 34, 12, 84
LEGEND_COLUMN = 200

#: (fill, stroke) per attitude; unknown is white with a dashed grey border.
COLOURS = {
    Stance.SUPPORTER: ("#d1e7dd", "#198754"),
    Stance.NEUTRAL: ("#e9ecef", "#6c757d"),
    Stance.OPPONENT: ("#f8d7da", "#dc3545"),
    "": ("#ffffff", "#adb5bd"),
}


def _star(x, y, outer=7, inner=3):
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 - i * math.pi / 5
        points.append(
            f"{x + radius * math.cos(angle):.1f},{y - radius * math.sin(angle):.1f}"
        )
    return " ".join(points)


def _mark(role, x, y):
    """A small shape per role, centred on (x, y): no glyph, no font needed."""
    shapes = {
        BuyingRole.DECISION_MAKER: '<polygon points="{star}" fill="#b8860b"/>',
        BuyingRole.TECHNICAL_BUYER: '<rect x="{l}" y="{t}" width="12" height="12" fill="#1d4e89"/>',
        BuyingRole.USER: '<circle cx="{x}" cy="{y}" r="6" fill="#2a9d8f"/>',
        BuyingRole.INFLUENCER: '<polygon points="{x},{t} {r},{b} {l},{b}" fill="#e8702a"/>',
        BuyingRole.GATEKEEPER: '<rect x="{l}" y="{m}" width="12" height="5" fill="#6f42c1"/>',
        BuyingRole.COACH: '<polygon points="{x},{t} {r},{y} {x},{b} {l},{y}" fill="#d63384"/>',
    }  # fmt: skip
    shape = shapes.get(role)
    if shape is None:
        return ""
    return shape.format(
        x=x, y=y, t=y - 6, b=y + 6, l=x - 6, r=x + 6, m=y - 2, star=_star(x, y)
    )  # fmt: skip


def _box(person, x, y):
    contact = person.contact
    fill, stroke = COLOURS.get(contact.attitude, COLOURS[""])
    dashed = "" if contact.attitude else ' stroke-dasharray="4 3"'
    owner = contact.relationship_owner
    ours = _("ours: %(owner)s") % {"owner": owner} if owner else _("no owner of ours")
    where = contact.position or ""
    if person.elsewhere:
        where = str(contact.prospect)
    title = ", ".join(
        str(part)
        for part in (
            contact.name,
            contact.position,
            contact.get_buying_role_display() if contact.buying_role else "",
            contact.get_attitude_display() if contact.attitude else "",
            ours,
        )
        if part
    )
    return format_html(
        '<g class="kam-org-person"><title>{}</title>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="{}" stroke-width="1.5"{}/>'
        '<text x="{}" y="{}" font-weight="bold" font-size="13" fill="#212529">{}</text>'
        '<text x="{}" y="{}" fill="#495057">{}</text>'
        '<text x="{}" y="{}" fill="#1d4e89">{}</text>{}</g>',
        title, x, y, BOX_W, BOX_H, fill, stroke, mark_safe(dashed),
        x + 8, y + 18, _truncate(contact.name, 14),
        x + 8, y + 36, _truncate(where, 20),
        x + 8, y + 54, _truncate(ours, 20),
        mark_safe(_mark(contact.buying_role, x + BOX_W - 14, y + 14)),
    )  # fmt: skip


def _line(boss_xy, person_xy):
    (bx, by), (px, py) = boss_xy, person_xy
    top, bottom = by + BOX_H, py
    middle = top + (bottom - top) / 2
    return format_html(
        '<path d="M{} {} V{} H{} V{}" fill="none" stroke="#6c757d" stroke-width="1.5"/>',
        bx + BOX_W / 2, top, middle, px + BOX_W / 2, bottom,
    )  # fmt: skip


def _legend(y):
    """The attitudes on one row, the roles on two rows of three."""
    parts = []
    for column, (value, label) in enumerate(Stance.choices):
        fill, stroke = COLOURS[value]
        x = MARGIN + column * LEGEND_COLUMN
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}" stroke="{}"/>'
                '<text x="{}" y="{}" fill="#212529">{}</text>',
                x, y, fill, stroke, x + 18, y + 10, label,
            )
        )  # fmt: skip
    for index, (value, label) in enumerate(BuyingRole.choices):
        x = MARGIN + index % 3 * LEGEND_COLUMN
        row_y = y + 22 * (1 + index // 3)
        parts.append(
            format_html('{}<text x="{}" y="{}" fill="#212529">{}</text>',
                        mark_safe(_mark(value, x + 6, row_y + 6)), x + 18, row_y + 10,
                        _truncate(str(label), 34))
        )  # fmt: skip
    return parts


def org_chart(relationship_map, title=None):
    """The SVG of ``relationship_map`` (prospects.relationships.account_map)."""
    people = relationship_map.people
    columns = max([p.x for p in people], default=0) + 1
    width = max(int(MARGIN * 2 + columns * (BOX_W + GAP_X)), 3 * LEGEND_COLUMN + MARGIN)
    height = MARGIN * 2 + relationship_map.depth * (BOX_H + GAP_Y) + LEGEND_H
    where = {
        p.contact.pk: (
            MARGIN + p.x * (BOX_W + GAP_X),
            MARGIN + p.depth * (BOX_H + GAP_Y),
        )
        for p in people
    }
    lines = [
        _line(where[p.boss.contact.pk], where[p.contact.pk]) for p in people if p.boss
    ]
    boxes = [_box(p, *where[p.contact.pk]) for p in people]
    legend = _legend(height - LEGEND_H + 8)
    svg = _svg(title or _("Relationship map"), width, height, [*lines, *boxes, *legend])
    # format_html escaped every value above.
    return mark_safe(
        svg.replace(
            'class="kam-chart"',
            f'class="kam-chart kam-org-chart" width="{width}" height="{height}" '
            'font-family="KAM Sans, sans-serif" font-size="11"',
            1,
        )
    )
