"""Production behaviour: caching, compression, conditional requests, health, hostile input."""

import asyncio
import gzip
import os
import shutil
import signal
import socket
import threading
import time
import tracemalloc
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from portal import harness
from portal.app import create_app
from portal.build import build
from portal.cache import LRU, Entry, ResponseCache, held_bytes
from portal.content import ContentInvalid
from portal.settings import Settings


def test_pages_carry_etag_and_cache_control_and_answer_304(client):
    r = client.get("/bac-ninh/chi-tieu/1")
    etag = r.headers["etag"]
    assert etag.startswith('W/"') and "max-age=" in r.headers["cache-control"]
    assert "stale-while-revalidate" in r.headers["cache-control"]
    again = client.get("/bac-ninh/chi-tieu/1", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/bac-ninh/chi-tieu/2").headers["etag"] != etag


def test_compressed_bodies_are_served_by_accept_encoding(client):
    plain = client.get("/bac-ninh/chi-tieu/1", headers={"Accept-Encoding": "identity"}).content
    r = client.get("/bac-ninh/chi-tieu/1", headers={"Accept-Encoding": "br"})
    assert r.headers["content-encoding"] == "br"
    raw = client.get("/bac-ninh/chi-tieu/1", headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert raw.content == plain and r.content == plain  # the client decodes; same page
    assert "Accept-Encoding" in r.headers["vary"]


def test_first_response_fits_the_first_round_trip(client):
    for path in ("/", "/bac-ninh/chi-tieu", "/bac-ninh/chi-tieu/1", "/bac-ninh/chi-tieu/19", "/tim-kiem?q=ho+ngheo",
                 "/bac-ninh/nhiem-vu/2"):
        body = client.get(path, headers={"Accept-Encoding": "identity"}).content
        assert len(gzip.compress(body)) < 14 * 1024, path
        assert len(brotli.compress(body)) < 14 * 1024, path


def test_fingerprinted_static_files_are_immutable(client):
    page = client.get("/").text
    js = page.split('<script src="')[1].split('"')[0]
    assert "?v=" in js
    assert "immutable" in client.get(js).headers["cache-control"]


def test_styles_are_inline_and_allowed_by_hash_only(client):
    r = client.get("/bac-ninh/chi-tieu/1")
    assert "<style>" in r.text and '<link rel="stylesheet"' not in r.text
    style_src = r.headers["content-security-policy"].split("style-src")[1].split(";")[0]
    assert "'sha256-" in style_src and "unsafe-inline" not in style_src


def test_healthz_reports_build_and_counts(client):
    d = client.get("/healthz").json()
    assert d["status"] == "ok" and d["build"] and d["targets"] == 26 and d["items"] == 50


def test_healthz_fails_without_a_build(tmp_path):
    r = TestClient(create_app(Settings(build_dir=tmp_path / "none"))).get("/healthz")
    assert r.status_code == 503


def test_no_cookies_and_security_headers_everywhere(client):
    for path in ("/", "/bac-ninh/api/v1/items", "/static/site.css", "/bac-ninh/chi-tieu/99", "/feed.atom"):
        r = client.get(path)
        assert "set-cookie" not in r.headers
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] and r.headers["permissions-policy"]
    csp = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_hsts_only_when_configured(real_build):
    c = TestClient(create_app(real_build.with_(hsts=True)))
    assert "max-age=" in c.get("/").headers["strict-transport-security"]


HOSTILE_VALUES = ["x" * 5000, "\x00", "%00", "%FF%FE", "<script>alert(1)</script>", "{{7*7}}", "{% debug %}",
                  "../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "' OR 1=1 --", "title:x AND *", "-1",
                  "99999999999999999999999", "NaN", "🙂", "\u202e\u0000", "vi\r\nSet-Cookie: a=b"]
ROUTES = ["/", "/bac-ninh/chi-tieu", "/bac-ninh/chi-tieu/{v}", "/bac-ninh/nhiem-vu/{v}", "/tim-kiem?q={v}",
          "/tim-kiem?q=a&trang={v}",
          "/tim-kiem?q=a&loai={v}", "/en/search?q={v}", "/api/v1/search?q={v}", "/api/v1/search?q=a&limit={v}",
          "/api/v1/search?q=a&type={v}", "/api/v1/suggest?q={v}", "/bac-ninh/api/v1/items?lang={v}",
          "/bac-ninh/api/v1/targets/{v}", "/bac-ninh/api/v1/targets?lang={v}", "/bac-ninh/nhung/chi-tieu/{v}",
          "/bac-ninh/nhung/chi-tieu/1?theme={v}",
          "/bac-ninh/nhung/chi-tieu/1?lang={v}", "/oembed?url={v}", "/oembed?url=http://testserver/bac-ninh/chi-tieu/1&maxwidth={v}",
          "/bac-ninh/the/chi-tieu/{v}", "/bac-ninh/du-lieu/{v}.csv", "/static/{v}", "/{v}", "/en/{v}"]


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_input_never_gives_5xx_or_unescaped_reflection(client, route):
    from urllib.parse import quote

    for value in HOSTILE_VALUES:
        r = client.get(route.replace("{v}", quote(value, safe="")))
        assert r.status_code < 500, (route, value, r.status_code)
        assert "<script>alert(1)</script>" not in r.text
        assert "set-cookie" not in r.headers


def test_invalid_utf8_and_traversal_under_static(client):
    assert client.get("/static/%2e%2e/%2e%2e/pyproject.toml").status_code == 404
    assert client.get("/static/../portal/app.py").status_code == 404
    assert client.get("/tim-kiem?q=%C3%28").status_code in (200, 400)
    assert client.get("/bac-ninh/chi-tieu/%C3%28").status_code == 404


def test_rebuild_while_serving_switches_without_failed_requests(fixture_content, tmp_path):
    out = tmp_path / "out"
    build(fixture_content, out)
    client = TestClient(create_app(Settings(content_dir=fixture_content, build_dir=out)))
    failures, seen = [], set()
    stop = threading.Event()

    def hammer():
        while not stop.is_set():
            r = client.get("/bac-ninh/nhiem-vu/1")
            if r.status_code != 200:
                failures.append(r.status_code)
            seen.add("Đường sắt" in r.text)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        item = fixture_content / "items" / "nhiem-vu-1.yaml"
        item.write_text(item.read_text(encoding="utf-8").replace("title: Giao thông", "title: Đường sắt"),
                        encoding="utf-8")
        build(fixture_content, out)
        time.sleep(0.5)
        (fixture_content / "items" / "nhiem-vu-1.yaml").write_text("broken: [", encoding="utf-8")
        with pytest.raises(ContentInvalid):
            build(fixture_content, out)
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert failures == []
    assert True in seen
    assert "Đường sắt" in client.get("/bac-ninh/nhiem-vu/1").text  # the broken change did not replace the build


def test_search_rate_limit_is_off_by_default_and_answers_429_when_set(real_build, client):
    for _ in range(30):
        assert client.get("/api/v1/search?q=rung").status_code == 200
    limited = TestClient(create_app(real_build.with_(search_rate_per_minute=5, trusted_proxy_header="X-Forwarded-For")))
    codes = [limited.get("/api/v1/search?q=rung", headers={"X-Forwarded-For": "203.0.113.9"}).status_code
             for _ in range(7)]
    assert codes[:5] == [200] * 5 and codes[-1] == 429
    r = limited.get("/tim-kiem?q=rung", headers={"X-Forwarded-For": "203.0.113.9"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert limited.get("/api/v1/search?q=rung", headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 200
    assert limited.get("/bac-ninh/chi-tieu/1", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200


# --- Launch-day resilience (issue 11). In-process first, then a real `portal serve` + nginx. ---



def run_async(main):
    """Runs the coroutine function ``main`` in a thread of its own: the browser tests keep an
    event loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def layers(app):
    """The middleware chain of ``create_app``: {class name: object}, down to FastAPI."""
    out = {}
    while app is not None:
        out[type(app).__name__] = app
        if isinstance(app, FastAPI):
            break
        app = getattr(app, "app", None)
    return out


class Boom:
    def get(self, *_):
        raise RuntimeError("simulated fault")


def test_server_error_on_get_is_the_site_error_page_with_headers_and_is_never_cached(real_build):
    app = create_app(real_build)
    web = layers(app)["FastAPI"].state.web
    site = web.current.get().docs["bac-ninh"].site
    client = TestClient(app, raise_server_exceptions=False)
    good, site.progress = site.progress, Boom()
    r = client.get("/bac-ninh/chi-tieu/1")
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    assert "Có lỗi xảy ra" in r.text and "<!doctype html>" in r.text.lower()
    assert r.headers["x-content-type-options"] == "nosniff" and "default-src" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "SAMEORIGIN"
    en = client.get("/en/bac-ninh/targets/1")
    assert en.status_code == 500 and "Something went wrong" in en.text
    site.progress = good
    assert client.get("/bac-ninh/chi-tieu/1").status_code == 200  # the 500 was not kept in the cache


def test_security_headers_on_every_kind_of_response(real_build, client):
    limited = TestClient(create_app(real_build.with_(search_rate_per_minute=1)))
    limited.get("/api/v1/search?q=rung")
    etag = client.get("/bac-ninh/chi-tieu/2").headers["etag"]
    responses = {
        "page": client.get("/bac-ninh/chi-tieu/2"), "api": client.get("/bac-ninh/api/v1/items"),
        "static": client.get("/static/site.css"),
        "png": client.get("/bac-ninh/the/chi-tieu/1.png"), "404": client.get("/khong-co"),
        "unrouted embed 404": client.get("/bac-ninh/nhung/khong-co"),
        "unrouted en embed 404": client.get("/en/bac-ninh/embed/x"),
        "304": client.get("/bac-ninh/chi-tieu/2", headers={"If-None-Match": etag}),
        "429": limited.get("/api/v1/search?q=rung"), "widget": client.get("/bac-ninh/nhung/chi-tieu/1"),
        "redirect": client.get("/bac-ninh/chi-tieu/", follow_redirects=False),
    }
    assert responses["304"].status_code == 304 and responses["429"].status_code == 429
    for name, r in responses.items():
        assert r.headers.get("x-content-type-options") == "nosniff", name
        assert r.headers.get("referrer-policy") and r.headers.get("permissions-policy"), name
        csp = r.headers.get("content-security-policy", "")
        if name == "widget":  # embeds alone may be framed by other sites
            assert "frame-ancestors *" in csp and "x-frame-options" not in r.headers
        else:
            assert "frame-ancestors 'self'" in csp and r.headers.get("x-frame-options") == "SAMEORIGIN", name


@pytest.mark.parametrize("path", ["/bac-ninh/nhung/chi-tieu/%C2%B9", "/bac-ninh/the/chi-tieu/%C2%B9.png",
                                  "/en/bac-ninh/card/targets/%C2%B2.png",
                                  "/en/bac-ninh/embed/targets/%C2%B3", "/bac-ninh/chi-tieu/%D9%A3",
                                  "/bac-ninh/nhung/chi-tieu/%D9%A3",
                                  "/bac-ninh/the/chi-tieu/%D9%A3.png", "/bac-ninh/api/v1/targets/%D9%A3",
                                  "/en/bac-ninh/targets/%EF%BC%93", "/bac-ninh/chi-tieu/3%0A",
                                  "/bac-ninh/api/v1/targets/3%0A", "/bac-ninh/chi-tieu/3-x%0A"])
def test_addresses_take_ascii_digits_only(client, path):
    r = client.get(path, follow_redirects=False)
    assert r.status_code == 404, path
    assert client.get(path.replace("%C2%B9", "1").replace("%D9%A3", "3").replace("%C2%B2", "2")
                      .replace("%C2%B3", "3").replace("%EF%BC%93", "3").replace("%0A", "")).status_code == 200


def test_trailing_slash_redirects_use_the_configured_address_not_the_host_header(client):
    r = client.get("/bac-ninh/chi-tieu/?a=1", headers={"Host": "evil.example", "X-Forwarded-Proto": "https"},
                   follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "http://testserver/bac-ninh/chi-tieu"
    r = client.get("/en", headers={"Host": "evil.example"}, follow_redirects=False)
    assert r.headers["location"] == "http://testserver/en/"
    assert client.get("/khong-co/", follow_redirects=False).status_code == 404


def test_parameters_a_page_does_not_read_do_not_make_new_cache_entries(real_build):
    app = create_app(real_build)
    cache = layers(app)["ResponseCache"]
    client = TestClient(app)
    home = client.get("/")
    before = len(cache.pages.data)
    for i in range(40):
        r = client.get(f"/?utm_source=x{i}&x={i}")
        assert r.status_code == 200 and r.headers["etag"] == home.headers["etag"]
    assert len(cache.pages.data) == before
    a = client.get("/tim-kiem?q=rừng&trang=1&utm=1").headers["etag"]
    assert client.get("/tim-kiem?trang=1&q=r%E1%BB%ABng").headers["etag"] == a  # order and encoding
    assert client.get("/tim-kiem?q=nước").headers["etag"] != a  # a parameter the page reads
    assert '<body class="d' in client.get("/bac-ninh/nhung/chi-tieu/1?junk=1&theme=dark").text  # still read


def test_concurrent_misses_for_one_address_share_one_render():
    calls = []

    async def slow_app(scope, receive, send):
        calls.append(scope["path"])
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"x" * 2000})

    cache = ResponseCache(slow_app, version=lambda: ("b", "c"), params_for=lambda path: frozenset())

    async def main():
        transport = httpx.ASGITransport(app=cache)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return await asyncio.gather(*(c.get(f"/page?junk={i}") for i in range(8)))

    results = run_async(main)
    assert [r.status_code for r in results] == [200] * 8 and all(len(r.content) == 2000 for r in results)
    assert calls == ["/page"]


def test_a_new_day_renders_cached_pages_again():
    """Pages that depend on the day (figures late since a date, status as of a day) must not be
    kept from one day to the next: the day is part of every key and ETag."""
    import datetime as dt

    day = [dt.date(2026, 3, 31)]
    calls = []

    async def dated_app(scope, receive, send):
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": f"late on {day[0]}".encode()})

    client = TestClient(ResponseCache(dated_app, version=lambda: ("b", "c"), params_for=lambda path: frozenset(),
                                      today=lambda: day[0]))
    first = client.get("/bac-ninh/sap-cong-bo")
    assert client.get("/bac-ninh/sap-cong-bo").text == "late on 2026-03-31"
    assert calls == ["/bac-ninh/sap-cong-bo"]  # cached
    day[0] = dt.date(2026, 4, 1)
    second = client.get("/bac-ninh/sap-cong-bo", headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200 and second.text == "late on 2026-04-01"
    assert second.headers["etag"] != first.headers["etag"] and len(calls) == 2


def test_cache_limit_counts_what_entries_really_hold():
    lru = LRU(max_entries=10**6, max_bytes=10**12)
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"public, max-age=300")]
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        for i in range(300):  # long keys and small bodies: where counting only bodies went wrong
            body = os.urandom(200)
            entry = Entry(404, list(headers), {"identity": body, "gzip": body[:150], "br": body[:140]}, b'W/"x"')
            lru.put((f"/nope-{i}-" + "a" * 6000, "", ("build", "code")), entry)
        held = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert lru.bytes >= held * 0.95, (lru.bytes, held)
    assert lru.bytes <= held * 1.6, (lru.bytes, held)  # and not wildly over either
    assert held_bytes(next(iter(lru.data)), next(iter(lru.data.values()))) > 6000


def test_page_cache_memory_stays_within_the_configured_limit(real_build):
    app = create_app(real_build.with_(cache_mb=1))
    client = TestClient(app)
    client.get("/khong-co-0")
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        for i in range(1, 300):  # ~300 distinct 404 pages of ~15 KB each with their compressed copies
            assert client.get(f"/khong-co-{i}").status_code == 404
        grown = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert grown < 2.5 * 1024 * 1024, grown


def _blocking_search(loaded, release):
    real = loaded.searcher.search

    def search(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    loaded.searcher.search = search
    return real


def test_full_search_pool_answers_503_with_retry_after_and_pages_still_answer(real_build):
    app = create_app(real_build.with_(search_threads=1, search_queue=0))
    loaded = layers(app)["FastAPI"].state.web.current.get()
    release = threading.Event()
    _blocking_search(loaded, release)
    client = TestClient(app)
    first = {}
    t = threading.Thread(target=lambda: first.setdefault("r", client.get("/api/v1/search?q=rung")))
    t.start()
    try:
        for _ in range(100):
            if layers(app)["FastAPI"].state.web.search_pool.used:
                break
            time.sleep(0.02)
        busy = client.get("/api/v1/search?q=nuoc")
        page = client.get("/tim-kiem?q=ho+ngheo")
        assert busy.status_code == 503 and busy.headers["retry-after"] == "2" and busy.json()["error"] == "busy"
        assert page.status_code == 503 and "Tìm kiếm đang quá tải" in page.text and page.headers["retry-after"]
        assert page.headers["x-content-type-options"] == "nosniff"
        assert client.get("/bac-ninh/chi-tieu/3").status_code == 200 and client.get("/healthz").status_code == 200
    finally:
        release.set()
        t.join()
    assert first["r"].status_code == 200 and first["r"].json()["total"] > 0
    assert client.get("/api/v1/search?q=nuoc").status_code == 200  # the busy answer was not cached


def test_search_runs_off_the_event_loop(real_build):
    """While a search is stuck, the same event loop still answers /healthz and pages."""
    app = create_app(real_build)
    loaded = layers(app)["FastAPI"].state.web.current.get()
    release = threading.Event()
    _blocking_search(loaded, release)
    timer = threading.Timer(5, release.set)  # unblocks in any case, so a failing run ends

    async def main():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
            search = asyncio.create_task(c.get("/api/v1/search?q=rung"))
            await asyncio.sleep(0.1)
            health = await c.get("/healthz")
            page = await c.get("/bac-ninh/chi-tieu/4")
            answered_while_stuck = not release.is_set()
            release.set()
            return health.status_code, page.status_code, answered_while_stuck, (await search).status_code

    timer.start()
    try:
        assert run_async(main) == (200, 200, True, 200)
    finally:
        timer.cancel()
        release.set()


def test_words_beyond_the_query_cap_are_not_searched(client):
    assert client.get("/api/v1/search", params={"q": "rừng"}).json()["total"] > 0
    padded = "zzq " * 30 + "rừng"
    assert client.get("/api/v1/search", params={"q": padded}).json()["total"] == 0


def test_rate_limit_keys_on_the_address_the_proxy_wrote_not_the_ones_the_client_made_up(real_build):
    limited = TestClient(create_app(real_build.with_(search_rate_per_minute=5, trusted_proxy_header="X-Forwarded-For")))
    codes = [limited.get("/api/v1/search?q=rung", headers={"X-Forwarded-For": f"10.0.{i}.1, 203.0.113.9"}).status_code
             for i in range(8)]
    assert codes[:5] == [200] * 5 and codes[5:] == [429] * 3


def _broken_copy(build_dir):
    """A copy of the served build with a truncated database, made the `current` one atomically."""
    served = (build_dir / "current").resolve()
    broken = build_dir / "builds" / "zz-broken"
    shutil.copytree(served, broken)
    with open(broken / "docs" / "bac-ninh" / "site.db", "r+b") as f:
        f.truncate(8192)
    tmp = build_dir / "current.tmp"
    os.symlink(Path("builds") / "zz-broken", tmp)
    os.replace(tmp, build_dir / "current")
    return served.name


def test_a_broken_build_never_replaces_the_served_one_and_healthz_says_so(fixture_content, tmp_path):
    out = tmp_path / "out"
    build(fixture_content, out)
    client = TestClient(create_app(Settings(content_dir=fixture_content, build_dir=out, reload_check_seconds=0)))
    before = client.get("/healthz").json()
    served = _broken_copy(out)
    for _ in range(3):
        assert client.get("/bac-ninh/nhiem-vu/1").status_code == 200
    after = client.get("/healthz").json()
    assert after["status"] == "ok" and after["build"] == before["build"] and after["serving"] == served
    assert "zz-broken" in after["problem"]
    fresh = TestClient(create_app(Settings(content_dir=fixture_content, build_dir=out)))
    r = fresh.get("/healthz")
    assert r.status_code == 503 and "zz-broken" in r.json()["problem"]


def test_the_current_link_never_disappears_during_a_rebuild(fixture_content, tmp_path):
    out = tmp_path / "out"
    build(fixture_content, out)
    missing = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            try:
                os.readlink(out / "current")
            except OSError:
                missing.append(1)

    t = threading.Thread(target=watch)
    t.start()
    try:
        for word in ("Đường sắt", "Đường thủy"):
            item = fixture_content / "items" / "nhiem-vu-1.yaml"
            item.write_text(item.read_text(encoding="utf-8").replace("title: Giao thông", f"title: {word}"),
                            encoding="utf-8")
            build(fixture_content, out)
    finally:
        stop.set()
        t.join()
    assert missing == []


# --- A real `portal serve`, and nginx with deploy/nginx.conf in front (limits only they have). ---

def _need_nginx():
    if not harness.nginx_available():
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (./dev test installs nginx-light on CI)")
        pytest.skip("nginx is not installed")


@pytest.fixture(scope="module")
def production(real_build):
    """`portal serve` with 2 workers and nginx in front, as compose.yaml runs them."""
    _need_nginx()
    with harness.portal_serve(workers=2, build_dir=real_build.build_dir) as served:
        with harness.nginx_front(served.port) as front:
            yield served, front


def _raw(base, request: bytes, timeout=20.0) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        try:
            s.sendall(request)
        except OSError:  # the server may answer and close before reading everything
            pass
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data


def test_nginx_answers_a_megabyte_of_headers_with_431(production):
    _, front = production
    pad = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 60000) for i in range(17))
    answer = _raw(front, b"GET / HTTP/1.1\r\nHost: x\r\n" + pad + b"Connection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431"), answer[:80]
    assert b"nosniff" in answer.lower()


def test_nginx_closes_silent_connections(production):
    _, front = production
    host, port = front.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never finishes the request
        try:
            closed = s.recv(1024) in (b"",) or True
        except ConnectionResetError:
            closed = True
    assert closed and time.monotonic() - started < 20  # client_header_timeout 10s


def test_nginx_limits_search_per_client_across_workers_and_ignores_forged_addresses(production):
    _, front = production
    codes, last = [], None
    for i in range(30):
        req = urllib.request.Request(front + f"/api/v1/search?q=ho+ngheo+{i}",
                                     headers={"X-Forwarded-For": f"10.0.{i}.1"})
        try:
            codes.append(urllib.request.urlopen(req, timeout=10).status)
        except urllib.error.HTTPError as e:
            codes.append(e.code)
            last = e
    assert 429 in codes and codes.count(200) <= 15, codes  # burst 10, then 2 a second
    assert last.headers["retry-after"] and last.headers["x-content-type-options"] == "nosniff"


def test_nginx_caches_pages_and_honours_their_etag(production):
    _, front = production
    first = urllib.request.urlopen(front + "/bac-ninh/chi-tieu/5", timeout=10)
    etag = first.headers["etag"]
    second = urllib.request.urlopen(front + "/bac-ninh/chi-tieu/5", timeout=10)
    assert second.headers["x-cache"] == "HIT" and second.headers["etag"] == etag
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(urllib.request.Request(front + "/bac-ninh/chi-tieu/5", headers={"If-None-Match": etag}),
                               timeout=10)
    assert not_modified.value.code == 304


def test_real_server_error_and_digit_answers_carry_headers(production):
    served, _ = production
    answer = _raw(served.base, b"GET /nhung/chi-tieu/%C2%B9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 404") and b"x-content-type-options: nosniff" in answer.lower()


def test_a_restarted_worker_that_cannot_load_the_build_takes_no_traffic(fixture_content, tmp_path):
    out = tmp_path / "out"
    build(fixture_content, out)
    log = tmp_path / "serve.log"
    with harness.portal_serve(workers=2, build_dir=out, log=log, PORTAL_CONTENT_DIR=str(fixture_content)) as served:
        _broken_copy(out)
        time.sleep(1.5)  # the running workers look at the link and keep their build
        survivor, victim = served.workers()
        os.kill(victim, signal.SIGKILL)
        for _ in range(600):  # the supervisor starts a replacement (generous: CI machines may be loaded)
            if victim not in served.workers() and len(served.workers()) == 2:
                break
            time.sleep(0.1)
        else:
            pytest.fail("no replacement worker")
        for _ in range(1200):  # it has started and tried the broken build (imports are slow under load)
            if b"could not load build builds/zz-broken" in log.read_bytes():
                break
            time.sleep(0.1)
        time.sleep(1.0)  # time to start listening, if it were going to

        def fetch(path):
            try:
                return urllib.request.urlopen(served.base + path, timeout=30).status
            except urllib.error.HTTPError as e:
                return e.code

        # Freeze the worker that has a good build: only the replacement could now accept. It must
        # not: the requests wait in the listen queue until the good worker runs again.
        os.kill(survivor, signal.SIGSTOP)
        try:
            with ThreadPoolExecutor(8) as pool:
                pending = [pool.submit(fetch, p) for p in ["/bac-ninh/nhiem-vu/1", "/healthz"] * 10]
                time.sleep(2.0)
                os.kill(survivor, signal.SIGCONT)
                codes = [f.result() for f in pending]
        finally:
            os.kill(survivor, signal.SIGCONT)
        assert codes == [200] * 20


def test_every_handler_that_reads_the_query_itself_declares_what_it_reads(real_build):
    """The cache keeps only declared parameters: a handler reading an undeclared one would get
    it dropped. Any endpoint whose code reads request.query_params (or the as-of helper) must
    declare its parameters with web.reads_query."""
    import inspect

    from fastapi.routing import APIRoute

    from portal.web import QUERY_PARAMS_ATTR

    fastapi_app = layers(create_app(real_build))["FastAPI"]
    undeclared = []
    for route in fastapi_app.routes:
        for r in getattr(route, "original_router", None) and route.original_router.routes or [route]:
            if not isinstance(r, APIRoute):
                continue
            source = inspect.getsource(r.endpoint)
            reads = "query_params" in source or "as_of_view(" in source
            if reads and not getattr(r.endpoint, QUERY_PARAMS_ATTR, None):
                undeclared.append(r.path)
    assert undeclared == []


def test_the_as_of_day_still_reaches_the_page_through_the_cache(client):
    today = client.get("/bac-ninh/chi-tieu/1")
    past = client.get("/bac-ninh/chi-tieu/1?ngay=2026-01-01&utm=x")
    assert past.headers["etag"] != today.headers["etag"]
    widget = client.get("/bac-ninh/nhung/chi-tieu/1?ngay=2026-01-01").headers["etag"]
    assert widget != client.get("/bac-ninh/nhung/chi-tieu/1").headers["etag"]
