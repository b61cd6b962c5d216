"""The public figure: what the site says a figure is, computed once at build.

Every surface that shows a figure (progress page, status sentence, citation, widget, share
cards, oEmbed, API, CSV, feed, English pages) renders this one object, so none can drop the
source's qualifier ("gần 5.600 USD"), a unit conversion, a definition caveat, the source, or the
fact that other published figures for the same period disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from portal import i18n
from portal.content import Indicator, Item, Observation, english_unit
from portal.progress import Assessment, Point, to_unit


@dataclass
class OtherFigure:
    """Another published figure for the same period that differs from the current one."""

    value: float  # as published
    unit: str
    unit_en: str
    qualifier: str
    value_in_unit: float  # in the indicator's unit
    difference: float  # value_in_unit minus the current figure's value, in the indicator's unit
    status: str
    publisher: str
    published: str
    source_url: str


@dataclass
class PublicFigure:
    indicator: str
    indicator_name: str
    indicator_name_en: str
    role: str  # "latest": the newest figure of the period; "baseline": the figure before it starts
    period: str
    year: int
    value: float  # in the indicator's unit (converted when the source used another unit)
    unit: str
    unit_en: str
    qualifier: str  # the source's own word, "" when exact
    converted: bool
    original_value: float  # as published
    original_unit: str
    original_unit_en: str
    measure: str  # what the figure measures, in the source's terms
    measure_en: str
    status: str  # vintage: official, preliminary, estimate
    authority: str
    publisher: str
    via: str
    published: str
    source_url: str
    caveat: str
    caveat_en: str
    row: int
    others: list[OtherFigure] = field(default_factory=list)

    @property
    def max_difference(self) -> float:
        """The largest gap to another published figure of the same period (0 when none)."""
        return max((abs(o.difference) for o in self.others), default=0.0)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PublicFigure:
        return cls(**{**d, "others": [OtherFigure(**o) for o in d.get("others", [])]})


def format_value(value: float, unit: str, lang: str, decimals: int | None = None) -> str:
    """A number with its unit label: "10,27%", "5.852 USD"; an English label may place the
    number itself ("VND {} billion" gives "VND 72,500 billion")."""
    number = i18n.fmt_number(value, lang, decimals=decimals)
    if "{}" in unit:
        return unit.replace("{}", number)
    if unit.startswith("%"):
        return number + unit
    return f"{number} {unit}".strip()


def public_figure(ind: Indicator, a: Assessment, observations: list[Observation]) -> PublicFigure | None:
    """The figure to show for an indicator: the latest of the period, else the baseline."""
    point: Point | None = a.points[-1] if a.points else a.baseline
    if point is None:
        return None
    o = point.observation
    same_period = [r for r in observations if r.indicator == ind.id and r.period == o.period
                   and r.role == "measurement" and r.status != "projection" and r.row != o.row]
    others = []
    for r in sorted(same_period, key=lambda r: r.published):
        conv = to_unit(r.value, r.unit, ind)
        if conv is None or abs(conv[0] - point.value) < 1e-9:
            continue
        others.append(OtherFigure(value=r.value, unit=r.unit, unit_en=r.unit_en, qualifier=r.qualifier,
                                  value_in_unit=conv[0], difference=conv[0] - point.value, status=r.status,
                                  publisher=r.publisher, published=r.published, source_url=r.source_url))
    return PublicFigure(
        indicator=ind.id, indicator_name=ind.name, indicator_name_en=ind.name_en,
        role="latest" if a.points else "baseline", period=o.period, year=point.year,
        value=point.value, unit=ind.unit, unit_en=ind.unit_en or ind.unit, qualifier=o.qualifier,
        converted=point.converted, original_value=o.value, original_unit=o.unit,
        original_unit_en=o.unit_en or english_unit(o.unit, ind),
        measure=o.measure or ind.name, measure_en=o.measure_en or ind.name_en, status=o.status,
        authority=o.authority, publisher=o.publisher, via=o.via, published=o.published, source_url=o.source_url,
        caveat=o.caveat, caveat_en=o.caveat_en, row=o.row, others=others)


def years_left(end_year: int, today: dt.date) -> int:
    """Whole years from ``today`` to the end of ``end_year`` (rounded; 0 once it has ended)."""
    days = (dt.date(end_year, 12, 31) - today).days
    return max(0, round(days / 365.25))



def figures_of(item: Item, assessments: dict[str, Assessment], observations: list[Observation],
               today: dt.date) -> dict[str, PublicFigure]:
    """The public figure of each indicator of ``item`` that has one; also records in each
    assessment's facts the years left from ``today`` to the indicator's end."""
    figures = {}
    for ind in item.indicators:
        a = assessments[ind.id]
        end = ind.deadline if ind.kind in ("level", "deadline") else ind.period_end
        a.facts["years_left"] = years_left(end, today)
        f = public_figure(ind, a, observations)
        if f is not None:
            figures[ind.id] = f
    return figures


def shown_indicator(item: Item, figures: dict[str, PublicFigure]) -> Indicator:
    """The indicator a card, widget or key-facts block shows: the first with a figure, else the first."""
    return next((ind for ind in item.indicators if ind.id in figures), item.indicators[0])
