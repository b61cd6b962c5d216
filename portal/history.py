"""Figures over time: what the site knew on a given day, and each target's short history.

Every figure row carries its publication date, and a corrected row (withdrawn or superseded)
the date of its correction, so the status on any past day is recomputed from the rows known
that day with the same progress functions. Pure functions; :func:`build_timelines` runs once
when a build is loaded, and pages only look a day up in its result.

A row published on a whole date counts from that day; one dated only by month (``2025-11``)
from the last day of that month, one dated only by year from 31 December: a page for a past
day never shows a figure that may not have been public yet.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass, field

from portal.content import Indicator, Item, Observation, parse_date
from portal.figures import PublicFigure, figures_of, shown_indicator
from portal.progress import Assessment, assess, summarise
from portal.signals import EarlySignal, early_signal


def known_from(published: str) -> dt.date | None:
    """The first day on which a row published on ``published`` is surely public."""
    parts = parse_date(published)
    if parts is None:
        return None
    y, m, d = parts
    if not m:
        return dt.date(y, 12, 31)
    if not d:
        return dt.date(y, m, calendar.monthrange(y, m)[1])
    return dt.date(y, m, d)


CORRECTIONS = ("withdrawn", "superseded")


def correction_of(o: Observation) -> tuple[str, dt.date | None, str]:
    """(``withdrawn``/``superseded``/"", the day it stopped counting, the reason)."""
    return o.correction, known_from(o.corrected) if o.correction else None, o.correction_reason


def correction_problems(r: dict[str, str]) -> list[tuple[str, str]]:
    """What is wrong with the correction columns of one row of observations.csv: (column, problem)."""
    kind, day, reason = r.get("correction", ""), r.get("corrected", ""), r.get("correction_reason", "")
    if not kind:
        if day or reason or r.get("correction_reason_en"):
            return [("correction", "is empty but corrected or correction_reason is filled: write withdrawn or "
                                   "superseded, or empty the other columns")]
        return []
    problems = []
    if kind not in CORRECTIONS:
        problems.append(("correction", f"{kind!r} is not withdrawn or superseded (leave it empty for a row in force)"))
    parts = parse_date(day)
    if parts is None or not parts[2]:
        problems.append(("corrected", f"{day!r} is not a day (YYYY-MM-DD): a {kind} row needs the day it "
                                      "stopped counting"))
    else:
        published = known_from(r.get("published", ""))
        if published is not None and dt.date(*parts) < published:
            problems.append(("corrected", f"{day} is before the row was published ({r.get('published')})"))
    if not reason:
        problems.append(("correction_reason", f"is missing: say why the row is {kind} (never delete a row)"))
    return problems


def in_force(observations: list[Observation]) -> list[Observation]:
    """The rows that count today: every row not withdrawn or superseded."""
    return [o for o in observations if not correction_of(o)[0]]


def known_on(observations: list[Observation], day: dt.date) -> list[Observation]:
    """The rows public on ``day`` and not yet withdrawn or superseded by then."""
    rows = []
    for o in observations:
        start = known_from(o.published)
        if start is None or start > day:
            continue
        end = correction_of(o)[1]
        if end is not None and end <= day:
            continue
        rows.append(o)
    return rows


@dataclass
class State:
    """A target's progress from a day on (same fields as the build's TargetProgress)."""

    day: dt.date
    status: str
    with_data: int
    total: int
    indicators: dict[str, Assessment]
    rows: set[int]  # the rows known that day
    current_rows: set[int]  # the rows the assessments used that day
    signals: dict[str, EarlySignal] = field(default_factory=dict)  # early signal per indicator, if any
    figures: dict[str, PublicFigure] = field(default_factory=dict)  # public figure per indicator, that day

    def shown_indicator(self, item: Item) -> Indicator:
        """The indicator a card, widget or key-facts block shows."""
        return shown_indicator(item, self.figures)

    @property
    def is_empty(self) -> bool:
        return not self.rows


@dataclass
class Change:
    """What happened to a target's figures on one day, and what it did to the status."""

    day: dt.date
    arrived: list[Observation] = field(default_factory=list)
    corrected: list[Observation] = field(default_factory=list)
    before: str = "no-data"
    after: str = "no-data"


@dataclass
class Timeline:
    states: list[State]  # by day; the first (dt.date.min) is the state before any figure
    changes: list[Change]  # newest first

    def on(self, day: dt.date) -> State:
        """The state on ``day``."""
        i = bisect.bisect_right([s.day for s in self.states], day)
        return self.states[max(i, 1) - 1]


def timeline(item: Item, observations: list[Observation]) -> Timeline:
    """Each day a figure of the target was published or corrected, and the status from then on."""
    ids = {ind.id for ind in item.indicators}
    rows = [o for o in observations if o.indicator in ids]
    days: set[dt.date] = set()
    for o in rows:
        start, end = known_from(o.published), correction_of(o)[1]
        days.update(d for d in (start, end) if d is not None)
    states: list[State] = []
    changes: list[Change] = []
    for day in [dt.date.min, *sorted(days)]:
        known = known_on(rows, day)
        per = {ind.id: assess(ind, known) for ind in item.indicators}
        status, with_data, total = summarise(list(per.values()))
        used = {p.observation.row for a in per.values() for p in [*a.points, *([a.baseline] if a.baseline else [])]}
        signals = {i: sig for ind in item.indicators if (sig := early_signal(ind, per[ind.id], known)) is not None
                   for i in [ind.id]}
        figures = figures_of(item, per, known, day if day > dt.date.min else dt.date.today())
        states.append(State(day, status, with_data, total, per, {o.row for o in known}, used, signals, figures))
        if day == dt.date.min:
            continue
        change = Change(day, before=states[-2].status, after=status)
        change.arrived = [o for o in rows if known_from(o.published) == day]
        change.corrected = [o for o in rows if correction_of(o)[1] == day]
        changes.append(change)
    return Timeline(states, list(reversed(changes)))


def build_timelines(items: list[Item], observations: list[Observation]) -> dict[str, Timeline]:
    """The timeline of every target."""
    return {item.id: timeline(item, observations) for item in items if item.type == "target"}


def parse_day(text: str) -> dt.date | None:
    """A ``?ngay=`` / ``?as_of=`` value: exactly YYYY-MM-DD, a real day; None otherwise."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
