"""Small charts drawn on the server as SVG.

No JavaScript, nothing fetched, the same markup in the browser, in print and in a
PDF. Every chart is decorative next to a table of its numbers: pages put the table
beside it, and the SVG carries a text title for screen readers.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


@dataclass
class Series:
    name: str
    values: list  # numbers or None for a gap, one per label


def _n(number):
    return f"{number:.1f}"


def _nice_step(span):
    """A round step (1, 2, 5 × 10ⁿ) that cuts ``span`` into about four parts."""
    raw = Decimal(span) / 4 if span else Decimal(1)
    magnitude = Decimal(10) ** raw.adjusted()
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _axis(values, floor_zero):
    known = [Decimal(v) for v in values if v is not None]
    low = min(known, default=Decimal(0))
    high = max(known, default=Decimal(1))
    if floor_zero:
        low = min(low, Decimal(0))
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    stop = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    ticks = []
    tick = start
    while tick <= stop:
        ticks.append(tick)
        tick += step
    return start, stop, ticks


def line_chart(
    title, labels, series, *, unit="", floor_zero=True, width=560, height=220
):
    """An SVG line chart of ``series`` over ``labels``; gaps where a value is None."""
    left, right, top, bottom = 64, 12, 28, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values]
    low, high, ticks = _axis(values, floor_zero)

    def x(i):
        return left + (
            plot_w * i / max(1, len(labels) - 1) if len(labels) > 1 else plot_w / 2
        )

    def y(v):
        return top + plot_h - float((Decimal(v) - low) / (high - low)) * plot_h

    parts = []
    for tick in ticks:
        parts.append(
            format_html(
                '<line class="kam-chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="kam-chart-axis" x="{}" y="{}" text-anchor="end">{}{}</text>',
                left, width - right, _n(y(tick)), _n(y(tick)), left - 6, _n(y(tick) + 4),
                number_format(tick, 0 if tick == tick.to_integral_value() else 1, force_grouping=True),
                unit,
            )
        )  # fmt: skip
    every = max(1, round(len(labels) / 8))
    last = len(labels) - 1
    for i, label in enumerate(labels):
        if i % every == 0 or i == last:
            # The last label ends at its point, so the edge of the chart never
            # clips it; a label too close to the last one makes way for it.
            if i != last and last - i < every / 2 + 1 and len(labels) > 2:
                continue
            anchor = "end" if i == last and len(labels) > 1 else "middle"
            parts.append(
                format_html(
                    '<text class="kam-chart-axis" x="{}" y="{}" text-anchor="{}">{}</text>',
                    _n(x(i)), height - 8, anchor, label,
                )
            )  # fmt: skip
    for index, line in enumerate(series):
        parts.extend(_draw_series(index, line, labels, x, y, unit))
    return _svg(title, width, height, [*parts, *_legend(series, left)])


def _draw_series(index, line, labels, x, y, unit):
    segments, current = [], []
    for i, value in enumerate(line.values):
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append((x(i), y(value)))
    if current:
        segments.append(current)
    css = f"kam-series-{index % 4}"
    drawn = [
        format_html(
            '<polyline class="{}" fill="none" points="{}"/>',
            css,
            " ".join(f"{px:.1f},{py:.1f}" for px, py in segment),
        )
        for segment in segments
    ]
    drawn.append(
        format_html_join(
            "",
            '<circle class="{}" cx="{}" cy="{}" r="3"><title>{}: {}{}</title></circle>',
            (
                (
                    css,
                    _n(x(i)),
                    _n(y(v)),
                    labels[i],
                    number_format(v, 1, force_grouping=True),
                    unit,
                )
                for i, v in enumerate(line.values)
                if v is not None
            ),
        )
    )
    return drawn


def bar_chart(title, labels, series, *, unit="", width=560):
    """Horizontal bars: one group per label, one bar per series."""
    left, right, top, bottom = 150, 48, 28, 8
    bar, gap = 14, 10
    rows = max(1, len(labels))
    group = bar * len(series) + gap
    height = top + bottom + rows * group
    peak = max([v for s in series for v in s.values if v is not None] or [0]) or 1
    plot_w = width - left - right
    parts = []
    for row, label in enumerate(labels):
        y0 = top + row * group
        parts.append(
            format_html(
                '<text class="kam-chart-axis" x="{}" y="{}" text-anchor="end">{}</text>',
                left - 6, _n(y0 + bar * len(series) / 2 + 4), _truncate(str(label)),
            )
        )  # fmt: skip
        for index, line in enumerate(series):
            value = line.values[row] or 0
            length = plot_w * float(value) / float(peak)
            y = y0 + index * bar
            parts.append(
                format_html(
                    '<rect class="kam-series-{}" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}: {}{}</title></rect>"
                    '<text class="kam-chart-axis" x="{}" y="{}">{}{}</text>',
                    index % 4, left, y, _n(length), bar - 2, line.name,
                    number_format(value, 0, force_grouping=True), unit,
                    _n(left + length + 4), y + bar - 4,
                    number_format(value, 0, force_grouping=True), unit,
                )
            )  # fmt: skip
    return _svg(title, width, height, [*parts, *_legend(series, left)])


LEGEND_GAP = 18  # px between one series' name and the next square


def text_width(text, size=12):
    """About how wide ``text`` is in px at ``size``: a hanzi a full em, Latin
    letters a little over half of one."""
    return sum(size if ord(char) > 0x2E80 else size * 0.6 for char in str(text))


def _legend(series, left):
    """A coloured square and the name of each series, along the top, each placed
    after the one before so that long names never overlap."""
    parts, at = [], left
    for index, line in enumerate(series):
        parts.append(
            format_html(
                '<rect class="kam-series-{}" x="{}" y="8" width="10" height="10"/>'
                '<text class="kam-chart-legend" x="{}" y="17">{}</text>',
                index % 4, _n(at), _n(at + 14), line.name,
            )
        )  # fmt: skip
        at += 14 + text_width(line.name) + LEGEND_GAP
    return parts


def _svg(title, width, height, parts):
    return format_html(
        '<svg class="kam-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width, height, title, title, mark_safe("".join(parts)),
    )  # fmt: skip


def _truncate(text, length=22):
    return text if len(text) <= length else text[: length - 1] + "…"
