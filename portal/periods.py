"""Periods of a figure: a year, several years, or part of one year.

One pure parser, used by the content loader, the importer, progress and the pages:

=====================  ==========================================  ==========
written                meaning                                      kind
=====================  ==========================================  ==========
``2026``               the whole year                               ``year``
``2021-2025``          several whole years                          ``years``
``2026-Q1``            a quarter (Q1 to Q4)                         ``quarter``
``2026-H1``            a half year (H1, H2)                         ``half``
``2026-01..2026-09``   whole months of one year, first to last      ``months``
=====================  ==========================================  ==========

A part-year figure (quarter, half, months) is an early signal, never a year's figure.
Labels ("9 tháng đầu năm 2026") are written by the ``period_label`` macro of the templates,
so that they go through the message catalogues; this module only says what a period is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_YEARS = re.compile(r"\A(\d{4})(?:-(\d{4}))?\Z")
_QUARTER = re.compile(r"\A(\d{4})-Q([1-4])\Z")
_HALF = re.compile(r"\A(\d{4})-H([12])\Z")
_MONTHS = re.compile(r"\A(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})\Z")

FORMS = "2026, 2021-2025, 2026-Q1, 2026-H1 or 2026-01..2026-09"


@dataclass(frozen=True)
class Period:
    text: str
    kind: str  # year, years, quarter, half, months
    start_year: int
    start_month: int
    end_year: int
    end_month: int

    @property
    def year(self) -> int:
        """The (last) year the period falls in."""
        return self.end_year

    @property
    def months(self) -> int:
        """How many months the period covers."""
        return (self.end_year - self.start_year) * 12 + self.end_month - self.start_month + 1

    @property
    def is_part_year(self) -> bool:
        return self.kind in ("quarter", "half", "months")

    @property
    def from_january(self) -> bool:
        """Whether a part of a year starts in January ("9 tháng đầu năm")."""
        return self.start_month == 1

    @property
    def number(self) -> int:
        """The quarter or half number (1-4, 1-2); 0 for other kinds."""
        if self.kind == "quarter":
            return (self.start_month + 2) // 3
        if self.kind == "half":
            return 1 if self.start_month == 1 else 2
        return 0

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, self.start_month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.end_year, self.end_month, calendar.monthrange(self.end_year, self.end_month)[1])


def today() -> dt.date:
    """The day pages are computed for (in UTC): one clock for the pages that depend on the day
    (status as of a day, figures expected or late) and for the response cache that keeps them."""
    return dt.datetime.now(dt.UTC).date()


def parse_period(text: str) -> Period | None:
    """The period written as ``text``, or None when it is not one of :data:`FORMS`.

    A range of months must stay inside one year and run forwards; twelve months from January
    to December are the year itself and must be written ``2026``."""
    text = (text or "").strip()
    if m := _YEARS.match(text):
        start = int(m.group(1))
        if m.group(2) is None:
            return Period(text, "year", start, 1, start, 12)
        end = int(m.group(2))
        return Period(text, "years", start, 1, end, 12) if end > start else None
    if m := _QUARTER.match(text):
        year, q = int(m.group(1)), int(m.group(2))
        return Period(text, "quarter", year, 3 * q - 2, year, 3 * q)
    if m := _HALF.match(text):
        year, h = int(m.group(1)), int(m.group(2))
        return Period(text, "half", year, 1 if h == 1 else 7, year, 6 if h == 1 else 12)
    if m := _MONTHS.match(text):
        y1, m1, y2, m2 = (int(g) for g in m.groups())
        if y1 != y2 or not 1 <= m1 <= m2 <= 12 or (m1 == 1 and m2 == 12):
            return None
        return Period(text, "months", y1, m1, y2, m2)
    return None
