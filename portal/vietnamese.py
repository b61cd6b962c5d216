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
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

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
_NUMBER_RE = re.compile(r"\A\d+(?:[.,]\d+)*\Z")


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


# --- How people type: syllable validity, Telex and VNI leftovers ---------------------------------
#
# A Vietnamese syllable is onset + rhyme + tone. The rhymes below are the written ones (with a
# glide "o"/"u" where it is part of the rhyme); the onset rules say which onsets may stand before
# which vowel; a rhyme closed by p, t, c or ch takes only the sắc or nặng tone. A word that fits
# is a real syllable and is never "corrected", even when the document does not use it.

_RHYMES_BASE = (
    "a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây "
    "e ec em en eng eo ep et ê êch êm ên ênh êp êt êu "
    "i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu yêm yên yêng yêt yêu y "
    "o oc oi om on ong op ot ooc oong ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt "
    "u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt "
    "ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu"
).split()
# rhymes with a glide written "o" (hoa, xoăn, khoe) or "u" (tuần, thuế, huy, thuở)
_GLIDE_O = "a ac ach ai am an ang anh ao ap at ay ăc ăm ăn ăng ăp ăt e en eng eo et".split()
_GLIDE_U = "ân âng âp ât ây ê êch ênh êt y ya ych yên yêt ynh yt yu ơ".split()
RHYMES = frozenset(_RHYMES_BASE + ["o" + r for r in _GLIDE_O] + ["u" + r for r in _GLIDE_U])
_FOLDED_RHYMES = frozenset(fold(r) for r in RHYMES)
_STOP_CODAS = ("p", "t", "c", "ch")
_FRONT = ("i", "y", "e", "ê")  # only k, gh, ngh stand before these; c, g, ng never do
VOWELS = "aăâeêioôơuưy"


def _fits(onset: str, rhyme: str, tone: str, *, folded: bool) -> bool:
    if rhyme not in (_FOLDED_RHYMES if folded else RHYMES):
        return False
    first = rhyme[0]
    front = first in ("i", "y", "e") if folded else first in _FRONT
    if onset in ("k", "gh", "ngh") and not front:
        return False
    if onset in ("c", "ng") and front:
        return False
    if onset == "g" and front and first not in ("i",):  # "gì", "gìn": g + i; never "ge"
        return False
    if onset == "qu" and (first in ("u", "ư") or first == "o" and not folded):  # "quốc", never "quoc"
        return False
    if rhyme.endswith(_STOP_CODAS) and tone not in ("", "1", "5"):
        return False
    if rhyme.endswith(_STOP_CODAS) and not folded and tone == "":
        return False  # "tôt" is not a word: a closed syllable carries sắc or nặng
    return True


@lru_cache(maxsize=50_000)
def is_syllable(word: str) -> bool:
    """True when ``word`` is a possible Vietnamese syllable, typed with or without marks.

    Without marks the test is whether some marked spelling is possible ("nuoc" → nước), so a
    reader typing without diacritics is never "corrected" either."""
    if not word or len(word) > 8 or not word.isalpha():
        return False
    base, tone = _split_marks(nfc(word))
    folded = not has_diacritics(word)
    if folded:
        base = base.replace("đ", "d")
    for n in range(min(3, len(base) - 1), -1, -1):
        onset, rhyme = base[:n], base[n:]
        if (n == 0 or onset in ONSETS) and rhyme and _fits(onset, rhyme, tone, folded=folded):
            return True
        if onset == "gi" and _fits("gi", "i" + rhyme, tone, folded=folded):  # "giếng" = gi + iêng
            return True
    return False


def valid_syllables() -> list[str]:
    """Every syllable the rules allow, without tone, tones as digits appended: for inspection
    and tests (a few thousand)."""
    out = []
    for onset in ("", *ONSETS):
        for rhyme in sorted(RHYMES):
            for tone in ("", "1", "2", "3", "4", "5"):
                if _fits(onset, rhyme, tone, folded=False) and not (rhyme.endswith(_STOP_CODAS) and tone == ""):
                    out.append(onset + rhyme + tone)
    return out


_TONE_KEYS_TELEX = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323", "z": ""}
_TONE_KEYS_VNI = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323", "0": ""}
_HAT = {"a": "â", "e": "ê", "o": "ô"}
_HORN = {"a": "ă", "o": "ơ", "u": "ư"}


