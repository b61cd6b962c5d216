"""How a query was meant: Telex/VNI leftovers decoded, typos corrected, marks restored.

A word is looked at alone first (:mod:`portal.vietnamese`): a real Vietnamese syllable, a
number, an abbreviation in capitals or a word the document uses is kept as typed. Keyboard
leftovers are decoded. Only impossible words are corrected, each on its own, even when the
words around it match: their candidates are the document's syllables one or two edits away,
and the neighbours choose among them with counts of adjacent pairs (Viterbi). A word with no
candidate is dropped. All of it within a budget per query (words, candidates, time).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from portal.vietnamese import (
    damerau_edits,
    decode_typing,
    exact_key,
    folded_key,
    has_diacritics,
    is_number,
    is_syllable,
    marks,
    match_case,
    nfc,
)


@dataclass
class Budget:
    """The most one query may cost in correction work."""

    words: int = 4  # impossible words corrected per query
    candidates: int = 4000  # spellings looked up per query
    # CPU seconds of the searching thread for correction and search together; past it, what was
    # found so far. CPU time, not wall time: a query that waits for the index lock or for a busy
    # processor has cost nothing yet, and must not come back empty because of others' load.
    seconds: float = 0.25
    started: float = field(default_factory=time.thread_time)

    def left(self) -> float:
        return self.seconds - (time.thread_time() - self.started)


@dataclass
class Word:
    typed: str
    start: int
    end: int
    kind: str  # kept | number | decoded | corrected | dropped | english
    options: list[tuple[str, int]]  # written forms to choose from, with corpus counts
    distance: int = 0  # edits between what was typed and the options


@dataclass
class Reading:
    """A query as it was typed and as it was probably meant."""

    typed: str
    words: list[Word]
    corrected: str | None = None  # the query with decoded/corrected words, when any changed
    restored: str | None = None  # an unaccented query with its marks, when the document says so
    english: bool = False  # most words are English: offer the English search


class Speller:
    """Knows how the document writes each syllable (``forms``: folded key → written forms with
    counts) and which written syllables stand side by side (``pairs``)."""

    def __init__(self, forms: dict[str, list[tuple[str, int]]], pairs: dict[str, int],
                 english: Iterable[str] = (), english_stop: Iterable[str] = ()) -> None:
        self.forms = forms
        self.pairs = pairs
        self.english = frozenset(english)  # words of the English edition, lower case
        self.english_stop = frozenset(english_stop)

    def read(self, text: str, pieces: list[tuple[str, int, int]], budget: Budget | None = None) -> Reading:
        budget = budget or Budget()
        words: list[Word] = []
        for piece, start, end in pieces:
            if text[start - 1:start].isdigit() or text[end:end + 1].isdigit():  # part of "CO2", "covid19"
                words.append(Word(piece, start, end, "number", []))
            else:
                words.append(self._word(piece, start, end, budget))
        reading = Reading(text, words)
        letters = [w for w in words if w.kind != "number" and not _abbreviation(w.typed)]
        foreign = [w for w in letters if w.kind == "english"]
        stop = [w for w in letters if w.typed.lower() in self.english_stop and not has_diacritics(w.typed)]
        reading.english = bool(foreign) and 2 * (len(foreign) + len(stop)) >= len(letters)
        if reading.english:
            return reading
        chosen = _viterbi([w.options or [(w.typed.lower(), 1)] for w in words], self.pairs)
        changed = any(w.kind in ("decoded", "corrected", "dropped") for w in words)
        supported = self._supported(words, chosen)
        if changed:
            out = [(w, match_case(w.typed, form) if w.kind in ("decoded", "corrected") or supported[i] else w.typed)
                   for i, (w, form) in enumerate(zip(words, chosen, strict=True)) if w.kind != "dropped"]
            reading.corrected = _join(text, out) or None
        elif not has_diacritics(text) and letters and all(
                supported[i] for i, w in enumerate(words) if w in letters):
            restored = _join(text, [(w, match_case(w.typed, form) if supported[i] else w.typed)
                                    for i, (w, form) in enumerate(zip(words, chosen, strict=True))])
            reading.restored = restored if restored != text else None
        return reading

    def _word(self, piece: str, start: int, end: int, budget: Budget) -> Word:
        if is_number(piece):
            return Word(piece, start, end, "number", [])
        f = folded_key(piece)
        typed = marks(piece)
        if typed:  # typed with marks: the reader chose them
            key = exact_key(piece)
            known = [(piece.lower(), sum(n for form, n in self.forms.get(f, []) if exact_key(form) == key))]
        else:
            known = self.forms.get(f, [])
        known = [(form, n) for form, n in known if n]
        if _abbreviation(piece) or known or is_syllable(piece):
            return Word(piece, start, end, "kept", known)
        decoded = decode_typing(piece)
        if decoded is not None:
            return Word(piece, start, end, "decoded", [(decoded, 1)])
        if piece.lower() in self.english:
            return Word(piece, start, end, "english", [])
        if budget.words <= 0 or budget.left() <= 0 or len(f) > 10:
            return Word(piece, start, end, "dropped", [])
        budget.words -= 1
        distance, options = self.candidates(f, budget)
        options = [o for o in options if typed <= marks(o[0])] or options
        if not options:
            return Word(piece, start, end, "dropped", [])
        return Word(piece, start, end, "corrected", options, distance)

    def candidates(self, folded: str, budget: Budget) -> tuple[int, list[tuple[str, int]]]:
        """The document's written syllables nearest to an impossible one (one edit, else two)."""
        # In sorted order: a set's order changes with each process's hash seed, and under the
        # budget that order decides what is found; the same query must read the same everywhere.
        near = sorted(damerau_edits(folded))
        budget.candidates -= len(near)
        found = [k for k in near if k in self.forms]
        distance = 1
        if not found and len(folded) >= 4:
            distance = 2
            for first in near:
                if budget.candidates <= 0:
                    break
                second = damerau_edits(first)
                budget.candidates -= len(second)
                found += [k for k in second if k in self.forms]
        options = [form for k in sorted(set(found)) for form in self.forms[k]]
        return distance, options

    def _supported(self, words: list[Word], chosen: list[str]) -> list[bool]:
        """Whether each chosen written form stands next to a neighbour's in the document."""
        out = []
        for i, form in enumerate(chosen):
            left = i > 0 and words[i - 1].kind != "dropped" and f"{chosen[i - 1]} {form}" in self.pairs
            right = i + 1 < len(chosen) and words[i + 1].kind != "dropped" and f"{form} {chosen[i + 1]}" in self.pairs
            out.append(bool(words[i].options) and (left or right))
        return out


