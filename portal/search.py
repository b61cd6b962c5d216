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
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from markupsafe import Markup, escape
from whoosh import index as windex
from whoosh.analysis import SpaceSeparatedTokenizer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.reading import TermNotFound

from portal.vietnamese import (
    compounds,
    exact_key,
    folded_key,
    has_diacritics,
    is_number,
    nfc,
    number_key,
    syllables,
)

ANALYZER_VERSION = "vi-syllable-5+en-stem"
MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 24

_ws = SpaceSeparatedTokenizer()
ENGLISH = StemmingAnalyzer()  # the English edition: stemming, English stop words


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
        en_head=TEXT(analyzer=ENGLISH, phrase=False, field_boost=3.0),
        en_body=TEXT(analyzer=ENGLISH, phrase=False),
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
    en_head: str = ""  # the English edition's text, analysed with English stemming
    en_body: str = ""


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
    writer = ix.writer(limitmb=4096)
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
                en_head=doc.en_head, en_body=doc.en_body,
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


def _positions(seq: tuple[str, ...], sub: tuple[str, ...]) -> int:
    """Bit mask of the positions of ``seq`` covered by occurrences of ``sub``."""
    n, mask = len(sub), 0
    for i in range(len(seq) - n + 1):
        if seq[i:i + n] == sub:
            mask |= ((1 << n) - 1) << i
    return mask


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1))


_REF_RE = re.compile(r"\b(chi tieu|nhiem vu|dot pha|giai phap|quan diem|bai hoc)\s+(?:so\s+)?(\d{1,3})\b")
_REF_EN_RE = re.compile(
    r"\b(target|task|breakthrough|solution|viewpoint|lesson)s?\s+(?:no\.?\s*|number\s+)?(\d{1,3})\b")
_EN_PREFIX = {"target": "chi-tieu", "task": "nhiem-vu", "breakthrough": "dot-pha", "solution": "giai-phap",
              "viewpoint": "quan-diem", "lesson": "bai-hoc"}


def english_terms(text: str) -> list[str]:
    """English analysis (lower case, stop words removed, Porter stems)."""
    return [t.text for t in ENGLISH(text)]


FIELD_BOOST = {"head_x": 3.0, "head_f": 2.0, "body_x": 1.5, "body_f": 1.0, "pair_x": 3.0, "pair_f": 2.0,
               "en_head": 3.0, "en_body": 1.0}
K1, B = 1.2, 0.5  # BM25 parameters: short documents (titles) should not win by length alone
EXACT_BOOST = 2.0  # a query typed with diacritics prefers documents written the same way
SYNONYM_BOOST = 0.8
FUZZY_BOOST = 0.5
REF_SCORE = 1000.0  # "chỉ tiêu 7" names an item: it comes first
MAX_CACHED_POSTINGS = 16_000_000  # decoded postings kept in memory per process (8 bytes each: 128 MB at most)


@dataclass
class Leaf:
    field: str
    term: str
    weight: float
    token: int | None = None  # the query syllable it stands for (coverage); None for pairs


@dataclass
class Plan:
    tokens: int
    leaves: list[Leaf] = field(default_factory=list)
    phrases: list[tuple[list[str], float, int]] = field(default_factory=list)  # pairs, weight, token mask
    refs: list[str] = field(default_factory=list)


