"""Progress of an indicator and of a target: the method of DESIGN.md as pure functions.

The thresholds below are the only place they are defined; the method page reads them.
Sentences are not built here: an :class:`Assessment` carries a ``reason`` code and the
numbers, and the templates turn them into words in the reader's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from portal.content import AUTHORITIES, Indicator, Observation, parse_date

# How far along the straight path (or the expected sum, or the expected growth) a figure
# must be. Progress ratio = progress made since the baseline / progress expected by then.
ON_TRACK_MIN = 0.95  # at least 95% of the expected progress: on track
NEEDS_EFFORT_MIN = 0.75  # from 75% to under 95%: needs more effort; below 75%: off track
ABOUT_TOLERANCE = 0.05  # "khoảng 45%": within 5% of the value either way (42.75-47.25)
RANGE_NEAR = 0.10  # outside a range on the wrong side by at most 10% of the bound: needs effort

STATUSES = ("achieved", "on-track", "needs-effort", "off-track", "no-data")
STATUS_RANK = {"official": 0, "preliminary": 1, "estimate": 2, "projection": 3}
AUTHORITY_RANK = {a: n for n, a in enumerate(AUTHORITIES)}
_SEVERITY = {"achieved": 0, "on-track": 1, "needs-effort": 2, "off-track": 3}

THRESHOLDS = {
    "on_track_min": ON_TRACK_MIN,
    "needs_effort_min": NEEDS_EFFORT_MIN,
    "about_tolerance": ABOUT_TOLERANCE,
    "range_near": RANGE_NEAR,
}


@dataclass
class Point:
    """One year's current figure, in the indicator's unit."""

    year: int
    value: float
    observation: Observation
    converted: bool = False


@dataclass
class Assessment:
    status: str
    reason: str
    facts: dict[str, Any] = field(default_factory=dict)
    points: list[Point] = field(default_factory=list)
    baseline: Point | None = None
    history: list[Point] = field(default_factory=list)  # published years before the baseline: context


def current_rank(row: Observation) -> tuple[int, int, int, tuple[int, int, int]]:
    """Sort key of the rule for the current figure (smaller ranks first): the authority of the
    publication (the issuing body's own report, the statistics office, the press reporting them,
    press paraphrase), then vintage (official, preliminary, estimate), then an exact figure before
    an approximate one ("gần", "khoảng" …), then the latest published."""
    return (AUTHORITY_RANK.get(row.authority, len(AUTHORITY_RANK)), STATUS_RANK[row.status],
            1 if row.qualifier else 0, _neg_date(row.published))


def pick_current(rows: list[Observation]) -> Observation | None:
    """The current figure among rows for one period, by :func:`current_rank`.
    A projection is never current."""
    measured = [r for r in rows if r.status != "projection"]
    if not measured:
        return None
    return min(measured, key=current_rank)


def _neg_date(value: str) -> tuple[int, int, int]:
    y, m, d = parse_date(value) or (0, 0, 0)
    return (-y, -m, -d)


def to_unit(value: float, unit: str, indicator: Indicator) -> tuple[float, bool] | None:
    """Value in the indicator's unit, and whether it was converted; None if impossible."""
    if unit == indicator.unit:
        return value, False
    for conv in indicator.conversions:
        if conv.get("unit") == unit:
            return value / float(conv["divide_by"]), True
    return None


def series(indicator: Indicator, observations: list[Observation]) -> list[Point]:
    """One current point per year, from the indicator's single-year measurement rows."""
    by_year: dict[int, list[Observation]] = {}
    for o in observations:
        if o.indicator == indicator.id and o.role == "measurement" and o.is_single_year:
            by_year.setdefault(o.year, []).append(o)
    points = []
    for year in sorted(by_year):
        current = pick_current(by_year[year])
        if current is None:
            continue
        conv = to_unit(current.value, current.unit, indicator)
        if conv is not None:
            points.append(Point(year, conv[0], current, conv[1]))
    return points


def goal_value(ind: Indicator) -> float | None:
    """The value to reach: the lower bound of a range when more is better, the upper when less is."""
    if ind.comparator == "between":
        return ind.target_low if ind.direction == "up" else ind.target_high
    return ind.target


def meets(value: float, ind: Indicator) -> bool:
    """Whether a value satisfies the indicator's comparator (better than a range counts)."""
    t = ind.target
    match ind.comparator:
        case "at_least":
            return t is not None and value >= t
        case "above":
            return t is not None and value > t
        case "at_most":
            return t is not None and value <= t
        case "below":
            return t is not None and value < t
        case "about":
            return t is not None and abs(value - t) <= ABOUT_TOLERANCE * abs(t)
        case "between":
            lo, hi = ind.target_low, ind.target_high
            if lo is None or hi is None:
                return False
            return value >= lo if ind.direction == "up" else value <= hi
    return False


