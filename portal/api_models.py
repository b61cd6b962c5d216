"""Shapes of every JSON answer of the open-data API and oEmbed (pydantic): they build the
responses and describe them in ``/openapi.json``, so the description cannot drift from the API.

``FigureOut`` is the public figure of portal/figures.py, field for field.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorOut(BaseModel):
    """Every error of the API and oEmbed: a stable code and a sentence for people."""

    error: str = Field(description="Stable code, e.g. not_found, bad_request, too_many_requests, no_build")
    message: str
    fields: list[str] | None = Field(None, description="Parameters that were not valid (bad_request only)")


class Links(BaseModel):
    documents: str
    items: str | None = Field(None, description="Of the document (when the site has one, or under its slug)")
    targets: str | None = None
    target: str | None = None
    search: str
    suggest: str
    openapi: str


class DocumentOut(BaseModel):
    slug: str = Field(description="Short name of the document: its addresses are under /{slug}/ and /en/{slug}/")
    id: str
    number: str
    title: str
    short_title: str
    issuer: str
    place: str
    adopted: str
    term: str
    period: str
    baseline_year: int
    url: str = Field(description="The document's home page")
    api: str = Field(description="The document's part of the API")
    targets: int = Field(description="How many targets the document sets")
    statuses: dict[str, int] = Field(description="How many targets have each progress status")


class DocumentsOut(BaseModel):
    total: int
    documents: list[DocumentOut]


class ApiRoot(BaseModel):
    version: str
    links: Links


class ItemOut(BaseModel):
    id: str
    document: str = Field(description="Slug of the document the item belongs to")
    type: str
    number: int | str | None  # "12a" where the document numbers so
    title: str
    summary: str
    body: str = Field(description="Plain-language explanation (Markdown)")
    source_text: str = Field(description="Original wording, verbatim")
    url: str
    full_text_url: str
    section: str
    related: list[str]
    terms: list[str]
    editorial_notes: list[str]
    source_text_translation: str | None = Field(None, description="English translation of the original (lang=en)")
    area: str | None = Field(None, description="Area of a target")
    status: str | None = Field(None, description="Progress status of a target")


class ItemsOut(BaseModel):
    total: int
    items: list[ItemOut]


class TargetSummaryOut(ItemOut):
    indicators_with_data: int
    indicators_total: int


class TargetsOut(BaseModel):
    total: int
    targets: list[TargetSummaryOut]


class ObservationOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    indicator: str
    period: str
    value: float = Field(description="The figure as published")
    unit: str = Field(description="Unit as published")
    status: str = Field(description="official, preliminary, estimate or projection")
    role: str
    scope: str
    published: str
    publisher: str
    source_url: str
    note: str
    note_en: str
    current: bool
    value_in_unit: float | None = Field(None, description="The figure in the indicator's unit, when convertible")
    unit_en: str = Field("", description="English label of the published unit")
    qualifier: str = Field("", description="The source's own qualifier (gần, khoảng, trên...); empty when exact")
    measure: str = Field("", description="What the figure measures, in the source's terms; empty: the indicator")
    measure_en: str = ""
    authority: str = Field("", description="issuer, statistics, press-report or press (rule for the current figure)")
    via: str = Field("", description="Site that carried the report, when not the outlet that wrote it")
    caveat: str = Field("", description="How the figure's definition may differ from the indicator's")
    caveat_en: str = ""
    context_for: list[str] = Field([], description="Other targets this context row is shown on")


class OtherFigureOut(BaseModel):
    """Another published figure for the same period that differs from the current one."""

    value: float = Field(description="As published")
    unit: str
    unit_en: str
    qualifier: str
    value_in_unit: float = Field(description="In the indicator's unit")
    difference: float = Field(description="value_in_unit minus the current figure's value")
    status: str
    publisher: str
    published: str
    source_url: str


class FigureOut(BaseModel):
    """The public figure of an indicator: the one object the page, widget, cards, CSV and feed
    render, so the qualifier, conversion, caveat and source travel with the value."""

    indicator: str
    indicator_name: str
    indicator_name_en: str
    role: str = Field(description="latest (newest figure of the period) or baseline")
    period: str
    year: int
    value: float = Field(description="In the indicator's unit (converted when published in another)")
    unit: str
    unit_en: str
    qualifier: str = Field(description="The source's own qualifier (gần, khoảng, trên...); empty when exact")
    converted: bool
    original_value: float = Field(description="As published")
    original_unit: str
    original_unit_en: str
    measure: str = Field(description="What the figure measures, in the source's terms")
    measure_en: str
    status: str = Field(description="Vintage: official, preliminary or estimate")
    authority: str = Field(description="issuer, statistics, press-report or press")
    publisher: str
    via: str = Field(description="Site that carried the report, when not the outlet that wrote it")
    published: str
    source_url: str
    caveat: str = Field(description="How its definition may differ from the indicator's; empty when none")
    caveat_en: str
    row: int = Field(description="Row of the figure in observations.csv")
    others: list[OtherFigureOut] = Field(description="Other published figures for the same period that differ")
    max_difference: float = Field(description="Largest gap to another figure, in the indicator's unit (0: none)")
    text: str = Field(description="The figure in one sentence, as every surface shows it")


class IndicatorOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    unit: str
    kind: str
    direction: str
    comparator: str
    target: float | None
    target_low: float | None
    target_high: float | None
    period: str
    deadline: int
    baseline_year: int | None
    baseline: ObservationOut | None
    status: str
    status_reason: str
    status_sentence: str
    figure: FigureOut | None = Field(description="The figure shown for the indicator (latest, else the baseline)")
    facts: dict[str, Any]
    observations: list[ObservationOut]


class TargetOut(ItemOut):
    indicators_with_data: int
    indicators: list[IndicatorOut]
    as_of: str | None = Field(None, description="The day the answer is computed for (as_of), or null for today")


class SearchHitOut(BaseModel):
    id: str
    document: str = Field(description="Slug of the document the result belongs to")
    type: str
    title: str
    url: str
    snippet: str
    snippet_html: str


class TopicOut(BaseModel):
    id: str
    document: str
    title: str
    url: str


class SearchOut(BaseModel):
    query: str
    typed: str | None
    total: int
    counts: dict[str, int]
    documents: dict[str, int] = Field(description="Results per document (slug), for the types asked")
    suggestion: str | None
    not_found: bool
    nearest_topics: list[TopicOut]
    english: bool
    english_search: str | None
    results: list[SearchHitOut]


class SuggestionOut(BaseModel):
    id: str
    document: str
    type: str
    title: str
    url: str


class SuggestOut(BaseModel):
    query: str
    suggestions: list[SuggestionOut]


class OEmbedOut(BaseModel):
    """oEmbed 1.0, type rich; the thumbnail trio is left out when none fits the asked maximum."""

    type: str
    version: str
    title: str
    html: str
    width: int
    height: int
    provider_name: str
    provider_url: str
    cache_age: int
    thumbnail_url: str | None = None
    thumbnail_width: int | None = None
    thumbnail_height: int | None = None


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for error codes, all with the one error shape."""
    text = {400: "A parameter is not valid", 404: "Not found", 429: "Too many requests (see Retry-After)",
            501: "Format not supported", 503: "The site has not been built yet (see Retry-After)"}
    return {code: {"model": ErrorOut, "description": text[code]} for code in codes}
