"""Shared parts of the HTTP layer: template environments per language and error pages."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from portal import i18n, urls
from portal.build import program_fingerprint
from portal.charts import build_chart
from portal.current import Current, Library, Loaded
from portal.document import Document
from portal.embed_size import SIZES
from portal.figures import format_value
from portal.labels import count_label, item_label, lower_first, site_name, type_name
from portal.periods import parse_period
from portal.pool import RETRY_AFTER_SECONDS, WorkPool
from portal.prefix import DOCUMENT, public_path
from portal.progress import THRESHOLDS
from portal.settings import Settings

TEMPLATES = Path(__file__).parent / "templates"
# static/ sits beside the package in the source checkout and inside it (portal/static) once installed
STATIC = next((p for p in (Path(__file__).parent / "static", Path(__file__).parent.parent / "static") if p.is_dir()),
              Path(__file__).parent / "static")
QUERY_PARAMS_ATTR = "portal_query_params"
F = TypeVar("F", bound=Callable[..., Any])


def reads_query(*names: str) -> Callable[[F], F]:
    """Declares the query parameters a handler reads from ``request.query_params`` itself, so
    the response cache keys its answers on those and ignores every other parameter."""

    def mark(fn: F) -> F:
        setattr(fn, QUERY_PARAMS_ATTR, frozenset(names))
        return fn

    return mark


class SafeJSONResponse(JSONResponse):
    """JSON with <, > and & escaped, so an echoed query can never be read as markup."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def _asset_hash(name: str) -> str:
    try:
        return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    except OSError:
        return "0"


def localised(obj: Any, name: str, lang: str) -> Any:
    """A content field in the reader's language, falling back to Vietnamese."""
    if lang != "vi":
        en = getattr(obj, "en", None)
        value = en.get(name) if isinstance(en, dict) else getattr(obj, f"{name}_{lang}", None)
        if value:
            return value
    return getattr(obj, name)


_QUOTED = re.compile(r"&#34;(.+?)&#34;")  # a "quoted" passage, once escaped


def mark_vietnamese_quotes(text: str) -> Markup:
    """Escape ``text`` and mark each "quoted" passage as Vietnamese: English editorial notes quote
    the original, and a screen reader must read those words with a Vietnamese voice."""
    return Markup(_QUOTED.sub(r'"<span lang="vi">\1</span>"', str(escape(text))))


def inline_css() -> tuple[str, str]:
    """The stylesheet, inlined so that a page renders from its first response, and its CSP hash."""
    css = (STATIC / "site.css").read_text(encoding="utf-8").strip()
    return css, "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


# The document of the page being rendered: the address helpers of the templates (and of the
# macros, which are imported without the page's context) read it. Set only inside Web.render.
_DOCUMENT: ContextVar[Document | None] = ContextVar("document", default=None)


def _doc() -> Document:
    doc = _DOCUMENT.get()
    if doc is None:
        raise RuntimeError("a page that names addresses was rendered without a document")
    return doc


def make_env(lang: str, settings: Settings) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = lambda v, decimals=None: i18n.fmt_number(v, lang, decimals=decimals)
    env.filters["date"] = lambda v: i18n.fmt_date(v, lang)
    env.filters["month"] = lambda m: i18n.fmt_month(m, lang)
    env.filters["vi_quotes"] = mark_vietnamese_quotes
    env.filters["qty"] = lambda v, unit, decimals=None: format_value(v, unit, lang, decimals)
    env.filters["lower_first"] = lower_first
    env.globals.update(
        lang=lang,
        page=lambda name: urls.page(_DOCUMENT.get(), name, lang),
        site_page=lambda name: urls.page(None, name, lang),
        here_path=lambda rel: urls.under(_DOCUMENT.get(), rel),  # an address of the page's document
        doc_url=lambda document, name="home": urls.page(document, name, lang),
        public_path=lambda request: public_path(request.scope),
        type_url=lambda item_type: urls.type_path(_doc(), item_type, lang),
        type_name=lambda type_id, plural=False: type_name(_doc(), type_id, lang, plural),
        item_label=lambda item: item_label(_doc(), item, lang),
        count_label=lambda site, type_id: count_label(site, type_id, lang),
        item_url=lambda item_id: urls.item_path(_doc(), item_id, lang),
        feed_url=lambda item_id=None: settings.base_url + urls.feed_path(_DOCUMENT.get(), lang, item_id),
        full_text_url=lambda item_id: urls.full_text_anchor(_doc(), item_id, lang),
        chart_for=build_chart,
        period=parse_period,
        loc=lambda obj, name: localised(obj, name, lang),
        twin=lambda path, to: urls.twin(_DOCUMENT.get(), path, to),
        thresholds=THRESHOLDS,
        settings=settings,
        site_name=site_name(settings.site_name, lang),
        inline_css=Markup(inline_css()[0]),
        js_hash=_asset_hash("site.js"),
        icon_hash=_asset_hash("favicon.svg"),
        card_url=lambda number: settings.base_url + urls.card_path(_doc(), number, lang),
        site_card_url=lambda: settings.base_url + urls.under(_DOCUMENT.get(), urls.site_card_path(lang)),
        embed_url=lambda number: settings.base_url + urls.embed_path(_doc(), number, lang),
        embed_size=SIZES["full"],
    )
    return env


