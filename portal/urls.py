"""Addresses of pages, in one place (see the address table in DESIGN.md)."""

from __future__ import annotations

import re

from portal.content import TYPE_PREFIX

_ASCII_NUMBER = re.compile(r"[0-9]{1,3}")

# Path segment of each numbered type, per language.
SEGMENTS = {
    "vi": {"target": "chi-tieu", "task": "nhiem-vu", "breakthrough": "dot-pha", "solution": "giai-phap",
           "viewpoint": "quan-diem", "lesson": "bai-hoc"},
    "en": {"target": "targets", "task": "tasks", "breakthrough": "breakthroughs", "solution": "solutions",
           "viewpoint": "viewpoints", "lesson": "lessons"},
}
PAGES = {
    "vi": {"home": "/", "targets": "/chi-tieu", "goal": "/muc-tieu-chung", "assessment": "/danh-gia",
           "implementation": "/to-chuc-thuc-hien", "full_text": "/nghi-quyet", "search": "/tim-kiem",
           "glossary": "/thuat-ngu", "method": "/phuong-phap", "about": "/gioi-thieu", "data": "/du-lieu",
           "embed": "/nhung/chi-tieu", "expected": "/sap-cong-bo"},
    "en": {"home": "/en/", "targets": "/en/targets", "goal": "/en/general-goal", "assessment": "/en/assessment",
           "implementation": "/en/implementation", "full_text": "/en/full-text", "search": "/en/search",
           "glossary": "/en/glossary", "method": "/en/method", "about": "/en/about", "data": "/en/data",
           "embed": "/en/embed/targets", "expected": "/en/coming-figures"},
}
TYPE_OF_PREFIX = {v: k for k, v in TYPE_PREFIX.items()}


def ascii_number(ref: str) -> int | None:
    """An item number in an address: 1 to 3 ASCII digits only (no ``¹``, no Arabic-Indic ``٣``:
    one page, one address)."""
    return int(ref) if _ASCII_NUMBER.fullmatch(ref) else None


def page(name: str, lang: str = "vi") -> str:
    return PAGES[lang][name]


def item_path(item_id: str, lang: str = "vi") -> str:
    """Canonical address of an item (or of a glossary entry, id ``thuat-ngu:<term>``)."""
    if item_id.startswith("thuat-ngu:"):
        return f"{page('glossary', lang)}#{item_id.split(':', 1)[1]}"
    prefix, _, number = item_id.rpartition("-")
    item_type = TYPE_OF_PREFIX.get(prefix)
    if item_type in SEGMENTS[lang] and ascii_number(number) is not None:
        return f"/{'en/' if lang == 'en' else ''}{SEGMENTS[lang][item_type]}/{number}"
    if item_id.startswith("danh-gia"):
        return f"{page('assessment', lang)}#{item_id}"
    if item_id == "muc-tieu-chung":
        return page("goal", lang)
    if item_id == "to-chuc-thuc-hien":
        return page("implementation", lang)
    return f"{page('full_text', lang)}#{item_id}"


def full_text_anchor(item_id: str, lang: str = "vi") -> str:
    return f"{page('full_text', lang)}#{item_id}"


def twin(path: str, lang: str) -> str:
    """The address of the same page in ``lang`` (the language switch and hreflang links)."""
    other = "en" if path == "/en" or path.startswith("/en/") else "vi"
    if other == lang:
        return path
    for name, p in PAGES[other].items():
        if path.rstrip("/") == p.rstrip("/") or (name == "home" and path in ("/en", "/en/", "/")):
            return PAGES[lang][name]
    parts = [p for p in path.split("/") if p]
    if other == "en" and parts[:1] == ["en"]:
        parts = parts[1:]
    if len(parts) == 2 and ascii_number(parts[1]) is not None:
        for item_type, segment in SEGMENTS[other].items():
            if parts[0] == segment:
                prefix = "/en" if lang == "en" else ""
                return f"{prefix}/{SEGMENTS[lang][item_type]}/{parts[1]}"
    return PAGES[lang]["home"]


def feed_path(lang: str = "vi", item_id: str | None = None) -> str:
    """The Atom feed of the site, or of one target (its page's address + /feed.atom)."""
    if item_id:
        return item_path(item_id, lang) + "/feed.atom"
    return ("/en" if lang == "en" else "") + "/feed.atom"
