"""How the document's items are named on pages, cards and feeds: from its declared item types."""

from __future__ import annotations

from typing import Any

from portal import i18n
from portal.document import Document


def type_name(doc: Document, type_id: str, lang: str, plural: bool = False) -> str:
    """The document's own name for a type of item ("Chỉ tiêu", "Chương trình đột phá")."""
    item_type = doc.item_type(type_id)
    return item_type.name(lang, plural) if item_type else type_id


def item_label(doc: Document, item: Any, lang: str) -> str:
    """How an item is named before its title: "Chỉ tiêu 7", "Target 7", "Mục tiêu chung"."""
    name = type_name(doc, item.type, lang)
    return f"{name} {item.number}" if item.number else name


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def count_label(site: Any, type_id: str, lang: str) -> str:
    """How many items of a type the document has, in words ("<n> chỉ tiêu", "<n> targets")."""
    n = len(site.of_type(type_id))
    return f"{i18n.fmt_number(n, lang)} {lower_first(type_name(site.document, type_id, lang, plural=n != 1))}"


def N_(text: str) -> str:  # noqa: N802  (marks text for the catalogue; translated where it is shown)
    return text


DEFAULT_SITE_NAME = N_("Theo dõi Nghị quyết")


def site_name(configured: str, lang: str) -> str:
    """The site's name: ``PORTAL_SITE_NAME`` when it is set to something of its own, else the
    interface's name in the reader's language ("Resolution Tracker" in English)."""
    if configured and configured != DEFAULT_SITE_NAME:
        return configured
    return i18n.translations(lang).gettext(DEFAULT_SITE_NAME)
