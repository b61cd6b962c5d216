"""The response cache, security headers and CORS as ASGI middleware around a tiny hand-written
app (no build, no site pages): what a browser, a shared cache or an API client would notice.
Expected values are written by hand from the README and the modules' docstrings."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import gzip
import re

import brotli
import pytest

from portal.cache import (
    LRU,
    MAX_BODY,
    SEARCH_PREFIXES,
    Entry,
    ResponseCache,
    canonical_query,
    choose_encoding,
    held_bytes,
)
from portal.cors import CORS
from portal.headers import EMBED_PREFIXES, SecurityHeaders, page_csp

DAY = dt.date(2026, 11, 27)
PAGE = ("Xin chào, đây là một trang. " * 40).encode()  # over 512 bytes: worth compressing


class App:
    """Answers by path; counts how often each path was rendered and what query it saw."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.queries: list[bytes] = []
        self.seen: list[tuple[str, list[bytes]]] = []  # method and request header names the app saw
        self.delay = 0.0

    async def __call__(self, scope, receive, send):
        path = scope["path"]
        self.calls[path] = self.calls.get(path, 0) + 1
        self.queries.append(scope["query_string"])
        self.seen.append((scope["method"], [k for k, _ in scope["headers"]]))
        assert (await receive())["type"] == "http.request"
        if self.delay:
            await asyncio.sleep(self.delay)
        status, headers, body = 200, [(b"content-type", b"text/html; charset=utf-8")], PAGE
        if path == "/boom":
            raise RuntimeError("broken template")
        if path == "/handled":  # the app's error handler sent its error page, then the error goes up
            await send({"type": "http.response.start", "status": 500, "headers": headers})
            await send({"type": "http.response.body", "body": "Lỗi máy chủ".encode()})
            raise RuntimeError("broken template")
        if path == "/silent":  # sent nothing at all
            return
        if path.endswith("/bare"):  # no headers, the body in two parts, the last without a body key
            await send({"type": "http.response.start", "status": 200})
            await send({"type": "http.response.body", "body": b"ab", "more_body": True})
            await send({"type": "http.response.body"})
            return
        if path == "/small":
            body = b"x" * 511
        elif path == "/exact":
            body = b"x" * 512
        elif path == "/png":
            headers = [(b"content-type", b"image/png")]
        elif path == "/error":
            status, headers = 500, headers + [(b"content-length", str(len(body)).encode())]
        elif path == "/missing":
            status = 404
        elif path == "/moved":
            status, headers = 301, headers + [(b"location", b"/page")]
        elif path == "/found":
            status = 302
        elif path == "/cookie":
            headers = headers + [(b"set-cookie", b"a=1")]
        elif path == "/own-cache-control":
            headers = headers + [(b"cache-control", b"no-store")]
        elif path == "/huge":
            body = b"x" * (MAX_BODY + 1)
        elif path == "/limit":
            body = b"x" * MAX_BODY
        elif path == "/etag":
            headers = headers + [(b"etag", b'"app"'), (b"content-length", b"999")]
        elif path.startswith("/static/"):
            headers = [(b"content-type", b"text/css"), (b"cache-control", b"no-cache")]
            status = 404 if path.endswith("missing.css") else 200
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _call(app, path, method="GET", headers=(), query=b""):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query,
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers]}
    await app(scope, receive, send)
    start = sent[0]
    assert start["type"] == "http.response.start"
    assert all(m["type"] == "http.response.body" for m in sent[1:]) and "body" in sent[1]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    names = [k for k, _ in start.get("headers", [])]
    assert all(k == k.lower() for k in names), names  # ASGI: header names in lower case
    assert len(names) == len(set(names)), names  # no header twice
    return start["status"], {k.decode(): v.decode("latin-1") for k, v in start.get("headers", [])}, body


