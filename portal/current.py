"""The build being served. Servers follow the ``current`` link and switch to a new build on
the next request after ``portal build`` replaces it, without a restart."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from portal.content import SOURCE_MARK_RE, Term, parse_date
from portal.query import synonym_groups
from portal.search import Searcher, english_groups
from portal.store import Site, read_site
from portal.vietnamese import alphabetical

log = logging.getLogger(__name__)


@dataclass
class Loaded:
    site: Site
    searcher: Searcher
    body_html: dict[str, Markup] = field(default_factory=dict)
    term_html: dict[str, Markup] = field(default_factory=dict)
    # The glossary per language, in that language's alphabetical order, grouped by initial letter.
    glossary: dict[str, list[tuple[str, list[Term]]]] = field(default_factory=dict)
    figures_updated: str = ""  # publication date of the newest figure on the site


def _markdown() -> MarkdownIt:
    # Content authors write Markdown; raw HTML is disabled so nothing in a file can inject markup.
    return MarkdownIt("commonmark", {"html": False, "linkify": False})


def newest_date(dates: list[str]) -> str:
    """The latest of dates written YYYY-MM-DD, YYYY-MM or YYYY ("" when there are none)."""
    valid = [d for d in dates if parse_date(d) is not None]
    return max(valid, key=lambda d: parse_date(d) or (0, 0, 0), default="")


def link_source_marks(html: str, item_id: str) -> str:
    """Turn each "[^n]" of a rendered body into a numbered link to the item's n-th source."""
    return SOURCE_MARK_RE.sub(
        lambda m: f'<sup class="src-mark"><a href="#{item_id}-nguon-{m.group(1)}">[{m.group(1)}]</a></sup>', html)


def load(build: Path) -> Loaded:
    site = read_site(build)
    groups = synonym_groups([t.term, *t.abbreviations, *t.synonyms, *t.search_terms] for t in site.terms)
    md = _markdown()
    groups_en = english_groups([t.en.get("term", ""), *t.en.get("abbreviations", []), *t.en.get("synonyms", []),
                                *t.en.get("search_terms", [])] for t in site.terms)
    loaded = Loaded(site, Searcher(build / "index", groups, groups_en))
    for item in site.items:
        loaded.body_html[item.id] = Markup(link_source_marks(md.render(item.body), item.id))
        if item.en.get("body"):
            loaded.body_html[item.id + "@en"] = Markup(link_source_marks(md.render(item.en["body"]), item.id))
    for term in site.terms:
        loaded.term_html[term.id] = Markup(md.render(term.definition))
        if term.en.get("definition"):
            loaded.term_html[term.id + "@en"] = Markup(md.render(term.en["definition"]))
    loaded.figures_updated = newest_date([o.published for o in site.observations])
    loaded.glossary = {
        "vi": alphabetical((t.term, t) for t in site.terms),
        "en": alphabetical([(t.en.get("term") or t.term, t) for t in site.terms], "en"),
    }
    return loaded


class Current:
    """Holds the loaded build; cheap to ask on every request (one readlink)."""

    def __init__(self, build_dir: Path, check_interval: float = 0.0) -> None:
        self.link = build_dir / "current"
        self.check_interval = check_interval  # seconds between looks at the link
        self._checked = -1e9
        self._target: str | None = None
        self._loaded: Loaded | None = None
        self.version = ""  # of the loaded build
        self._lock = threading.Lock()

    def get(self) -> Loaded | None:
        now = time.monotonic()
        if self._loaded is not None and now - self._checked < self.check_interval:
            return self._loaded
        self._checked = now
        try:
            target = os.readlink(self.link)
        except OSError:
            return self._loaded
        if target != self._target:
            with self._lock:
                if target != self._target:
                    try:
                        self._loaded = load(self.link.parent / target)
                        self._target = target
                        self.version = self._loaded.site.version
                    except Exception:  # a broken build never replaces a good one
                        log.exception("could not load build %s; keeping the previous one", target)
        return self._loaded
