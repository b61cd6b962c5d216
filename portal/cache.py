"""Response cache in the ASGI layer, before routing.

A GET is rendered once per (path, query, build version) and kept with its gzip and brotli
bodies ready. Repeated requests are answered from memory without touching FastAPI; a new
build changes the version and so every key at once. ETags are derived from the build
version, so ``If-None-Match`` gets a 304 without rendering anything.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import brotli
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400"
STATIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml", "image/svg+xml")
MIN_COMPRESS = 512
MAX_BODY = 2 * 1024 * 1024
SEARCH_PREFIXES = ("/tim-kiem", "/en/search", "/api/v1/search", "/api/v1/suggest")


@dataclass
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    bodies: dict[str, bytes]  # "identity", "br", "gzip"
    etag: bytes
    size: int
    ready: dict[str, tuple[dict, dict]] = field(init=False)  # per encoding: the two ASGI messages, built once
    not_modified: tuple[dict, dict] = field(init=False)

    def __post_init__(self) -> None:
        self.ready = {}
        for enc, body in self.bodies.items():
            headers = self.headers + [(b"etag", self.etag), (b"content-length", str(len(body)).encode())]
            if enc != "identity":
                headers.append((b"content-encoding", enc.encode()))
            self.ready[enc] = ({"type": "http.response.start", "status": self.status, "headers": headers},
                               {"type": "http.response.body", "body": body})
        kept = [(k, v) for k, v in self.headers if k in (b"cache-control", b"vary")]
        self.not_modified = ({"type": "http.response.start", "status": 304, "headers": [(b"etag", self.etag)] + kept},
                             {"type": "http.response.body", "body": b""})


class LRU:
    """A bounded map from key to entry, by count and by bytes."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.data: OrderedDict[tuple, Entry] = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key: tuple) -> Entry | None:
        # Reads take no lock and do not reorder: eviction is oldest-stored first, which is
        # enough for a cache that a new build empties anyway.
        return self.data.get(key)

    def put(self, key: tuple, entry: Entry) -> None:
        with self.lock:
            old = self.data.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self.data[key] = entry
            self.bytes += entry.size
            while self.data and (len(self.data) > self.max_entries or self.bytes > self.max_bytes):
                _, dropped = self.data.popitem(last=False)
                self.bytes -= dropped.size


def _encoding(accept: str) -> str:
    accept = accept.lower()
    if "br" in accept:
        return "br"
    if "gzip" in accept:
        return "gzip"
    return "identity"


class ResponseCache:
    """ASGI middleware. ``version`` returns the current build version (or None: no caching)."""

    def __init__(self, app: ASGIApp, version: Callable[[], tuple[str, str] | None]) -> None:
        self.app = app
        self.version = version
        self.pages = LRU(max_entries=5000, max_bytes=128 * 1024 * 1024)
        self.searches = LRU(max_entries=1000, max_bytes=16 * 1024 * 1024)  # small and bounded

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path == "/healthz":
            await self.app(scope, receive, send)
            return
        if path.startswith("/static/"):
            await self.app(scope, receive, _static_headers(send, bool(scope.get("query_string"))))
            return
        version = self.version()
        if version is None:
            await self.app(scope, receive, send)
            return
        store = self.searches if path.startswith(SEARCH_PREFIXES) else self.pages
        key = (path, scope.get("query_string", b""), version)
        entry = store.get(key)
        if entry is None:
            entry = await self._render(scope, receive, version)
            if entry is None:  # not cacheable: rendered again, streamed as is
                await self.app(scope, receive, send)
                return
            store.put(key, entry)
        await self._answer(entry, scope["headers"], scope["method"] == "HEAD", send)

    async def _render(self, scope: Scope, receive: Receive, version: tuple[str, str]) -> Entry | None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        inner = dict(scope, method="GET", headers=[(k, v) for k, v in scope["headers"]
                                                   if k not in (b"if-none-match", b"accept-encoding")])
        await self.app(inner, receive, capture)
        if start is None:
            return None
        body = b"".join(chunks)
        hdrs = [(k.lower(), v) for k, v in start.get("headers", [])]
        names = {k for k, _ in hdrs}
        if start["status"] not in (200, 301, 404) or b"set-cookie" in names or len(body) > MAX_BODY:
            return None
        ctype = dict(hdrs).get(b"content-type", b"").decode("latin-1")
        digest = hashlib.sha1(scope["path"].encode() + b"?" + scope.get("query_string", b"")).hexdigest()[:10]
        etag = f'W/"{version[0]}.{version[1]}-{digest}"'
        hdrs = [(k, v) for k, v in hdrs if k not in (b"content-length", b"etag")]
        if b"cache-control" not in names:
            hdrs.append((b"cache-control", PAGE_CACHE_CONTROL.encode()))
        bodies = {"identity": body}
        if len(body) >= MIN_COMPRESS and ctype.startswith(COMPRESSIBLE):
            bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
            bodies["br"] = brotli.compress(body, quality=9)
            hdrs.append((b"vary", b"Accept-Encoding"))
        return Entry(start["status"], hdrs, bodies, etag.encode(), sum(len(b) for b in bodies.values()) + 512)

    @staticmethod
    async def _answer(entry: Entry, raw_headers: list[tuple[bytes, bytes]], head: bool, send: Send) -> None:
        tags = accept = b""
        for name, value in raw_headers:
            if name == b"accept-encoding":
                accept = value
            elif name == b"if-none-match":
                tags = value
        if tags and (tags.strip() == b"*" or entry.etag in [t.strip() for t in tags.split(b",")]):
            start, body = entry.not_modified
        else:
            enc = _encoding(accept.decode("latin-1")) if accept else "identity"
            start, body = entry.ready.get(enc) or entry.ready["identity"]
            if head:
                body = {"type": "http.response.body", "body": b""}
        await send(start)
        await send(body)


def _static_headers(send: Send, fingerprinted: bool) -> Send:
    """Fingerprinted static files (?v=hash) never change: cache them for a year."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 200:
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
            value = STATIC_CACHE_CONTROL if fingerprinted else "public, max-age=3600"
            message = dict(message, headers=headers + [(b"cache-control", value.encode())])
        await send(message)

    return wrapped