def range_position(value: float, ind: Indicator) -> str:
    """'inside', 'better' or 'worse' than the range [target_low, target_high]."""
    lo, hi = ind.target_low, ind.target_high
    assert lo is not None and hi is not None
    if lo <= value <= hi:
        return "inside"
    above = value > hi
    return "better" if above == (ind.direction == "up") else "worse"


def status_from_ratio(ratio: float) -> str:
    if ratio >= ON_TRACK_MIN:
        return "on-track"
    if ratio >= NEEDS_EFFORT_MIN:
        return "needs-effort"
    return "off-track"


def baseline_point(ind: Indicator, points: list[Point]) -> Point | None:
    before = [p for p in points if p.year <= ind.baseline_year]
    return before[-1] if before else None


def assess(ind: Indicator, observations: list[Observation]) -> Assessment:
    """Assess one indicator from all observation rows (any indicator's: they are filtered)."""
    points = series(ind, observations)
    base = baseline_point(ind, points)
    in_period = [p for p in points if ind.period_start <= p.year <= ind.period_end]
    if ind.kind == "qualitative":
        return _qualitative(ind)
    fn = {
        "level": _level,
        "deadline": _level,
        "average_rate": _average_rate,
        "cumulative": _cumulative,
        "each_year": _each_year,
        "range": _range,
    }[ind.kind]
    result = fn(ind, in_period, base)
    result.points, result.baseline = in_period, base
    result.history = [p for p in points if p.year < (base.year if base else ind.period_start)]
    return result


def _qualitative(ind: Indicator) -> Assessment:
    ed = ind.editorial
    if not ed:
        return Assessment("no-data", "no_data")
    return Assessment(ed["status"], "editorial", {"reason": ed.get("reason", ""), "source_url": ed.get("source_url"),
                                                  "publisher": ed.get("publisher"), "published": ed.get("published")})


def _level(ind: Indicator, pts: list[Point], base: Point | None) -> Assessment:
    goal = goal_value(ind)
    assert goal is not None
    facts: dict[str, Any] = {"goal": goal, "deadline": ind.deadline}
    if base is not None:
        facts.update(baseline=base.value, baseline_year=base.year)
        if meets(base.value, ind) and not pts:
            facts.update(latest=base.value, latest_year=base.year)
            return Assessment("no-data", "baseline_met", facts)
    if not pts:
        if base is None:
            return Assessment("no-data", "no_data", facts)
        years_left = ind.deadline - base.year
        facts["needed_per_year"] = (goal - base.value) / years_left if years_left > 0 else None
        facts["from_year"], facts["to_year"] = base.year + 1, ind.deadline
        return Assessment("no-data", "baseline_only", facts)
    latest = pts[-1]
    facts.update(latest=latest.value, latest_year=latest.year)
    if meets(latest.value, ind):
        return Assessment("achieved", "met", facts)
    if latest.year >= ind.deadline:
        return Assessment("off-track", "deadline_missed", facts)
    years_left = ind.deadline - latest.year
    facts["needed_per_year"] = (goal - latest.value) / years_left
    facts["from_year"], facts["to_year"] = latest.year + 1, ind.deadline
    if base is None:
        return Assessment("no-data", "no_baseline", facts)
    expected = base.value + (goal - base.value) * (latest.year - base.year) / (ind.deadline - base.year)
    facts["expected"] = expected
    if math.isclose(expected, base.value):
        ratio = 1.0
    else:
        ratio = (latest.value - base.value) / (expected - base.value)
    facts["ratio"] = ratio
    return Assessment(status_from_ratio(ratio), "path", facts)


def _average_rate(ind: Indicator, pts: list[Point], base: Point | None) -> Assessment:
    r = goal_value(ind)
    assert r is not None
    n_total = ind.period_end - ind.period_start + 1
    facts: dict[str, Any] = {"goal": r, "years_total": n_total, "from_year": ind.period_start,
                             "to_year": ind.period_end}
    if base is not None:
        facts.update(baseline=base.value, baseline_year=base.year)
    if not pts:
        facts["needed_rate"] = r
        return Assessment("no-data", "baseline_only" if base else "no_data", facts)
    factor = math.prod(1 + p.value / 100 for p in pts)
    k = len(pts)
    average = (factor ** (1 / k) - 1) * 100
    facts.update(average=average, years_done=k, latest=pts[-1].value, latest_year=pts[-1].year)
    goal_factor = (1 + r / 100) ** n_total
    if k >= n_total:
        return Assessment("achieved" if average >= r - 1e-9 else "off-track", "period_complete", facts)
    needed = ((goal_factor / factor) ** (1 / (n_total - k)) - 1) * 100
    facts.update(needed_rate=needed, from_year=pts[-1].year + 1)
    expected_growth = (1 + r / 100) ** k - 1
    ratio = (factor - 1) / expected_growth if expected_growth > 0 else 1.0
    facts["ratio"] = ratio
    return Assessment(status_from_ratio(ratio), "average_so_far", facts)


