"""Wires the application together: settings, the current build, routes and error pages."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from portal import __version__, i18n
from portal.cache import ResponseCache
from portal.cors import CORS
from portal.current import Current
from portal.headers import SecurityHeaders
from portal.ratelimit import RateLimit
from portal.routes import api, data, embed, pages, search
from portal.settings import Settings
from portal.web import STATIC, SafeJSONResponse, Web, code_fingerprint, inline_css, lang_of, make_env


def is_json_path(path: str) -> bool:
    """Addresses whose errors are JSON (the API and oEmbed), not pages."""
    return path.startswith("/api/") or path == "/oembed"


def create_app(settings: Settings) -> ASGIApp:
    """The whole application: the response cache in front of the FastAPI app (``.app``)."""
    app = FastAPI(default_response_class=SafeJSONResponse, title="Nghị quyết API", version=__version__,
                  docs_url=None, redoc_url=None,
                  description="Open data of the resolution portal: items, targets with progress, search.")
    envs = {lang: make_env(lang, settings) for lang in i18n.LANGUAGES}
    web = Web(settings, Current(settings.build_dir, settings.reload_check_seconds), envs,
              code_fingerprint())
    app.state.web = web
    web.current.get()  # load the build now, not on the first request (no stall under load)
    app.add_api_route("/healthz", lambda: api.health(web), include_in_schema=False)
    app.openapi = api.openapi_description(app, settings.base_url)  # type: ignore[method-assign]
    app.include_router(api.router(web))
    app.include_router(embed.router(web))
    app.include_router(data.router(web))
    app.include_router(search.router(web))
    app.include_router(pages.router(web))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
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

    app.add_middleware(SecurityHeaders, style_hash=inline_css()[1], hsts=settings.hsts)
    # The cache sits outside FastAPI's own middleware stack, so a cached page costs a dict lookup.
    cached: ASGIApp = ResponseCache(app, version=web.version)
    if settings.search_rate_per_minute > 0:
        cached = RateLimit(cached, per_minute=settings.search_rate_per_minute,
                           trusted_header=settings.trusted_proxy_header)
    return CORS(cached)  # outermost: cached answers and 429s carry the header too
