"""Response cache in the ASGI layer, before routing.

A GET is rendered once per (path, canonical query, version) and kept with its gzip and brotli
bodies ready. Repeated requests are answered from memory without touching FastAPI; a new
build changes the version and so every key at once, and so does a new day (some pages depend on
the date: figures expected or late, the status as of a day). ETags are derived from the version
and the day, so ``If-None-Match`` gets a 304 without rendering anything.

Misses are kept cheap and bounded, because anyone can cause them:

- the key holds only the query parameters the route reads (``params_for``), in one canonical
  order, and the page is rendered from exactly that query: ``/?utm=x`` is the cached ``/``;
- brotli runs at a quality chosen by measurement (``benchmarks/compression.py``);
- concurrent misses for one key wait for one render;
- the byte limit counts what an entry really holds (key, bodies, headers, Python objects);
- a server error is answered with the site's own error page (never cached), not re-raised.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode

import brotli
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal import periods
from portal.prefix import public_path

log = logging.getLogger(__name__)

PAGE_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400"
STATIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml", "image/svg+xml")
MIN_COMPRESS = 512
MAX_BODY = 2 * 1024 * 1024
SEARCH_PREFIXES = ("/tim-kiem", "/en/search", "/api/v1/search", "/api/v1/suggest")
CACHEABLE = (200, 301, 404)
# Measured with benchmarks/compression.py: quality 5 costs about a seventh of quality 9's CPU
# for bodies a few per cent larger; gzip 6 is already cheap.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# Python objects behind one entry beyond its bytes (Entry, dicts, tuples, bytes headers),
# measured with tracemalloc (tests/test_production.py checks the count against it).
ENTRY_OVERHEAD = 3072

Version = tuple[str, str]
Key = tuple[str, str, Version]


@dataclass
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    bodies: dict[str, bytes]  # "identity", "br", "gzip"
    etag: bytes
    size: int = 0  # bytes held, set by the cache
    ready: dict[str, tuple[Message, Message]] = field(default_factory=dict)  # per encoding, built once
    not_modified: tuple[Message, Message] | None = None

    def __post_init__(self) -> None:
        for enc, body in self.bodies.items():
            headers = self.headers + [(b"etag", self.etag), (b"content-length", str(len(body)).encode())]
            if enc != "identity":
                headers.append((b"content-encoding", enc.encode()))
            self.ready[enc] = ({"type": "http.response.start", "status": self.status, "headers": headers},
                               {"type": "http.response.body", "body": body})
        if self.status == 200:
            kept = [(k, v) for k, v in self.headers if k in (b"cache-control", b"vary")]
            self.not_modified = ({"type": "http.response.start", "status": 304,
                                  "headers": [(b"etag", self.etag)] + kept},
                                 {"type": "http.response.body", "body": b""})


def held_bytes(key: Key, entry: Entry) -> int:
    """What an entry costs in memory: key, bodies, each prepared header list, object overhead."""
    header_bytes = sum(len(k) + len(v) + 80 for k, v in entry.headers)
    return (ENTRY_OVERHEAD + len(key[0]) + len(key[1]) + sum(len(b) for b in entry.bodies.values())
            + header_bytes * (len(entry.bodies) + 1))


class LRU:
    """A bounded map from key to entry, by count and by the bytes entries really hold."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.data: OrderedDict[Key, Entry] = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key: Key) -> Entry | None:
        # Reads take no lock and do not reorder: eviction is oldest-stored first, which is
        # enough for a cache that a new build empties anyway.
        return self.data.get(key)

    def put(self, key: Key, entry: Entry) -> None:
        entry.size = held_bytes(key, entry)
        if entry.size > self.max_bytes:
            return
        with self.lock:
            old = self.data.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self.data[key] = entry
            self.bytes += entry.size
            while self.data and (len(self.data) > self.max_entries or self.bytes > self.max_bytes):
                _, dropped = self.data.popitem(last=False)
                self.bytes -= dropped.size


def choose_encoding(accept: str) -> str:
    """br, gzip or identity from an Accept-Encoding value; ``q=0`` refuses a coding."""
    allowed: dict[str, float] = {}
    for part in accept.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        allowed[name.strip()] = q
    for enc in ("br", "gzip"):
        if allowed.get(enc, allowed.get("*", 0.0)) > 0:
            return enc
    return "identity"


def canonical_query(query_string: bytes, names: frozenset[str]) -> str:
    """Only the parameters in ``names``, last value of each (as the routes read them), sorted."""
    if not query_string or not names:
        return ""
    values: dict[str, str] = {}
    for k, v in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if k in names:
            values[k] = v
    return urlencode(sorted(values.items()), quote_via=quote)