def _abbreviation(piece: str) -> bool:
    return len(piece) > 1 and piece.isupper()


def _join(text: str, words: list[tuple[Word, str]]) -> str:
    """The query with each word replaced, the text between words kept."""
    out: list[str] = []
    pos = 0
    for w, form in words:
        gap = text[pos:w.start]
        out.append("" if not out else " " if any(ch.isalnum() for ch in gap) else gap)
        out.append(form)
        pos = w.end
    return nfc("".join(out).strip())


def _viterbi(lattice: list[list[tuple[str, int]]], pairs: dict[str, int]) -> list[str]:
    """The sequence of forms with the best counts alone and side by side."""
    if not lattice:
        return []
    scores = [(math.log1p(n), [form]) for form, n in lattice[0]]
    for cands in lattice[1:]:
        nxt = []
        for form, n in cands:
            best = max(scores, key=lambda sc: sc[0] + 3 * math.log1p(pairs.get(f"{sc[1][-1]} {form}", 0)))
            gain = 3 * math.log1p(pairs.get(f"{best[1][-1]} {form}", 0)) + math.log1p(n)
            nxt.append((best[0] + gain, best[1] + [form]))
        scores = nxt
    return max(scores, key=lambda sc: sc[0])[1]


def same_words(a: str, b: str) -> bool:
    """True when two queries differ only in tone placement and capitals."""
    return [exact_key(w) for w in a.split()] == [exact_key(w) for w in b.split()]
