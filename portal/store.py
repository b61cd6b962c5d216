"""The built store: SQLite through SQLModel, written once by ``portal build``, read-only after.

The tables hold every item, indicator (with its computed progress), observation, glossary
term and paragraph of the original. :func:`read_site` loads one build into memory; request
handlers then only look things up in the :class:`Site`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Column
from sqlalchemy.types import JSON
from sqlmodel import Field, Session, SQLModel, col, create_engine, select

from portal.content import Block, Content, Indicator, Item, Observation, Source, Term
from portal.document import TARGET, Document
from portal.figures import PublicFigure, figures_of, shown_indicator
from portal.history import Timeline, build_timelines, in_force
from portal.progress import Assessment, Point, assess, summarise
from portal.signals import EarlySignal, early_signal

SCHEMA_VERSION = 6  # 2: corrections; 3: item sources, English notes and headings; 4: public figures;
# 5: the document declares its item types; item numbers are text; a paragraph may serve several items;
# 6: one store per document of the site


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class ItemRow(SQLModel, table=True):
    __tablename__ = "item"
    id: str = Field(primary_key=True)
    position: int
    type: str = Field(index=True)
    number: str | None = None
    area: str | None = None
    title: str
    summary: str
    body: str
    source_text: str
    section: str
    status: str | None = None
    data: dict[str, Any] = Field(sa_column=Column(JSON))


class IndicatorRow(SQLModel, table=True):
    __tablename__ = "indicator"
    id: str = Field(primary_key=True)
    target_id: str = Field(index=True)
    position: int
    status: str
    data: dict[str, Any] = Field(sa_column=Column(JSON))
    assessment: dict[str, Any] = Field(sa_column=Column(JSON))
    figure: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class ObservationRow(SQLModel, table=True):
    __tablename__ = "observation"
    row: int = Field(primary_key=True)
    indicator: str = Field(index=True)
    period: str
    value: float
    unit: str
    status: str
    role: str
    scope: str
    published: str
    publisher: str
    source_url: str
    note: str
    note_en: str
    correction: str = ""
    corrected: str = ""
    correction_reason: str = ""
    correction_reason_en: str = ""
    unit_en: str
    qualifier: str
    measure: str
    measure_en: str
    authority: str
    context_for: list[str] = Field(sa_column=Column(JSON))
    via: str
    caveat: str
    caveat_en: str
    is_current: bool = False


class TermRow(SQLModel, table=True):
    __tablename__ = "term"
    id: str = Field(primary_key=True)
    term: str
    data: dict[str, Any] = Field(sa_column=Column(JSON))


class BlockRow(SQLModel, table=True):
    __tablename__ = "block"
    position: int = Field(primary_key=True)
    kind: str
    text: str
    items: list[str] = Field(sa_column=Column(JSON))
    anchors: list[str] = Field(sa_column=Column(JSON))
    notes: list[str] = Field(sa_column=Column(JSON))
    notes_en: list[str] = Field(sa_column=Column(JSON))
    text_en: str = ""


@dataclass
class TargetProgress:
    status: str
    with_data: int
    total: int
    indicators: dict[str, Assessment]
    figures: dict[str, PublicFigure] = field(default_factory=dict)  # by indicator id; only those with one

    def shown_indicator(self, item: Item) -> Indicator:
        """The indicator a card, widget or key-facts block shows."""
        return shown_indicator(item, self.figures)


@dataclass
class Site:
    """One build, in memory."""

    version: str
    built_at: str
    document: Document
    items: list[Item]
    blocks: list[Block]
    observations: list[Observation]
    terms: list[Term]
    progress: dict[str, TargetProgress]
    current_rows: set[int]
    path: Path
    by_id: dict[str, Item] = field(default_factory=dict)
    terms_by_id: dict[str, Term] = field(default_factory=dict)
    timelines: dict[str, Timeline] = field(default_factory=dict)
    signals: dict[str, EarlySignal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {i.id: i for i in self.items}
        self.terms_by_id = {t.id: t for t in self.terms}
        # Figures over time and early signals: computed once per loaded build, looked up by pages.
        self.timelines = build_timelines(self.items, self.observations)
        self.signals = {ind.id: sig for item in self.items if item.id in self.progress for ind in item.indicators
                        if (sig := early_signal(ind, self.progress[item.id].indicators[ind.id],
                                                in_force(self.observations))) is not None}

    def of_type(self, item_type: str) -> list[Item]:
        return [i for i in self.items if i.type == item_type]

    def observations_of(self, indicator_id: str) -> list[Observation]:
        return [o for o in self.observations if o.indicator == indicator_id]

    def context_of(self, target_id: str) -> list[Observation]:
        """Context rows shown on a target: those filed under its indicators or naming it."""
        return [o for o in self.observations if o.role == "context"
                and (o.indicator.split(".")[0] == target_id or target_id in o.context_for)]


def compute_progress(content: Content, today: dt.date | None = None) -> dict[str, TargetProgress]:
    """Progress and the public figure of every indicator; years left are counted from ``today``."""
    today = today or dt.date.today()
    result = {}
    for item in content.items:
        if item.type != TARGET:
            continue
        rows = in_force(content.observations)
        per = {ind.id: assess(ind, rows) for ind in item.indicators}
        figures = figures_of(item, per, rows, today)
        status, with_data, total = summarise(list(per.values()))
        result[item.id] = TargetProgress(status, with_data, total, per, figures)
    return result


def _assessment_json(a: Assessment) -> dict[str, Any]:
    def point(p: Point | None) -> dict[str, Any] | None:
        if p is None:
            return None
        return {"year": p.year, "value": p.value, "row": p.observation.row, "converted": p.converted}

    return {"status": a.status, "reason": a.reason, "facts": a.facts,
            "points": [point(p) for p in a.points], "baseline": point(a.baseline),
            "history": [point(p) for p in a.history]}


def write_store(path: Path, content: Content, version: str, built_at: str) -> None:
    """Write the whole store to a new SQLite file at ``path``."""
    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    progress = compute_progress(content, dt.date.fromisoformat(built_at[:10]))
    current: set[int] = set()
    for tp in progress.values():
        for a in tp.indicators.values():
            current.update(p.observation.row for p in a.points)
            if a.baseline:
                current.add(a.baseline.observation.row)
    with Session(engine) as s:
        meta = {"schema": str(SCHEMA_VERSION), "version": version, "built_at": built_at,
                "document": content.document.model_dump_json()}
        s.add_all(MetaRow(key=k, value=v) for k, v in meta.items())
        for pos, item in enumerate(content.items):
            d = dataclasses.asdict(item)
            d.pop("indicators")
            s.add(ItemRow(id=item.id, position=pos, type=item.type, number=item.number, area=item.area,
                          title=item.title, summary=item.summary, body=item.body, source_text=item.source_text,
                          section=item.section, status=progress[item.id].status if item.id in progress else None,
                          data=d))
            for n, ind in enumerate(item.indicators):
                a = progress[item.id].indicators[ind.id]
                fig = progress[item.id].figures.get(ind.id)
                s.add(IndicatorRow(id=ind.id, target_id=item.id, position=n, status=a.status,
                                   data=dataclasses.asdict(ind), assessment=_assessment_json(a),
                                   figure=fig.to_json() if fig else None))
        for o in content.observations:
            s.add(ObservationRow(**dataclasses.asdict(o), is_current=o.row in current))
        for t in content.terms:
            s.add(TermRow(id=t.id, term=t.term, data=dataclasses.asdict(t)))
        for b in content.blocks:
            s.add(BlockRow(**dataclasses.asdict(b)))
        s.commit()
    engine.dispose()


def read_site(build: Path) -> Site:
    """Load one build directory (``site.db`` inside) into memory."""
    engine = create_engine(f"sqlite:///file:{build / 'site.db'}?mode=ro&uri=true")
    try:
        with Session(engine) as s:
            meta = {m.key: m.value for m in s.exec(select(MetaRow))}
            if meta.get("schema") != str(SCHEMA_VERSION):
                raise RuntimeError(f"build {build} has schema {meta.get('schema')}, expected {SCHEMA_VERSION}")
            document = Document.model_validate_json(meta["document"])
            observations = [Observation(**{k: v for k, v in o.model_dump().items() if k != "is_current"})
                            for o in s.exec(select(ObservationRow).order_by(col(ObservationRow.row)))]
            current_rows = {o.row for o in s.exec(select(ObservationRow).where(ObservationRow.is_current))}
            by_row = {o.row: o for o in observations}
            indicators: dict[str, list[Indicator]] = {}
            progress: dict[str, TargetProgress] = {}
            for r in s.exec(select(IndicatorRow).order_by(col(IndicatorRow.target_id), col(IndicatorRow.position))):
                indicators.setdefault(r.target_id, []).append(Indicator(**r.data))
                tp = progress.setdefault(r.target_id, TargetProgress("no-data", 0, 0, {}))
                tp.indicators[r.id] = _assessment_from(r.assessment, by_row)
                if r.figure:
                    tp.figures[r.id] = PublicFigure.from_json(r.figure)
            items = []
            for ir in s.exec(select(ItemRow).order_by(col(ItemRow.position))):
                item = Item(**ir.data)
                item.sources = [Source(**x) for x in ir.data.get("sources", [])]
                item.indicators = indicators.get(item.id, [])
                items.append(item)
            for tp in progress.values():
                tp.status, tp.with_data, tp.total = summarise(list(tp.indicators.values()))
            terms = [Term(**t.data) for t in s.exec(select(TermRow).order_by(col(TermRow.term)))]
            blocks = [Block(**b.model_dump()) for b in s.exec(select(BlockRow).order_by(col(BlockRow.position)))]
    finally:
        engine.dispose()
    return Site(version=meta["version"], built_at=meta["built_at"], document=document, items=items,
                blocks=blocks, observations=observations, terms=terms, progress=progress,
                current_rows=current_rows, path=build)


def _assessment_from(d: dict[str, Any], by_row: dict[int, Observation]) -> Assessment:
    def point(p: dict[str, Any]) -> Point:
        return Point(p["year"], p["value"], by_row[p["row"]], p["converted"])

    return Assessment(d["status"], d["reason"], d["facts"], [point(p) for p in d["points"] if p],
                      point(d["baseline"]) if d["baseline"] is not None else None,
                      [point(p) for p in d.get("history", []) if p])