def run(coro):
    """Run in a thread of its own: a browser test's session may hold a running loop in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def call(app, path, method="GET", headers=(), query=b""):
    return run(_call(app, path, method, headers, query))


@pytest.fixture()
def app():
    return App()


def cached(app, version=("v1", "b1"), day=DAY, params=frozenset()):
    state = {"version": version, "day": day}
    cache = ResponseCache(app, lambda: state["version"], lambda path: params, today=lambda: state["day"])
    cache.state = state  # type: ignore[attr-defined]  # the test changes the build or the day
    return cache


# --- hits, versions and ETags --------------------------------------------------------------------

def test_a_page_is_rendered_once_and_then_served_from_memory(app):
    cache = cached(app)
    first = call(cache, "/page")
    second = call(cache, "/page")
    assert app.calls["/page"] == 1
    assert first == second and first[0] == 200 and first[2] == PAGE
    assert re.fullmatch(r'W/"v1\.b1\.20261127-[0-9a-f]{10}"', first[1]["etag"])
    assert first[1]["content-length"] == str(len(PAGE))


def test_a_new_build_or_a_new_day_renders_again_with_a_new_etag(app):
    cache = cached(app)
    tag1 = call(cache, "/page")[1]["etag"]
    cache.state["version"] = ("v1", "b2")
    tag2 = call(cache, "/page")[1]["etag"]
    cache.state["day"] = DAY + dt.timedelta(days=1)
    tag3 = call(cache, "/page")[1]["etag"]
    assert app.calls["/page"] == 3
    assert len({tag1, tag2, tag3}) == 3
    assert ".b2.20261128-" in tag3
    cache.state["version"] = ("v2", "b2")  # the program's own version is in the tag too
    assert call(cache, "/page")[1]["etag"].startswith('W/"v2.b2.20261128-')


def test_addresses_and_queries_have_their_own_etags(app):
    cache = cached(app, params=frozenset({"a"}))
    tags = {call(cache, "/page")[1]["etag"], call(cache, "/other")[1]["etag"],
            call(cache, "/page", query=b"a=1")[1]["etag"]}
    assert len(tags) == 3


def test_the_app_renders_a_plain_get_whatever_the_client_sent(app):
    cache = cached(app)
    call(cache, "/page", method="HEAD", headers=[("If-None-Match", '"x"'), ("Accept-Encoding", "br"), ("X-Other", "1")])
    assert app.seen == [("GET", [b"x-other"])]


def test_a_body_of_exactly_the_limit_is_cached(app):
    cache = cached(app)
    call(cache, "/limit")
    call(cache, "/limit")
    assert app.calls["/limit"] == 1


def test_the_app_s_own_etag_and_length_are_replaced(app):
    status, headers, body = call(cached(app), "/etag")
    assert headers["etag"].startswith('W/"v1.b1.') and headers["content-length"] == str(len(PAGE))


def test_if_none_match_gets_304_without_a_body(app):
    cache = cached(app)
    tag = call(cache, "/page")[1]["etag"]
    for value in (tag, "*", f'W/"old", {tag}', f'W/"old",{tag}', f" {tag} "):
        status, headers, body = call(cache, "/page", headers=[("If-None-Match", value)])
        assert (status, body) == (304, b""), value
        assert headers["etag"] == tag
        assert headers["cache-control"] == "public, max-age=300, stale-while-revalidate=86400"
        assert headers["vary"] == "Accept-Encoding" and "content-type" not in headers
    assert call(cache, "/page", headers=[("If-None-Match", 'W/"old"')])[0] == 200
    assert call(cache, "/page", headers=[("If-None-Match", "")])[0] == 200
    assert app.calls["/page"] == 1


def test_a_cached_404_is_not_turned_into_304(app):
    cache = cached(app)
    tag = call(cache, "/missing")[1]["etag"]
    assert call(cache, "/missing", headers=[("If-None-Match", tag)])[0] == 404
    assert app.calls["/missing"] == 1


def test_pages_get_a_default_cache_policy_unless_they_set_one(app):
    cache = cached(app)
    assert call(cache, "/page")[1]["cache-control"] == "public, max-age=300, stale-while-revalidate=86400"
    assert call(cache, "/own-cache-control")[1]["cache-control"] == "no-store"


# --- compression -----------------------------------------------------------------------------------

def test_compressed_bodies_by_accept_encoding(app):
    cache = cached(app)
    _, h, body = call(cache, "/page", headers=[("Accept-Encoding", "gzip, deflate, br")])
    assert h["content-encoding"] == "br" and brotli.decompress(body) == PAGE
    assert h["content-length"] == str(len(body)) and h["vary"] == "Accept-Encoding"
    _, h, body = call(cache, "/page", headers=[("Accept-Encoding", "gzip")])
    assert h["content-encoding"] == "gzip" and gzip.decompress(body) == PAGE
    _, h, body = call(cache, "/page")
    assert "content-encoding" not in h and body == PAGE
    assert app.calls["/page"] == 1


def test_compression_levels_are_the_measured_ones(app):
    # gzip 6 and brotli 5 (benchmarks/compression.py), and no time stamp in the gzip header,
    # so the same page always has the same bytes
    cache = cached(app)
    body = call(cache, "/page", headers=[("Accept-Encoding", "gzip")])[2]
    assert body[4:8] == b"\0\0\0\0"
    assert body == gzip.compress(PAGE, compresslevel=6, mtime=0)
    assert call(cache, "/page", headers=[("Accept-Encoding", "br")])[2] == brotli.compress(PAGE, quality=5)


def test_only_text_of_512_bytes_or_more_is_compressed(app):
    cache = cached(app)
    br = [("Accept-Encoding", "br")]
    assert call(cache, "/exact", headers=br)[1].get("content-encoding") == "br"
    for path in ("/small", "/png"):
        _, h, body = call(cache, path, headers=br)
        assert "content-encoding" not in h and "vary" not in h, path


@pytest.mark.parametrize("accept,chosen", [
    ("br", "br"), ("gzip", "gzip"), ("gzip, br", "br"), ("BR", "br"), ("deflate", "identity"),
    ("br;q=0, gzip", "gzip"), ("br;q=0, gzip;q=0", "identity"), ("*", "br"), ("*;q=0", "identity"),
    ("br;q=0, *", "gzip"), ("gzip;q=0.5", "gzip"), ("gzip;q=abc", "identity"), ("gzip; level=1; q=1", "gzip"),
    ("", "identity"), ("identity", "identity"), ("gzip,br", "br"), ("br;q=0, gzip;level=1;q=0", "identity"),
])
def test_choose_encoding(accept, chosen):
    assert choose_encoding(accept) == chosen


# --- the query in the key ------------------------------------------------------------------------

def test_only_the_parameters_a_route_reads_are_in_the_key_and_reach_it(app):
    cache = cached(app, params=frozenset({"a", "b"}))
    call(cache, "/page", query=b"b=2&utm_source=x&a=1&a=3")
    call(cache, "/page", query=b"a=3&b=2")
    call(cache, "/page", query=b"b=2&a=3&fbclid=y")
    assert app.calls["/page"] == 1
    assert app.queries == [b"a=3&b=2"]  # the last value of each, sorted, nothing else


def test_the_parameters_are_those_of_the_route_asked_for(app):
    cache = ResponseCache(app, lambda: ("v", "b"), lambda path: frozenset({"a"}) if path == "/page" else frozenset(),
                          today=lambda: DAY)
    call(cache, "/page", query=b"a=1")
    call(cache, "/other", query=b"a=1")
    assert app.queries == [b"a=1", b""]


def test_other_connections_pass_through_every_layer_untouched():
    seen = []

    async def inner(scope, receive, send):
        seen.append((scope, receive, send))

    async def receive():
        return {"type": "lifespan.startup"}

    async def send(message):
        pass

    scope = {"type": "lifespan"}
    for layer in (SecurityHeaders(inner, style_hash="'x'"), CORS(inner),
                  ResponseCache(inner, lambda: ("v", "b"), lambda p: frozenset())):
        run(layer(scope, receive, send))
    assert seen == [(scope, receive, send)] * 3


@pytest.mark.parametrize("query,names,canonical", [
    (b"", frozenset({"q"}), ""),
    (b"q=1", frozenset(), ""),
    (b"q=n%C6%B0%E1%BB%9Bc&x=1", frozenset({"q"}), "q=n%C6%B0%E1%BB%9Bc"),
    (b"q=a+b", frozenset({"q"}), "q=a%20b"),
    (b"q=&p=2", frozenset({"q", "p"}), "p=2&q="),
    (b"q=1&q=2", frozenset({"q"}), "q=2"),
])
def test_canonical_query(query, names, canonical):
    assert canonical_query(query, names) == canonical


# --- what is not cached --------------------------------------------------------------------------

@pytest.mark.parametrize("path,status", [("/error", 500), ("/found", 302), ("/cookie", 200), ("/huge", 200)])
def test_errors_cookies_other_redirects_and_huge_bodies_are_rendered_each_time(app, path, status):
    cache = cached(app)
    for _ in range(2):
        s, h, body = call(cache, path)
        assert s == status and "etag" not in h
        assert h["content-length"] == str(len(body))
    assert app.calls[path] == 2


@pytest.mark.parametrize("path", ["/missing", "/moved"])
def test_not_found_and_moved_are_cached(app, path):
    cache = cached(app)
    call(cache, path)
    assert call(cache, path)[1]["etag"]
    assert app.calls[path] == 1


def test_a_crash_gives_a_plain_500_never_cached_and_logs_where(app, caplog):
    cache = cached(app)
    for _ in range(2):
        status, headers, body = call(cache, "/boom")
        assert (status, body) == (500, b"Internal Server Error")
        assert headers["cache-control"] == "no-store" and headers["content-type"] == "text/plain; charset=utf-8"
    assert app.calls["/boom"] == 2
    assert re.fullmatch(r"server error on GET /boom: RuntimeError: broken template \(at .*test_cache_rules\.py:\d+\)",
                        caplog.records[-1].getMessage())
    assert caplog.records[-1].levelname == "ERROR"


def test_the_app_s_own_error_page_is_sent_when_it_sent_one(app):
    status, headers, body = call(cached(app), "/handled")
    assert (status, body.decode()) == (500, "Lỗi máy chủ")
    assert headers["content-type"] == "text/html; charset=utf-8"


def test_an_app_that_sends_nothing_gives_a_plain_500(app):
    status, headers, body = call(cached(app), "/silent")
    assert (status, body) == (500, b"Internal Server Error")
    assert headers["content-type"] == "text/plain; charset=utf-8" and headers["content-length"] == "21"


def test_a_body_in_parts_and_a_start_without_headers_are_kept_whole(app):
    cache = cached(app)
    for _ in range(2):
        status, headers, body = call(cache, "/bare")
        assert (status, body) == (200, b"ab") and headers["content-length"] == "2"
    assert app.calls["/bare"] == 1
    h = call(SecurityHeaders(App(), style_hash="'sha256-x'"), "/bare")[1]
    assert h["x-frame-options"] == "SAMEORIGIN"
    assert call(CORS(App()), "/api/v1/bare")[1]["access-control-allow-origin"] == "*"


def test_without_a_build_nothing_is_cached(app):
    cache = cached(app, version=None)
    call(cache, "/page")
    status, headers, body = call(cache, "/page")
    assert app.calls["/page"] == 2 and "etag" not in headers and body == PAGE


def test_health_checks_and_posts_pass_through(app):
    cache = cached(app)
    for _ in range(2):
        call(cache, "/healthz")
        call(cache, "/page", method="POST")
    assert app.calls == {"/healthz": 2, "/page": 2}


def test_head_sends_the_headers_of_get_without_a_body(app):
    cache = cached(app)
    status, headers, body = call(cache, "/page", method="HEAD")
    assert (status, body) == (200, b"") and headers["content-length"] == str(len(PAGE))
    assert call(cache, "/page")[2] == PAGE  # the HEAD filled the cache for GET
    assert app.calls["/page"] == 1
    assert call(cached(app, version=None), "/page", method="HEAD")[2] == b""
    assert call(cache, "/error", method="HEAD")[2] == b""


def test_searches_are_kept_apart_from_pages(app):
    cache = cached(app)
    search = SEARCH_PREFIXES[0]
    call(cache, search)
    call(cache, "/page")
    assert [k[0] for k in cache.searches.data] == [search]
    assert [k[0] for k in cache.pages.data] == ["/page"]


def test_concurrent_misses_for_one_page_share_one_render(app):
    cache = cached(app)
    app.delay = 0.05

    async def both():
        return await asyncio.gather(_call(cache, "/page"), _call(cache, "/page"), _call(cache, "/page"))

    results = run(both())
    assert app.calls["/page"] == 1
    assert all(r[2] == PAGE for r in results)
    assert cache.inflight == {}


def test_requests_waiting_on_a_cancelled_render_render_the_page_themselves():
    """A render shared by several requests can be cancelled (its client went away): the others,
    waiting on it, must still get the page, not an error."""
    calls = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        if len(calls) == 1:
            await asyncio.sleep(30)  # the first render is still under way when its client leaves
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"the page"})

    cache = cached(app)

    async def main():
        first = asyncio.create_task(_call(cache, "/page"))
        await asyncio.sleep(0.1)
        waiting = asyncio.create_task(_call(cache, "/page"))
        await asyncio.sleep(0.1)
        first.cancel()
        return await asyncio.wait_for(waiting, 10)

    status, _, body = run(main())
    assert (status, body) == (200, b"the page")
    assert calls == ["/page", "/page"]  # it rendered the page itself once the shared render was gone


def test_static_files_are_cached_a_year_when_fingerprinted_and_an_hour_otherwise(app):
    cache = cached(app)
    assert call(cache, "/static/site.css", query=b"v=abc")[1]["cache-control"] == "public, max-age=31536000, immutable"
    assert call(cache, "/static/site.css")[1]["cache-control"] == "public, max-age=3600"
    assert call(cache, "/static/site.css")[1]["content-type"] == "text/css"
    assert call(cache, "/static/missing.css", query=b"v=abc")[1]["cache-control"] == "no-cache"
    assert app.calls["/static/site.css"] == 3  # static files are not kept by the page cache


# --- the bounded store ---------------------------------------------------------------------------

def _entry(size: int) -> Entry:
    return Entry(200, [(b"content-type", b"text/plain")], {"identity": b"x" * size}, b"e")


def test_an_entry_counts_its_key_bodies_headers_and_overhead():
    # 3072 overhead + 2 (path) + 0 (query) + 100 (body) + (12 + 10 + 80) per header list, 2 lists
    assert held_bytes(("/a", "", ("v", "b")), _entry(100)) == 3072 + 2 + 100 + 2 * 102
    assert held_bytes(("/a", "q=1", ("v", "b")), _entry(100)) == 3072 + 2 + 3 + 100 + 2 * 102


def test_the_store_drops_the_oldest_entries_beyond_its_count_or_bytes():
    lru = LRU(max_entries=2, max_bytes=10**9)
    for name in ("/a", "/b", "/c"):
        lru.put((name, "", ("v", "b")), _entry(10))
    assert [k[0] for k in lru.data] == ["/b", "/c"]
    one = held_bytes(("/a", "", ("v", "b")), _entry(1000))
    lru = LRU(max_entries=100, max_bytes=2 * one)
    for name in ("/a", "/b", "/c"):
        lru.put((name, "", ("v", "b")), _entry(1000))
    assert [k[0] for k in lru.data] == ["/b", "/c"] and lru.bytes == 2 * one
    lru.put(("/c", "", ("v", "b")), _entry(1000))  # stored again: counted once
    assert lru.bytes == 2 * one and len(lru.data) == 2
    lru.put(("/big", "", ("v", "b")), _entry(3 * one))  # larger than the whole store: not kept
    assert [k[0] for k in lru.data] == ["/b", "/c"]
    lru = LRU(max_entries=100, max_bytes=one)
    lru.put(("/a", "", ("v", "b")), _entry(1000))  # exactly the whole store: kept
    assert list(lru.data) == [("/a", "", ("v", "b"))]


def test_storing_a_page_again_counts_only_its_new_size():
    lru = LRU(max_entries=100, max_bytes=10**9)
    lru.put(("/a", "", ("v", "b")), _entry(100))
    lru.put(("/b", "", ("v", "b")), _entry(5000))
    lru.put(("/a", "", ("v", "b")), _entry(2000))
    b, a = held_bytes(("/b", "", ("v", "b")), _entry(5000)), held_bytes(("/a", "", ("v", "b")), _entry(2000))
    assert lru.bytes == a + b


def test_the_stores_are_bounded_and_searches_get_a_quarter_of_the_bytes(app):
    cache = ResponseCache(app, lambda: ("v", "b"), lambda p: frozenset(), max_bytes=400)
    assert (cache.pages.max_entries, cache.pages.max_bytes) == (5000, 400)
    assert (cache.searches.max_entries, cache.searches.max_bytes) == (1000, 100)


# --- security headers ----------------------------------------------------------------------------

def test_page_csp():
    assert page_csp("'sha256-x'") == (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'sha256-x'; script-src 'self'; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'")


def test_every_answer_carries_the_security_headers(app):
    wrapped = SecurityHeaders(cached(app), style_hash="'sha256-x'")
    for _ in range(2):  # fresh and cached
        status, h, _ = call(wrapped, "/page")
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "strict-origin-when-cross-origin"
        assert h["permissions-policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        assert h["x-frame-options"] == "SAMEORIGIN" and h["cross-origin-opener-policy"] == "same-origin"
        assert h["content-security-policy"] == page_csp("'sha256-x'")
        assert "strict-transport-security" not in h
    assert call(wrapped, "/boom")[1]["x-frame-options"] == "SAMEORIGIN"  # error pages too


def test_hsts_only_when_asked_and_extra_rules_run(app):
    def powered(scope, h):
        h["X-Test"] = scope["path"]

    wrapped = SecurityHeaders(app, style_hash="'sha256-x'", hsts=True, extra_rules=[powered])
    h = call(wrapped, "/page")[1]
    assert h["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert h["x-test"] == "/page"


def test_an_embed_with_its_own_policy_may_be_framed_anything_else_may_not():
    async def embed(scope, receive, send):
        await receive()
        headers = [(b"content-security-policy", b"frame-ancestors *")] if scope["path"].endswith("/1") else []
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    wrapped = SecurityHeaders(embed, style_hash="'sha256-x'")
    for prefix in EMBED_PREFIXES:
        h = call(wrapped, prefix + "x/1")[1]
        assert h["content-security-policy"] == "frame-ancestors *" and "x-frame-options" not in h
        assert "cross-origin-opener-policy" not in h and h["x-content-type-options"] == "nosniff"
        h = call(wrapped, prefix + "x/2")[1]  # no policy of its own (a 404 page): an ordinary page
        assert h["x-frame-options"] == "SAMEORIGIN"
    assert call(wrapped, "/x/1")[1]["x-frame-options"] == "SAMEORIGIN"  # not under an embed prefix


def test_cached_answers_are_not_changed_by_the_headers_added_on_the_way_out(app):
    cache = cached(app)
    wrapped = SecurityHeaders(cache, style_hash="'sha256-x'")
    call(wrapped, "/page")
    call(wrapped, "/page")
    entry = next(iter(cache.pages.data.values()))
    names = [k for k, _ in entry.ready["identity"][0]["headers"]]
    assert b"x-frame-options" not in names and names.count(b"etag") == 1


# --- CORS ----------------------------------------------------------------------------------------

def test_open_data_may_be_read_from_any_origin_pages_not():
    async def api(scope, receive, send):
        await receive()
        await send({"type": "http.response.start", "status": 405 if scope["method"] == "POST" else 200,
                    "headers": [(b"allow", b"GET"), (b"access-control-allow-origin", b"https://x.example"),
                                (b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b"{}"})

    wrapped = CORS(api)
    h = call(wrapped, "/api/v1/targets")[1]
    assert h["access-control-allow-origin"] == "*"  # the app's own value is replaced
    assert h["content-type"] == "application/json"  # the rest is kept
    assert h["access-control-expose-headers"] == "ETag, Retry-After, Content-Disposition, Content-Language"
    assert call(wrapped, "/api/v1/targets", method="POST")[1]["allow"] == "GET, HEAD, OPTIONS"
    h = call(wrapped, "/page")[1]
    assert h["access-control-allow-origin"] == "https://x.example" and h["allow"] == "GET"  # untouched
    status, h, body = call(wrapped, "/oembed", method="OPTIONS")
    assert (status, body) == (204, b"") and h["access-control-allow-origin"] == "*"
    assert h["access-control-allow-methods"] == "GET, HEAD, OPTIONS" and h["allow"] == "GET, HEAD, OPTIONS"
    assert h["access-control-max-age"] == "86400" and h["access-control-allow-headers"] == "*"
    assert h["cache-control"] == "public, max-age=86400" and h["content-length"] == "0"
    assert call(wrapped, "/page", method="OPTIONS")[0] == 200  # a page's OPTIONS is the app's
