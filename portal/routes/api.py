"""JSON API, version 1: items, targets with progress, search and suggestions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.openapi.utils import get_openapi
from markupsafe import Markup
from pydantic import BaseModel

from portal import urls
from portal.api_models import (
    ApiRoot,
    DocumentsOut,
    ErrorOut,
    ItemOut,
    ItemsOut,
    SearchOut,
    SuggestOut,
    TargetOut,
    TargetsOut,
    errors,
)
from portal.content import Item, Observation
from portal.current import Library, Loaded
from portal.document import TARGET
from portal.figures import PublicFigure
from portal.history import State
from portal.pool import RETRY_AFTER_SECONDS, Busy
from portal.prefix import DOCUMENT
from portal.progress import Assessment
from portal.routes.asof import PARAMS as ASOF_PARAMS
from portal.routes.asof import as_of_view
from portal.search import MAX_QUERY_CHARS, Hit, QueryError
from portal.snippets import highlight, highlight_en, plain
from portal.store import TargetProgress
from portal.web import SafeJSONResponse, Web, reads_query

API_VERSION = "1.0"
MAX_LIMIT = 50
SEARCH_DESCRIPTION = """Fields of the answer:

- `query`: what the results are for. When the words typed were impossible Vietnamese (typos,
  Telex or VNI keys the keyboard did not convert) and the corrected query finds clearly better
  results, it is the corrected query, and `typed` holds what was typed (else `typed` is null).
  `exact=true` searches what was typed, without correction.
- `suggestion`: a better spelling (a correction not clearly better, or the marks of an unaccented
  query where the document writes it so), or null.
- `not_found`: true when no document passes the relevance floor (the document does not speak of
  it); `results` is then empty and `nearest_topics` lists glossary entries nearest to the query.
- `english`: true when the query is English typed into the Vietnamese search; `english_search`
  is then the address of the English search for it.
- `total`, `counts` (per type) and `results` count only documents that pass the relevance floor.
"""

TYPE_ID = r"[a-z][a-z0-9_-]{0,39}"  # an item type of the document (document.yaml), or "term"
TYPES_PATTERN = "^(" + TYPE_ID + "(," + TYPE_ID + ")*)?$"
SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
DOCUMENTS_PATTERN = "^(" + SLUG + "(," + SLUG + ")*)?$"
DOCUMENTS_DESCRIPTION = ("Comma-separated document slugs (see /api/v1/documents); all documents when empty. "
                         "Under a document's slug (/{slug}/api/v1/search) the search covers that document only.")
Lang = Literal["vi", "en"]
LANG = Query("vi", description="Language of the texts: vi (default) or en")


def out(model: BaseModel, status: int = 200) -> SafeJSONResponse:
    """A JSON answer built through its response model (what /openapi.json describes)."""
    return SafeJSONResponse(model.model_dump(mode="json"), status_code=status)


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> SafeJSONResponse:
    return SafeJSONResponse(ErrorOut(error=code, message=message).model_dump(mode="json", exclude_none=True),
                            status_code=status, headers=headers)


def unavailable() -> SafeJSONResponse:
    return error(503, "no_build", "The site has not been built yet.", headers={"Retry-After": "30"})


def openapi_description(app: FastAPI, base_url: str, web: Web) -> Callable[[], dict[str, Any]]:
    """FastAPI's description, less the 422 answers it adds by default: invalid parameters get 400
    with the one error shape (app.py), and that is what each operation documents. A document's
    addresses are written with its slug as a path parameter (``/{document}/api/v1/items``), which
    takes the slugs of the build being served; the description is remade when the build changes."""
    made: dict[str, Any] = {}

    def build() -> dict[str, Any]:
        library = web.library()
        version = library.version if library else ""
        if made.get("version") != version or "schema" not in made:
            schema = get_openapi(title=app.title, version=API_VERSION, description=app.description,
                                 routes=app.routes, servers=[{"url": base_url}])
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    operation.get("responses", {}).pop("422", None)
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
            schema["paths"] = under_documents(schema.get("paths", {}), list(library.docs) if library else [])
            made.update(version=version, schema=schema)
            app.openapi_schema = schema
        return made["schema"]

    return build


NO_DOCUMENT = {"description": "No such document (or no such resource in it)",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}


def under_documents(paths: dict[str, Any], slugs: list[str]) -> dict[str, Any]:
    """The OpenAPI paths with each document's address under ``{document}`` (one of ``slugs``)."""
    parameter = {"name": "document", "in": "path", "required": True,
                 "description": "Slug of the document (see /api/v1/documents)",
                 "schema": {"type": "string", "enum": slugs} if slugs else {"type": "string"}}
    found: dict[str, Any] = {}
    for path, operations in paths.items():
        if urls.is_site_path(path):
            found[path] = operations
            continue
        for operation in operations.values():
            operation["parameters"] = [parameter, *operation.get("parameters", [])]
            operation.setdefault("responses", {}).setdefault("404", NO_DOCUMENT)
        doc_path = f"/en/{{document}}{path[3:]}" if path.startswith("/en/") else f"/{{document}}{path}"
        found[doc_path] = operations
    return found