def _cumulative(ind: Indicator, pts: list[Point], base: Point | None) -> Assessment:
    total = goal_value(ind)
    assert total is not None
    n_total = ind.period_end - ind.period_start + 1
    facts: dict[str, Any] = {"goal": total, "years_total": n_total, "from_year": ind.period_start,
                             "to_year": ind.period_end}
    if base is not None:
        facts.update(baseline=base.value, baseline_year=base.year)
    if not pts:
        facts["needed_per_year"] = total / n_total
        return Assessment("no-data", "baseline_only" if base else "no_data", facts)
    so_far = sum(p.value for p in pts)
    k = len(pts)
    facts.update(sum=so_far, years_done=k, latest=pts[-1].value, latest_year=pts[-1].year)
    if so_far >= total:
        return Assessment("achieved", "met", facts)
    if k >= n_total:
        return Assessment("off-track", "deadline_missed", facts)
    facts.update(needed_per_year=(total - so_far) / (n_total - k), from_year=pts[-1].year + 1)
    ratio = so_far / (total * k / n_total)
    facts["ratio"] = ratio
    return Assessment(status_from_ratio(ratio), "sum_so_far", facts)


def _each_year(ind: Indicator, pts: list[Point], base: Point | None) -> Assessment:
    facts: dict[str, Any] = {"goal": ind.target}
    if not pts:
        return Assessment("no-data", "no_data", facts)
    missed = [p.year for p in pts if not meets(p.value, ind)]
    facts.update(years_done=len(pts), missed=missed, latest=pts[-1].value, latest_year=pts[-1].year)
    if not missed:
        complete = len(pts) >= ind.period_end - ind.period_start + 1
        return Assessment("achieved" if complete else "on-track", "each_year", facts)
    # "Every year" cannot be met once one year was missed: that cannot be made up later.
    return Assessment("off-track", "each_year", facts)


def _range(ind: Indicator, pts: list[Point], base: Point | None) -> Assessment:
    facts: dict[str, Any] = {"low": ind.target_low, "high": ind.target_high}
    if base is not None:
        facts.update(baseline=base.value, baseline_year=base.year)
    if not pts:
        return Assessment("no-data", "no_data", facts)
    average = sum(p.value for p in pts) / len(pts)
    position = range_position(average, ind)
    facts.update(average=average, years_done=len(pts), position=position, latest_year=pts[-1].year)
    complete = len(pts) >= ind.period_end - ind.period_start + 1
    if position in ("inside", "better"):
        return Assessment("achieved" if complete else "on-track", "range", facts)
    lo, hi = ind.target_low, ind.target_high
    assert lo is not None and hi is not None
    bound = lo if average < lo else hi
    gap = abs(average - bound) / abs(bound) if bound else math.inf
    facts["gap"] = gap
    if complete or gap > RANGE_NEAR:
        return Assessment("off-track", "range", facts)
    return Assessment("needs-effort", "range", facts)


def summarise(assessments: list[Assessment]) -> tuple[str, int, int]:
    """A target's status from its indicators: the least favourable among those with data.

    Returns (status, indicators with data, indicators in all)."""
    with_data = [a for a in assessments if a.status != "no-data"]
    if not with_data:
        return "no-data", 0, len(assessments)
    worst = max(with_data, key=lambda a: _SEVERITY[a.status])
    return worst.status, len(with_data), len(assessments)



@dataclass
class MethodExamples:
    """Worked examples for the method page, taken from the document's own indicators (None where
    the document has no indicator of that kind); no figure is made up."""

    level: Indicator | None  # a level indicator: its straight path from the baseline year
    level_year: int = 0  # a year inside its path
    level_share: tuple[int, int] = (0, 1)  # the share of the way expected by level_year (years done, years in all)
    about: Indicator | None = None  # an "about" indicator: the band around its value that counts as met
    about_band: tuple[float, float] = (0.0, 0.0)
    deadline: Indicator | None = None  # a deadline indicator (its year before the period's end)


def method_examples(indicators: list[Indicator]) -> MethodExamples:
    level = next((i for i in indicators if i.kind == "level" and i.comparator != "between"
                  and i.target is not None and i.deadline - i.baseline_year >= 2), None)
    about = next((i for i in indicators if i.comparator == "about" and i.target is not None), None)
    ex = MethodExamples(level=level, about=about,
                        deadline=next((i for i in indicators if i.kind == "deadline"), None))
    if level is not None:
        span = level.deadline - level.baseline_year
        done = span // 2
        ex.level_year, ex.level_share = level.baseline_year + done, (done, span)
    if about is not None and about.target is not None:
        t = about.target
        ex.about_band = (t - ABOUT_TOLERANCE * abs(t), t + ABOUT_TOLERANCE * abs(t))
    return ex
