"""The shape of one document, declared in its ``document.yaml``: one typed model (pydantic v2).

Item types (their id, address segments, labels, numbering and display order), areas, term,
period and baseline year are content: content loading, addresses, search, the API and the
templates all read them from here, so a document of a different shape needs no code change.
The only type the program gives a meaning to is ``target``: its items carry indicators and
progress.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SEGMENT = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # an address segment: lower-case letters, digits, single hyphens
NUMBER = re.compile(r"\A[0-9]{1,3}[a-z]?\Z")  # an item number: 7, 12, 12a
TARGET = "target"  # the type whose items carry indicators and progress
_PERIOD = re.compile(r"\A(\d{4})-(\d{4})\Z")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class ItemType(_Strict):
    """One kind of item of the document (a target, a task, a breakthrough programme …)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$", description="type id used in the API and item files")
    segment: str = Field(pattern=SEGMENT, description="Vietnamese address segment, also the prefix of item ids")
    segment_en: str = Field(pattern=SEGMENT, description="English address segment")
    label: str = Field(min_length=1, description="Vietnamese name of one item, e.g. Chỉ tiêu")
    label_plural: str = Field(min_length=1, description="Vietnamese name of several")
    label_en: str = Field(min_length=1)
    label_en_plural: str = Field(min_length=1)
    numbered: bool = True
    featured: bool = False  # listed with titles and summaries on the document's home page

    def name(self, lang: str, plural: bool = False) -> str:
        if lang == "en":
            return self.label_en_plural if plural else self.label_en
        return self.label_plural if plural else self.label

    def seg(self, lang: str) -> str:
        return self.segment_en if lang == "en" else self.segment


class Area(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    name_en: str = ""


class Document(_Strict):
    """What ``document.yaml`` declares."""

    id: str = Field(min_length=1)
    slug: str = Field(pattern=SEGMENT, max_length=40, description="short address prefix of the document")
    number: str = ""  # the document's number, as it is cited; may be left out while it is not known
    title: str = Field(min_length=1)
    short_title: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    place: str = Field(min_length=1, description="the province, city or country the document is for")
    adopted: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    term: str = Field(pattern=r"^\d{4}-\d{4}$", description="the term of office, e.g. of the congress")
    period: str = Field(pattern=r"^\d{4}-\d{4}$", description="the years the targets cover")
    baseline_year: int = Field(ge=1900, le=2200)
    previous_term: str = Field("", pattern=r"^(\d{4}-\d{4})?$", description="the term the assessment looks back on")
    source_note: str = ""
    # Its pages were published before addresses had the slug in front (/{segment}/{n}):
    # those old addresses answer 301 to the new ones (/{slug}/{segment}/{n}). One document at most.
    old_addresses: bool = False
    areas: list[Area] = Field(min_length=1)
    item_types: list[ItemType] = Field(min_length=1)
    en: dict[str, str] = Field(default_factory=dict)

    @field_validator("adopted", "term", "period", "previous_term", "number", "id", mode="before")
    @classmethod
    def _as_text(cls, v: Any) -> Any:
        # YAML reads 2025-09-30 as a date: accept it as the text it was written as
        return v.isoformat() if hasattr(v, "isoformat") else v

    @model_validator(mode="after")
    def _consistent(self) -> Document:
        def unique(values: list[str], what: str) -> None:
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                raise ValueError(f"{what} {', '.join(twice)} used twice")

        unique([t.id for t in self.item_types], "item type id")
        unique([t.segment for t in self.item_types], "address segment")
        unique([t.segment_en for t in self.item_types], "English address segment")
        unique([a.id for a in self.areas], "area id")
        if TARGET not in {t.id for t in self.item_types}:
            raise ValueError(f"item_types must include the type {TARGET!r} (the items that carry indicators)")
        start, end = self.period_years
        if start > end:
            raise ValueError(f"period {self.period} ends before it starts")
        if not self.baseline_year < start:
            raise ValueError(f"baseline_year {self.baseline_year} must be before the period {self.period}")
        return self

    # Derived facts, for pages and validation

    @property
    def period_years(self) -> tuple[int, int]:
        m = _PERIOD.match(self.period)
        return (int(m.group(1)), int(m.group(2))) if m else (0, 0)

    def item_type(self, type_id: str) -> ItemType | None:
        return next((t for t in self.item_types if t.id == type_id), None)

    @property
    def target_type(self) -> ItemType:
        t = self.item_type(TARGET)
        assert t is not None  # checked by _consistent
        return t

    def type_at(self, segment: str, lang: str) -> ItemType | None:
        """The type whose address segment (in ``lang``) is ``segment``."""
        return next((t for t in self.item_types if t.seg(lang) == segment), None)

    def locate(self, item_id: str) -> tuple[ItemType, str | None] | None:
        """The type of an item id and its number (None for an unnumbered type)."""
        for t in sorted(self.item_types, key=lambda t: -len(t.segment)):
            if t.numbered and item_id.startswith(t.segment + "-") and NUMBER.match(item_id[len(t.segment) + 1:]):
                return t, item_id[len(t.segment) + 1:]
            if not t.numbered and (item_id == t.segment or item_id.startswith(t.segment + "-")):
                return t, None
        return None

    def loc(self, name: str, lang: str) -> str:
        """A text field in ``lang`` (English from ``en:``), falling back to Vietnamese."""
        return (self.en.get(name) if lang == "en" else None) or str(getattr(self, name))


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(field, problem) for each error of a model, the field written as in the file (areas[0].name)."""
    found = []
    for e in exc.errors():
        where = ""
        for part in e["loc"]:
            where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
        message = e["msg"]
        if e["type"] == "extra_forbidden":
            message = "is not a known field (check the spelling)"
        elif e["type"] == "missing":
            message = "is missing"
        elif "input" in e and e["type"].endswith("_type"):
            message = f"{message}, not {type(e['input']).__name__} {e['input']!r}"[:200]
        elif e["type"] == "string_pattern_mismatch":
            message = f"{e['input']!r} does not have the expected form ({e['ctx']['pattern']})"
        elif e["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        found.append((where or "-", message))
    return found
