"""Addresses of pages, in one place (see the address table in DESIGN.md).

The addresses of items come from the document's declared item types (``document.yaml``): a
numbered item is ``/{segment}/{number}``, an unnumbered type's items share the page ``/{segment}``.
"""

from __future__ import annotations

import re

from portal.document import Document, ItemType

# Pages every document has, per language.
PAGES = {
    "vi": {"home": "/", "full_text": "/nghi-quyet", "search": "/tim-kiem", "glossary": "/thuat-ngu",
           "method": "/phuong-phap", "about": "/gioi-thieu", "data": "/du-lieu", "expected": "/sap-cong-bo"},
    "en": {"home": "/en/", "full_text": "/en/full-text", "search": "/en/search", "glossary": "/en/glossary",
           "method": "/en/method", "about": "/en/about", "data": "/en/data", "expected": "/en/coming-figures"},
}
EMBED = {"vi": "/nhung", "en": "/en/embed"}  # + /{target segment}/{number}
CARD = {"vi": "/the", "en": "/en/card"}  # + /{target segment}/{number}.png
# First address segments the program uses itself: a document's item type may not take one.
RESERVED = frozenset(
    {p.strip("/").split("/")[-1] for lang in PAGES.values() for p in lang.values() if p.strip("/")}
    | {"en", "api", "static", "nhung", "embed", "the", "card", "oembed", "feed.atom", "sitemap.xml",
       "datapackage.json", "healthz", "openapi.json", "robots.txt", "favicon.ico"})


def _lang_prefix(lang: str) -> str:
    return "/en" if lang == "en" else ""


def page(doc: Document, name: str, lang: str = "vi") -> str:
    """A page by name; ``targets`` and ``embed`` are the document's own (its target type's segment)."""
    if name == "targets":
        return type_path(doc.target_type, lang)
    if name == "embed":
        return f"{EMBED[lang]}/{doc.target_type.seg(lang)}"
    return PAGES[lang][name]


def type_path(item_type: ItemType, lang: str = "vi") -> str:
    """The page of all items of one type."""
    return f"{_lang_prefix(lang)}/{item_type.seg(lang)}"


def item_path(doc: Document, item_id: str, lang: str = "vi") -> str:
    """Canonical address of an item (or of a glossary entry, id ``thuat-ngu:<term>``)."""
    if item_id.startswith("thuat-ngu:"):
        return f"{PAGES[lang]['glossary']}#{item_id.split(':', 1)[1]}"
    found = doc.locate(item_id)
    if found is None:
        return full_text_anchor(item_id, lang)
    item_type, number = found
    if number is not None:
        return f"{type_path(item_type, lang)}/{number}"
    return type_path(item_type, lang) + ("" if item_id == item_type.segment else f"#{item_id}")


def full_text_anchor(item_id: str, lang: str = "vi") -> str:
    return f"{PAGES[lang]['full_text']}#{item_id}"


def embed_path(doc: Document, number: str, lang: str = "vi") -> str:
    return f"{page(doc, 'embed', lang)}/{number}"


def card_path(doc: Document, number: str, lang: str = "vi") -> str:
    return f"{CARD[lang]}/{doc.target_type.seg(lang)}/{number}.png"


def site_card_path(lang: str = "vi") -> str:
    return "/en/card/site.png" if lang == "en" else "/the/trang.png"


def twin(doc: Document, path: str, lang: str) -> str:
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
    item_type = doc.type_at(parts[0], other) if parts else None
    if item_type is not None and len(parts) == 1:
        return type_path(item_type, lang)
    if item_type is not None and len(parts) == 2 and item_type.numbered and number_of(parts[1]) == parts[1]:
        return f"{type_path(item_type, lang)}/{parts[1]}"
    return PAGES[lang]["home"]


def is_type_address(doc: Document, path: str) -> bool:
    """Whether ``path`` is the page of one of the document's item types, or of a numbered item."""
    parts = [p for p in path.split("/") if p] if not path.endswith("/") else []
    lang = "vi"
    if parts[:1] == ["en"]:
        lang, parts = "en", parts[1:]
    item_type = doc.type_at(parts[0], lang) if parts else None
    if item_type is None:
        return False
    return len(parts) == 1 or (len(parts) == 2 and item_type.numbered and number_of(parts[1]) == parts[1])


def feed_path(doc: Document | None, lang: str = "vi", item_id: str | None = None) -> str:
    """The Atom feed of the site, or of one target (its page's address + /feed.atom)."""
    if item_id and doc is not None:
        return item_path(doc, item_id, lang) + "/feed.atom"
    return _lang_prefix(lang) + "/feed.atom"


_REF = re.compile(r"^([0-9]{1,3}[a-z]?)(?:-[a-z0-9-]*)?$")


def number_of(ref: str) -> str | None:
    """The item number in the last segment of an item address ("7", "12a", "7-tang-truong" → "7")."""
    m = _REF.match(ref)
    return m.group(1) if m else None


def target_at(doc: Document, path: str) -> tuple[str, str] | None:
    """(target number, language) of a target's page or widget address, else None."""
    parts = [p for p in path.split("/") if p]
    lang = "vi"
    if parts[:1] == ["en"]:
        lang, parts = "en", parts[1:]
    embed = EMBED[lang].strip("/").split("/")[-1]
    if len(parts) == 3 and parts[0] == embed:
        parts = parts[1:]
    if len(parts) != 2 or parts[0] != doc.target_type.seg(lang):
        return None
    number = number_of(parts[1])
    return (number, lang) if number else None
