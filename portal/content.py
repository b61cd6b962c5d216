"""Load and validate the content tree (YAML + CSV) into plain objects.

Every problem is collected, never raised one by one, so that ``portal check`` can list them
all with the file, the field and what is wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from portal.document import NUMBER, TARGET, Document, validation_problems
from portal.periods import FORMS as PERIOD_FORMS
from portal.periods import parse_period
from portal.vietnamese import collation_key

KINDS = ("level", "average_rate", "cumulative", "each_year", "deadline", "range", "qualitative")
COMPARATORS = ("at_least", "above", "about", "between", "at_most", "below")
DIRECTIONS = ("up", "down")
OBS_STATUSES = ("official", "preliminary", "estimate", "projection")
OBS_ROLES = ("measurement", "context")
BLOCK_KINDS = ("letterhead", "title", "heading", "paragraph", "signature")
EDITORIAL_STATUSES = ("achieved", "on-track", "needs-effort", "off-track", "no-data")
# The source's own wording of a figure's precision ("gần 5.600 USD"): it travels with the figure.
QUALIFIERS = ("gần", "khoảng", "trên", "hơn", "dưới", "ước")
# Columns every observations.csv has; the others (OBS_COLUMNS) may be left out and default to empty
# (authority: "press", the lowest rank; measure: the indicator's name).
OBS_REQUIRED = [
    "indicator", "period", "value", "unit", "status", "role", "scope", "published",
    "publisher", "source_url", "note", "note_en",
]
# Who stands behind a publication, strongest first (the rule for the current figure).
AUTHORITIES = ("issuer", "statistics", "press-report", "press")
OBS_COLUMNS = [
    "indicator", "period", "value", "unit", "unit_en", "qualifier", "measure", "measure_en", "status",
    "authority", "role", "scope", "context_for", "published", "publisher", "via", "source_url",
    "caveat", "caveat_en", "note", "note_en", "correction", "corrected", "correction_reason", "correction_reason_en",
]
_PERIOD_RE = re.compile(r"\A(\d{4})(?:-(\d{4}))?\Z")
_DATE_RE = re.compile(r"\A(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_NUMBER_RE = re.compile(r"\A-?\d+(?:\.\d+)?\Z")
# In a plain-language body, "[^2]" marks a statement that goes beyond the resolution's own words;
# it refers to the item's second entry in ``sources`` (numbered from 1).
SOURCE_MARK_RE = re.compile(r"\[\^(\d+)\]")
_WEB_ADDRESS_RE = re.compile(r"\Ahttps?://[^\s/]+\.[^\s]+\Z")


@dataclass
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class Block:
    position: int
    kind: str
    text: str
    items: list[str]  # the items this paragraph belongs to (one paragraph may serve several)
    notes: list[str]
    anchors: list[str] = field(default_factory=list)  # the items whose first paragraph this is
    notes_en: list[str] = field(default_factory=list)  # English of ``notes``, same order
    text_en: str = ""  # English of a heading, for the contents list of the English full text


@dataclass
class Source:
    """Where a statement of the plain-language text that goes beyond the resolution comes from."""

    title: str
    publisher: str
    url: str
    published: str
    title_en: str = ""


@dataclass
class Indicator:
    id: str
    target_id: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    kind: str
    direction: str
    comparator: str
    target: float | None
    target_low: float | None
    target_high: float | None
    period_start: int
    period_end: int
    deadline: int
    baseline_year: int
    conversions: list[dict[str, Any]]
    editorial: dict[str, Any] | None
    expected: list[dict[str, Any]] = field(default_factory=list)  # who usually publishes, when (expected.py)


@dataclass
class Observation:
    row: int
    indicator: str
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
    correction: str = ""  # "withdrawn" or "superseded": the row no longer counts from `corrected` on
    corrected: str = ""  # the day (YYYY-MM-DD) it stopped counting
    correction_reason: str = ""
    correction_reason_en: str = ""
    unit_en: str = ""  # English label; "{}" marks where the number goes ("VND {} billion")
    qualifier: str = ""  # the source's own word: gần, khoảng, trên … (one of QUALIFIERS)
    measure: str = ""  # what the figure measures, in the source's terms
    measure_en: str = ""
    authority: str = "press"  # one of AUTHORITIES
    context_for: list[str] = field(default_factory=list)  # other targets this context row serves
    via: str = ""  # the site that carried the report, when not the outlet that wrote it
    caveat: str = ""  # how the figure's definition differs from the indicator's
    caveat_en: str = ""

    @property
    def year(self) -> int:
        period = parse_period(self.period)
        return period.year if period else int(self.period[:4])

    @property
    def is_single_year(self) -> bool:
        """A whole single year: the only kind of row that counts towards a verdict."""
        period = parse_period(self.period)
        return period is not None and period.kind == "year"

    @property
    def is_part_year(self) -> bool:
        """A quarter, half or months of one year: an early signal, never a year's figure."""
        period = parse_period(self.period)
        return period is not None and period.is_part_year


