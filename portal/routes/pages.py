"""HTML pages of the resolution: home, items by type, full text, glossary, method, about."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from portal import periods, urls
from portal.document import TARGET
from portal.expected import schedule
from portal.progress import method_examples
from portal.routes.asof import PARAMS as ASOF_PARAMS
from portal.routes.asof import as_of_view
from portal.web import Web, reads_query

EXPECTED_MONTHS_AHEAD = 6


def router(web: Web) -> APIRouter:
    """Pages every document has. The pages of its item types are in :func:`type_router`."""
    r = APIRouter()

    def page(lang: str, template: str, **context: Any) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            loaded = web.loaded_or_none()
            if loaded is None:
                return web.unavailable(lang)
            return web.render(template, lang, request=request, **context)

        return handler

    for lang in ("vi", "en"):
        pages = urls.PAGES[lang]
        r.add_api_route(pages["home"], home_page(web, lang), include_in_schema=False)
        r.add_api_route(pages["full_text"], page(lang, "full_text.html"), include_in_schema=False)
        r.add_api_route(pages["glossary"], page(lang, "glossary.html"), include_in_schema=False)
        r.add_api_route(pages["method"], method_page(web, lang), include_in_schema=False)
        r.add_api_route(pages["about"], page(lang, "about.html"), include_in_schema=False)
        r.add_api_route(pages["expected"], expected_page(web, lang), include_in_schema=False)
    return r


def home_page(web: Web, lang: str) -> Callable[[Request], Awaitable[Response]]:
    """A document's home; at the site's address, the list of documents (with one document, its home)."""

    async def handler(request: Request) -> Response:
        if web.library() is None:
            return web.unavailable(lang)
        loaded = web.site_document()
        if loaded is None:
            return web.render("documents.html", lang, request=request)
        # at the site's address, the only document's home names its own address as the canonical one
        return web.render("home.html", lang, request=request, loaded=loaded,
                          canonical_path=urls.page(loaded.site.document, "home", lang))

    return handler


def type_router(web: Web) -> APIRouter:
    """``/{segment}`` and ``/{segment}/{number}`` of the document's item types; included last, so
    that every fixed address wins over a segment."""
    r = APIRouter()
    for lang in ("en", "vi"):  # /en/{segment} first: /{segment}/{ref} would take it
        prefix = "/en" if lang == "en" else ""
        r.add_api_route(prefix + "/{segment}", type_page(web, lang), include_in_schema=False)
        r.add_api_route(prefix + "/{segment}/{ref}", numbered(web, lang), include_in_schema=False)
    return r


def type_page(web: Web, lang: str) -> Callable[[Request, str], Awaitable[Response]]:
    """All items of one type: the targets by area, an unnumbered type's items on one page, or a
    numbered type's list."""

    async def handler(request: Request, segment: str) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.unavailable(lang)
        item_type = loaded.site.document.type_at(segment, lang)
        items = loaded.site.of_type(item_type.id) if item_type else []
        if item_type is None or not items:
            raise HTTPException(404)  # the app's 404 answer, which also offers the slash twin (/en → /en/)
        if item_type.id == TARGET:
            return web.render("targets.html", lang, request=request)
        if not item_type.numbered:
            return web.render("item.html", lang, request=request, items=items, item=items[0])
        return web.render("type.html", lang, request=request, item_type=item_type, items=items)

    return handler


def numbered(web: Web, lang: str) -> Callable[[Request, str, str], Awaitable[Response]]:
    @reads_query(*ASOF_PARAMS)
    async def handler(request: Request, segment: str, ref: str) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.unavailable(lang)
        item_type = loaded.site.document.type_at(segment, lang)
        number = urls.number_of(ref)
        item = loaded.site.by_id.get(f"{item_type.segment}-{number}") if item_type and item_type.numbered else None
        if item_type is None or item is None or number is None:
            raise HTTPException(404)
        canonical = urls.item_path(loaded.site.document, item.id, lang)
        if ref != number:
            return RedirectResponse(canonical, status_code=301)
        if item_type.id == TARGET:
            view = as_of_view(loaded.site, item.id, request)
            return web.render("target.html", lang, status=400 if view["as_of_error"] else 200, request=request,
                              item=item, **view)
        return web.render("item.html", lang, request=request, items=[item], item=item)

    return handler


def method_page(web: Web, lang: str) -> Callable[[Request], Awaitable[Response]]:
    """The method, with worked examples from the document's own targets."""

    async def handler(request: Request) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.unavailable(lang)
        indicators = [ind for item in loaded.site.of_type(TARGET) for ind in item.indicators]
        return web.render("method.html", lang, request=request, examples=method_examples(indicators))

    return handler


def expected_page(web: Web, lang: str) -> Callable[[Request], Awaitable[Response]]:
    """Figures usually published in the coming months, and those past their usual month."""

    async def handler(request: Request) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.unavailable(lang)
        site = loaded.site
        today = periods.today()
        indicators = [ind for item in site.of_type(TARGET) for ind in item.indicators]
        upcoming, late = schedule(indicators, site.observations, today, EXPECTED_MONTHS_AHEAD)
        return web.render("expected.html", lang, request=request, upcoming=upcoming, late=late, today=today,
                          months_ahead=EXPECTED_MONTHS_AHEAD)

    return handler
