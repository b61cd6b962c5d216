"""Full-text search on Whoosh. The only module that imports Whoosh, through its public API.

The analysis (:mod:`portal.query`, :mod:`portal.vietnamese`) turns text into keys; Whoosh
stores them as space-separated terms and scores them: each term of the plan is read through a
Whoosh matcher scored by its BM25F weighting model, and the scores are summed per document,
noting which query syllables each document holds. From those, the share of the query a document covers (question
words counting little, rare words much) multiplies its score, so partial matches come back but
full ones lead, and a relevance floor on that share tells "not in the document" from a match.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as windex
from whoosh import scoring
from whoosh.analysis import STOP_WORDS, LowercaseFilter, RegexTokenizer, SpaceSeparatedTokenizer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.reading import TermNotFound

from portal.query import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TOKENS,
    Leaf,
    Plan,
    QueryError,
    RefWords,
    SynonymGroup,
    adjacent,
    clean_query,
    english_refs,
    keys_for,
    plan,
)
from portal.spelling import Budget, Speller
from portal.vietnamese import decode_vni_words, folded_key, is_number, nfc, syllables

__all__ = ["MAX_QUERY_CHARS", "QueryError", "Searcher", "build_index", "english_terms"]

ANALYZER_VERSION = "vi-syllable-6+en-stem+en-words"
FIELD_BOOST = {"head_x": 3.0, "head_f": 2.0, "body_x": 1.5, "body_f": 1.0, "pair_x": 3.0, "pair_f": 2.0,
               "en_head": 3.0, "en_body": 1.0, "en_words": 1.0}
K1, B = 1.2, 0.5  # BM25: short documents (titles) should not win by length alone
FLOOR = 0.5  # share of the query (by weight) the best document must cover to count as an answer
REF_SCORE = 1000.0  # "chỉ tiêu 7" names an item: it comes first
MAX_PAIRS = 60_000  # accented syllable pairs kept for restoring marks and choosing corrections

_ws = SpaceSeparatedTokenizer()
ENGLISH = StemmingAnalyzer()  # the English edition: stemming, English stop words
WORDS = RegexTokenizer() | LowercaseFilter()


def _schema() -> Schema:
    text = {"analyzer": _ws, "phrase": False}
    return Schema(
        key=ID(unique=True), id=ID(stored=True), doc=ID(stored=True), type=ID(stored=True), title=STORED,
        head_x=TEXT(**text), head_f=TEXT(**text), body_x=TEXT(**text), body_f=TEXT(**text),
        pair_x=TEXT(**text), pair_f=TEXT(**text),
        en_head=TEXT(analyzer=ENGLISH, phrase=False), en_body=TEXT(analyzer=ENGLISH, phrase=False),
        en_words=TEXT(analyzer=WORDS, phrase=False),  # unstemmed: glossary synonyms match as written
    )


@dataclass
class SearchDoc:
    id: str  # the item's id in its document (<segment>-<number>, or thuat-ngu:<term>)
    doc: str  # the slug of the document it belongs to
    type: str
    title: str
    head: str  # title, label and names: the strongest field
    body: str  # summary, plain-language body, original wording, definition
    en_head: str = ""  # the English edition's text, analysed with English stemming
    en_body: str = ""


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
                key=f"{doc.doc}/{doc.id}", id=doc.id, doc=doc.doc, type=doc.type, title=doc.title,
                head_x=" ".join(head.exact), head_f=" ".join(head.folded),
                body_x=" ".join(body.exact), body_f=" ".join(body.folded),
                pair_x=" ".join(head.pairs_x + body.pairs_x), pair_f=" ".join(head.pairs_f + body.pairs_f),
                en_head=doc.en_head, en_body=doc.en_body, en_words=f"{doc.en_head}\n{doc.en_body}",
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


def _count_forms(text: str, forms: dict[str, Counter[str]], pairs: Counter[str]) -> None:
    """Count how each unaccented syllable is written, alone and next to its neighbour."""
    prev: str | None = None
    prev_end = None
    for piece, start, end in syllables(text):
        joined = prev_end is not None and adjacent(text[prev_end:start])
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


def english_terms(text: str) -> list[str]:
    """English analysis (lower case, stop words removed, Porter stems)."""
    return [t.text for t in ENGLISH(text)]


def english_spans(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of each English word, stop words included (for highlighting)."""
    return [(t.text, t.startchar, t.endchar) for t in ENGLISH(text, chars=True, removestops=False)]


@dataclass
class EnglishGroup:
    """A glossary entry's English names: stems to notice them in a query, words to expand."""

    stems: list[tuple[str, ...]]
    words: list[tuple[str, ...]]