def place_tone(base: str, mark: str) -> str:
    """Put a tone mark (combining character) on the right vowel of a toneless syllable.

    The vowel with a shape mark takes it (ơ of ươ); otherwise, in a closed syllable or a
    glide + vowel ("hoà", "thuỷ"), the last vowel; else the first of the vowel group."""
    if not mark:
        return base
    start = 2 if base[:2] in ("gi", "qu") and len(base) > 2 and base[2] in VOWELS else 0
    idx = [i for i in range(start, len(base)) if base[i] in VOWELS]
    if not idx:
        idx = [i for i in range(len(base)) if base[i] in VOWELS]
        if not idx:
            return base
    shaped = [i for i in idx if base[i] in "ăâêôơư"]
    if shaped:
        pos = shaped[-1]
    elif idx[-1] < len(base) - 1 or base[idx[0]:idx[-1] + 1] in ("oa", "oe", "uy", "uê"):
        pos = idx[-1]
    else:
        pos = idx[0] if len(idx) < 3 else idx[1]
    return nfc(base[:pos + 1] + mark + base[pos + 1:])


def _apply_keys(letters: str, hat: set[int], horn: bool, tone: str | None) -> str | None:
    chars = list(letters)
    for i in hat:
        chars[i] = _HAT[chars[i]]
    if horn:
        vowel_at = [i for i, c in enumerate(chars) if c in "aou"]
        if not vowel_at:
            return None
        word = "".join(chars)
        uo = word.find("uo")
        if uo >= 0:
            chars[uo], chars[uo + 1] = "ư", "ơ"
        else:
            i = vowel_at[-1]
            chars[i] = _HORN[chars[i]]
    word = "".join(chars)
    return place_tone(word, _TONE_KEYS_TELEX.get(tone or "", "") if tone in _TONE_KEYS_TELEX
                      else _TONE_KEYS_VNI.get(tone or "", ""))


def decode_telex(word: str) -> str | None:
    """Read a syllable typed with Telex keys that the keyboard did not convert ("tees" → "tế",
    "giuwowngf" → "giường", "ddaats" → "đất", "hoawcj" → "hoặc"), or None when that gives no
    Vietnamese syllable. Keys may stand right after the vowel or at the end of the word."""
    low = word.lower()
    if not low.isascii() or not low.isalpha() or len(low) > 12:
        return None
    d = low.startswith("dd")
    rest = low[2:] if d else low
    first_vowel = next((i for i, c in enumerate(rest) if c in "aeiouy"), None)
    if first_vowel is None:
        return None
    head, tail = rest[:first_vowel], rest[first_vowel:]
    tone: str | None = None
    horn = False
    letters = ""
    hat: set[int] = set()
    for c in tail:
        if c in _TONE_KEYS_TELEX:
            tone = c
        elif c == "w":
            horn = True
        elif c in _HAT and letters.endswith(c):  # "tees": the hat typed after its vowel
            hat.add(len(head) + len(letters) - 1)
        elif c in _HAT and c in letters and letters[-1] not in VOWELS:  # "tienef": after the coda
            hat.add(len(head) + letters.rfind(c))
        else:
            letters += c
    if tone is None and not horn and not hat and not d:
        return None
    out = _apply_keys(head + letters, hat, horn, tone)
    if out is None:
        return None
    if d:
        out = "đ" + out
    return out if is_syllable(out) else None


def decode_vni(word: str, *, alone: bool = True) -> str | None:
    """Read a syllable typed with VNI digits the keyboard did not convert ("nu7o71c" → "nước",
    "d9a6t1" → "đất"), or None. Digits 1-5 are tones, 6 the hat, 7 the horn, 8 the breve,
    9 the stroke of đ. A word with one tone digit at its end ("co2", "g7") is read so only when
    it is not ``alone``: when other words of the same text were typed with VNI."""
    low = word.lower()
    if not low.isascii() or not low.isalnum() or low.isdigit() or low.isalpha() or len(low) > 14:
        return None
    digits = [c for c in low if c.isdigit()]
    letters_typed = "".join(c for c in word if c.isalpha())
    if not low[0].isalpha() or len(letters_typed) > 1 and letters_typed.isupper():
        return None  # "CO2": a name with a number
    if alone and len(digits) == 1 and low[-1].isdigit() and digits[0] in "12345":
        return None  # "co2", "g7": a name with a number, unless the text is typed with VNI
    letters, tone, hat, horn, stroke = "", None, set(), False, False
    for c in low:
        if c.isalpha():
            letters += c
        elif c in _TONE_KEYS_VNI:
            tone = c
        elif c == "6":
            i = max((letters.rfind(v) for v in _HAT), default=-1)
            if i < 0:
                return None
            hat.add(i)
        elif c in "78":
            horn = True
        elif c == "9":
            stroke = True
    if stroke:
        if not letters.startswith("d"):
            return None
        letters, hat = letters[1:], {i - 1 for i in hat}
    out = _apply_keys(letters, hat, horn, tone)
    if out is None:
        return None
    out = ("đ" + out) if stroke else out
    return out if is_syllable(out) else None