@dataclass
class Item:
    id: str
    type: str
    number: str | None  # "7", "12a"; None for an unnumbered type
    section: str
    title: str
    summary: str
    body: str
    related: list[str]
    terms: list[str]
    area: str | None
    en: dict[str, str]
    indicators: list[Indicator] = field(default_factory=list)
    source_text: str = ""
    notes: list[str] = field(default_factory=list)
    file: str = ""
    sources: list[Source] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)  # English of ``notes``; "" where missing


@dataclass
class Term:
    """A glossary entry. ``synonyms`` and ``abbreviations`` are shown to readers; ``search_terms``
    only widen search (related words that are not the same thing) and are never shown."""

    id: str
    term: str
    abbreviations: list[str]
    synonyms: list[str]
    definition: str
    en: dict[str, Any]
    search_terms: list[str] = field(default_factory=list)


@dataclass
class Content:
    document: Document
    blocks: list[Block]
    items: list[Item]
    observations: list[Observation]
    terms: list[Term]
    files: list[Path]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


class ContentInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in content")
        self.problems = problems


class _Checker:
    def __init__(self, root: Path) -> None:
        self.root = root  # files are named from the parent of this folder: content/items/…
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def add(self, file: str, fld: str, message: str) -> None:
        self.problems.append(Problem(file, fld, message))

    def load_yaml(self, path: Path) -> Any:
        if not path.exists():
            self.add(self.rel(path), "-", "file is missing")
            return None
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.add(self.rel(path), "-", "file is not UTF-8 text")
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "-"
            self.add(self.rel(path), where, f"not valid YAML: {getattr(exc, 'problem', exc)}")
            return None
        if data is None:
            self.add(self.rel(path), "-", "file is empty (a list with nothing in it is written [])")
        return data

    def text(self, file: str, data: dict, key: str, *, required: bool = True, prefix: str = "") -> str:
        value = data.get(key)
        name = prefix + key
        if value is None or value == "":
            if required:
                self.add(file, name, "is missing or empty")
            return ""
        if not isinstance(value, str):
            if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
                return str(value)
            self.add(file, name, f"must be text, not {type(value).__name__}")
            return ""
        if unicodedata.normalize("NFC", value) != value:
            self.add(file, name, "text is not in Unicode NFC (composed) form")
        return value.strip() if key != "text" else value

    def string_list(self, file: str, data: dict, key: str, *, prefix: str = "") -> list[str]:
        value = data.get(key) or []
        name = prefix + key
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(file, name, "must be a list of text values")
            return []
        for v in value:
            if unicodedata.normalize("NFC", v) != v:
                self.add(file, name, f"{v!r} is not in Unicode NFC form")
        return [v.strip() for v in value]


def document_folders(root: Path) -> list[Path]:
    """The documents' folders: ``root`` itself when it holds a document.yaml, else each folder
    inside it that does (the content root holds one folder per document: ``content/<slug>/``)."""
    if (root / "document.yaml").exists() or not root.is_dir():
        return [root]
    return sorted(p.parent for p in root.glob("*/document.yaml"))


def document_folder(root: Path, slug: str | None = None) -> Path:
    """The folder of one document: the only one under ``root``, or the one named ``slug``."""
    found = document_folders(root)
    if slug is not None:
        named = [f for f in found if f.name == slug]
        if not named:
            names = ", ".join(f.name for f in found) or "none"
            raise ContentInvalid([Problem(str(root), "-", f"holds no document folder {slug!r} (it holds: {names})")])
        return named[0]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        message = f"holds {len(found)} documents ({names}): name one with --document"
        raise ContentInvalid([Problem(str(root), "-", message)])
    return found[0] if found else root