def english_groups(entries: Iterable[Iterable[str]]) -> list[EnglishGroup]:
    groups = []
    for names in entries:
        names = [n for n in names if n]
        stems = [tuple(english_terms(n)) for n in names]
        words = [tuple(t.text for t in WORDS(n)) for n in names]
        kept = [(s, w) for s, w in zip(stems, words, strict=True) if s and w]
        if len(kept) > 1:
            groups.append(EnglishGroup([s for s, _ in kept], [w for _, w in kept]))
    return groups


@dataclass
class Hit:
    id: str
    doc: str  # the slug of its document
    type: str
    title: str
    score: float


@dataclass
class Results:
    query: str  # what the results are for (the corrected query when one was applied)
    total: int
    hits: list[Hit]
    counts: dict[str, int]  # results per item type (of the documents searched)
    typed: str | None = None  # what the reader typed, when a corrected query was searched instead
    suggestion: str | None = None  # a better spelling, offered but not applied
    english: bool = False  # the query is English: offer the English search
    not_found: bool = False  # nothing passed the relevance floor
    nearest: list[Hit] = field(default_factory=list)  # glossary topics nearest to such a query
    doc_counts: dict[str, int] = field(default_factory=dict)  # results per document (of the types searched)


@dataclass
class _Match:
    score: float
    share: float  # weighted share of the query's syllables covered
    phrase: bool  # two meaningful query words stand together (or the query has no such pair)


