"""Cross-origin reads of the open data (pure ASGI middleware, outermost, so cached answers carry it).

The API, oEmbed, the data package, the CSV files, the feeds and the OpenAPI description are
public and read-only: any origin may read them from a browser (``Access-Control-Allow-Origin: *``,
never with credentials). Pages and widgets get no CORS header. ``OPTIONS`` on an open-data
address (a browser's preflight, or a client asking what is allowed) is answered here with 204.

Starlette's ``CORSMiddleware`` applies to every path and only answers requests that carry an
``Origin``; a shared cache (nginx, a CDN) would then keep an answer without the header and give it
to browsers. This one is limited to the open-data addresses and always sends the header.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

OPEN_PATHS = ("/oembed", "/datapackage.json", "/openapi.json")
OPEN_SUFFIXES = (".csv", ".atom")
METHODS = b"GET, HEAD, OPTIONS"
EXPOSED = b"ETag, Retry-After, Content-Disposition, Content-Language"
MAX_AGE = b"86400"


def is_open_data(path: str) -> bool:
    """Whether an address is a read-only open-data resource that any web page may read."""
    return path.startswith("/api/") or path in OPEN_PATHS or path.endswith(OPEN_SUFFIXES)


class CORS:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_open_data(scope["path"]):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await self.preflight(send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                # what an open-data address allows (a 405's Allow header included) is GET, HEAD, OPTIONS
                headers = [(k, METHODS if k.lower() == b"allow" else v) for k, v in message.get("headers", [])
                           if not k.lower().startswith(b"access-control-")]
                headers += [(b"access-control-allow-origin", b"*"), (b"access-control-expose-headers", EXPOSED)]
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, with_cors)

    @staticmethod
    async def preflight(send: Send) -> None:
        headers = [(b"allow", METHODS), (b"access-control-allow-origin", b"*"),
                   (b"access-control-allow-methods", METHODS), (b"access-control-max-age", MAX_AGE),
                   # any request header may be sent: nothing here depends on credentials
                   (b"access-control-allow-headers", b"*"),
                   (b"cache-control", b"public, max-age=86400"), (b"content-length", b"0")]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
