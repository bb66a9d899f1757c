"""Run charts as inline SVG: nothing fetched, nothing run, readable without colour.

A chart is the points in day order (evenly spaced: a run chart is a sequence of days, so
weekends leave no gap), joined by a line; baseline days are hollow circles, test days
filled squares; the baseline median a dashed line; process limits (XmR) dotted lines;
points in a shift, trend or astronomical point carry a ring. Each shape says what it is
in words too (a `<title>` a screen reader or a hover reads), and the chart's sentence is
its description. No library: a few dozen elements, drawn the same on every machine.
"""

from __future__ import annotations

import math
from html import escape

from dutydesk.domain.series import Series

WIDTH, HEIGHT = 680, 230
LEFT, RIGHT, TOP, BOTTOM = 62, 96, 14, 40  # room for the y labels, the line names, the days
X_LABELS = 10


def _nice_range(low: float, high: float, whole: bool = False) -> tuple[float, float, float]:
    """An axis from `low` to `high` rounded out to a tidy step (1, 2 or 5 x 10^n), at most
    five steps; `whole`: steps of 1 or more (a count has no half days)."""
    if high == low:
        low, high = (low - 1, high + 1) if low != 0 else (0.0, 1.0)
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= raw)
    step = max(step, 1.0) if whole else step
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def svg(series: Series, chart_id: str) -> str:
    chart = series.chart
    measure = series.measure
    valued = chart.valued
    values = [p.value for _i, p in valued if p.value is not None]
    lines = [chart.median] if chart.median is not None else []
    if chart.limits is not None:
        lines += [chart.limits.lower, chart.limits.upper]
    low, high, step = _nice_range(min(values + lines), max(values + lines), measure.unit == "count")
    if low < 0 <= min(values + lines):
        low = 0.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(chart.points)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / count)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    title_id, desc_id = f"{chart_id}-t", f"{chart_id}-d"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="runchart" data-points="{len(valued)}">',
        f'<title id="{title_id}">{escape(measure.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.sentence)}</desc>',
    ]
    # The y axis: gridlines and labels.
    tick = low
    while tick <= high + step / 1000:
        ty = y(tick)
        out.append(
            f'<line class="grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}"/>'
            f'<text class="ylab" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{escape(measure.show(tick))}</text>"
        )
        tick += step
    out.append(
        f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}"/>'
        f'<line class="axis" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" '
        f'y2="{TOP + plot_h}"/>'
    )
    # The days along the bottom: at most X_LABELS of them, evenly picked, the last always.
    every = max(1, -(-count // X_LABELS))
    for i, point in enumerate(chart.points):
        if i % every == 0 or i == count - 1:
            if i != count - 1 and count - 1 - i < every / 2:
                continue  # too close to the last day's label
            out.append(
                f'<text class="xlab" x="{x(i):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
                f"{point.day.day} {point.day:%b}</text>"
            )
    # The test days as a band behind the points, named below it.
    tests = [i for i, p in enumerate(chart.points) if p.test]
    for i in tests:
        half = plot_w / count / 2
        out.append(
            f'<rect class="testband" x="{x(i) - half:.1f}" y="{TOP}" width="{2 * half:.1f}" '
            f'height="{plot_h}"/>'
        )
    if tests:
        out.append(
            f'<text class="xlab" x="{x(tests[len(tests) // 2]):.1f}" y="{TOP + plot_h + 32}" '
            'text-anchor="middle">test days</text>'
        )
    # Median and limits, each named at its right-hand end.
    named: list[tuple[str, float, str]] = []
    if chart.median is not None:
        label = "baseline median" if chart.median_of == "baseline" else "median"
        named.append(("median", chart.median, label))
    if chart.limits is not None:
        named += [
            ("limit", chart.limits.upper, "upper limit"),
            ("limit", chart.limits.lower, "lower limit"),
        ]
    for kind, value, label in named:
        ly = y(value)
        out.append(
            f'<line class="{kind}" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ly:.1f}" y2="{ly:.1f}">'
            f"<title>{escape(label)}: {escape(measure.show(value))}</title></line>"
            f'<text class="linelab" x="{LEFT + plot_w + 4}" y="{ly + 4:.1f}">{escape(label)}</text>'
        )
    # The line through the days that have a figure, then the points on top.
    path = " ".join(f"{x(i):.1f},{y(p.value):.1f}" for i, p in valued if p.value is not None)
    out.append(f'<polyline class="run" points="{path}"/>')
    flagged = {i for s in chart.signals for i in s.indices}
    radius = 4.0 if count <= 40 else 2.5 if count <= 120 else 1.6
    for i, point in valued:
        assert point.value is not None
        px, py = x(i), y(point.value)
        what = (
            "test day"
            if point.test
            else "baseline day from the case system"
            if point.imported
            else "baseline day"
        )
        tip = f"<title>{point.day:%a} {point.day.day} {point.day:%b %Y}, {what}: "
        tip += f"{escape(measure.show(point.value))}</title>"
        if i in flagged:
            out.append(f'<circle class="ring" cx="{px:.1f}" cy="{py:.1f}" r="{radius + 3:.1f}"/>')
        if point.imported:
            r = radius + 1
            out.append(
                f'<polygon class="pt base imported" data-day="{point.day}" '
                f'points="{px:.1f},{py - r:.1f} {px + r:.1f},{py:.1f} {px:.1f},{py + r:.1f} '
                f'{px - r:.1f},{py:.1f}">{tip}</polygon>'
            )
        elif point.test:
            out.append(
                f'<rect class="pt test" data-day="{point.day}" x="{px - radius:.1f}" '
                f'y="{py - radius:.1f}" width="{2 * radius:.1f}" height="{2 * radius:.1f}">'
                f"{tip}</rect>"
            )
        else:
            out.append(
                f'<circle class="pt base" data-day="{point.day}" cx="{px:.1f}" cy="{py:.1f}" '
                f'r="{radius:.1f}">{tip}</circle>'
            )
    out.append("</svg>")
    return "".join(out)


def legend(imported: bool = False) -> str:
    """The shapes' key, in words beside each (a second line for imported days)."""
    height = 42 if imported else 22
    second = (
        '<polygon class="pt base imported" points="10,26 15,31 10,36 5,31"/>'
        '<text x="20" y="35">baseline day from the case system (imported)</text>'
        if imported
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 680 {height}" class="legend" '
        'aria-hidden="true">'
        '<circle class="pt base" cx="10" cy="11" r="4"/><text x="20" y="15">baseline day</text>'
        '<rect class="pt test" x="112" y="7" width="8" height="8"/>'
        '<text x="126" y="15">test day</text>'
        '<circle class="ring" cx="200" cy="11" r="7"/>'
        '<circle class="pt base" cx="200" cy="11" r="4"/>'
        '<text x="212" y="15">in a shift, trend or astronomical point</text>'
        '<line class="median" x1="440" x2="470" y1="11" y2="11"/>'
        '<text x="476" y="15">baseline median</text>'
        '<line class="limit" x1="580" x2="610" y1="11" y2="11"/><text x="616" y="15">limits</text>'
        f"{second}</svg>"
    )
