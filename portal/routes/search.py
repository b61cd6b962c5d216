"""The search page (works without JavaScript)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal import urls
from portal.pool import Busy
from portal.routes.api import search_hit
from portal.search import QueryError
from portal.web import Web, reads_query

PER_PAGE = 10
MAX_PAGE = 100


def router(web: Web) -> APIRouter:
    r = APIRouter()

    def handler_for(lang: str):  # noqa: ANN202
        @reads_query("q", "loai", "type", "trang", "page", "exact")
        async def handler(request: Request) -> Response:
            loaded = web.loaded_or_none()
            if loaded is None:
                return web.unavailable(lang)
            params = request.query_params
            q = params.get("q", "")
            kind = params.get("loai", params.get("type", ""))
            kind = kind if kind == "term" or loaded.site.document.item_type(kind) else ""
            try:
                page_no = min(MAX_PAGE, max(1, int(params.get("trang", params.get("page", "1")))))
            except ValueError:
                page_no = 1
            exact = params.get("exact") == "1"
            context: dict[str, Any] = {"request": request, "q": q, "kind": kind, "page_no": page_no, "results": None,
                       "hits": [], "nearest": [], "too_long": False, "per_page": PER_PAGE, "exact": exact}
            if q.strip():
                def run():  # noqa: ANN202  (in the search pool, off the event loop)
                    res = loaded.searcher.search(q, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE,
                                                 types=[kind] if kind else [], lang=lang, correct=not exact)
                    hits, nearest = ([search_hit(loaded, h.id, h.type, h.title, res.query, lang) for h in found]
                                     for found in (res.hits, res.nearest))
                    return res, hits, nearest

                try:
                    context["results"], context["hits"], context["nearest"] = await web.search_pool.run(run)
                except QueryError:
                    context["too_long"] = True
                except Busy:
                    return web.busy(lang)
            status = 400 if context["too_long"] else 200
            return web.render("search.html", lang, status=status, **context)

        return handler

    for lang in ("vi", "en"):
        r.add_api_route(urls.PAGES[lang]["search"], handler_for(lang), include_in_schema=False)
    return r