def decode_typing(word: str) -> str | None:
    """A syllable from Telex or VNI leftovers, or None (valid syllables are left alone)."""
    if is_syllable(word):
        return None
    return decode_telex(word) if word.isalpha() else decode_vni(word)


def is_function_word(piece: str) -> bool:
    """True for question and grammatical words ("là gì", "bao lâu", "tôi muốn biết"): typed
    with marks, the marks decide ("bảo" is not "bao"); typed without, the folded form does."""
    if has_diacritics(piece):
        return exact_key(piece) in _FUNCTION_EXACT
    return folded_key(piece) in FUNCTION_WORDS


def match_case(typed: str, word: str) -> str:
    """Give ``word`` the capitals of what the reader typed ("Nuoc" → "Nước", "GDP" stays)."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def marks(piece: str) -> frozenset[str]:
    """The marks a reader typed on a syllable (tone and shape marks, and đ)."""
    low = piece.lower()
    found = {ch for ch in unicodedata.normalize("NFD", low) if unicodedata.combining(ch)}
    return frozenset(found | ({"đ"} if "đ" in low else set()))


def damerau_edits(word: str, alphabet: str = "abcdefghijklmnopqrstuvwxyz") -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return (deletes | transposes | replaces | inserts) - {word}


# Words that ask rather than say what is sought: questions, pronouns, and the grammatical words
# of a sentence. In a query they weigh little, and a document need not contain them.
_FUNCTION_TEXT = (
    "là gì nào đâu sao bao nhiêu lâu giờ khi nào thế như có không chưa hay hoặc à ạ nhỉ nhé vậy "
    "tôi mình em anh chị bạn chúng ta họ ai muốn biết cần hỏi xin cho về của và với các những "
    "được bị thì mà này kia đó ấy rằng để sẽ đã đang vẫn cũng rất lắm nữa gồm trong tại ở"
)
FUNCTION_WORDS = frozenset(folded_key(w) for w in _FUNCTION_TEXT.split())
_FUNCTION_EXACT = frozenset(exact_key(w) for w in _FUNCTION_TEXT.split())


def decode_vni_words(text: str) -> str:
    """The text with every VNI-typed word decoded ("nu7o71c sa5ch" → "nước sạch"); words
    that mix letters and digits otherwise ("CO2", "covid19") are left as they are."""
    decoded = re.sub(r"[^\W_]+", lambda m: decode_vni(m.group(0)) or m.group(0), text)
    if decoded == text:
        return text
    return re.sub(r"[^\W_]+", lambda m: decode_vni(m.group(0), alone=False) or m.group(0), text)


# The Vietnamese alphabet, in dictionary order (f, j, w, z only appear in loan words and names).
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Dictionary order of tones: none, huyền, sắc, hỏi, ngã, nặng.
TONE_ORDER = {"": 0, "\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def _letters(text: str) -> Iterator[tuple[str, str]]:
    """(letter with its shape marks, tone mark or '') for each character, lower case."""
    for ch in unicodedata.normalize("NFC", text.lower()):
        parts = unicodedata.normalize("NFD", ch)
        tone = next((c for c in parts if c in TONE_ORDER), "")
        yield unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_ORDER)), tone


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key in Vietnamese dictionary order: a ă â b c d đ e ê …, then tones.

    Letters decide first ("Chính" before "Chuyển"; every "Đ…" right after the "D…" words, not
    after "Y"); tones only break ties. Digits come before letters, a space before both, so a
    phrase follows its first word. Other characters (hyphens, commas) are ignored."""
    primary: list[int] = []
    tones: list[int] = []
    for letter, tone in _letters(text):
        if letter in ALPHABET:
            primary.append(20 + ALPHABET.index(letter))
            tones.append(TONE_ORDER[tone])
        elif letter.isdigit():
            primary.append(1 + unicodedata.digit(letter, 0))
        elif letter.isspace():
            primary.append(0)
    return tuple(primary), tuple(tones)


def initial(text: str, lang: str = "vi") -> str:
    """The letter a term is filed under: "Đ" for "Đô thị", "Ă" for "Ăn"; in English, A-Z."""
    for letter, _ in _letters(text):
        if letter in ALPHABET:
            return (letter if lang == "vi" else fold(letter)).upper()
    return "#"


def alphabetical(entries: Iterable[tuple[str, T]], lang: str = "vi") -> list[tuple[str, list[T]]]:
    """Group (name, value) pairs under their initial letter, both in the language's order."""
    if lang == "vi":
        ordered = sorted(entries, key=lambda e: collation_key(e[0]))
    else:
        ordered = sorted(entries, key=lambda e: (fold(e[0]).casefold(), e[0]))
    groups: list[tuple[str, list[T]]] = []
    for name, value in ordered:
        letter = initial(name, lang)
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append(value)
    return groups
