"""Languages: message catalogues (Babel/gettext) and number and date formatting.

Interface strings live in the templates, wrapped for translation; catalogues are in
``portal/locale``. Formatting functions are pure and tested directly.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"
# Babel's long date for vi is "30 tháng 9, 2025"; Vietnamese official style is "30 tháng 9 năm 2025".
DATE_PATTERNS = {
    "vi": {"day": "d 'tháng' M 'năm' y", "month": "'tháng' M 'năm' y", "year": "'năm' y"},
    "en": {"day": "d MMMM y", "month": "MMMM y", "year": "y"},
}


@lru_cache(maxsize=8)
def translations(lang: str) -> NullTranslations:
    """The catalogue for ``lang``, compiled from its .po file when first asked for.

    Message ids are Vietnamese, so Vietnamese needs no translation; English reads
    ``locale/en/LC_MESSAGES/messages.po``."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf, domain="messages")


def fmt_number(value: float | None, lang: str = "vi", *, decimals: int | None = None) -> str:
    """8700 → "8.700" (vi) or "8,700" (en); 10.27 → "10,27" / "10.27".

    Without ``decimals``, up to two decimals are shown and trailing zeros dropped;
    large values (≥ 1000) are shown whole."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "–"
    if decimals is None:
        decimals = 0 if abs(value) >= 1000 else 2
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale=lang)


def fmt_month(month: int, lang: str = "vi") -> str:
    """A month of any year, as a sentence names it: 12 → "tháng 12" / "December"."""
    return format_date(dt.date(2000, month, 1), "MMMM", locale=lang)


def fmt_date(value: str | dt.date | None, lang: str = "vi") -> str:
    """"2025-12-09" → "9 tháng 12 năm 2025"; "2025-11" → "tháng 11 năm 2025"; "2025" → "năm 2025"."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return format_date(value, DATE_PATTERNS[lang]["day"], locale=lang)
    parts = str(value).split("-")
    try:
        nums = [int(p) for p in parts]
        if len(nums) == 3:
            return format_date(dt.date(*nums), DATE_PATTERNS[lang]["day"], locale=lang)
        if len(nums) == 2:
            return format_date(dt.date(nums[0], nums[1], 1), DATE_PATTERNS[lang]["month"], locale=lang)
        return format_date(dt.date(nums[0], 1, 1), DATE_PATTERNS[lang]["year"], locale=lang)
    except (ValueError, TypeError):
        return str(value)