def load_content(root: Path, slug: str | None = None) -> Content:
    """Read and validate one document (``root`` is its folder, or a content root holding it);
    raise :class:`ContentInvalid` on problems."""
    if not root.is_dir():
        raise ContentInvalid([Problem(str(root), "-", "content folder does not exist")])
    folder = document_folder(root, slug)
    ck = _Checker(root)
    root = folder
    document = _load_document(ck, root / "document.yaml")
    terms = _load_glossary(ck, root / "glossary.yaml")
    items = _load_items(ck, root / "items", document, {t.id for t in terms})
    blocks = _load_blocks(ck, root / "full_text.yaml", items)
    observations = _load_observations(ck, root / "observations.csv", items)
    files = sorted(p for p in root.rglob("*") if p.is_file())
    if ck.problems or document is None:
        raise ContentInvalid(ck.problems)
    return Content(document, blocks, items, observations, terms, files)


def load_library(root: Path, reserved: frozenset[str] = frozenset()) -> list[Content]:
    """Every document under the content root, validated, each on its own and together; the one
    whose old addresses are kept comes first, then the others by place (Vietnamese order).

    ``reserved``: first address segments the site uses itself, which no slug may take."""
    if not root.is_dir():
        raise ContentInvalid([Problem(str(root), "-", "content folder does not exist")])
    folders = document_folders(root)
    if not folders:
        raise ContentInvalid([Problem(str(root), "-", "holds no document (a folder with a document.yaml)")])
    problems: list[Problem] = []
    loaded: list[tuple[str, Content]] = []
    for folder in folders:
        try:
            content = load_content(root, folder.name)
        except ContentInvalid as exc:
            problems += exc.problems
            continue
        loaded.append((str((folder / "document.yaml").relative_to(root.parent)), content))
    problems += _library_problems(root, loaded, reserved)
    contents = [c for _, c in loaded]
    if problems:
        raise ContentInvalid(problems)
    return sorted(contents, key=lambda c: (not c.document.old_addresses, collation_key(c.document.place),
                                           c.document.slug))


def _library_problems(root: Path, loaded: list[tuple[str, Content]], reserved: frozenset[str]) -> list[Problem]:
    """What makes documents clash: the same slug, a slug the site or an old address uses, or
    more than one document keeping its old (unprefixed) addresses."""
    problems = []
    segments = {s for _, c in loaded if c.document.old_addresses
                for t in c.document.item_types for s in (t.segment, t.segment_en)}
    seen: dict[str, str] = {}
    for f, c in loaded:
        slug = c.document.slug
        if slug in seen:
            problems.append(Problem(f, "slug", f"{slug!r} is also the slug of {seen[slug]}"))
        seen[slug] = f
        if slug in reserved or slug in segments:
            problems.append(Problem(f, "slug", f"{slug!r} is an address the site already uses; choose another"))
    keeping = [c.document.slug for _, c in loaded if c.document.old_addresses]
    if len(keeping) > 1:
        problems.append(Problem(str(root), "old_addresses",
                                f"only one document may keep the old addresses; {', '.join(keeping)} all do"))
    return problems


def _load_document(ck: _Checker, path: Path) -> Document | None:
    data = ck.load_yaml(path)
    if data is None:
        return None
    f = ck.rel(path)
    if not isinstance(data, dict):
        ck.add(f, "-", "must be a mapping of fields")
        return None
    try:
        document = Document.model_validate(data)
    except ValidationError as exc:
        for where, message in validation_problems(exc):
            ck.add(f, where, message)
        return None
    for where, value in _texts(data):
        if unicodedata.normalize("NFC", value) != value:
            ck.add(f, where, "text is not in Unicode NFC (composed) form")
    return document


def _texts(data: Any, where: str = "") -> list[tuple[str, str]]:
    """Every text value of a YAML tree, with where it is (areas[0].name)."""
    if isinstance(data, str):
        return [(where, data)]
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in _texts(v, f"{where}.{k}" if where else str(k))]
    if isinstance(data, list):
        return [x for n, v in enumerate(data) for x in _texts(v, f"{where}[{n}]")]
    return []


