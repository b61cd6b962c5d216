"""From text to search keys, and from a query to a plan of weighted terms. Pure, no index.

Documents and queries go through the same analysis (:mod:`portal.vietnamese`):

* exact keys (marks kept, tone position ignored) and folded keys (no marks, đ→d) per syllable;
* pairs of adjacent syllables, so that a document where the query's syllables stand together
  ranks above one where they are scattered;
* glossary synonyms and abbreviations as whole phrases, and "chỉ tiêu 7" as a reference.

A plan is a list of (field, term, weight) leaves, each tied to the query syllable it stands for,
so the engine can tell how much of the query a document covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from portal.vietnamese import (
    compounds,
    exact_key,
    fold,
    folded_key,
    has_diacritics,
    is_function_word,
    is_number,
    nfc,
    number_key,
    syllables,
)

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 24
EXACT_BOOST = 2.0  # a syllable typed with marks prefers documents written the same way
PAIR_BOOST = 1.5  # two syllables standing together as typed
PAIR_EXACT_BOOST = 2.0
SYNONYM_BOOST = 0.8
FUNCTION_WEIGHT = 0.15  # "là gì", "bao lâu": asked, not sought
PHRASE_WORDS = 3  # a query of up to this many meaningful syllables names one thing: they must stand together


class QueryError(ValueError):
    """The query cannot be searched (too long)."""


def clean_query(raw: str) -> str:
    """Bound and tidy user input: NFC, no control characters, collapsed spaces."""
    text = nfc(raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError("too_long")
    return text


def analyze(text: str, *, query: bool = False) -> list[tuple[list[str], list[str], bool]]:
    """Split text into syllables: for each, (exact keys, folded keys, joined to the previous).

    ``joined`` is False when punctuation stands between this syllable and the previous one,
    so that pairs never cross a comma or a full stop. A number gives one key per reading.
    """
    text = nfc(text)
    out: list[tuple[list[str], list[str], bool]] = []
    prev_end = None
    for piece, start, end in syllables(text):
        joined = prev_end is not None and adjacent(text[prev_end:start])
        prev_end = end
        if is_number(piece):
            readings = number_key(piece, vietnamese=not query)
            out.append((readings, readings, joined))
        else:
            out.append(([exact_key(piece)], [folded_key(piece)], joined))
    return out


def adjacent(gap: str) -> bool:
    """Two syllables belong together when only spaces or a hyphen stand between them."""
    return gap.strip(" \t-") == "" and "\n" not in gap


@dataclass
class Keys:
    exact: list[str] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)
    pairs_x: list[str] = field(default_factory=list)
    pairs_f: list[str] = field(default_factory=list)


def keys_for(text: str) -> Keys:
    """The index keys of a document's text."""
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


@dataclass
class SynonymGroup:
    phrases: list[tuple[str, ...]]  # folded key sequences


def synonym_groups(entries: Iterable[Iterable[str]]) -> list[SynonymGroup]:
    """Groups of equivalent phrases (a glossary term, its abbreviations, synonyms, search terms)."""
    groups = []
    for names in entries:
        phrases: list[tuple[str, ...]] = []
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


@dataclass
class Leaf:
    field: str
    term: str
    weight: float
    tokens: int = 0  # bit mask of the query syllables it stands for (0 for pairs: no coverage)


@dataclass
class Plan:
    """Per query syllable, a weight (question words little) and the (field, key) whose rarity
    in the index scales it. Leaves carry a bit per syllable they stand for; a pair of adjacent
    syllables that both carry meaning has a bit of its own, above the syllables' bits."""

    weights: list[float]
    keys: list[tuple[str, str]]
    phrases: int = 0  # bits of the pairs of meaningful syllables
    leaves: list[Leaf] = field(default_factory=list)
    groups: list[list[Leaf]] = field(default_factory=list)  # synonym phrases: all leaves or none
    refs: list[str] = field(default_factory=list)  # item ids named by number ("chỉ tiêu 7")


ORDINALS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_NUMBER = r"(\d{1,3}[a-z]?)"


@dataclass
class RefWords:
    """How readers name a numbered item ("chỉ tiêu 7", "target 7"): from the document's item
    types (their labels and address segments), each word group mapped to the item id prefix."""

    vi: dict[str, str] = field(default_factory=dict)  # folded words ("chi tieu") -> id prefix ("chi-tieu")
    en: dict[str, str] = field(default_factory=dict)  # lower-case English words ("target") -> id prefix

    def __post_init__(self) -> None:
        vi = "|".join(sorted(map(re.escape, self.vi), key=len, reverse=True)) or "(?!)"
        en = "|".join(sorted(map(re.escape, self.en), key=len, reverse=True)) or "(?!)"
        self.vi_re = re.compile(r"\b(" + vi + r")\s+(?:so\s+|thu\s+)?" + _NUMBER + r"\b")
        self.ordinal_re = re.compile(r"\b(" + vi + r")\b(?:\s+\w+){0,4}?\s+thu\s+(" + "|".join(ORDINALS) + r")\b")
        self.en_re = re.compile(r"\b(" + en + r")s?\s+(?:no\.?\s*|number\s+)?" + _NUMBER + r"\b")


