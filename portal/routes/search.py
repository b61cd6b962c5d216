"""The search page (works without JavaScript)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal import urls
from portal.labels import type_name
from portal.pool import Busy
from portal.prefix import DOCUMENT
from portal.routes.api import search_hit
from portal.search import Hit, QueryError
from portal.web import Web, reads_query

PER_PAGE = 10
MAX_PAGE = 100


def router(web: Web) -> APIRouter:
    r = APIRouter()

    def handler_for(lang: str):  # noqa: ANN202
        @reads_query("q", "loai", "type", "trang", "page", "exact", "van-ban", "document")
        async def handler(request: Request) -> Response:
            library = web.library()
            if library is None:
                return web.unavailable(lang)
            loaded = web.site_document()  # the document searched, or None: all of the site's
            params = request.query_params
            q = params.get("q", "")
            asked = params.get("van-ban", params.get("document", ""))
            if DOCUMENT.get() is None and asked in library.docs and loaded is None:
                chosen: list[str] = [asked]  # a site of several documents, narrowed to one
            else:
                chosen = [loaded.site.document.slug] if loaded is not None else []
            kind = params.get("loai", params.get("type", ""))
            known = {t.id for d in library.docs.values() for t in d.site.document.item_types}
            kind = kind if kind == "term" or kind in known else ""
            try:
                page_no = min(MAX_PAGE, max(1, int(params.get("trang", params.get("page", "1")))))
            except ValueError:
                page_no = 1
            exact = params.get("exact") == "1"
            def shown(h: Hit) -> dict[str, Any]:
                """What the page shows of a result beside the API's fields: its document and kind."""
                doc = library.docs[h.doc].site.document
                return {"doc": doc, "kind": type_name(doc, h.type, lang)}

            docs = [library.docs[s].site.document for s in chosen] or [d.site.document for d in library.docs.values()]
            type_names = {t.id: t.name(lang) for d in reversed(docs) for t in d.item_types}
            context: dict[str, Any] = {
                "type_names": type_names, "request": request, "q": q, "kind": kind, "page_no": page_no,
                "results": None, "hits": [], "nearest": [], "too_long": False, "per_page": PER_PAGE, "exact": exact,
                "chosen": chosen[0] if chosen and loaded is None else ""}
            if q.strip():
                def run():  # noqa: ANN202  (in the search pool, off the event loop)
                    res = library.searcher.search(q, limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE,
                                                  types=[kind] if kind else [], documents=chosen, lang=lang,
                                                  correct=not exact)
                    hits, nearest = ([search_hit(library, h, res.query, lang) | shown(h) for h in found]
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