def _load_glossary(ck: _Checker, path: Path) -> list[Term]:
    data = ck.load_yaml(path)
    f = ck.rel(path)
    if data is None:
        return []
    if not isinstance(data, list):
        ck.add(f, "-", "must be a list of terms")
        return []
    terms: list[Term] = []
    seen: set[str] = set()
    shown: dict[str, str] = {}  # a displayed name or abbreviation (folded case) -> the entry using it
    for i, entry in enumerate(data):
        where = f"[{i}]"
        if not isinstance(entry, dict):
            ck.add(f, where, "must be a mapping")
            continue
        tid = ck.text(f, entry, "id", prefix=where + ".")
        if tid and tid in seen:  # a missing id is said once, as missing
            ck.add(f, f"{where}.id", f"id {tid!r} is used twice")
        seen.add(tid)
        en = entry.get("en") or {}
        if not isinstance(en, dict):
            ck.add(f, f"{where}.en", "must be a mapping")
            en = {}
        term = Term(
            id=tid, term=ck.text(f, entry, "term", prefix=where + "."),
            abbreviations=ck.string_list(f, entry, "abbreviations", prefix=where + "."),
            synonyms=ck.string_list(f, entry, "synonyms", prefix=where + "."),
            search_terms=ck.string_list(f, entry, "search_terms", prefix=where + "."),
            definition=ck.text(f, entry, "definition", prefix=where + "."),
            en={"term": str(en.get("term") or "").strip(), "definition": str(en.get("definition") or "").strip(),
                **{key: ck.string_list(f, en, key, prefix=where + ".en.")
                   for key in ("synonyms", "abbreviations", "search_terms")}},
        )
        # One entry per term: a name or abbreviation shown on the glossary page belongs to one entry.
        for key, names in (("term", [term.term]), ("abbreviations", term.abbreviations),
                           ("en.term", [term.en["term"]]), ("en.abbreviations", term.en["abbreviations"])):
            for name in names:
                label = ("en:" if key.startswith("en.") else "vi:") + name.casefold()
                other = shown.setdefault(label, tid)
                if name and other != tid:
                    ck.add(f, f"{where}.{key}", f"{name!r} is already shown for the entry {other!r}; "
                                                "a term or abbreviation may name one entry only")
        terms.append(term)
    return terms


def _load_items(ck: _Checker, folder: Path, document: Document | None, term_ids: set[str]) -> list[Item]:
    items: list[Item] = []
    if not folder.is_dir():
        ck.add(ck.rel(folder), "-", "folder of items is missing")
        return items
    areas = {a.id for a in document.areas} if document else set()
    for path in sorted(folder.glob("*.yaml")):
        data = ck.load_yaml(path)
        f = ck.rel(path)
        if data is None:
            continue
        if not isinstance(data, dict):
            ck.add(f, "-", "must be a mapping of fields")
            continue
        iid = ck.text(f, data, "id")
        if iid and iid != path.stem:
            ck.add(f, "id", f"{iid!r} does not match the file name {path.stem!r}")
        itype = ck.text(f, data, "type")
        item_type = document.item_type(itype) if document else None
        if itype and document and item_type is None:
            ck.add(f, "type", f"unknown type {itype!r}; document.yaml declares "
                              f"{', '.join(t.id for t in document.item_types)}")
        number = data.get("number")
        if isinstance(number, int) and not isinstance(number, bool):
            number = str(number)
        if item_type is not None and item_type.numbered:
            if not isinstance(number, str) or not NUMBER.match(number) or number.startswith("0"):
                ck.add(f, "number", f"must be a number from 1, optionally with a letter (7, 12a), not {number!r}")
                number = None
            elif iid and iid != f"{item_type.segment}-{number}":
                ck.add(f, "id", f"an item of type {itype} number {number} must have id "
                                f"{item_type.segment}-{number}")
        elif item_type is not None:
            if number is not None:
                ck.add(f, "number", f"items of type {itype} are not numbered (document.yaml); remove the number")
            number = None
            if iid and not (iid == item_type.segment or iid.startswith(item_type.segment + "-")):
                ck.add(f, "id", f"an item of type {itype} must have the id {item_type.segment} "
                                f"or one starting with {item_type.segment}-")
        en = data.get("en") or {}
        if not isinstance(en, dict):
            ck.add(f, "en", "must be a mapping")
            en = {}
        en_clean = {}
        for k, v in en.items():
            if v is not None and not isinstance(v, str):
                ck.add(f, f"en.{k}", "must be text")
            en_clean[k] = (v or "").strip() if isinstance(v, str) else ""
        area = data.get("area")
        if not isinstance(area, str | None):
            ck.add(f, "area", f"must be the id of an area, not {type(area).__name__}")
            area = None
        elif itype == TARGET and document and area not in areas:  # a broken document.yaml is named once
            listed = ", ".join(sorted(areas))
            ck.add(f, "area", f"is missing: a target needs one of the areas of document.yaml ({listed})"
                   if area is None else f"{area!r} is not an area of document.yaml ({listed})")
        terms = ck.string_list(f, data, "terms")
        for t in terms:
            if t not in term_ids:
                ck.add(f, "terms", f"{t!r} is not an id in glossary.yaml")
        item = Item(
            id=iid, type=itype, number=number if isinstance(number, str) else None,
            section=ck.text(f, data, "section", required=False), title=ck.text(f, data, "title"),
            summary=ck.text(f, data, "summary"), body=ck.text(f, data, "body"),
            related=ck.string_list(f, data, "related"), terms=terms, area=area, en=en_clean, file=f,
            sources=_sources(ck, f, data.get("sources")),
        )
        for key, text in (("body", item.body), ("en.body", en_clean.get("body", ""))):
            for problem in source_mark_problems(text, len(item.sources)):
                ck.add(f, key, problem)
        if itype == TARGET:
            raw = data.get("indicators")
            if not isinstance(raw, list) or not raw:
                ck.add(f, "indicators", "a target needs at least one indicator")
            else:
                item.indicators = [_indicator(ck, f, iid, i, d) for i, d in enumerate(raw)]
                ids = [ind.id for ind in item.indicators]
                for dup in {x for x in ids if ids.count(x) > 1}:
                    ck.add(f, "indicators", f"indicator id {dup!r} is used twice")
        items.append(item)
    known = {i.id for i in items}
    for item in items:
        for r in item.related:
            if r not in known:
                ck.add(item.file, "related", f"{r!r} is not the id of any item")
            if r == item.id:
                ck.add(item.file, "related", "an item cannot be related to itself")
    return items