def busy() -> SafeJSONResponse:
    return error(503, "busy", f"Search is busy; try again in {RETRY_AFTER_SECONDS} s.",
                 headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"})


def item_json(loaded: Loaded, item: Item, lang: str, base_url: str = "") -> dict[str, Any]:
    en = lang == "en"
    doc = loaded.site.document
    data: dict[str, Any] = {
        "id": item.id,
        "document": doc.slug,
        "type": item.type,
        # a whole number stays a JSON number, as published before; "12a" is a string
        "number": int(item.number) if item.number and item.number.isdigit() else item.number,
        "title": (item.en.get("title") if en else None) or item.title,
        "summary": (item.en.get("summary") if en else None) or item.summary,
        "body": (item.en.get("body") if en else None) or item.body,
        "source_text": item.source_text,
        "url": base_url + urls.item_path(doc, item.id, lang),
        "full_text_url": base_url + urls.full_text_anchor(doc, item.id, lang),
        "section": item.section,
        "related": item.related,
        "terms": item.terms,
        "editorial_notes": item.notes,
    }
    if en:
        data["source_text_translation"] = item.en.get("source_translation", "")
    if item.type == TARGET:
        data["area"] = item.area
        tp = loaded.site.progress.get(item.id)
        data["status"] = tp.status if tp else "no-data"
    return data


def observation_json(o: Observation, current: bool) -> dict[str, Any]:
    return {"indicator": o.indicator, "period": o.period, "value": o.value, "unit": o.unit, "status": o.status,
            "role": o.role, "scope": o.scope, "published": o.published, "publisher": o.publisher,
            "source_url": o.source_url, "note": o.note, "note_en": o.note_en, "correction": o.correction,
            "corrected": o.corrected, "correction_reason": o.correction_reason,
            "correction_reason_en": o.correction_reason_en, "current": current,
            "unit_en": o.unit_en, "qualifier": o.qualifier, "measure": o.measure, "measure_en": o.measure_en,
            "authority": o.authority, "via": o.via, "caveat": o.caveat, "caveat_en": o.caveat_en,
            "context_for": o.context_for}


def router(web: Web) -> APIRouter:
    r = APIRouter(prefix="/api/v1", tags=["api"])

    def sentence(a: Assessment, ind: Any, lang: str, fig: PublicFigure | None) -> str:
        macros: Any = web.envs[lang].get_template("macros.html").make_module({"lang": lang})
        return " ".join(plain(Markup(macros.status_sentence(ind, a, fig))).split())

    def figure_json(fig: PublicFigure | None, lang: str) -> dict[str, Any] | None:
        """The public figure, with the sentence every surface shows for it (``text``)."""
        if fig is None:
            return None
        macros: Any = web.envs[lang].get_template("macros.html").make_module({"lang": lang})
        return fig.to_json() | {"text": " ".join(plain(Markup(macros.fig_full(fig))).split()),
                                "max_difference": fig.max_difference}

    def target_json(loaded: Loaded, item: Item, tp: TargetProgress | State | None, lang: str,
                    current: set[int] | None = None, known: set[int] | None = None) -> dict[str, Any]:
        current = loaded.site.current_rows if current is None else current
        data = item_json(loaded, item, lang, web.settings.base_url)
        data["status"] = tp.status if tp else "no-data"
        data["indicators_with_data"] = tp.with_data if tp else 0
        data["indicators"] = []
        for ind in item.indicators:
            a = tp.indicators[ind.id] if tp else None
            obs = [o for o in loaded.site.observations_of(ind.id) if known is None or o.row in known]
            data["indicators"].append({
                "id": ind.id, "name": ind.name_en if lang == "en" and ind.name_en else ind.name,
                "unit": ind.unit_en if lang == "en" else ind.unit, "kind": ind.kind, "direction": ind.direction,
                "comparator": ind.comparator, "target": ind.target, "target_low": ind.target_low,
                "target_high": ind.target_high, "period": f"{ind.period_start}-{ind.period_end}",
                "deadline": ind.deadline, "baseline_year": ind.baseline_year,
                "baseline": observation_json(a.baseline.observation, True) | {"value_in_unit": a.baseline.value}
                if a and a.baseline else None,
                "status": a.status if a else "no-data",
                "status_reason": a.reason if a else "no_data",
                "status_sentence": sentence(a, ind, lang, tp.figures.get(ind.id) if tp else None) if a else "",
                "figure": figure_json(tp.figures.get(ind.id) if tp else None, lang),
                "facts": a.facts if a else {},
                "observations": [observation_json(o, o.row in current) for o in obs],
            })
        return data

    @r.get("/", summary="API version and links", response_model=ApiRoot)
    async def api_root() -> SafeJSONResponse:
        loaded = web.site_document()
        doc = loaded.site.document if loaded else None
        links: dict[str, str | None] = {
            "documents": f"{urls.API}/documents", "search": urls.under(doc, f"{urls.API}/search?q="),
            "suggest": urls.under(doc, f"{urls.API}/suggest?q="), "openapi": "/openapi.json"}
        if doc is not None:
            links |= {"items": urls.under(doc, f"{urls.API}/items"), "targets": urls.under(doc, f"{urls.API}/targets"),
                      "target": urls.under(doc, f"{urls.API}/targets/{{id}}")}
        return out(ApiRoot.model_validate({"version": API_VERSION, "links": links}))

    @r.get("/documents", summary="The documents of the site", response_model=DocumentsOut, responses=errors(503))
    async def documents() -> SafeJSONResponse:
        library = web.library()
        if library is None:
            return unavailable()
        found = [document_json(loaded, web.settings.base_url) for loaded in library.docs.values()]
        return out(DocumentsOut.model_validate({"total": len(found), "documents": found}))

    @r.get("/items", summary="Every published item", response_model=ItemsOut, responses=errors(400, 503))
    async def items(type: str | None = Query(None, max_length=40, description="Only items of this type"),
                    lang: Lang = LANG) -> SafeJSONResponse:
        loaded = web.loaded_or_none()
        if loaded is None:
            return unavailable()
        chosen = [i for i in loaded.site.items if type is None or i.type == type]
        found = [ItemOut.model_validate(item_json(loaded, i, lang, web.settings.base_url)) for i in chosen]
        return out(ItemsOut(total=len(found), items=found))

    @r.get("/targets", summary="The targets with their status", response_model=TargetsOut,
           responses=errors(400, 503))
    async def targets(lang: Lang = LANG) -> SafeJSONResponse:
        loaded = web.loaded_or_none()
        if loaded is None:
            return unavailable()
        found = []
        for item in loaded.site.of_type(TARGET):
            tp = loaded.site.progress.get(item.id)
            d = item_json(loaded, item, lang, web.settings.base_url)
            d["indicators_with_data"] = tp.with_data if tp else 0
            d["indicators_total"] = len(item.indicators)
            found.append(d)
        return out(TargetsOut.model_validate({"total": len(found), "targets": found}))

    @r.get("/targets/{target_id}", summary="One target with indicators, observations and status",
           response_model=TargetOut, responses=errors(400, 404, 503))
    @reads_query(*ASOF_PARAMS)
    async def target(request: Request,
                     target_id: str = Path(description="Target id or number", examples=["7"]),
                     lang: Lang = LANG,
                     as_of: str | None = Query(None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                                               description="YYYY-MM-DD, a day that has begun: the target as it "
                                                           "was on that day, from the figures published by then")
                     ) -> SafeJSONResponse:
        loaded = web.loaded_or_none()
        if loaded is None:
            return unavailable()
        numbered = urls.number_of(target_id) == target_id
        tid = f"{loaded.site.document.target_type.segment}-{target_id}" if numbered else target_id
        item = loaded.site.by_id.get(tid)
        if item is None or item.type != TARGET:
            return error(404, "not_found", "No target with this id (use the id or number of a target).")
        view = as_of_view(loaded.site, item.id, request)
        if view["as_of_error"] is not None:
            return error(400, "bad_as_of", "as_of must be a day that has begun, written YYYY-MM-DD.")
        data = target_json(loaded, item, view["progress"], lang, view["current_rows"], view["known_rows"])
        data["as_of"] = view["as_of"].isoformat() if view["as_of"] else None
        return out(TargetOut.model_validate(data))

    def searched(document: str) -> tuple[Library, list[str]] | SafeJSONResponse:
        """The build and the documents a search covers (the request's own, or those asked)."""
        library = web.library()
        if library is None:
            return unavailable()
        asked = [DOCUMENT.get() or ""] if DOCUMENT.get() else [s for s in document.split(",") if s]
        unknown = [s for s in asked if s not in library.docs]
        if unknown:
            return error(404, "unknown_document", f"No document with the slug {unknown[0]!r} (see /api/v1/documents).")
        return library, asked

    @r.get("/search", summary="Full-text search, best first", description=SEARCH_DESCRIPTION,
           response_model=SearchOut, responses=errors(400, 404, 429, 503))
    async def search(request: Request, q: str = Query("", max_length=MAX_QUERY_CHARS),
                     limit: int = Query(10, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=10_000),
                     type: str = Query("", pattern=TYPES_PATTERN, description="Comma-separated item types"),
                     document: str = Query("", max_length=400, pattern=DOCUMENTS_PATTERN,
                                           description=DOCUMENTS_DESCRIPTION),
                     lang: Lang = LANG, exact: bool = Query(False, description="Search what was typed, uncorrected")
                     ) -> SafeJSONResponse:
        scope = searched(document)
        if isinstance(scope, SafeJSONResponse):
            return scope
        library, docs = scope
        types = [t for t in type.split(",") if t]
        only = library.docs[docs[0]].site.document if len(docs) == 1 and DOCUMENT.get() else None
        try:
            def run() -> dict[str, Any]:  # in the search pool, off the event loop
                res = library.searcher.search(q, limit=limit, offset=offset, types=types, documents=docs, lang=lang,
                                              correct=not exact)
                return {
                    "query": res.query, "typed": res.typed, "total": res.total, "counts": res.counts,
                    "documents": res.doc_counts, "suggestion": res.suggestion, "not_found": res.not_found,
                    "nearest_topics": [{k: v for k, v in search_hit(library, h, res.query, lang).items()
                                        if k in ("id", "document", "title", "url")} for h in res.nearest],
                    "english": res.english,
                    "english_search": f"{urls.page(only, 'search', 'en')}?{urlencode({'q': res.typed or res.query})}"
                    if res.english else None,
                    "results": [search_hit(library, h, res.query, lang) for h in res.hits],
                }

            found = await web.search_pool.run(run)
        except QueryError:
            return error(400, "query_too_long", f"The query is longer than {MAX_QUERY_CHARS} characters.")
        except Busy:
            return busy()
        return out(SearchOut.model_validate(found))

    @r.get("/suggest", summary="Type-ahead suggestions", response_model=SuggestOut,
           responses=errors(400, 404, 429, 503))
    async def suggest(q: str = Query("", max_length=MAX_QUERY_CHARS),
                      document: str = Query("", max_length=400, pattern=DOCUMENTS_PATTERN,
                                            description=DOCUMENTS_DESCRIPTION),
                      lang: Lang = LANG) -> SafeJSONResponse:
        scope = searched(document)
        if isinstance(scope, SafeJSONResponse):
            return scope
        library, docs = scope
        try:
            res = await web.search_pool.run(library.searcher.search, q, limit=6, documents=docs, lang=lang)
        except QueryError:
            return error(400, "query_too_long", f"The query is longer than {MAX_QUERY_CHARS} characters.")
        except Busy:
            return busy()
        return out(SuggestOut.model_validate({"query": res.query, "suggestions": [
            {"id": h.id, "document": h.doc, "type": h.type, "title": h.title,
             "url": urls.item_path(library.docs[h.doc].site.document, h.id, lang)} for h in res.hits]}))

    return r


def health(web: Web) -> SafeJSONResponse:
    """Readiness of this worker: 200 with the build it really serves (and whether the newest
    build failed to load, so it still serves an older one), 503 when it has no build."""
    try:
        library = web.library()
    except Exception:  # a broken build folder: not ready
        library = None
    state = web.current.state()
    if library is None:
        return SafeJSONResponse({"status": "unavailable", "build": None, **state}, status_code=503,
                                headers={"Cache-Control": "no-store"})
    sites = [d.site for d in library.docs.values()]
    return SafeJSONResponse({"status": "ok", "build": library.version, "built_at": sites[0].built_at,
                             "documents": [s.document.slug for s in sites],
                             "items": sum(len(s.items) for s in sites),
                             "targets": sum(len(s.of_type(TARGET)) for s in sites),
                             "observations": sum(len(s.observations) for s in sites),
                             "terms": sum(len(s.terms) for s in sites), **state},
                            headers={"Cache-Control": "no-store"})


def document_json(loaded: Loaded, base_url: str) -> dict[str, Any]:
    """One document of the site, for the API's list of documents."""
    doc, site = loaded.site.document, loaded.site
    statuses: dict[str, int] = {}
    for item in site.of_type(TARGET):
        status = site.progress[item.id].status if item.id in site.progress else "no-data"
        statuses[status] = statuses.get(status, 0) + 1
    return {"slug": doc.slug, "id": doc.id, "number": doc.number, "title": doc.title, "short_title": doc.short_title,
            "issuer": doc.issuer, "place": doc.place, "adopted": doc.adopted, "term": doc.term, "period": doc.period,
            "baseline_year": doc.baseline_year, "url": base_url + urls.page(doc, "home"),
            "api": base_url + urls.under(doc, f"{urls.API}/"), "targets": len(site.of_type(TARGET)),
            "statuses": statuses}


def search_hit(library: Library, hit: Hit, query: str, lang: str) -> dict[str, Any]:
    """A search result: where it is, and an excerpt with the matched words."""
    en = lang == "en"
    site = library.docs[hit.doc].site
    title = hit.title
    if hit.type == "term":
        term = site.terms_by_id[hit.id.split(":", 1)[1]]
        title = (term.en.get("term") if en else None) or title
        text = (term.en.get("definition") if en else None) or term.definition
    else:
        item = site.by_id[hit.id]
        title = (item.en.get("title") if en else None) or title
        text = "\n".join([item.en.get("summary", ""), item.en.get("body", "")]) if en else \
            "\n".join([item.summary, item.source_text])
    snippet = highlight_en(text, query) if en else highlight(text, query)
    url = urls.item_path(site.document, hit.id, lang)
    return {"id": hit.id, "document": hit.doc, "type": hit.type, "title": title, "url": url,
            "snippet": plain(snippet), "snippet_html": str(snippet)}
