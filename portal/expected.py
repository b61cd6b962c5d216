"""What is expected next: who usually publishes an indicator's figure, and in which month.

An indicator may declare, in its item file::

    expected:
    - publisher: UBND (báo cáo trình kỳ họp cuối năm của HĐND)
      publisher_en: Provincial People's Committee (report to the People's Council's year-end session)
      what: ước tính cả năm
      what_en: estimate for the whole year
      month: 12

The month is the usual one, not a promise. :func:`schedule` (pure) lists, for a given day, the
figures expected in the coming months and those whose usual month has passed with no figure of
the indicator published on the site since the month before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from portal.content import Indicator, Observation, parse_date

FIELDS = ("publisher", "what")
OPTIONAL_FIELDS = ("publisher_en", "what_en")
EARLY_MONTHS = 1  # a figure published up to one month before the usual month still counts
LOOK_BACK_MONTHS = 12  # late figures are listed for at most a year after their usual month


class _Checker(Protocol):
    def add(self, file: str, fld: str, message: str) -> None: ...


def check_expected(ck: _Checker, file: str, where: str, raw: Any) -> list[dict[str, Any]]:
    """Validate an indicator's ``expected`` list; report problems to ``ck``; return the good entries."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        ck.add(file, f"{where}.expected", "must be a list of {publisher, what, month}")
        return []
    good = []
    for i, entry in enumerate(raw):
        at = f"{where}.expected[{i}]"
        if not isinstance(entry, dict):
            ck.add(file, at, "must be a mapping with publisher, what and month")
            continue
        ok = True
        for key in FIELDS:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                ck.add(file, f"{at}.{key}", "is missing or not text")
                ok = False
        for key in OPTIONAL_FIELDS:
            if entry.get(key) is not None and not isinstance(entry[key], str):
                ck.add(file, f"{at}.{key}", "must be text")
                ok = False
        month = entry.get("month")
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            ck.add(file, f"{at}.month", f"must be a month number from 1 to 12, not {month!r}")
            ok = False
        unknown = set(entry) - set(FIELDS) - set(OPTIONAL_FIELDS) - {"month"}
        if unknown:
            ck.add(file, at, f"unknown field(s): {', '.join(sorted(unknown))}")
            ok = False
        if ok:
            good.append({"publisher": entry["publisher"].strip(), "what": entry["what"].strip(),
                         "publisher_en": (entry.get("publisher_en") or "").strip(),
                         "what_en": (entry.get("what_en") or "").strip(), "month": month})
    return good


@dataclass
class Due:
    indicator: Indicator
    entry: dict[str, Any]
    year: int
    month: int
    late: bool
    last_published: str | None  # the latest publication date of any figure of the indicator

    @property
    def en(self) -> dict[str, str]:
        """English fields, for the templates' ``loc`` helper."""
        return {"publisher": self.entry.get("publisher_en", ""), "what": self.entry.get("what_en", "")}

    @property
    def publisher(self) -> str:
        return str(self.entry["publisher"])

    @property
    def what(self) -> str:
        return str(self.entry["what"])

    @property
    def month_text(self) -> str:
        """``YYYY-MM``, for the date filter."""
        return f"{self.year:04d}-{self.month:02d}"


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _published_index(value: str) -> int | None:
    parts = parse_date(value)
    if parts is None:
        return None
    y, m, _ = parts
    return _month_index(y, m or 1)


def schedule(indicators: list[Indicator], observations: list[Observation], today: dt.date,
             months_ahead: int = 6) -> tuple[list[Due], list[Due]]:
    """(expected within ``months_ahead`` months from today's month, late), each sorted by month.

    An entry is late when its latest usual month that is over (a month is over once the next
    has begun) lies within the last year and no figure of the indicator was published from the
    month before it on."""
    now = _month_index(today.year, today.month)
    upcoming: list[Due] = []
    late: list[Due] = []
    for ind in indicators:
        published = [i for o in observations if o.indicator == ind.id
                     and (i := _published_index(o.published)) is not None]
        latest = max((o.published for o in observations if o.indicator == ind.id), default=None)
        for entry in getattr(ind, "expected", None) or []:
            month = entry["month"]
            this_year = _month_index(today.year, month)
            # The occurrence still to come (this month counts as to come until its last day).
            nxt = this_year if this_year >= now else this_year + 12
            if nxt - now < months_ahead:
                upcoming.append(Due(ind, entry, nxt // 12, nxt % 12 + 1, False, latest))
            # The latest occurrence that is over.
            prev = this_year if this_year < now else this_year - 12
            if now - prev <= LOOK_BACK_MONTHS and not any(prev - EARLY_MONTHS <= i <= now for i in published):
                late.append(Due(ind, entry, prev // 12, prev % 12 + 1, True, latest))
    key = lambda d: (d.year, d.month, d.indicator.id)  # noqa: E731
    return sorted(upcoming, key=key), sorted(late, key=key)