def _sources(ck: _Checker, f: str, raw: Any) -> list[Source]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        ck.add(f, "sources", "must be a list of sources (title, publisher, url, published)")
        return []
    sources = []
    for n, d in enumerate(raw):
        where = f"sources[{n}]."
        if not isinstance(d, dict):
            ck.add(f, where[:-1], "must be a mapping with title, publisher, url and published")
            continue
        url = ck.text(f, d, "url", prefix=where)
        if url and not _WEB_ADDRESS_RE.match(url):
            ck.add(f, where + "url", f"{url!r} is not a web address (http:// or https://)")
        published = ck.text(f, d, "published", prefix=where)
        if published and parse_date(published) is None:
            ck.add(f, where + "published", f"{published!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        sources.append(Source(
            title=ck.text(f, d, "title", prefix=where), publisher=ck.text(f, d, "publisher", prefix=where),
            url=url, published=published, title_en=ck.text(f, d, "title_en", required=False, prefix=where)))
    return sources


def source_mark_problems(body: str, source_count: int) -> list[str]:
    """What is wrong with the source marks ("[^1]") of one body, given how many sources it has."""
    problems = []
    for m in SOURCE_MARK_RE.finditer(body):
        n = int(m.group(1))
        if not 1 <= n <= source_count:
            problems.append(f"the mark {m.group(0)} points to source {n}, but the item lists "
                            f"{source_count} source(s) under 'sources'; add the source or remove the claim")
    return problems