class Rendered:
    """One response as the application sent it."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


class ResponseCache:
    """ASGI middleware.

    ``version`` returns the version every response depends on (None: no build, no caching);
    ``params_for`` the query parameters the route of a path reads.
    """

    def __init__(self, app: ASGIApp, version: Callable[[], Version | None],
                 params_for: Callable[[str], frozenset[str]], max_bytes: int = 40 * 1024 * 1024,
                 today: Callable[[], dt.date] = periods.today) -> None:
        self.app = app
        self.build_version = version
        self.today = today
        self.params_for = params_for
        self.pages = LRU(max_entries=5000, max_bytes=max_bytes)
        self.searches = LRU(max_entries=1000, max_bytes=max(1, max_bytes // 4))  # small and bounded
        # Renders under way, per event loop (one per server process; tests may run several).
        self.inflight: dict[tuple[asyncio.AbstractEventLoop, Key], asyncio.Future[Entry | None]] = {}

    def version(self) -> Version | None:
        """The build's version, with the day: what every key and ETag is made of."""
        v = self.build_version()
        return None if v is None else (v[0], f"{v[1]}.{self.today():%Y%m%d}")

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
        head = scope["method"] == "HEAD"
        query = canonical_query(scope.get("query_string", b""), self.params_for(path))
        inner = dict(scope, method="GET", query_string=query.encode("ascii"),
                     headers=[(k, v) for k, v in scope["headers"] if k not in (b"if-none-match", b"accept-encoding")])
        if version is None:  # no build: nothing is cached
            await self._send(await self._render(inner, receive), head, send)
            return
        store = self.searches if path.startswith(SEARCH_PREFIXES) else self.pages
        key: Key = (public_path(scope), query, version)  # the document's slug is part of the key
        entry = store.get(key)
        if entry is None:
            waiting = self.inflight.get((asyncio.get_running_loop(), key))
            if waiting is not None:  # the same page is being rendered: share that render
                entry = await asyncio.shield(waiting)
            if entry is None:
                rendered, entry = await self._miss(key, inner, receive, store)
                if entry is None:  # not cacheable (error, too big): sent as rendered, once
                    await self._send(rendered, head, send)
                    return
        await self._answer(entry, scope["headers"], head, send)

    async def _miss(self, key: Key, scope: Scope, receive: Receive, store: LRU) -> tuple[Rendered, Entry | None]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Entry | None] = loop.create_future()
        self.inflight[loop, key] = future
        entry: Entry | None = None
        try:
            rendered = await self._render(scope, receive)
            entry = self._entry(rendered, scope, key[2])
            if entry is not None:
                store.put(key, entry)
        finally:
            del self.inflight[loop, key]
            future.set_result(entry)
        return rendered, entry

    async def _render(self, scope: Scope, receive: Receive) -> Rendered:
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, receive, capture)
        except Exception as exc:  # the app's error handler has sent the error page into capture
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
            log.error("server error on GET %s: %s: %s (at %s)", scope["path"], type(exc).__name__, exc, where)
            if start is None or start["status"] < 500:
                return Rendered(500, [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store")],
                                b"Internal Server Error")
        if start is None:
            return Rendered(500, [(b"content-type", b"text/plain; charset=utf-8")], b"Internal Server Error")
        return Rendered(start["status"], [(k.lower(), v) for k, v in start.get("headers", [])], b"".join(chunks))

    @staticmethod
    def _entry(r: Rendered, scope: Scope, version: Version) -> Entry | None:
        names = {k for k, _ in r.headers}
        if r.status not in CACHEABLE or b"set-cookie" in names or len(r.body) > MAX_BODY:
            return None
        ctype = dict(r.headers).get(b"content-type", b"").decode("latin-1")
        digest = hashlib.sha1(public_path(scope).encode() + b"?" + scope["query_string"]).hexdigest()[:10]
        etag = f'W/"{version[0]}.{version[1]}-{digest}"'
        hdrs = [(k, v) for k, v in r.headers if k not in (b"content-length", b"etag")]
        if b"cache-control" not in names:
            hdrs.append((b"cache-control", PAGE_CACHE_CONTROL.encode()))
        bodies = {"identity": r.body}
        if len(r.body) >= MIN_COMPRESS and ctype.startswith(COMPRESSIBLE):
            bodies["gzip"] = gzip.compress(r.body, compresslevel=GZIP_LEVEL, mtime=0)
            bodies["br"] = brotli.compress(r.body, quality=BROTLI_QUALITY)
            hdrs.append((b"vary", b"Accept-Encoding"))
        return Entry(r.status, hdrs, bodies, etag.encode())

    @staticmethod
    async def _send(r: Rendered, head: bool, send: Send) -> None:
        headers = [(k, v) for k, v in r.headers if k != b"content-length"]
        headers.append((b"content-length", str(len(r.body)).encode()))
        await send({"type": "http.response.start", "status": r.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head else r.body})

    @staticmethod
    async def _answer(entry: Entry, raw_headers: list[tuple[bytes, bytes]], head: bool, send: Send) -> None:
        tags = accept = b""
        for name, value in raw_headers:
            if name == b"accept-encoding":
                accept = value
            elif name == b"if-none-match":
                tags = value
        matches = tags and (tags.strip() == b"*" or entry.etag in [t.strip() for t in tags.split(b",")])
        if entry.not_modified and matches:
            start, body = entry.not_modified
        else:
            enc = choose_encoding(accept.decode("latin-1")) if accept else "identity"
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
