"""Wires the application together: settings, the current build, routes and error pages."""

from __future__ import annotations

from collections.abc import Callable, Collection

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp

from portal import __version__, i18n, urls
from portal.cache import ResponseCache
from portal.cors import CORS
from portal.current import Current
from portal.document import Document
from portal.headers import SecurityHeaders
from portal.pool import WorkPool
from portal.prefix import DOCUMENT, DocumentPrefix
from portal.ratelimit import RateLimit
from portal.routes import api, data, embed, pages, search
from portal.settings import Settings
from portal.web import (
    QUERY_PARAMS_ATTR,
    STATIC,
    SafeJSONResponse,
    Web,
    code_fingerprint,
    inline_css,
    is_json_path,
    lang_of,
    make_env,
)


def query_params_of(routes: list[APIRoute]) -> Callable[[str], frozenset[str]]:
    """For a path, the query parameters its route reads (declared ones, and those FastAPI
    parses for it); the response cache ignores all others. Unrouted paths read none."""
    table = [(r, frozenset(p.alias for p in r.dependant.query_params) | getattr(r.endpoint, QUERY_PARAMS_ATTR,
                                                                                 frozenset()))
             for r in routes]

    def params_for(path: str) -> frozenset[str]:
        for route, names in table:
            if route.path_regex.match(path):
                return names
        return frozenset()

    return params_for


def slash_twin(routes: list[APIRoute], path: str) -> str | None:
    """The same address with the trailing slash added or removed, when that one is routed."""
    if path == "/" or "//" in path:
        return None
    other = path[:-1] if path.endswith("/") else path + "/"
    scope = {"type": "http", "path": other, "method": "GET"}
    for route in routes:
        if route.matches(scope)[0] == Match.FULL:
            return other
    return None


def create_app(settings: Settings, *, wait_for_build: bool = False) -> ASGIApp:
    """The whole application: security headers around the response cache around FastAPI.

    ``wait_for_build``: block until a build loads (a server process does this before it
    accepts connections; tests and tools get a 503 site instead)."""
    app = FastAPI(default_response_class=SafeJSONResponse, title="Nghị quyết API", version=__version__,
                  docs_url=None, redoc_url=None, redirect_slashes=False,
                  description="Open data of the resolution portal: items, targets with progress, search.")
    envs = {lang: make_env(lang, settings) for lang in i18n.LANGUAGES}
    web = Web(settings, Current(settings.build_dir, settings.reload_check_seconds), envs,
              code_fingerprint(), WorkPool(settings.search_threads, settings.search_queue))
    app.state.web = web
    if wait_for_build:
        web.current.wait_until_loaded()
    web.current.get()  # load the build now, not on the first request (no stall under load)
    app.add_api_route("/healthz", lambda: api.health(web), include_in_schema=False)
    routers = [api.router(web), embed.router(web), data.router(web), search.router(web), pages.router(web)]
    for router in routers:
        app.include_router(router)
    app.openapi = api.openapi_description(app, settings.base_url, web)  # type: ignore[method-assign]
    routes = [r for router in routers for r in router.routes if isinstance(r, APIRoute)]
    types = pages.type_router(web)  # /{segment}, /{segment}/{number}: the document's item types
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(types)  # last: a segment must not shadow a fixed address

    def request_document() -> Document | None:
        library = web.library()
        loaded = library.docs.get(DOCUMENT.get() or "") if library else None
        return loaded.site.document if loaded else None

    def type_twin(path: str) -> str | None:
        """The slash twin of an address of one of the document's item types, if it has one."""
        doc = request_document()
        other = path[:-1] if path.endswith("/") else path + "/"
        if doc is None or "//" in path or not urls.is_type_address(doc, other):
            return None
        return other

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and web.library() is None:  # nothing built: no address is known yet
            return api.unavailable() if is_json_path(request.url.path) else web.unavailable(lang_of(request))
        if exc.status_code == 404:
            twin = slash_twin(routes, request.url.path) or type_twin(request.url.path)
            if twin is not None:  # from the configured address, never from the request's Host
                query = f"?{request.url.query}" if request.url.query else ""
                return RedirectResponse(settings.base_url.rstrip("/") + urls.under(request_document(), twin) + query,
                                        status_code=301)
            return web.not_found(request)
        headers = dict(exc.headers or {})  # e.g. Allow on 405 (RFC 9110 requires it)
        if is_json_path(request.url.path):
            code = "method_not_allowed" if exc.status_code == 405 else "http_error"
            return SafeJSONResponse({"error": code, "message": str(exc.detail)}, status_code=exc.status_code,
                                    headers=headers)
        return web.render("error.html", lang_of(request), status=exc.status_code, code=exc.status_code,
                          headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if is_json_path(request.url.path):
            fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()})
            return SafeJSONResponse({"error": "bad_request", "message": "Invalid parameter(s).", "fields": fields},
                                status_code=400)
        return web.render("error.html", lang_of(request), status=400, code=400)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        if is_json_path(request.url.path):
            return SafeJSONResponse({"error": "server_error", "message": "Something went wrong."}, status_code=500)
        return web.render("error.html", lang_of(request), status=500, code=500)

    # The cache sits outside FastAPI's own middleware stack, so a cached page costs a dict lookup;
    # the security headers sit outside everything, so 304, 429 and 500 answers carry them too.
    inner: ASGIApp = ResponseCache(app, version=web.version, params_for=query_params_of(
                                       routes + [r for r in types.routes if isinstance(r, APIRoute)]),
                                   max_bytes=settings.cache_mb * 1024 * 1024)
    if settings.search_rate_per_minute > 0:
        inner = RateLimit(inner, per_minute=settings.search_rate_per_minute,
                          trusted_header=settings.trusted_proxy_header)
    # CORS on open-data addresses wraps cached answers and 429s; the security headers wrap those.
    # Outermost, a document's slug is taken off the path: everything inside works on addresses
    # relative to the document (the cache keys on the slug too).
    def documents() -> tuple[Collection[str], Document | None]:  # asked on every request: no copies
        library = web.library()
        if library is None:
            return (), None
        old = library.old
        return library.docs, old.site.document if old else None

    return DocumentPrefix(SecurityHeaders(CORS(inner), style_hash=inline_css()[1], hsts=settings.hsts),
                          documents=documents, base_url=settings.base_url)