class Searcher:
    """Reads one built index (every document of the site); one per build, shared by the
    requests of a server process."""

    def __init__(self, directory: Path, groups: list[SynonymGroup],
                 groups_en: list[EnglishGroup] | None = None, words: RefWords | None = None) -> None:
        if not index_is_current(directory):
            raise RuntimeError(f"search index in {directory} is missing or was built by another analyzer")
        self.ix = windex.open_dir(str(directory))
        meta = json.loads((directory / "portal-meta.json").read_text(encoding="utf-8"))
        self.groups = groups
        self.groups_en = groups_en or []
        self.words = words or RefWords()  # how readers name a numbered item ("chỉ tiêu 7")
        self.weighting = scoring.BM25F(B=B, K1=K1)
        self.searcher = self.ix.searcher(weighting=self.weighting)
        self._lock = threading.Lock()
        reader = self.searcher.reader()
        self.stored: dict[int, tuple[str, str, str, str]] = {
            d: (s["id"], s["doc"], s["type"], s["title"]) for d, s in reader.iter_docs()}
        self.doc_ids: dict[str, list[int]] = {}  # an item id names an item in each document that has it
        for d, v in sorted(self.stored.items()):
            self.doc_ids.setdefault(v[0], []).append(d)
        english = {t.decode("utf-8") for t in reader.lexicon("en_words")}
        self.speller = Speller({f: [tuple(x) for x in c] for f, c in meta.get("forms", {}).items()},
                               meta.get("pairs", {}), english, STOP_WORDS)

    def search(self, raw: str, *, limit: int = 10, offset: int = 0, types: Iterable[str] = (),
               documents: Iterable[str] = (), lang: str = "vi", budget: Budget | None = None,
               correct: bool = True) -> Results:
        """Search; ``types`` and ``documents`` (slugs) narrow the results when given;
        ``correct=False`` searches what was typed, without reading it as meant."""
        text = clean_query(raw)
        budget = budget or Budget()
        wanted = (set(types), set(documents))
        if lang == "en":
            found = self._run(self.plan_en(text), budget)
            return self._results(text, found, limit, offset, wanted)
        meant = decode_vni_words(text)
        reading = self.speller.read(meant, list(syllables(meant))[:MAX_QUERY_TOKENS], budget)
        corrected = reading.corrected or (meant if meant != text else None)
        found = self._run(plan(text, self.groups, self.words), budget)
        res = self._results(text, found, limit, offset, wanted)
        res.english = reading.english
        if correct and corrected and corrected != text:
            better = self._run(plan(corrected, self.groups, self.words), budget)
            if _best(better) > max(FLOOR, _best(found) + 0.1):  # clearly better: shown, original a click away
                res = self._results(corrected, better, limit, offset, wanted)
                res.typed = text
            else:
                res.suggestion = corrected
        elif correct and reading.restored:
            res.suggestion = reading.restored
        return res

    def plan_en(self, text: str) -> Plan | None:
        """English edition: stemmed words, glossary synonyms as written, "target 7" by number."""
        stems = english_terms(text)[:MAX_QUERY_TOKENS]
        refs = english_refs(text, self.words)
        if not stems and not refs:
            return None
        p = Plan(weights=[1.0] * len(stems), keys=[("en_body", t) for t in stems], refs=refs)
        for pos, stem in enumerate(stems):
            p.leaves += [Leaf("en_head", stem, 1.0, 1 << pos), Leaf("en_body", stem, 1.0, 1 << pos)]
        seq = tuple(stems)
        for group in self.groups_en:
            mask = 0
            for phrase in group.stems:
                for i in range(len(seq) - len(phrase) + 1):
                    if seq[i:i + len(phrase)] == phrase:
                        mask |= ((1 << len(phrase)) - 1) << i
            if mask:
                for stems_p, words in zip(group.stems, group.words, strict=True):
                    if stems_p not in (seq[i:i + len(stems_p)] for i in range(len(seq))):
                        p.groups.append([Leaf("en_words", w, 0.8 / len(words), mask) for w in words])
        return p

    def _run(self, p: Plan | None, budget: Budget) -> dict[int, _Match]:
        """Score every matching document: each term's postings through Whoosh's matcher and its
        BM25F weighting, summed per document; then weighed by the share of the query covered."""
        if p is None:
            return {}
        score: dict[int, float] = {}
        mask: dict[int, int] = {}
        with self._lock:  # Whoosh readers are not thread-safe; searches may run in a pool
            s = self.searcher
            weights = [w * s.idf(name, k) for w, (name, k) in zip(p.weights, p.keys, strict=True)]
            for leaf in p.leaves:
                if budget.left() <= 0:
                    break  # the budget is spent: what was scored so far is the answer
                for d, sc in self._postings(leaf):
                    score[d] = score.get(d, 0.0) + sc
                    mask[d] = mask.get(d, 0) | leaf.tokens
            for group in p.groups:  # a synonym counts where the whole phrase is present
                posts = [dict(self._postings(leaf)) for leaf in group]
                for d in set(posts[0]).intersection(*posts[1:]):
                    score[d] = score.get(d, 0.0) + sum(x[d] for x in posts)
                    mask[d] = mask.get(d, 0) | group[0].tokens
        total = sum(weights) or 1.0
        found: dict[int, _Match] = {}
        for d, sc in score.items():
            share = sum(w for i, w in enumerate(weights) if mask[d] >> i & 1) / total
            found[d] = _Match(sc * share * share, share, bool(mask[d] & p.phrases) or not p.phrases)
        for ref in p.refs:
            for named in self.doc_ids.get(ref, ()):
                found[named] = _Match(REF_SCORE + (found[named].score if named in found else 0.0), 1.0, True)
        return found

    def _postings(self, leaf: Leaf) -> list[tuple[int, float]]:
        """(document, weighted BM25F score) for each document holding the term."""
        try:
            m = self.searcher.postings(leaf.field, leaf.term)
        except TermNotFound:
            return []
        boost = FIELD_BOOST[leaf.field] * leaf.weight
        out = []
        while m.is_active():
            out.append((m.id(), m.score() * boost))
            m.next()
        return out

    def _results(self, text: str, found: dict[int, _Match], limit: int, offset: int,
                 wanted: tuple[set[str], set[str]]) -> Results:
        """Items of the documents first, glossary entries after: a reader looking for "rừng"
        wants the commitment; the definition is shown beside the results. Only documents that
        pass the relevance floor count; when none does, the nearest glossary topics are named.
        A glossary entry several documents share is listed once, unless one document is asked for."""
        types, docs = wanted
        st = self.stored
        ranked = sorted(found, key=lambda d: (st[d][2] == "term", -found[d].score, d))
        passing = [d for d in ranked if found[d].share >= FLOOR and found[d].phrase]
        if len(docs) != 1:
            passing = _once_per_term(passing, st)
        in_docs = [d for d in passing if not docs or st[d][1] in docs]
        of_types = [d for d in passing if not types or st[d][2] in types]
        chosen = [d for d in in_docs if not types or st[d][2] in types]
        hits = [Hit(*st[d], found[d].score) for d in chosen[offset:offset + limit]]
        res = Results(text, len(chosen), hits, dict(Counter(st[d][2] for d in in_docs)),
                      doc_counts=dict(Counter(st[d][1] for d in of_types)))
        if not in_docs and text:
            res.not_found = True
            loose = sorted(found, key=lambda d: -found[d].score)
            terms = _once_per_term([d for d in loose if st[d][2] == "term" and (not docs or st[d][1] in docs)], st)
            res.nearest = [Hit(*st[d], found[d].score) for d in terms[:5]]
        return res


def _once_per_term(ranked: list[int], stored: dict[int, tuple[str, str, str, str]]) -> list[int]:
    """``ranked`` with each glossary entry (by its id) kept at its best place only."""
    seen: set[str] = set()
    kept = []
    for d in ranked:
        item_id, _, kind, _ = stored[d]
        if kind == "term":
            if item_id in seen:
                continue
            seen.add(item_id)
        kept.append(d)
    return kept


def _best(found: dict[int, _Match]) -> float:
    return max((m.share for m in found.values() if m.phrase), default=0.0)

