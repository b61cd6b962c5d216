"""HTML pages of the resolution: home, targets, items, full text, glossary, method, about."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal import periods, urls
from portal.expected import schedule
from portal.routes.asof import PARAMS as ASOF_PARAMS
from portal.routes.asof import as_of_view
from portal.web import Web, reads_query

EXPECTED_MONTHS_AHEAD = 6
_NUMBER_SLUG = re.compile(r"^([0-9]{1,3})(?:-[a-z0-9-]*)?$")


def router(web: Web) -> APIRouter:
    r = APIRouter()

    def page(lang: str, template: str, **context: Any) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            loaded = web.loaded_or_none()
            if loaded is None:
                return web.unavailable(lang)
            return web.render(template, lang, request=request, **context)

        return handler

    for lang in ("vi", "en"):
        r.add_api_route(urls.page("home", lang), page(lang, "home.html"), include_in_schema=False)
        r.add_api_route(urls.page("targets", lang), page(lang, "targets.html"), include_in_schema=False)
        r.add_api_route(urls.page("full_text", lang), page(lang, "full_text.html"), include_in_schema=False)
        r.add_api_route(urls.page("glossary", lang), page(lang, "glossary.html"), include_in_schema=False)
        r.add_api_route(urls.page("method", lang), page(lang, "method.html"), include_in_schema=False)
        r.add_api_route(urls.page("about", lang), page(lang, "about.html"), include_in_schema=False)
        r.add_api_route(urls.page("expected", lang), expected_page(web, lang), include_in_schema=False)
        r.add_api_route(urls.page("assessment", lang), single(web, lang, ["danh-gia-ket-qua", "danh-gia-han-che"]),
                        include_in_schema=False)
        r.add_api_route(urls.page("goal", lang), single(web, lang, ["muc-tieu-chung"]), include_in_schema=False)
        r.add_api_route(urls.page("implementation", lang), single(web, lang, ["to-chuc-thuc-hien"]),
                        include_in_schema=False)
        for item_type, segment in urls.SEGMENTS[lang].items():
            prefix = "/en" if lang == "en" else ""
            r.add_api_route(f"{prefix}/{segment}/{{ref}}", numbered(web, lang, item_type), include_in_schema=False)
    return r


def single(web: Web, lang: str, ids: list[str]) -> Callable[[Request], Awaitable[Response]]:
    async def handler(request: Request) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.unavailable(lang)
        items = [loaded.site.by_id[i] for i in ids if i in loaded.site.by_id]
        if not items:
            return web.not_found(request, lang)
        return web.render("item.html", lang, request=request, items=items, item=items[0])

    return handler


def numbered(web: Web, lang: str, item_type: str) -> Callable[[Request, str], Awaitable[Response]]:
    from portal.content import TYPE_PREFIX

    @reads_query(*ASOF_PARAMS)
    async def handler(request: Request, ref: str) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.unavailable(lang)
        m = _NUMBER_SLUG.match(ref)
        if not m:
            return web.not_found(request, lang)
        number = int(m.group(1))
        item = loaded.site.by_id.get(f"{TYPE_PREFIX[item_type]}-{number}")
        if item is None:
            return web.not_found(request, lang)
        canonical = urls.item_path(item.id, lang)
        if ref != str(number):
            return RedirectResponse(canonical, status_code=301)
        if item_type == "target":
            view = as_of_view(loaded.site, item.id, request)
            return web.render("target.html", lang, status=400 if view["as_of_error"] else 200, request=request,
                              item=item, **view)
        return web.render("item.html", lang, request=request, items=[item], item=item)

    return handler


def expected_page(web: Web, lang: str) -> Callable[[Request], Awaitable[Response]]:
    """Figures usually published in the coming months, and those past their usual month."""

    async def handler(request: Request) -> Response:
        loaded = web.loaded_or_none()
        if loaded is None:
            return web.unavailable(lang)
        site = loaded.site
        today = periods.today()
        indicators = [ind for item in site.of_type("target") for ind in item.indicators]
        upcoming, late = schedule(indicators, site.observations, today, EXPECTED_MONTHS_AHEAD)
        return web.render("expected.html", lang, request=request, upcoming=upcoming, late=late, today=today,
                          months_ahead=EXPECTED_MONTHS_AHEAD)

    return handler