def _indicator(ck: _Checker, f: str, item_id: str, i: int, d: Any) -> Indicator:
    where = f"indicators[{i}]"
    if not isinstance(d, dict):
        ck.add(f, where, "must be a mapping")
        d = {}

    def num(key: str) -> float | None:
        v = d.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            ck.add(f, f"{where}.{key}", f"must be a number, not {v!r}")
            return None
        return float(v)

    iid = str(d.get("id") or "")
    if not iid.startswith(item_id + ".") or not re.fullmatch(r"[a-z0-9-]+", iid[len(item_id) + 1:]):
        ck.add(f, f"{where}.id", f"must be {item_id}.<slug> (lower-case letters, digits, -), not {iid!r}")
    kind = d.get("kind")
    if kind not in KINDS:
        ck.add(f, f"{where}.kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    comparator = d.get("comparator")
    if comparator not in COMPARATORS:
        ck.add(f, f"{where}.comparator", f"{comparator!r} is not one of {', '.join(COMPARATORS)}")
    direction = d.get("direction", "up")
    if direction not in DIRECTIONS:
        ck.add(f, f"{where}.direction", f"{direction!r} is not up or down")
    target, low, high = num("target"), num("target_low"), num("target_high")
    if comparator == "between":
        if low is None or high is None:
            ck.add(f, f"{where}.target_low", "a 'between' indicator needs target_low and target_high")
        elif low > high:
            ck.add(f, f"{where}.target_low", "target_low is larger than target_high")
    elif kind != "qualitative" and target is None:
        ck.add(f, f"{where}.target", "is missing (every measurable indicator needs its target value)")
    lowest, field_name = (low, "target_low") if comparator == "between" else (target, "target")
    if kind == "average_rate" and lowest is not None and lowest <= 0:  # the method measures growth achieved
        ck.add(f, f"{where}.{field_name}", "an average yearly rate of 0 or less (a decline) has no rule in the "
               "progress method yet: write the target as a level to reach, or extend the method first")
    period = str(d.get("period") or "")
    m = _PERIOD_RE.match(period)
    if not m or not m.group(2) or not 1900 <= int(m.group(1)) <= int(m.group(2)):  # "0000-0000" is no period
        ck.add(f, f"{where}.period", f"must be a first and a last year written YYYY-YYYY, not {period!r}")
        start = end = 0
    else:
        start, end = int(m.group(1)), int(m.group(2))
    deadline = d.get("deadline")
    if not isinstance(deadline, int) or (end and not start <= deadline <= end):
        ck.add(f, f"{where}.deadline", f"must be a year inside the period {period}, not {deadline!r}")
        deadline = end
    baseline = d.get("baseline_year")
    # a year as document.yaml's baseline_year is (1900 or later): not 0, nor true/false (YAML's yes/no)
    if not isinstance(baseline, int) or isinstance(baseline, bool) or baseline < 1900 or (start and baseline >= start):
        ck.add(f, f"{where}.baseline_year", f"must be a year before the period starts, not {baseline!r}")
        baseline = start - 1
    unit = d.get("unit", "")
    if not isinstance(unit, str):
        ck.add(f, f"{where}.unit", "must be text (may be empty for an index)")
        unit = ""
    conversions = d.get("conversions") or []
    if not isinstance(conversions, list):
        ck.add(f, f"{where}.conversions", "must be a list of conversions, each with a unit and a divide_by")
        conversions = []
    for j, c in enumerate(conversions):
        if not (isinstance(c, dict) and isinstance(c.get("unit"), str)
                and isinstance(c.get("divide_by"), int | float) and not isinstance(c["divide_by"], bool)
                and c["divide_by"] > 0):
            ck.add(f, f"{where}.conversions[{j}]", "needs a unit and a positive divide_by")
    editorial = d.get("editorial")
    if editorial is not None:
        if not isinstance(editorial, dict) or editorial.get("status") not in EDITORIAL_STATUSES:
            ck.add(f, f"{where}.editorial.status", f"must be one of {', '.join(EDITORIAL_STATUSES)}")
        for key in ("reason", "source_url", "published", "publisher"):
            if not isinstance(editorial, dict) or not editorial.get(key):
                ck.add(f, f"{where}.editorial.{key}", "an editorial status needs its reason and source")
    from portal.expected import check_expected

    return Indicator(
        id=iid, target_id=item_id, name=ck.text(f, d, "name", prefix=where + "."),
        name_en=str(d.get("name_en") or ""), unit=unit, unit_en=str(d.get("unit_en", unit) or ""),
        kind=kind or "", direction=direction, comparator=comparator or "", target=target, target_low=low,
        target_high=high, period_start=start, period_end=end, deadline=deadline or 0,
        baseline_year=baseline or 0, conversions=list(conversions), editorial=editorial,
        expected=check_expected(ck, f, where, d.get("expected")),
    )


def _load_blocks(ck: _Checker, path: Path, items: list[Item]) -> list[Block]:
    data = ck.load_yaml(path)
    f = ck.rel(path)
    if data is None:
        return []
    if not isinstance(data, list):
        ck.add(f, "-", "must be a list of paragraphs")
        return []
    by_id = {i.id: i for i in items}
    blocks: list[Block] = []
    for n, b in enumerate(data):
        where = f"[{n}]"
        if not isinstance(b, dict):
            ck.add(f, where, "must be a mapping with kind and text")
            continue
        text = ck.text(f, b, "text", prefix=where + ".")
        if "[bookmark:" in text:
            ck.add(f, f"{where}.text", "contains conversion debris '[bookmark: …]'")
        kind = b.get("kind", "paragraph")
        if kind not in BLOCK_KINDS:
            ck.add(f, f"{where}.kind", f"{kind!r} is not one of {', '.join(BLOCK_KINDS)}")
        raw_items = b.get("item")
        block_items = [raw_items] if isinstance(raw_items, str) else raw_items if raw_items is not None else []
        if not isinstance(block_items, list) or not all(isinstance(i, str) for i in block_items):
            ck.add(f, f"{where}.item", "must be an item id or a list of item ids")
            block_items = []
        for item_id in dict.fromkeys(block_items):  # each unknown id is named once
            if item_id not in by_id:
                ck.add(f, f"{where}.item", f"{item_id!r} is not the id of any item in the items folder")
        notes = ck.string_list(f, b, "notes", prefix=where + ".")
        notes_en = ck.string_list(f, b, "notes_en", prefix=where + ".")
        if notes_en and len(notes_en) != len(notes):
            ck.add(f, f"{where}.notes_en", f"has {len(notes_en)} note(s) but notes has {len(notes)}; "
                                           "give the English of each note, in the same order")
        text_en = ck.text(f, b, "text_en", required=False, prefix=where + ".")
        if text_en and kind != "heading":
            ck.add(f, f"{where}.text_en", "only headings carry an English text (for the contents list)")
        blocks.append(Block(position=n, kind=kind, text=text, items=list(dict.fromkeys(block_items)), notes=notes,
                            notes_en=notes_en, text_en=text_en))
    seen: set[str] = set()
    for block in blocks:
        for item_id in block.items:
            if item_id not in seen:
                seen.add(item_id)
                block.anchors.append(item_id)
            if item_id in by_id:
                item = by_id[item_id]
                item.source_text = f"{item.source_text}\n\n{block.text}" if item.source_text else block.text
                item.notes.extend(block.notes)
                item.notes_en.extend(block.notes_en or [""] * len(block.notes))
    for item in items:
        if item.id and item.id not in seen:
            ck.add(item.file, "id", f"no paragraph of {f} carries item: {item.id} (its original wording)")
    # Items follow the order of the resolution itself.
    first = {i: b.position for b in reversed(blocks) for i in b.items}
    items.sort(key=lambda i: first.get(i.id, len(blocks)))
    return blocks


def parse_date(value: str) -> tuple[int, int, int] | None:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; missing parts are 0 (they sort first)."""
    m = _DATE_RE.match(value or "")
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    try:
        # A part that is written must exist on the calendar: no year 0000, no month or day 00.
        dt.date(y, mo if m.group(2) else 1, d if m.group(3) else 1)
    except ValueError:
        return None
    return (y, mo, d)


def _load_observations(ck: _Checker, path: Path, items: list[Item]) -> list[Observation]:
    f = ck.rel(path)
    if not path.exists():
        ck.add(f, "-", "file is missing")
        return []
    indicators = {ind.id: ind for item in items for ind in item.indicators}
    rows: list[Observation] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        ck.add(f, "-", "file is not UTF-8 text")
        return []
    reader = csv.reader(text.splitlines())
    header = next(reader, None) or []
    unknown = [c for c in header if c not in OBS_COLUMNS]
    missing = [c for c in OBS_REQUIRED if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        ck.add(f, "header", f"columns must be {','.join(OBS_REQUIRED)}, optionally with "
                            f"{','.join(c for c in OBS_COLUMNS if c not in OBS_REQUIRED)}, each once"
                            + (f"; unknown: {','.join(unknown)}" if unknown else "")
                            + (f"; missing: {','.join(missing)}" if missing else ""))
        return []
    for values in reader:
        line = reader.line_num
        where = f"{f}:{line}"
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            ck.add(where, "-", f"has {len(values)} columns, expected {len(header)} "
                               "(a value with a comma must be in double quotes)")
            continue
        r = dict.fromkeys(OBS_COLUMNS, "") | dict(zip(header, (v.strip() for v in values), strict=True))
        r["authority"] = r["authority"] or "press"  # unlabelled: the lowest rank
        for key, value in r.items():
            if unicodedata.normalize("NFC", value) != value:
                ck.add(where, key, "text is not in Unicode NFC form")
        ind = indicators.get(r["indicator"])
        if ind is None:
            ck.add(where, "indicator", f"{r['indicator']!r} is not the id of any indicator")
        period = parse_period(r["period"])
        if period is None:
            ck.add(where, "period", f"must be a period such as {PERIOD_FORMS}, not {r['period']!r}")
        if not _NUMBER_RE.match(r["value"]):
            ck.add(where, "value", f"{r['value']!r} is not a number (write 8700 or 10.27: no spaces, "
                                   "no thousands separator, a dot for decimals)")
        if r["status"] not in OBS_STATUSES:
            ck.add(where, "status", f"{r['status']!r} is not one of {', '.join(OBS_STATUSES)}")
        if r["role"] not in OBS_ROLES:
            ck.add(where, "role", f"{r['role']!r} is not one of {', '.join(OBS_ROLES)}")
        if r["qualifier"] and r["qualifier"] not in QUALIFIERS:
            ck.add(where, "qualifier", f"{r['qualifier']!r} is not one of {', '.join(QUALIFIERS)} (or empty)")
        if r["authority"] not in AUTHORITIES:
            ck.add(where, "authority", f"{r['authority']!r} is not one of {', '.join(AUTHORITIES)}")
        targets = {i.id for i in items if i.type == "target"}
        for tid in dict.fromkeys(r["context_for"].split()):  # each unknown id is named once
            if tid not in targets:
                ck.add(where, "context_for", f"{tid!r} is not the id of a target")
        if r["context_for"] and r["role"] != "context":
            ck.add(where, "context_for", "only a context row can be shown on other targets")
        if r["caveat_en"] and not r["caveat"]:
            ck.add(where, "caveat", "is missing while caveat_en is given")
        if ind is not None and r["role"] == "measurement":
            allowed = [ind.unit] + [c["unit"] for c in ind.conversions if isinstance(c, dict) and "unit" in c]
            if r["unit"] not in allowed:
                ck.add(where, "unit", f"{r['unit']!r} does not match the indicator's unit "
                                      f"{ind.unit!r} (nor a declared conversion)")
            if period is not None and period.kind == "years":
                ck.add(where, "period", "a measurement is for one year or part of one year; "
                                        "use role 'context' for a span of years")
        if parse_date(r["published"]) is None:
            ck.add(where, "published", f"{r['published']!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        if not r["publisher"]:
            ck.add(where, "publisher", "is missing: every figure needs who published it")
        if not re.fullmatch(r"https?://[^\s/]+\.[^\s]+", r["source_url"]):
            ck.add(where, "source_url", "is missing or not a web address: every figure needs its source")
        from portal.history import correction_problems

        for key, message in correction_problems(r):
            ck.add(where, key, message)
        if ck.problems and ck.problems[-1].file == where:
            continue
        rows.append(Observation(row=line, indicator=r["indicator"], period=r["period"], value=float(r["value"]),
                                unit=r["unit"], status=r["status"], role=r["role"], scope=r["scope"],
                                published=r["published"], publisher=r["publisher"], source_url=r["source_url"],
                                note=r["note"], note_en=r["note_en"], correction=r["correction"],
                                corrected=r["corrected"], correction_reason=r["correction_reason"],
                                correction_reason_en=r["correction_reason_en"],
                                unit_en=r["unit_en"] or english_unit(r["unit"], ind),
                                qualifier=r["qualifier"], measure=r["measure"], measure_en=r["measure_en"],
                                authority=r["authority"], context_for=r["context_for"].split(), via=r["via"],
                                caveat=r["caveat"], caveat_en=r["caveat_en"]))
    return rows


def english_unit(unit: str, ind: Indicator | None) -> str:
    """The English label of a published unit when a row gives none: the indicator's own label, or
    that of the declared conversion from this unit; else the unit as published."""
    if ind is None:
        return unit
    if unit == ind.unit:
        return ind.unit_en or unit
    return next((str(c.get("unit_en") or unit) for c in ind.conversions if c.get("unit") == unit), unit)
