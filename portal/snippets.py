"""Excerpts of a result's text around the query's words, the matches marked."""

from __future__ import annotations

from markupsafe import Markup, escape

from portal.query import analyze
from portal.search import english_spans, english_terms
from portal.vietnamese import folded_key, is_number, nfc, number_key, syllables


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


def highlight_en(text: str, query: str, *, width: int = 240) -> Markup:
    """Excerpt of English text around the query's words (matched by stem)."""
    wanted = set(english_terms(query))
    return _excerpt(text, [(s, e) for stem, s, e in english_spans(text) if stem in wanted], width)


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


def plain(markup: Markup) -> str:
    """The text of a highlighted excerpt, without tags."""
    return Markup(markup).striptags()
