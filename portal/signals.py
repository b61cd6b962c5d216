"""Early signals: the latest part-year figure (a quarter, a half, the first nine months).

A part-year figure never counts as a year's figure and never makes a verdict (the progress
functions only read whole years). It is shown beside the status as "tín hiệu sớm"; where the
target is an average growth rate, it is compared with the rate needed each year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.content import Indicator, Observation
from portal.periods import parse_period
from portal.progress import Assessment, pick_current, to_unit


@dataclass
class EarlySignal:
    period: str
    value: float  # in the indicator's unit
    converted: bool
    observation: Observation
    needed: float | None  # average-rate targets: the yearly rate needed from now on
    pace: str  # "ahead" or "behind" the rate needed; "" when not compared


def early_signal(ind: Indicator, a: Assessment, observations: list[Observation]) -> EarlySignal | None:
    """The latest part-year figure of a year after the last whole-year figure, if any."""
    last_year = a.points[-1].year if a.points else (a.baseline.year if a.baseline else ind.baseline_year)
    by_period: dict[str, list[Observation]] = {}
    for o in observations:
        p = parse_period(o.period)
        if (o.indicator == ind.id and o.role == "measurement" and p is not None and p.is_part_year
                and last_year < p.year and ind.period_start <= p.year <= ind.period_end):
            by_period.setdefault(o.period, []).append(o)
    if not by_period:
        return None
    latest = max(by_period, key=_period_order)
    current = pick_current(by_period[latest])
    if current is None:
        return None
    conv = to_unit(current.value, current.unit, ind)
    if conv is None:
        return None
    needed: float | None = None
    pace = ""
    if ind.kind == "average_rate" and a.facts.get("needed_rate") is not None:
        needed = float(a.facts["needed_rate"])
        better = conv[0] >= needed if ind.direction == "up" else conv[0] <= needed
        pace = "ahead" if better else "behind"
    return EarlySignal(latest, conv[0], conv[1], current, needed, pace)


def _period_order(text: str) -> tuple[dt.date, int]:
    """Later end first; for the same end, the longer period (nine months over the third quarter)."""
    p = parse_period(text)
    return (p.last_day, p.months) if p else (dt.date.min, 0)
