"""Share cards: a 1200×630 PNG per target, drawn with Pillow and a font that covers Vietnamese."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from portal import i18n
from portal.content import Indicator, Item
from portal.store import Site

FONTS = Path(__file__).parent / "fonts"
WIDTH, HEIGHT = 1200, 630
STATUS_COLOURS = {"achieved": "#1d6b2f", "on-track": "#0d5e63", "needs-effort": "#7a4a00",
                  "off-track": "#a11b1b", "no-data": "#3d4450"}


def N_(message: str) -> str:  # noqa: N802 - marks a string for extraction; translated where used
    return message


STATUS_LABELS = {"achieved": N_("Đã đạt"), "on-track": N_("Đúng hướng"), "needs-effort": N_("Cần cố gắng thêm"),
                 "off-track": N_("Chậm so với yêu cầu"), "no-data": N_("Chưa đủ số liệu")}
OBS_WORDS = {"official": N_("chính thức"), "preliminary": N_("sơ bộ"), "estimate": N_("ước tính"),
             "projection": N_("dự kiến")}


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def value_text(value: float, unit: str, lang: str) -> str:
    number = i18n.fmt_number(value, lang)
    return f"{number}{unit}" if unit in ("%", "%/năm") else f"{number} {unit}".strip()


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


def render_card(site: Site, item: Item, lang: str) -> bytes:
    """The PNG card of a target: name, status, latest figure and the target."""
    _ = i18n.translations(lang).gettext
    tp = site.progress[item.id]
    title = (item.en.get("title") if lang == "en" else None) or item.title
    img = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    d = ImageDraw.Draw(img)
    colour = STATUS_COLOURS[tp.status]
    d.rectangle([0, 0, WIDTH, 18], fill=colour)
    d.text((64, 56), f"{_('Chỉ tiêu %(n)s') % {'n': item.number}} · {site.document.short_title} · "
                     f"{site.document.province}", font=_font(30), fill="#555555")
    y: float = 110
    for line in _wrap(d, title, _font(58, True), WIDTH - 128)[:3]:
        d.text((64, y), line, font=_font(58, True), fill="#1a1a1a")
        y += 70
    y += 16
    label = _(STATUS_LABELS[tp.status])
    box = d.textbbox((84, y + 8), label, font=_font(34, True))
    d.rounded_rectangle([64, y, box[2] + 20, box[3] + 14], radius=28, outline=colour, width=4)
    d.text((84, y + 8), label, font=_font(34, True), fill=colour)
    y = box[3] + 40
    ind = shown_indicator(site, item)
    a = tp.indicators[ind.id]
    latest = a.points[-1] if a.points else a.baseline
    unit = ind.unit_en if lang == "en" else ind.unit
    if latest is not None:
        word = _(OBS_WORDS[latest.observation.status])
        d.text((64, y), f"{value_text(latest.value, unit, lang)}  ({latest.year}, {word})", font=_font(44, True),
               fill="#1a1a1a")
        y += 62
    else:
        d.text((64, y), _("Chưa có số liệu công bố."), font=_font(38), fill="#1a1a1a")
        y += 56
    goal = ind.target_low if ind.comparator == "between" else ind.target
    if goal is not None:
        goal_text = value_text(goal, unit, lang)
        if ind.comparator == "between":
            low, high = value_text(ind.target_low or 0, unit, lang), value_text(ind.target_high or 0, unit, lang)
            goal_text = f"{low} – {high}"
        d.text((64, y), f"{_('Mục tiêu:')} {goal_text} ({ind.deadline})", font=_font(36), fill="#333333")
    d.text((64, HEIGHT - 70), _("Theo dõi Nghị quyết"), font=_font(28, True), fill="#8a1c1c")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_site_card(site: Site, lang: str) -> bytes:
    """The card for pages other than targets: the document's name."""
    _ = i18n.translations(lang).gettext
    img = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, WIDTH, 18], fill="#8a1c1c")
    d.text((64, 60), f"{site.document.number} · {site.document.province}", font=_font(32), fill="#555555")
    title = (site.document.en.get("title") if lang == "en" else None) or site.document.title
    y = 130
    for line in _wrap(d, title, _font(56, True), WIDTH - 128)[:4]:
        d.text((64, y), line, font=_font(56, True), fill="#1a1a1a")
        y += 70
    d.text((64, y + 30), _("Mục tiêu, 26 chỉ tiêu, tiến độ và nguồn số liệu"), font=_font(34), fill="#333333")
    d.text((64, HEIGHT - 70), _("Theo dõi Nghị quyết"), font=_font(28, True), fill="#8a1c1c")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def shown_indicator(site: Site, item: Item) -> Indicator:
    """The indicator a card or widget shows: the first with a figure, else the first."""
    tp = site.progress[item.id]
    for ind in item.indicators:
        a = tp.indicators[ind.id]
        if a.points or a.baseline:
            return ind
    return item.indicators[0]

