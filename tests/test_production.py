"""Production behaviour: caching, compression, conditional requests, health, hostile input."""

import gzip
import threading
import time

import brotli
import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from portal.build import build
from portal.content import ContentInvalid
from portal.settings import Settings


def test_pages_carry_etag_and_cache_control_and_answer_304(client):
    r = client.get("/chi-tieu/1")
    etag = r.headers["etag"]
    assert etag.startswith('W/"') and "max-age=" in r.headers["cache-control"]
    assert "stale-while-revalidate" in r.headers["cache-control"]
    again = client.get("/chi-tieu/1", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/chi-tieu/2").headers["etag"] != etag


def test_compressed_bodies_are_served_by_accept_encoding(client):
    plain = client.get("/chi-tieu/1", headers={"Accept-Encoding": "identity"}).content
    r = client.get("/chi-tieu/1", headers={"Accept-Encoding": "br"})
    assert r.headers["content-encoding"] == "br"
    raw = client.get("/chi-tieu/1", headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert raw.content == plain and r.content == plain  # the client decodes; same page
    assert "Accept-Encoding" in r.headers["vary"]


def test_first_response_fits_the_first_round_trip(client):
    for path in ("/", "/chi-tieu", "/chi-tieu/1", "/chi-tieu/19", "/tim-kiem?q=ho+ngheo", "/nhiem-vu/2"):
        body = client.get(path, headers={"Accept-Encoding": "identity"}).content
        assert len(gzip.compress(body)) < 14 * 1024, path
        assert len(brotli.compress(body)) < 14 * 1024, path


def test_fingerprinted_static_files_are_immutable(client):
    page = client.get("/").text
    js = page.split('<script src="')[1].split('"')[0]
    assert "?v=" in js
    assert "immutable" in client.get(js).headers["cache-control"]


def test_styles_are_inline_and_allowed_by_hash_only(client):
    r = client.get("/chi-tieu/1")
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
    for path in ("/", "/api/v1/items", "/static/site.css", "/chi-tieu/99", "/feed.atom"):
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
ROUTES = ["/", "/chi-tieu", "/chi-tieu/{v}", "/nhiem-vu/{v}", "/tim-kiem?q={v}", "/tim-kiem?q=a&trang={v}",
          "/tim-kiem?q=a&loai={v}", "/en/search?q={v}", "/api/v1/search?q={v}", "/api/v1/search?q=a&limit={v}",
          "/api/v1/search?q=a&type={v}", "/api/v1/suggest?q={v}", "/api/v1/items?lang={v}",
          "/api/v1/targets/{v}", "/api/v1/targets?lang={v}", "/nhung/chi-tieu/{v}", "/nhung/chi-tieu/1?theme={v}",
          "/nhung/chi-tieu/1?lang={v}", "/oembed?url={v}", "/oembed?url=http://testserver/chi-tieu/1&maxwidth={v}",
          "/the/chi-tieu/{v}", "/du-lieu/{v}.csv", "/static/{v}", "/{v}", "/en/{v}"]


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
    assert client.get("/chi-tieu/%C3%28").status_code == 404


def test_rebuild_while_serving_switches_without_failed_requests(fixture_content, tmp_path):
    out = tmp_path / "out"
    build(fixture_content, out)
    client = TestClient(create_app(Settings(content_dir=fixture_content, build_dir=out)))
    failures, seen = [], set()
    stop = threading.Event()

    def hammer():
        while not stop.is_set():
            r = client.get("/nhiem-vu/1")
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
    assert "Đường sắt" in client.get("/nhiem-vu/1").text  # the broken change did not replace the build


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
    assert limited.get("/chi-tieu/1", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200
