"""Charts a person can read: legend entries side by side without overlapping, and
the last label of the x-axis inside the chart."""

import re
from decimal import Decimal

from kam.charts import Series, line_chart, text_width


def _chart(names, labels=None):
    labels = labels or [f"2026-{m:02d}" for m in range(1, 13)]
    series = [Series(name, [Decimal(i) for i in range(len(labels))]) for name in names]
    return str(line_chart("Transactions", labels, series))


def test_legend_entries_never_overlap():
    names = ["Customer's purchase volume", "Our sales"]
    svg = _chart(names)
    starts = [
        float(x)
        for x in re.findall(r'<text class="kam-chart-legend" x="([\d.]+)"', svg)
    ]
    assert len(starts) == 2
    assert starts[1] >= starts[0] + text_width(names[0], 11)


def test_the_last_axis_label_ends_inside_the_chart():
    svg = _chart(["Our sales"])
    axis = re.findall(
        r'<text class="kam-chart-axis" x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)">(2026-\d\d)</text>',
        svg,
    )
    last_x, anchor, label = axis[-1]
    assert label == "2026-12"
    assert anchor == "end"
    assert float(last_x) <= 560
