"""Share cards: a 1200×630 image per target, as PNG (Pillow, with a font that covers Vietnamese)
and as SVG. Both draw the same lines, laid out once by :func:`card_layout`; the words come from
the ``card_lines`` template macro, which renders the target's public figure (portal/figures.py),
so a card carries the figure's qualifier, conversion, caveat and source like every other surface.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from portal import i18n
from portal.document import TARGET
from portal.labels import count_label
from portal.store import Site

FONTS = Path(__file__).parent / "fonts"
WIDTH, HEIGHT = 1200, 630
MARGIN = 64
STATUS_COLOURS = {"achieved": "#1d6b2f", "on-track": "#0d5e63", "needs-effort": "#7a4a00",
                  "off-track": "#a11b1b", "no-data": "#3d4450"}
# Line kinds of the card_lines macro: font size, bold, colour (None: the status colour), lines at most.
STYLES: dict[str, tuple[int, bool, str | None, int]] = {
    "k": (24, False, "#555555", 1),  # kicker: target number, document
    "h": (44, True, "#1a1a1a", 3),  # title
    "s": (28, True, None, 1),  # status
    "i": (24, False, "#333333", 2),  # which indicator, when the target has several
    "v": (36, True, "#1a1a1a", 2),  # the figure
    "e": (26, False, "#1a1a1a", 2),  # its vintage, and the value as published when converted
    "n": (22, False, "#333333", 1),  # what the figure measures, in the source's terms
    "c": (22, False, "#7a4a00", 2),  # caveat
    "o": (22, False, "#333333", 2),  # other published figures
    "g": (28, False, "#333333", 2),  # the target
    "d": (22, False, "#333333", 2),  # what is needed per year, or the amount still to come
    "r": (22, False, "#333333", 2),  # source
    "u": (26, True, "#8a1c1c", 1),  # site and address
}
DROPPABLE = ("o", "d", "n")  # dropped, in this order, when the card would overflow


@dataclass
class CardLine:
    kind: str
    text: str
    y: int
    size: int
    bold: bool
    colour: str


def _chars(size: int, bold: bool) -> int:
    """About how many characters fit on a line (bold DejaVu is wider)."""
    return int((WIDTH - 2 * MARGIN) / ((0.64 if bold else 0.57) * size))


def wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most about ``width`` characters (the SVG card cannot wrap by itself)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def card_layout(lines: list[tuple[str, str]], status: str) -> list[CardLine]:
    """Wrap and place the card's lines top to bottom; the site line sits at the bottom."""
    body = [(k, t) for k, t in lines if k != "u" and t.strip()]
    footer = [(k, t) for k, t in lines if k == "u"]
    for drop in (None, *DROPPABLE):
        if drop:
            body = [(k, t) for k, t in body if k != drop]
        placed: list[CardLine] = []
        y = 40
        previous = ""
        for kind, text in body:
            size, bold, colour, most = STYLES[kind]
            y += 8 if previous and previous != kind else 0
            parts = wrap_words(text, _chars(size, bold))
            if len(parts) > most:  # say that the text goes on rather than cut a word off silently
                parts = parts[:most]
                parts[-1] += " …"
            for part in parts:
                y += int(size * 1.25)
                placed.append(CardLine(kind, part, y, size, bold, colour or STATUS_COLOURS[status]))
            previous = kind
        if y <= HEIGHT - 70:
            break
    for kind, text in footer:
        size, bold, colour, _most = STYLES[kind]
        placed.append(CardLine(kind, text, HEIGHT - 34, size, bold, colour or "#8a1c1c"))
    return placed


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def render_png(layout: list[CardLine], status: str) -> bytes:
    """The PNG card from its laid-out lines."""
    img = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, WIDTH, 18], fill=STATUS_COLOURS[status])
    for line in layout:
        d.text((MARGIN, line.y), line.text, font=_font(line.size, line.bold), fill=line.colour, anchor="ls")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def card_height(width: int) -> int:
    """Height of the card drawn ``width`` wide (same proportions)."""
    return round(HEIGHT * width / WIDTH)


def scaled_png(png: bytes, width: int) -> bytes:
    """A card reduced to ``width`` (same proportions), for oEmbed consumers' smaller maxima."""
    if width == WIDTH:
        return png
    img = Image.open(io.BytesIO(png)).convert("RGB")
    small = img.resize((width, card_height(width)), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_site_card(sites: list[Site], lang: str, brand: str) -> bytes:
    """The card for pages other than targets: the document's name, or the site's documents."""
    _ = i18n.translations(lang).gettext
    img = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, WIDTH, 18], fill="#8a1c1c")
    if len(sites) == 1:
        doc = sites[0].document
        head = " · ".join(x for x in (doc.number, doc.loc("place", lang)) if x)
        title = doc.loc("title", lang)
        line = _("Mục tiêu, %(targets)s, tiến độ và nguồn số liệu") % {"targets": count_label(sites[0], TARGET, lang)}
    else:
        head = brand
        title = ", ".join(s.document.loc("place", lang) for s in sites)
        line = _("Nghị quyết, chỉ tiêu, tiến độ và nguồn số liệu")
    d.text((64, 60), head, font=_font(32), fill="#555555")
    y = 130
    for text in _wrap(d, title, _font(56, True), WIDTH - 128)[:4]:
        d.text((64, y), text, font=_font(56, True), fill="#1a1a1a")
        y += 70
    d.text((64, y + 30), line, font=_font(34), fill="#333333")
    d.text((64, HEIGHT - 70), brand, font=_font(28, True), fill="#8a1c1c")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
