"""Vietnamese full-text search. The only module that imports Whoosh.

Analysis is done here in Python (see :mod:`portal.vietnamese`), and Whoosh stores the
resulting keys as space-separated terms in four kinds of field:

* ``*_x``: exact syllable keys (marks kept, tone position ignored);
* ``*_f``: folded keys (no marks, đ→d), for queries typed without diacritics;
* ``pair_x`` / ``pair_f``: pairs of adjacent syllables, so that a document where the query's
  syllables stand together ranks above one where they are scattered.

Queries are built in code from the same keys, never parsed with Whoosh's query language, so
no input can raise. Synonyms and abbreviations come from the glossary at query time.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape
from whoosh import index as windex
from whoosh import query as Q
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.scoring import BM25F

from portal.vietnamese import (
    compounds,
    exact_key,
    fold,
    folded_key,
    has_diacritics,
    is_number,
    nfc,
    number_key,
    syllables,
)

ANALYZER_VERSION = "vi-syllable-4"
MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 24

_ws = SpaceSeparatedTokenizer()


def _schema() -> Schema:
    text = {"analyzer": _ws, "phrase": False}
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        title=STORED,
        head_x=TEXT(field_boost=3.0, **text),
        head_f=TEXT(field_boost=2.0, **text),
        body_x=TEXT(field_boost=1.5, **text),
        body_f=TEXT(field_boost=1.0, **text),
        pair_x=TEXT(field_boost=3.0, **text),
        pair_f=TEXT(field_boost=2.0, **text),
        ref=ID,
    )


@dataclass
class Keys:
    exact: list[str] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)
    pairs_x: list[str] = field(default_factory=list)
    pairs_f: list[str] = field(default_factory=list)


@dataclass
class SearchDoc:
    id: str
    type: str
    title: str
    head: str  # title, label and names: the strongest field
    body: str  # summary, plain-language body, original wording, definition
    boost: float = 1.0  # glossary entries rank below the items that use the term


def analyze(text: str, *, query: bool = False) -> list[tuple[list[str], list[str], bool]]:
    """Split text into syllables: for each, (exact keys, folded keys, joined to the previous).

    ``joined`` is False when punctuation stands between this syllable and the previous one,
    so that pairs never cross a comma or a full stop. A number gives one key per reading.
    """
    text = nfc(text)
    out: list[tuple[list[str], list[str], bool]] = []
    prev_end = None
    for piece, start, end in syllables(text):
        gap = text[prev_end:start] if prev_end is not None else ""
        joined = prev_end is not None and gap.strip(" \t-") == "" and "\n" not in gap
        prev_end = end
        if is_number(piece):
            readings = number_key(piece, vietnamese=not query)
            out.append((readings, readings, joined))
        else:
            out.append(([exact_key(piece)], [folded_key(piece)], joined))
    return out


def keys_for(text: str) -> Keys:
    k = Keys()
    prev: tuple[list[str], list[str]] | None = None
    for exact, folded, joined in analyze(text):
        k.exact.extend(exact)
        k.folded.extend(folded)
        if prev is not None and joined:
            k.pairs_x.append(f"{prev[0][0]}_{exact[0]}")
            k.pairs_f.append(f"{prev[1][0]}_{folded[0]}")
        prev = (exact, folded)
    k.folded.extend(compounds(text))
    return k


def build_index(directory: Path, docs: Iterable[SearchDoc]) -> dict[str, int]:
    """Write a new index into ``directory`` (created; must not hold another index)."""
    directory.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(directory), _schema())
    forms: dict[str, Counter[str]] = {}
    pairs: Counter[str] = Counter()
    count = 0
    writer = ix.writer(limitmb=256)
    try:
        for doc in docs:
            head, body = keys_for(doc.head), keys_for(doc.body)
            for text in (doc.head, doc.body):
                _count_forms(nfc(text), forms, pairs)
            writer.add_document(
                _boost=doc.boost, id=doc.id, type=doc.type, title=doc.title, ref=doc.id,
                head_x=" ".join(head.exact), head_f=" ".join(head.folded),
                body_x=" ".join(body.exact), body_f=" ".join(body.folded),
                pair_x=" ".join(head.pairs_x + body.pairs_x), pair_f=" ".join(head.pairs_f + body.pairs_f),
            )
            count += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    meta = {
        "analyzer": ANALYZER_VERSION,
        "documents": count,
        "forms": {f: c.most_common(6) for f, c in forms.items()},
        "pairs": dict(pairs.most_common(MAX_PAIRS)),
    }
    (directory / "portal-meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return {"documents": count}


MAX_PAIRS = 60_000  # accented syllable pairs kept for restoring marks in "did you mean"


def _count_forms(text: str, forms: dict[str, Counter[str]], pairs: Counter[str]) -> None:
    """Count how each unaccented syllable is written, alone and next to its neighbour."""
    prev: str | None = None
    prev_end = None
    for piece, start, end in syllables(text):
        joined = prev_end is not None and text[prev_end:start].strip(" ") == ""
        prev_end = end
        if is_number(piece):
            prev = None
            continue
        form = piece.lower()
        forms.setdefault(folded_key(form), Counter())[form] += 1
        if prev is not None and joined:
            pairs[f"{prev} {form}"] += 1
        prev = form


def index_is_current(directory: Path) -> bool:
    try:
        meta = json.loads((directory / "portal-meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("analyzer") == ANALYZER_VERSION


@dataclass
class Hit:
    id: str
    type: str
    title: str
    score: float


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]
    counts: dict[str, int]
    suggestion: str | None = None
    fuzzy: bool = False


class QueryError(ValueError):
    """The query cannot be searched (too long, empty after cleaning)."""


def clean_query(raw: str) -> str:
    """Bound and tidy user input: NFC, no control characters, collapsed spaces."""
    text = nfc(raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError("too_long")
    return text


@dataclass
class SynonymGroup:
    phrases: list[tuple[str, ...]]  # folded key sequences


def synonym_groups(entries: Iterable[Iterable[str]]) -> list[SynonymGroup]:
    """Groups of equivalent phrases (a glossary term, its abbreviations and synonyms)."""
    groups = []
    for names in entries:
        phrases = []
        for name in names:
            seq = tuple(f for _, fs, _ in analyze(name, query=True) for f in fs[:1])
            joined = tuple(compounds(name))
            for s in (seq, joined):
                if s and s not in phrases:
                    phrases.append(s)
        if len(phrases) > 1:
            groups.append(SynonymGroup(phrases))
    return groups


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1))


_REF_RE = re.compile(r"\b(chi tieu|nhiem vu|dot pha|giai phap|quan diem|bai hoc)\s+(?:so\s+)?(\d{1,3})\b")


class Searcher:
    """Reads one built index; safe to share between threads (a Whoosh searcher per query)."""

    def __init__(self, directory: Path, groups: list[SynonymGroup]) -> None:
        if not index_is_current(directory):
            raise RuntimeError(f"search index in {directory} is missing or was built by another analyzer")
        self.ix = windex.open_dir(str(directory))
        meta = json.loads((directory / "portal-meta.json").read_text(encoding="utf-8"))
        self.forms: dict[str, list[list]] = meta.get("forms", {})
        self.pairs: dict[str, int] = meta.get("pairs", {})
        self.groups = groups

    def build_query(self, text: str) -> Q.Query | None:
        syl = analyze(text, query=True)[:MAX_QUERY_TOKENS]
        if not syl:
            return None
        accented = has_diacritics(text)
        folded_seq = tuple(f[0] for _, f, _ in syl)
        per_token: list[Q.Query] = []
        for exact, folded, _ in syl:
            alts: list[Q.Query] = []
            for f in folded:
                alts += [Q.Term("head_f", f), Q.Term("body_f", f)]
            if accented and not is_number(exact[0]):
                alts += [Q.Term("head_x", exact[0], boost=2.0), Q.Term("body_x", exact[0], boost=2.0)]
            elif accented:
                alts += [Q.Term("head_x", e) for e in exact]
            per_token.append(Q.Or(alts))
        clauses: list[Q.Query] = list(per_token)
        if len(per_token) > 1:
            clauses.append(Q.And(per_token, boost=2.0))
        for i in range(1, len(syl)):
            if not syl[i][2]:
                continue
            for fa in syl[i - 1][1]:
                for fb in syl[i][1]:
                    clauses.append(Q.Term("pair_f", f"{fa}_{fb}", boost=1.5))
            if accented:
                clauses.append(Q.Term("pair_x", f"{syl[i - 1][0][0]}_{syl[i][0][0]}", boost=2.0))
        for group in self.groups:
            if any(_contains(folded_seq, p) for p in group.phrases):
                for p in group.phrases:
                    if not _contains(folded_seq, p):
                        clauses.append(_phrase_query(p, boost=0.8))
        joined = " ".join(folded_seq)
        for m in _REF_RE.finditer(joined):
            clauses.append(Q.Term("ref", f"{m.group(1).replace(' ', '-')}-{int(m.group(2))}", boost=40.0))
        return Q.Or(clauses)

    def search(self, raw: str, *, limit: int = 10, offset: int = 0, types: Iterable[str] = ()) -> Results:
        text = clean_query(raw)
        q = self.build_query(text)
        if q is None:
            return Results(text, 0, [], {})
        results = self._run(q, limit, offset, types)
        if results.total == 0:
            fuzzy = self._fuzzy_query(text)
            if fuzzy is not None:
                results = self._run(fuzzy, limit, offset, types)
                results.fuzzy = results.total > 0
        results.query = text
        results.suggestion = self.suggest_spelling(text)
        return results

    def _run(self, q: Q.Query, limit: int, offset: int, types: Iterable[str]) -> Results:
        wanted = set(types)
        with self.ix.searcher(weighting=BM25F(B=0.5, K1=1.2)) as s:
            found = s.search(q, limit=None)
            counts: Counter[str] = Counter()
            hits = []
            for r in found:
                counts[r["type"]] += 1
                if not wanted or r["type"] in wanted:
                    hits.append(Hit(r["id"], r["type"], r["title"], r.score))
        # Items of the document first, glossary entries after: a reader looking for "rừng"
        # wants the commitment; the definition is shown beside the results.
        hits.sort(key=lambda h: (h.type == "term", -h.score))
        return Results("", len(hits), hits[offset:offset + limit], dict(counts))

    def _fuzzy_query(self, text: str) -> Q.Query | None:
        alts: list[Q.Query] = []
        for _, folded, _ in analyze(text, query=True)[:MAX_QUERY_TOKENS]:
            f = folded[0]
            if len(f) >= 3 and not is_number(f):
                dist = 2 if len(f) >= 7 else 1
                alts += [Q.FuzzyTerm("head_f", f, maxdist=dist, prefixlength=1),
                         Q.FuzzyTerm("body_f", f, maxdist=dist, prefixlength=1)]
        return Q.Or(alts) if alts else None

    def suggest_spelling(self, text: str) -> str | None:
        """The query with marks restored and unknown syllables corrected, if that changes it.

        Each syllable's candidates are the ways the corpus writes it that keep every mark the
        reader typed; the best sequence is chosen with counts of adjacent pairs (Viterbi)."""
        pieces = list(syllables(text))
        if not pieces:
            return None
        lattice: list[list[tuple[str, int]]] = []
        with self.ix.searcher() as s:
            reader = s.reader()
            for piece, _, _ in pieces:
                if is_number(piece) or (piece.isupper() and len(piece) > 1):
                    lattice.append([(piece, 1)])
                    continue
                f = folded_key(piece)
                if f not in self.forms and len(f) >= 3 and not reader.frequency("body_f", f):
                    fixes = s.suggest("body_f", f, limit=1, maxdist=2 if len(f) >= 7 else 1, prefix=1)
                    f = fixes[0] if fixes else f
                typed = _marks(piece)
                cands = [(form, n) for form, n in self.forms.get(f, []) if typed <= _marks(form)]
                lattice.append(cands or [(piece.lower(), 1)])
        best = _viterbi(lattice, self.pairs)
        out, pos = [], 0
        for (piece, start, end), form in zip(pieces, best, strict=True):
            out.append(text[pos:start])
            out.append(piece if piece.isupper() and len(piece) > 1 else form)
            pos = end
        out.append(text[pos:])
        suggestion = "".join(out)
        same = [exact_key(p) for p, _, _ in syllables(suggestion)] == [exact_key(p) for p, _, _ in pieces]
        return None if same else suggestion


def _marks(piece: str) -> set[str]:
    import unicodedata

    return {ch for ch in unicodedata.normalize("NFD", piece.lower()) if unicodedata.combining(ch)} | (
        {"đ"} if "đ" in piece.lower() else set())


def _viterbi(lattice: list[list[tuple[str, int]]], pairs: dict[str, int]) -> list[str]:
    import math

    scores = [(math.log1p(n), [form]) for form, n in lattice[0]]
    for cands in lattice[1:]:
        nxt = []
        for form, n in cands:
            best = max(scores, key=lambda sc: sc[0] + 3 * math.log1p(pairs.get(f"{sc[1][-1]} {form}", 0)))
            gain = 3 * math.log1p(pairs.get(f"{best[1][-1]} {form}", 0)) + math.log1p(n)
            nxt.append((best[0] + gain, best[1] + [form]))
        scores = nxt
    return max(scores, key=lambda sc: sc[0])[1]


def _phrase_query(seq: tuple[str, ...], boost: float) -> Q.Query:
    if len(seq) == 1:
        return Q.Or([Q.Term("head_f", seq[0]), Q.Term("body_f", seq[0])], boost=boost)
    return Q.And([Q.Term("pair_f", f"{a}_{b}") for a, b in zip(seq, seq[1:], strict=False)], boost=boost)


def highlight(text: str, query: str, *, width: int = 240) -> Markup:
    """An excerpt of ``text`` around the query's words, matches wrapped in <mark>.

    Matching ignores diacritics and tone placement, but the original text is shown."""
    text = nfc(text)
    wanted: set[str] = set()
    for _, folded, _ in analyze(query, query=True):
        wanted.update(folded)
    spans = []
    for piece, start, end in syllables(text):
        keys = number_key(piece) if is_number(piece) else [folded_key(piece)]
        if wanted.intersection(keys):
            spans.append((start, end))
    if len(text) <= width:
        lo, hi = 0, len(text)
    else:
        best, lo = -1, 0
        for s, _ in spans:
            n = sum(1 for a, _ in spans if s <= a < s + width)
            if n > best:
                best, lo = n, max(0, s - width // 4)
        hi = min(len(text), lo + width)
        if lo > 0:
            space = text.find(" ", lo)
            lo = space + 1 if 0 <= space < lo + 30 else lo
        if hi < len(text):
            space = text.rfind(" ", lo, hi)
            hi = space if space > lo else hi
    out = [Markup("… ") if lo > 0 else Markup("")]
    pos = lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        out.append(escape(text[pos:s]))
        out.append(Markup("<mark>") + escape(text[s:e]) + Markup("</mark>"))
        pos = e
    out.append(escape(text[pos:hi]))
    if hi < len(text):
        out.append(Markup(" …"))
    return Markup("").join(out)


def plain(markup: Markup) -> str:
    """The text of a highlighted excerpt, without tags."""
    return Markup(markup).striptags()


def remove_index(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)


__all__ = ["Searcher", "SearchDoc", "build_index", "highlight", "fold", "QueryError", "synonym_groups"]