def ref_words(types: Iterable[tuple[str, str, str]]) -> RefWords:
    """RefWords from (id prefix, Vietnamese label, English label) of each numbered item type."""
    vi: dict[str, str] = {}
    en: dict[str, str] = {}
    for prefix, label, label_en in types:
        for words in (prefix.replace("-", " "), fold(nfc(label)).lower()):
            vi.setdefault(" ".join(words.split()), prefix)
        en.setdefault(" ".join(label_en.lower().split()), prefix)
    return RefWords(vi, en)


def _number(value: str) -> str:
    return value.lstrip("0") or "0"


def references(text: str, words: RefWords) -> list[str]:
    """Item ids a query names by number: "chỉ tiêu 7", "chi tieu so 16", "bài học ... thứ ba"."""
    parts: list[str] = []
    prev_end = -1
    for piece, start, end in syllables(nfc(text)):
        if start == prev_end and parts and parts[-1].isdigit():  # "12a": the syllables split it, a number keeps it
            parts[-1] += folded_key(piece)
        else:
            parts.append(folded_key(piece))
        prev_end = end
    folded = " ".join(parts)
    refs = [f"{words.vi[m.group(1)]}-{_number(m.group(2))}" for m in words.vi_re.finditer(folded)]
    refs += [f"{words.vi[m.group(1)]}-{ORDINALS[m.group(2)]}" for m in words.ordinal_re.finditer(folded)]
    return list(dict.fromkeys(refs))


def plan(text: str, groups: Iterable[SynonymGroup] = (), words: RefWords | None = None) -> Plan | None:
    """The weighted terms of a Vietnamese query."""
    syl = analyze(text, query=True)[:MAX_QUERY_TOKENS]
    pieces = [p for p, _, _ in syllables(nfc(text))][:MAX_QUERY_TOKENS]
    if not syl:
        return None
    function = [is_function_word(p) and not is_number(p) for p in pieces]
    if all(function):
        function = [False] * len(function)  # a query of only such words means them
    weights = [FUNCTION_WEIGHT if f else 1.0 for f in function]
    p = Plan(weights=weights, keys=[("body_f", f[0]) for _, f, _ in syl], refs=references(text, words or RefWords()))
    for pos, (exact, folded, _) in enumerate(syl):
        w, bit = weights[pos], 1 << pos
        for f in folded:
            p.leaves += [Leaf("head_f", f, w, bit), Leaf("body_f", f, w, bit)]
        if has_diacritics(pieces[pos]):
            p.leaves += [Leaf("head_x", exact[0], w * EXACT_BOOST, bit), Leaf("body_x", exact[0], w * EXACT_BOOST, bit)]
    for i in range(1, len(syl)):
        if not syl[i][2]:
            continue
        w, bit = max(weights[i - 1], weights[i]), 1 << (len(syl) + i)
        if min(weights[i - 1], weights[i]) == 1.0 and weights.count(1.0) <= PHRASE_WORDS:
            p.phrases |= bit
        for fa in syl[i - 1][1]:
            for fb in syl[i][1]:
                p.leaves.append(Leaf("pair_f", f"{fa}_{fb}", w * PAIR_BOOST, bit))
        if has_diacritics(pieces[i - 1]) and has_diacritics(pieces[i]):
            p.leaves.append(Leaf("pair_x", f"{syl[i - 1][0][0]}_{syl[i][0][0]}", w * PAIR_EXACT_BOOST, bit))
    seq = tuple(k for _, k in p.keys)
    for group in groups:
        mask = 0
        for phrase in group.phrases:
            mask |= _positions(seq, phrase)
        if not mask:
            continue
        for phrase in group.phrases:
            if _positions(seq, phrase):
                continue
            if len(phrase) == 1:
                p.groups.append([Leaf("body_f", phrase[0], SYNONYM_BOOST, mask)])
            else:
                p.groups.append([Leaf("pair_f", f"{a}_{b}", SYNONYM_BOOST, mask | _pairs_within(mask, len(seq)))
                                 for a, b in zip(phrase, phrase[1:], strict=False)])
    return p


def _pairs_within(mask: int, n: int) -> int:
    """The bits of the pairs whose two syllables both lie in ``mask`` (a synonym stands for
    the phrase it replaces)."""
    return sum(1 << (n + i) for i in range(1, n) if mask >> (i - 1) & 1 and mask >> i & 1)


def english_refs(text: str, words: RefWords) -> list[str]:
    """Item ids an English query names by number ("target 7", "lesson no. 2")."""
    return [f"{words.en[m.group(1)]}-{_number(m.group(2))}" for m in words.en_re.finditer(fold(text).lower())]