class Searcher:
    """Reads one built index; safe to share between threads.

    Whoosh stores the postings; scoring is BM25 done here, block by block over the postings,
    with a coverage factor (the share of the query's syllables a document contains, squared)
    instead of a conjunction, so that partial matches still come back but full ones lead."""

    def __init__(self, directory: Path, groups: list[SynonymGroup],
                 groups_en: list[list[tuple[str, ...]]] | None = None) -> None:
        if not index_is_current(directory):
            raise RuntimeError(f"search index in {directory} is missing or was built by another analyzer")
        self.ix = windex.open_dir(str(directory))
        meta = json.loads((directory / "portal-meta.json").read_text(encoding="utf-8"))
        self.forms: dict[str, list[list]] = meta.get("forms", {})
        self.pairs: dict[str, int] = meta.get("pairs", {})
        self.groups = groups
        self.groups_en = groups_en or []
        with self.ix.searcher() as s:
            reader = s.reader()
            n = reader.doc_count_all()
            self.doc_count = n
            self.doc_types = [""] * n
            self.doc_ids: dict[str, int] = {}
            self.stored: list[tuple[str, str, str]] = [("", "", "")] * n
            for docnum, stored in reader.iter_docs():
                self.doc_types[docnum] = stored["type"]
                self.doc_ids[stored["id"]] = docnum
                self.stored[docnum] = (stored["id"], stored["type"], stored["title"])
            self.norms: dict[str, np.ndarray] = {}
            for name in FIELD_BOOST:
                lengths = np.array([reader.doc_field_length(d, name, 0) for d in range(n)], dtype=np.float64)
                avg = lengths.mean() if n and lengths.sum() else 1.0
                self.norms[name] = K1 * (1 - B + B * lengths / avg)
        self.type_names = sorted(set(self.doc_types))
        self.type_codes = np.array([self.type_names.index(t) for t in self.doc_types], dtype=np.int16)
        self.is_term = np.array([t == "term" for t in self.doc_types], dtype=bool)
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached = 0
        self._lock = threading.Lock()
        # One reader for the life of this build: opening a searcher per query costs more than the
        # query itself on a large index. Whoosh readers are not thread-safe: access is serialised.
        self._searcher = self.ix.searcher()
        self._reader = self._searcher.reader()
        self._io = threading.RLock()

    def plan(self, text: str) -> Plan | None:
        syl = analyze(text, query=True)[:MAX_QUERY_TOKENS]
        if not syl:
            return None
        accented = has_diacritics(text)
        plan = Plan(tokens=len(syl))
        folded_seq = tuple(f[0] for _, f, _ in syl)
        for pos, (exact, folded, _) in enumerate(syl):
            for f in folded:
                plan.leaves += [Leaf("head_f", f, 1.0, pos), Leaf("body_f", f, 1.0, pos)]
            if accented and not is_number(exact[0]):
                plan.leaves += [Leaf("head_x", exact[0], EXACT_BOOST, pos), Leaf("body_x", exact[0], EXACT_BOOST, pos)]
        for i in range(1, len(syl)):
            if not syl[i][2]:
                continue
            for fa in syl[i - 1][1]:
                for fb in syl[i][1]:
                    plan.leaves.append(Leaf("pair_f", f"{fa}_{fb}", 1.5))
            if accented:
                plan.leaves.append(Leaf("pair_x", f"{syl[i - 1][0][0]}_{syl[i][0][0]}", 2.0))
        for group in self.groups:
            found = [p for p in group.phrases if _contains(folded_seq, p)]
            if not found:
                continue
            mask = 0
            for p in found:
                mask |= _positions(folded_seq, p)
            for p in group.phrases:
                if not _contains(folded_seq, p):
                    pairs = [f"{a}_{b}" for a, b in zip(p, p[1:], strict=False)] or [p[0]]
                    plan.phrases.append((pairs, SYNONYM_BOOST, mask))
        for m in _REF_RE.finditer(" ".join(folded_seq)):
            plan.refs.append(f"{m.group(1).replace(' ', '-')}-{int(m.group(2))}")
        return plan

    def plan_en(self, text: str) -> Plan | None:
        """English edition: stemmed words, glossary synonyms, "target 7" by number."""
        stems = english_terms(text)[:MAX_QUERY_TOKENS]
        refs = [f"{_EN_PREFIX[m.group(1)]}-{int(m.group(2))}" for m in _REF_EN_RE.finditer(text.lower())]
        if not stems and not refs:
            return None
        plan = Plan(tokens=max(1, len(stems)), refs=refs)
        for pos, stem in enumerate(stems):
            plan.leaves += [Leaf("en_head", stem, 1.0, pos), Leaf("en_body", stem, 1.0, pos)]
        seq = tuple(stems)
        for phrases in self.groups_en:
            found = [p for p in phrases if _contains(seq, p)]
            if not found:
                continue
            first = next(i for i in range(len(seq)) if _positions(seq, found[0]) >> i & 1)
            for p in phrases:
                if not _contains(seq, p):
                    for stem in p:
                        plan.leaves += [Leaf("en_head", stem, SYNONYM_BOOST / len(p), first),
                                        Leaf("en_body", stem, SYNONYM_BOOST / len(p), first)]
        return plan

    def search(self, raw: str, *, limit: int = 10, offset: int = 0, types: Iterable[str] = (),
               lang: str = "vi") -> Results:
        text = clean_query(raw)
        plan = self.plan_en(text) if lang == "en" else self.plan(text)
        if plan is None:
            return Results(text, 0, [], {})
        with self._io:
            reader = self._reader
            scores = self._score(reader, plan)
            fuzzy = False
            if not scores.any() and lang != "en":
                fuzzy_plan = self._fuzzy_plan(reader, text)
                if fuzzy_plan is not None:
                    scores = self._score(reader, fuzzy_plan)
                    fuzzy = bool(scores.any())
        results = self._rank(scores, limit, offset, set(types))
        results.query, results.fuzzy = text, fuzzy
        results.suggestion = self.suggest_spelling(text) if lang != "en" else None
        return results

    def _score(self, reader: object, plan: Plan) -> np.ndarray:
        """BM25 per leaf, summed with numpy over whole postings lists; then the coverage factor."""
        n = self.doc_count
        acc = np.zeros(n, dtype=np.float64)
        covered = np.zeros(n, dtype=np.int32)  # how many query syllables each document contains
        token_hit: dict[int, np.ndarray] = {}
        for leaf in plan.leaves:
            post = self._postings(reader, leaf.field, leaf.term)
            if post is None:
                continue
            ids, tfs = post
            acc[ids] += self._bm25(leaf.field, len(ids), ids, tfs, leaf.weight)
            if leaf.token is not None:
                hit = token_hit.setdefault(leaf.token, np.zeros(n, dtype=bool))
                hit[ids] = True
        for hit in token_hit.values():
            covered += hit
        for pairs, weight, mask in plan.phrases:
            # a synonym counts where the whole phrase is present; scored like the pairs it is made of
            field_name = "pair_f" if "_" in pairs[0] else "body_f"
            posts = [p for p in (self._postings(reader, field_name, t) for t in pairs) if p is not None]
            if len(posts) < len(pairs):
                continue
            common = posts[0][0]
            for ids, _ in posts[1:]:
                common = np.intersect1d(common, ids, assume_unique=True)
            if not len(common):
                continue
            for ids, tfs in posts:
                sel = np.isin(ids, common, assume_unique=True)
                acc[ids[sel]] += self._bm25(field_name, len(ids), ids[sel], tfs[sel], weight)
            for pos in range(plan.tokens):
                if mask >> pos & 1:
                    hit = token_hit.setdefault(pos, np.zeros(n, dtype=bool))
                    newly = common[~hit[common]]
                    covered[newly] += 1
                    hit[common] = True
        for ref in plan.refs:
            d = self.doc_ids.get(ref)
            if d is not None:
                acc[d] += REF_SCORE
                covered[d] = plan.tokens
        share = covered / plan.tokens
        final = acc * share * share
        return final  # a score per document; 0 where it does not match

    def _bm25(self, field_name: str, df: int, ids: np.ndarray, tfs: np.ndarray, weight: float) -> np.ndarray:
        idf = math.log(1 + (self.doc_count - df + 0.5) / (df + 0.5))
        return FIELD_BOOST[field_name] * weight * (K1 + 1) * idf * tfs / (tfs + self.norms[field_name][ids])

    def _postings(self, reader: object, field_name: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """A term's postings as arrays (document numbers, term frequencies), from a bounded cache."""
        key = (field_name, term)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        ids: list[int] = []
        tfs: list[float] = []
        for block_ids, block_tfs in self._blocks(reader, field_name, term):
            ids.extend(block_ids)
            tfs.extend(block_tfs)
        post = (np.array(ids, dtype=np.int32), np.array(tfs, dtype=np.float32)) if ids else None
        if post is not None:
            with self._lock:
                self._cache[key] = post
                self._cached += len(ids)
                while self._cached > MAX_CACHED_POSTINGS and len(self._cache) > 1:
                    _, (old, _) = self._cache.popitem(last=False)
                    self._cached -= len(old)
        return post

    @staticmethod
    def _blocks(reader: object, field_name: str, term: str) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
        """Postings of a term, a block at a time: (document numbers, term frequencies)."""
        for leaf_reader, offset in reader.leaf_readers():  # type: ignore[attr-defined]
            try:
                m = leaf_reader.postings(field_name, term)
            except TermNotFound:
                continue
            if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):  # whoosh3 block postings: fast path
                while m.is_active():
                    m._read_ids()
                    m._read_weights()
                    ids = m._ids if not offset else [d + offset for d in m._ids]
                    yield ids, m._weights
                    m._next_block()
            else:
                ids, weights = [], []
                while m.is_active():
                    ids.append(m.id() + offset)
                    weights.append(m.weight())
                    m.next()
                yield ids, weights

    def _rank(self, scores: np.ndarray, limit: int, offset: int, wanted: set[str]) -> Results:
        """Items of the document first, glossary entries after: a reader looking for "rừng"
        wants the commitment; the definition is shown beside the results."""
        matched = scores > 0
        counts = {name: int(n) for name, n in zip(self.type_names, np.bincount(self.type_codes[matched],
                  minlength=len(self.type_names)), strict=True) if n}
        keep = matched.copy()
        if wanted:
            keep &= np.isin(self.type_codes, [self.type_names.index(t) for t in wanted if t in self.type_names])
        need = offset + limit
        chosen: list[int] = []
        for group in (keep & ~self.is_term, keep & self.is_term):
            if len(chosen) >= need:
                break
            docs = np.nonzero(group)[0]
            if len(docs) > need:
                docs = docs[np.argpartition(-scores[docs], need - 1)[:need]]
            docs = docs[np.lexsort((docs, -scores[docs]))]  # best first; ties in the document's order
            chosen += docs[: need - len(chosen)].tolist()
        hits = [Hit(*self.stored[d], float(scores[d])) for d in chosen[offset:need]]
        return Results("", int(keep.sum()), hits, counts)

    def _fuzzy_plan(self, reader: object, text: str) -> Plan | None:
        syl = analyze(text, query=True)[:MAX_QUERY_TOKENS]
        plan = Plan(tokens=len(syl))
        for pos, (_, folded, _) in enumerate(syl):
            f = folded[0]
            if len(f) >= 3 and not is_number(f):
                dist = 2 if len(f) >= 7 else 1
                for name in ("head_f", "body_f"):
                    for t in reader.terms_within(name, f, dist, prefix=1):  # type: ignore[attr-defined]
                        plan.leaves.append(Leaf(name, t, FUZZY_BOOST, pos))
        return plan if plan.leaves else None

    def suggest_spelling(self, text: str) -> str | None:
        """The query with marks restored and unknown syllables corrected, if that changes it.

        Each syllable's candidates are the ways the corpus writes it that keep every mark the
        reader typed; the best sequence is chosen with counts of adjacent pairs (Viterbi)."""
        pieces = list(syllables(text))
        if not pieces:
            return None
        lattice: list[list[tuple[str, int]]] = []
        with self._io:
            s, reader = self._searcher, self._reader
            for piece, _, _ in pieces:
                if is_number(piece) or (piece.isupper() and len(piece) > 1):
                    lattice.append([(piece, 1)])
                    continue
                f = folded_key(piece)
                options = [f]
                if f not in self.forms and len(f) >= 3 and not reader.frequency("body_f", f):
                    # a typo: every near spelling is a candidate; the neighbours decide (Viterbi)
                    options = s.suggest("body_f", f, limit=6, maxdist=2 if len(f) >= 4 else 1, prefix=1) or [f]
                typed = _marks(piece)
                cands = [(form, n) for o in options for form, n in self.forms.get(o, []) if typed <= _marks(form)]
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
    return _excerpt(text, spans, width)


def _excerpt(text: str, spans: list[tuple[int, int]], width: int) -> Markup:
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


def highlight_en(text: str, query: str, *, width: int = 240) -> Markup:
    """Excerpt of English text around the query's words (matched by stem)."""
    wanted = set(english_terms(query))
    spans = [(t.startchar, t.endchar) for t in ENGLISH(text, chars=True, removestops=False) if t.text in wanted]
    return _excerpt(text, spans, width)


def plain(markup: Markup) -> str:
    """The text of a highlighted excerpt, without tags."""
    return Markup(markup).striptags()


