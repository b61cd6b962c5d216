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

from portal.query import synonym_groups
from portal.search import Searcher, english_groups
from portal.store import Site, read_site

log = logging.getLogger(__name__)


@dataclass
class Loaded:
    site: Site
    searcher: Searcher
    body_html: dict[str, Markup] = field(default_factory=dict)
    term_html: dict[str, Markup] = field(default_factory=dict)


def _markdown() -> MarkdownIt:
    # Content authors write Markdown; raw HTML is disabled so nothing in a file can inject markup.
    return MarkdownIt("commonmark", {"html": False, "linkify": False})


def load(build: Path) -> Loaded:
    site = read_site(build)
    groups = synonym_groups([t.term, *t.abbreviations, *t.synonyms] for t in site.terms)
    md = _markdown()
    groups_en = english_groups([t.en.get("term", ""), *t.en.get("abbreviations", []), *t.en.get("synonyms", [])]
                               for t in site.terms)
    loaded = Loaded(site, Searcher(build / "index", groups, groups_en))
    for item in site.items:
        loaded.body_html[item.id] = Markup(md.render(item.body))
        if item.en.get("body"):
            loaded.body_html[item.id + "@en"] = Markup(md.render(item.en["body"]))
    for term in site.terms:
        loaded.term_html[term.id] = Markup(md.render(term.definition))
        if term.en.get("definition"):
            loaded.term_html[term.id + "@en"] = Markup(md.render(term.en["definition"]))
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
