"""The build being served. Servers follow the ``current`` link and switch to a new build on
the next request after ``portal build`` replaces it, without a restart."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from portal.build import document_slugs, document_store
from portal.content import SOURCE_MARK_RE, Term, parse_date
from portal.query import ref_words, synonym_groups
from portal.search import Searcher, english_groups
from portal.store import Site, read_site
from portal.vietnamese import alphabetical

log = logging.getLogger(__name__)


@dataclass
class Loaded:
    """One document of the build, ready to render."""

    site: Site
    searcher: Searcher  # the site's index (every document); searches name the documents they cover
    body_html: dict[str, Markup] = field(default_factory=dict)
    term_html: dict[str, Markup] = field(default_factory=dict)
    # The glossary per language, in that language's alphabetical order, grouped by initial letter.
    glossary: dict[str, list[tuple[str, list[Term]]]] = field(default_factory=dict)
    figures_updated: str = ""  # publication date of the newest figure of the document


@dataclass
class Library:
    """The build being served: its documents, in the site's order, and their search index."""

    docs: dict[str, Loaded]  # by slug
    searcher: Searcher
    version: str

    @cached_property  # a build's documents never change once loaded
    def old(self) -> Loaded | None:
        """The document whose pages kept their old, unprefixed addresses (answered with a 301)."""
        return next((d for d in self.docs.values() if d.site.document.old_addresses), None)

    @cached_property  # a build's documents never change once loaded
    def only(self) -> Loaded | None:
        """The document, when the site has one: the site home is then that document's home."""
        return next(iter(self.docs.values())) if len(self.docs) == 1 else None


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


def load(build: Path) -> Library:
    sites = [read_site(document_store(build, slug)) for slug in document_slugs(build)]
    terms = [t for site in sites for t in site.terms]
    groups = synonym_groups([t.term, *t.abbreviations, *t.synonyms, *t.search_terms] for t in terms)
    groups_en = english_groups([t.en.get("term", ""), *t.en.get("abbreviations", []), *t.en.get("synonyms", []),
                                *t.en.get("search_terms", [])] for t in terms)
    words = ref_words(dict.fromkeys((t.segment, t.label, t.label_en) for site in sites
                                    for t in site.document.item_types if t.numbered))
    searcher = Searcher(build / "index", groups, groups_en, words)
    docs = {site.document.slug: _prepare(site, searcher) for site in sites}
    return Library(docs, searcher, sites[0].version if sites else "")


def _prepare(site: Site, searcher: Searcher) -> Loaded:
    md = _markdown()
    loaded = Loaded(site, searcher)
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


RETRY_FAILED_SECONDS = 30.0  # a build that failed to load is tried again this often, not on every request


class Current:
    """Holds the loaded build; cheap to ask on every request (one readlink)."""

    def __init__(self, build_dir: Path, check_interval: float = 0.0) -> None:
        self.link = build_dir / "current"
        self.check_interval = check_interval  # seconds between looks at the link
        self._checked = -1e9
        self._target: str | None = None
        self._loaded: Library | None = None
        self.version = ""  # of the loaded build
        self._failed: tuple[str, float] | None = None  # link target that failed to load, and when
        self.problem: str | None = None  # why the newest build is not the one served
        self._lock = threading.Lock()

    def get(self) -> Library | None:
        now = time.monotonic()
        if self._loaded is not None and now - self._checked < self.check_interval:
            return self._loaded
        self._checked = now
        try:
            target = os.readlink(self.link)
        except OSError:
            return self._loaded
        if target != self._target:
            failed = self._failed
            if failed and failed[0] == target and now - failed[1] < RETRY_FAILED_SECONDS:
                return self._loaded
            with self._lock:
                if target != self._target:
                    self._load(target, now)
        return self._loaded

    def _load(self, target: str, now: float) -> None:
        try:
            loaded = load(self.link.parent / target)
        except Exception as exc:  # a broken build never replaces a good one
            first = self._failed is None or self._failed[0] != target
            self._failed = (target, now)
            self.problem = f"build {Path(target).name} could not be loaded: {type(exc).__name__}: {exc}"
            if first:  # once per build, not once per request
                log.exception("could not load build %s; %s", target,
                              "keeping the previous one" if self._loaded else "not serving until one loads")
            return
        self._loaded, self._target, self.version = loaded, target, loaded.version
        self._failed, self.problem = None, None

    def state(self) -> dict[str, object]:
        """What this worker process serves, for ``/healthz``."""
        return {"worker": os.getpid(), "serving": Path(self._target).name if self._target else None,
                "problem": self.problem}

    def wait_until_loaded(self, poll: float = 1.0) -> Library:
        """Blocks until a build loads. A server process calls this before it accepts any
        connection, so a process that cannot load a build takes no traffic. Meanwhile SIGTERM
        and SIGINT end the process (the server's own handlers only act once it serves)."""
        main = threading.current_thread() is threading.main_thread()
        previous = {sig: signal.signal(sig, _exit) for sig in (signal.SIGTERM, signal.SIGINT)} if main else {}
        try:
            while True:
                loaded = self.get()
                if loaded is not None:
                    return loaded
                if self.problem is None and not self.link.is_symlink():
                    self.problem = "no build yet (run portal build)"
                    log.error("%s: %s", self.link, self.problem)
                time.sleep(poll)
                self._failed = None if self._failed is None else (self._failed[0], -1e9)  # try again now
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)
