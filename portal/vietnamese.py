"""Vietnamese text rules: normalisation, syllable keys for matching, number tokens.

Pure functions, no I/O. Search analysis and content validation both build on these.

A syllable has two keys:

* the *exact key*: lower case, vowel-shape marks kept (â ă ê ô ơ ư đ), the tone mark taken
  off wherever it was written and appended as a digit (1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng).
  Old and new tone placement ("hoà"/"hòa", "thuỷ"/"thủy") and misplaced marks ("nghịêm")
  therefore give the same key. A toned syllable whose whole rhyme is a lone i/y after a
  consonant ("tỉ"/"tỷ", "sĩ"/"sỹ", "lí"/"lý", "quí"/"quý") is written with i. Toneless
  pairs ("li"/"ly") are different words and are left apart.
* the *folded key*: every mark removed, đ→d, and the i/y rule applied whatever the tone
  (without marks the reader's intent cannot be told apart anyway).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

TONE_MARKS = {
    "\u0301": "1",  # sắc
    "\u0300": "2",  # huyền
    "\u0309": "3",  # hỏi
    "\u0303": "4",  # ngã
    "\u0323": "5",  # nặng
}
SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn

ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "kh", "ph", "th", "tr", "qu", "gi",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)

_WORD_RE = re.compile(r"\w+(?:[-&]\w+)*", re.UNICODE)
_NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)*$")


def nfc(text: str) -> str:
    """Compose the text (the seed mixes composed and decomposed letters)."""
    return unicodedata.normalize("NFC", text)


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese mark or is đ."""
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) or ch in "đĐ":
            return True
    return False


def _split_marks(syllable: str) -> tuple[str, str]:
    """Return (syllable without tone, tone digit or '')."""
    tone = ""
    out = []
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), tone


def _onset_lone_iy(base: str) -> str | None:
    """If ``base`` is consonant onset + lone i/y, return the onset."""
    if len(base) < 2 or base[-1] not in "iy":
        return None
    head = base[:-1]
    return head if head in ONSETS else None


def fold(text: str) -> str:
    """Remove every mark and turn đ into d (lower case is kept as given)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def exact_key(syllable: str) -> str:
    """Key that keeps the marks but ignores where the tone was written."""
    base, tone = _split_marks(syllable)
    if tone:
        onset = _onset_lone_iy(base)
        if onset is not None:
            base = onset + "i"
    return base + tone


@lru_cache(maxsize=200_000)
def folded_key(syllable: str) -> str:
    """Key without any mark, for queries typed without diacritics."""
    base = fold(syllable.lower())
    onset = _onset_lone_iy(base)
    if onset is not None:
        base = onset + "i"
    return base


def number_key(token: str, *, vietnamese: bool = True) -> list[str]:
    """Canonical forms of a written number.

    In Vietnamese text "8.700" is eight thousand seven hundred and "30,65" a decimal.
    A query may use either style, so with ``vietnamese=False`` every reading is returned.
    """
    if not _NUMBER_RE.match(token):
        return [token]
    readings: list[str] = []
    styles = [(".", ",")] if vietnamese else [(".", ","), (",", ".")]
    for thousands, decimal in styles:
        reading = _read_number(token, thousands, decimal)
        if reading is not None and reading not in readings:
            readings.append(reading)
    return readings or [token]


def _read_number(token: str, thousands: str, decimal: str) -> str | None:
    if decimal in token:
        whole, _, frac = token.rpartition(decimal)
        if thousands in frac or decimal in whole:
            return None
    else:
        whole, frac = token, ""
    if thousands in whole:
        groups = whole.split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        whole = "".join(groups)
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def words(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (word, start, end) for each run of letters/digits, joined by - or & inside."""
    for m in _WORD_RE.finditer(text):
        yield m.group(0), m.start(), m.end()


def syllables(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (piece, start, end): words split at - and &, numbers kept whole.

    "KT-XH" yields "KT", "XH"; "8.700" stays one piece because the tokenizer below treats
    numbers with separators first.
    """
    for m in re.finditer(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\d+", text, re.UNICODE):
        yield m.group(0), m.start(), m.end()


def is_number(piece: str) -> bool:
    return bool(_NUMBER_RE.match(piece))


def compounds(text: str) -> Iterator[str]:
    """Joined forms of letter abbreviations written with - or & ("KT-XH" → "ktxh")."""
    for word, _, _ in words(text):
        if ("-" in word or "&" in word) and not any(c.isdigit() for c in word):
            parts = re.split(r"[-&]", word)
            if all(0 < len(p) <= 4 for p in parts):
                yield folded_key("".join(parts))