def code_fingerprint() -> str:
    """Changes when the program changes (Python code, templates, static files, catalogues): part of every ETag."""
    return program_fingerprint(STATIC)


@dataclass
class Web:
    settings: Settings
    current: Current
    envs: dict[str, Environment]
    code: str = ""
    search_pool: WorkPool = field(default_factory=lambda: WorkPool(threads=2, queue=4))

    def version(self) -> tuple[str, str] | None:
        """The version every cached response and ETag depends on: build and code."""
        loaded = self.current.get()
        return (self.current.version, self.code) if loaded else None  # type: ignore[return-value]

    def library(self) -> Library | None:
        """The build being served (None while there is none)."""
        return self.current.get()

    def loaded_or_none(self) -> Loaded | None:
        """The document the request is for (its address is under the document's slug); None
        while no build is loaded. A document's page asked for without a slug, or under a slug
        the build does not have, is not found (404)."""
        library = self.current.get()
        if library is None:
            return None
        loaded = library.docs.get(DOCUMENT.get() or "")
        if loaded is None:
            raise HTTPException(404)
        return loaded

    def site_document(self) -> Loaded | None:
        """For the site's own pages (home, search, feed): the document the request is for, or
        the only document of the site; None for a site of several documents (or no build)."""
        library = self.current.get()
        if library is None:
            return None
        slug = DOCUMENT.get()
        return library.docs.get(slug) if slug else library.only

    def render(self, name: str, lang: str = "vi", status: int = 200, headers: dict[str, str] | None = None,
               **context: Any) -> HTMLResponse:
        if "loaded" not in context:
            context["loaded"] = self.site_document()
        loaded = context["loaded"]
        context.setdefault("site", loaded.site if loaded else None)
        context.setdefault("library", self.current.get())
        html = self.render_text(name, lang, context["site"].document if context["site"] else None, **context)
        return HTMLResponse(html, status_code=status, headers=headers)

    def render_text(self, name: str, lang: str, document: Document | None, **context: Any) -> str:
        """A template (page, feed, SVG) filled for one document: its addresses and labels."""
        token = _DOCUMENT.set(document)
        try:
            return self.envs[lang].get_template(name).render(**context)
        finally:
            _DOCUMENT.reset(token)

    def macro(self, lang: str, document: Document | None, name: str, *args: Any) -> str:
        """One macro of macros.html, called outside a page (card lines, API sentences)."""
        token = _DOCUMENT.set(document)
        try:
            module: Any = self.envs[lang].get_template("macros.html").make_module({"lang": lang})
            return str(getattr(module, name)(*args))
        finally:
            _DOCUMENT.reset(token)

    def json(self, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> SafeJSONResponse:
        return SafeJSONResponse(data, status_code=status, headers=headers)

    def not_found(self, request: Request, lang: str | None = None) -> HTMLResponse | JSONResponse:
        if is_json_path(request.url.path):
            return JSONResponse({"error": "not_found", "message": "No such resource."}, status_code=404)
        lang = lang or ("en" if request.url.path.startswith("/en/") or request.url.path == "/en" else "vi")
        return self.render("404.html", lang, status=404)

    def unavailable(self, lang: str = "vi") -> HTMLResponse:
        """The page shown while no build can be loaded."""
        return self.render("unavailable.html", lang, status=503, headers={"Retry-After": "30"})

    def busy(self, lang: str = "vi") -> HTMLResponse:
        """The page shown when every search slot is taken: try again in a moment."""
        return self.render("error.html", lang, status=503, code=503,
                           headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"})


def is_json_path(path: str) -> bool:
    """Addresses whose errors are JSON (the API, under a document's slug or not, and oEmbed), not pages."""
    return path.startswith("/api/") or path.split("/", 2)[-1].startswith("api/") or path == "/oembed"


def lang_of(request: Request) -> str:
    return "en" if request.url.path == "/en" or request.url.path.startswith("/en/") else "vi"
