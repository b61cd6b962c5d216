"""Addresses of pages, in one place (see the address table in DESIGN.md).

Each document's pages live under its slug: ``/{slug}/…`` in Vietnamese, ``/en/{slug}/…`` in
English. The program's routes are written without the slug (``/chi-tieu/7``, ``/en/targets/7``:
the *relative* address); :mod:`portal.prefix` takes the slug off a request's path and
:func:`under` puts it in front of an address. The addresses of items come from the document's
declared item types (``document.yaml``): a numbered item is ``/{segment}/{number}``, an
unnumbered type's items share the page ``/{segment}``.

A few addresses belong to the site, not to a document (:data:`SITE_PATHS`): the home page that
lists the documents, search across documents, the site's feed, the sitemap, oEmbed, the API's
list of documents …
"""

from __future__ import annotations

import re
from collections.abc import Collection

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
API = "/api/v1"
SITE_CARD = {"vi": "/the/trang.png", "en": "/en/card/site.png"}
FEED = {"vi": "/feed.atom", "en": "/en/feed.atom"}
# Addresses of the site itself, never under a document's slug. Those marked both also answer under
# a slug, for that document alone (its home, its search, its feed, its part of the API).
SITE_PATHS = frozenset({"/sitemap.xml", "/robots.txt", "/healthz", "/oembed", "/openapi.json", "/favicon.ico",
                        f"{API}/documents"})
SITE_AND_DOCUMENT_PATHS = frozenset({"/", "/en/", PAGES["vi"]["search"], PAGES["en"]["search"], *FEED.values(),
                                     f"{API}/", f"{API}/search", f"{API}/suggest", *SITE_CARD.values()})
SITE_PREFIXES = ("/static/",)
# First address segments the program uses itself: neither a slug nor an item type may take one.
RESERVED = frozenset(
    {p.strip("/").split("/")[-1] for lang in PAGES.values() for p in lang.values() if p.strip("/")}
    | {"en", "api", "static", "nhung", "embed", "the", "card", "oembed", "feed.atom", "sitemap.xml",
       "datapackage.json", "healthz", "openapi.json", "robots.txt", "favicon.ico", "docs"})


def is_site_path(path: str) -> bool:
    """Whether a path without a slug is one of the site's own addresses (not a document's)."""
    return path in SITE_PATHS or path in SITE_AND_DOCUMENT_PATHS or path == "/en" or path.startswith(SITE_PREFIXES)


def _lang_prefix(lang: str) -> str:
    return "/en" if lang == "en" else ""


def under(doc: Document | None, path: str) -> str:
    """A relative address (``/chi-tieu/7``, ``/en/targets/7``) under the document's slug
    (``/bac-ninh/chi-tieu/7``, ``/en/bac-ninh/targets/7``); unchanged for the site (``doc`` None)."""
    if doc is None:
        return path
    if path == "/en" or path.startswith("/en/"):
        return f"/en/{doc.slug}{path[3:] or '/'}"
    return f"/{doc.slug}{path}"


def split(path: str, slugs: Collection[str]) -> tuple[str | None, str]:
    """(slug, relative address) of a path under a document's slug; (None, path) for any other.

    ``/bac-ninh/chi-tieu/7`` → (bac-ninh, /chi-tieu/7); ``/en/bac-ninh/`` → (bac-ninh, /en/);
    ``/bac-ninh`` → (bac-ninh, "") (the document's home without its slash)."""
    lead, rest = ("/en", path[3:]) if path.startswith("/en/") else ("", path)
    first, slash, tail = rest[1:].partition("/")
    if not rest.startswith("/") or first not in slugs:
        return None, path
    if not slash:
        return first, ""
    rel = f"{lead}/{tail}"
    return (None, path) if rel in SITE_PATHS or rel.startswith(SITE_PREFIXES) else (first, rel)


def page(doc: Document | None, name: str, lang: str = "vi") -> str:
    """A page by name; ``targets`` and ``embed`` are the document's own (its target type's
    segment). Without a document: the site's own page (its home, its search)."""
    if doc is not None and name == "targets":
        return type_path(doc, doc.target_type, lang)
    if doc is not None and name == "embed":
        return under(doc, f"{EMBED[lang]}/{doc.target_type.seg(lang)}")
    return under(doc, PAGES[lang][name])


def type_path(doc: Document, item_type: ItemType, lang: str = "vi") -> str:
    """The page of all items of one type."""
    return under(doc, f"{_lang_prefix(lang)}/{item_type.seg(lang)}")


def item_path(doc: Document, item_id: str, lang: str = "vi") -> str:
    """Canonical address of an item (or of a glossary entry, id ``thuat-ngu:<term>``)."""
    if item_id.startswith("thuat-ngu:"):
        return f"{page(doc, 'glossary', lang)}#{item_id.split(':', 1)[1]}"
    found = doc.locate(item_id)
    if found is None:
        return full_text_anchor(doc, item_id, lang)
    item_type, number = found
    if number is not None:
        return f"{type_path(doc, item_type, lang)}/{number}"
    return type_path(doc, item_type, lang) + ("" if item_id == item_type.segment else f"#{item_id}")


def full_text_anchor(doc: Document, item_id: str, lang: str = "vi") -> str:
    return f"{page(doc, 'full_text', lang)}#{item_id}"


def embed_path(doc: Document, number: str, lang: str = "vi") -> str:
    return f"{page(doc, 'embed', lang)}/{number}"


def card_path(doc: Document, number: str, lang: str = "vi") -> str:
    return under(doc, f"{CARD[lang]}/{doc.target_type.seg(lang)}/{number}.png")


def site_card_path(lang: str = "vi") -> str:
    return SITE_CARD[lang]


def twin(doc: Document | None, path: str, lang: str) -> str:
    """The address of the same page in ``lang`` (the language switch and hreflang links);
    ``path`` is a public address (under the document's slug when ``doc`` is given)."""
    slug, rel = split(path, [doc.slug]) if doc is not None else (None, path)
    if slug is None:
        doc, rel = None, path
    other = "en" if rel == "/en" or rel.startswith("/en/") else "vi"
    if other == lang:
        return path
    for name, p in PAGES[other].items():
        if rel.rstrip("/") == p.rstrip("/"):  # "/en" and "/en/" are both the English home
            return page(doc, name, lang)
    parts = [p for p in rel.split("/") if p][1 if other == "en" else 0:]
    item_type = doc.type_at(parts[0], other) if parts and doc is not None else None
    if doc is not None and item_type is not None and len(parts) == 1:
        return type_path(doc, item_type, lang)
    if (doc is not None and item_type is not None and len(parts) == 2 and item_type.numbered
            and number_of(parts[1]) == parts[1]):
        return f"{type_path(doc, item_type, lang)}/{parts[1]}"
    return page(doc, "home", lang)


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
    """The Atom feed of the site (``doc`` None), of a document, or of one target (its page's
    address + /feed.atom)."""
    if item_id and doc is not None:
        return item_path(doc, item_id, lang) + "/feed.atom"
    return under(doc, FEED[lang])


_REF = re.compile(r"\A([0-9]{1,3}[a-z]?)(?:-[a-z0-9-]*)?\Z")


def number_of(ref: str) -> str | None:
    """The item number in the last segment of an item address ("7", "12a", "7-tang-truong" → "7")."""
    m = _REF.match(ref)
    return m.group(1) if m else None


def target_at(doc: Document, path: str) -> tuple[str, str] | None:
    """(target number, language) of a target's page or widget address (relative: without the
    document's slug), else None."""
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
