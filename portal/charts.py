"""Geometry of the progress chart (pure). The SVG itself is drawn by a template macro.

The chart shows, for one indicator: the yearly figures (current ones), the target as a line
or a band, for level targets the straight path from the baseline to the target, and the latest
part-year figure (an early signal) as a distinct hollow mark at its year: never a year's figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from portal.content import Indicator
from portal.progress import Assessment, goal_value
from portal.signals import EarlySignal

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 24, 30


@dataclass
class Mark:
    x: float
    y: float
    year: int
    value: float
    baseline: bool = False
    history: bool = False  # published before the baseline: context, not progress
    early: bool = False  # a part-year figure (early signal): drawn apart, never a year's figure
    label_x: float = 0.0  # where its value is written, clear of the path and the plot's edges
    label_y: float = 0.0
    label_anchor: str = "start"


@dataclass
class Chart:
    width: int
    height: int
    x_ticks: list[tuple[float, int]]
    y_ticks: list[tuple[float, float]]
    marks: list[Mark]
    goal_line: tuple[float, float] | None = None  # y, value
    band: tuple[float, float, float, float] | None = None  # y_top, y_bottom, low, high
    path: tuple[float, float, float, float] | None = None  # x1, y1, x2, y2
    plot: tuple[float, float, float, float] = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)
    notes: list[str] = field(default_factory=list)
    goal_label: tuple[float, float, str] = (WIDTH - RIGHT - 4, 0.0, "end")  # x, y, text-anchor


def place_labels(chart: Chart) -> None:
    """Put each value label and the target's label where no line runs through them (at 360 px the
    text is about as tall as the gaps). A value is written above its dot, on the side towards the
    middle; below it when the straight path leaves the dot upwards or the target's line or band
    runs just above the dot. The target's label sits at the
    right end of its line, above it; at the left end when the path comes down onto the line from
    above, since the path then ends inside the label."""
    px0, _py0, px1, py1 = chart.plot
    rising_from = (chart.path[0], chart.path[1]) if chart.path and chart.path[3] < chart.path[1] else None
    lines = ([chart.goal_line[0]] if chart.goal_line else []) + ([chart.band[0], chart.band[1]] if chart.band else [])
    for m in chart.marks:
        left = m.x < (px0 + px1) / 2
        m.label_x, m.label_anchor = (m.x + 8, "start") if left else (m.x - 8, "end")
        crossed = any(m.y - 22 <= y <= m.y - 4 for y in lines)  # the text above would sit on a line
        below = (rising_from == (m.x, m.y) or crossed) and m.y + 18 <= py1 - 2
        m.label_y = m.y + 18 if below else m.y - 8
    if chart.goal_line is not None:
        y = chart.goal_line[0] - 5
        if chart.path and chart.path[1] < chart.path[3]:  # coming down onto the target
            chart.goal_label = (px0 + 4, y, "start")
        else:
            chart.goal_label = (px1 - 4, y, "end")


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round tick values covering [lo, hi]."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < hi - step * 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def build_chart(ind: Indicator, a: Assessment, signal: EarlySignal | None = None) -> Chart | None:
    """Chart geometry, or None for a qualitative indicator."""
    if ind.kind == "qualitative":
        return None
    early_year = signal.observation.year if signal else None
    x0 = min([ind.baseline_year] + [p.year for p in a.points + a.history] + ([a.baseline.year] if a.baseline else []))
    x1 = max([ind.period_end] + ([early_year] if early_year else []))
    values = ([p.value for p in a.points + a.history] + ([a.baseline.value] if a.baseline else [])
              + ([signal.value] if signal else []))
    reference = goal_value(ind)
    if ind.kind == "cumulative" and reference is not None:
        reference = reference / (ind.period_end - ind.period_start + 1)
    refs = [v for v in (reference, ind.target_low, ind.target_high) if v is not None]
    if ind.kind == "cumulative":
        refs = [reference] if reference is not None else []
    lo = min(values + refs + [0.0 if min(values + refs, default=0) >= 0 else min(values + refs)])
    hi = max(values + refs, default=1.0)
    top = hi * 1.05 if hi > 0 else hi + 1
    if ind.unit.startswith("%") and 0 <= lo and hi <= 100:
        top = min(top, 100.0)  # a share never runs past 100%
    ticks = nice_ticks(lo, top)
    ylo, yhi = ticks[0], ticks[-1]
    px0, py0, px1, py1 = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM

    def sx(year: float) -> float:
        return px0 + (year - x0) / max(1, x1 - x0) * (px1 - px0 - 24) + 12

    def sy(value: float) -> float:
        return py1 - (value - ylo) / (yhi - ylo) * (py1 - py0)

    chart = Chart(WIDTH, HEIGHT, [(sx(y), y) for y in range(x0, x1 + 1)], [(sy(t), t) for t in ticks], [])
    for p in a.history:
        chart.marks.append(Mark(sx(p.year), sy(p.value), p.year, p.value, history=True))
    if a.baseline:
        chart.marks.append(Mark(sx(a.baseline.year), sy(a.baseline.value), a.baseline.year, a.baseline.value, True))
    for p in a.points:
        chart.marks.append(Mark(sx(p.year), sy(p.value), p.year, p.value))
    if signal and early_year:
        chart.marks.append(Mark(sx(early_year), sy(signal.value), early_year, signal.value, early=True))
    if ind.comparator == "between" and ind.target_low is not None and ind.target_high is not None \
            and ind.kind != "cumulative":
        chart.band = (sy(ind.target_high), sy(ind.target_low), ind.target_low, ind.target_high)
    elif reference is not None:
        chart.goal_line = (sy(reference), reference)
    if ind.kind in ("level", "deadline") and a.baseline and reference is not None:
        chart.path = (sx(a.baseline.year), sy(a.baseline.value), sx(ind.deadline), sy(reference))
    place_labels(chart)
    return chart
