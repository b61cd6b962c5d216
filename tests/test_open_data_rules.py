"""Pure rules behind the open data and embeds: CORS scope, widget sizes, thumbnails, status
history, temporal coverage; and the CORS/405 headers as a client sees them."""

import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from portal.build import build
from portal.cors import is_open_data
from portal.embed_size import SIZES, WIDGET_WIDTH, choose_size
from portal.routes.embed import thumbnail_width


@pytest.mark.parametrize("path,open_", [
    ("/api/v1/targets", True), ("/oembed", True), ("/datapackage.json", True), ("/du-lieu/items.csv", True),
    ("/du-lieu/excel/items.csv", True), ("/feed.atom", True), ("/en/targets/3/feed.atom", True),
    ("/openapi.json", True), ("/", False), ("/chi-tieu/1", False), ("/du-lieu", False), ("/nhung/chi-tieu/1", False),
    ("/tim-kiem", False), ("/the/chi-tieu/1.png", False),
])
def test_only_open_data_addresses_are_open_to_other_origins(path, open_):
    """The rule reads addresses relative to a document (its slug is taken off before, portal.prefix)."""
    assert is_open_data(path) is open_


def test_choose_size_prefers_the_full_widget_then_compact_then_nothing():
    full, compact = SIZES["full"], SIZES["compact"]
    assert choose_size(None, None) == (WIDGET_WIDTH, full.height, False)
    assert choose_size(full.min_width, full.height) == (full.min_width, full.height, False)
    assert choose_size(None, full.height - 1) == (WIDGET_WIDTH, compact.height, True)
    assert choose_size(full.min_width - 1, None) == (full.min_width - 1, compact.height, True)
    assert choose_size(None, compact.height - 1) is None
    assert choose_size(compact.min_width - 1, None) is None
    assert choose_size(5000, None)[0] == WIDGET_WIDTH  # never wider than the widget is drawn


def test_thumbnail_is_the_widest_card_within_both_maxima():
    assert thumbnail_width(None, None) == 1200
    assert thumbnail_width(1199, None) == 600
    assert thumbnail_width(None, 314) == 400  # 600 wide is 315 high
    assert thumbnail_width(399, None) is None


def test_target_feed_has_a_status_entry_and_english_units(fixture_content, tmp_path):
    from portal.settings import Settings

    build(fixture_content, tmp_path / "b")
    client = TestClient(create_app(Settings(content_dir=fixture_content, build_dir=tmp_path / "b",
                                            base_url="http://testserver")))
    vi = client.get("/bac-ninh/chi-tieu/1/feed.atom").text
    assert "tình trạng mới:" in vi and vi.count("<entry>") == 3  # two figures, one change of status
    en = client.get("/en/bac-ninh/targets/1/feed.atom").text
    assert 'xml:lang="en"' in en and "new status:" in en and "(2026, official)" in en
    assert client.get("/bac-ninh/chi-tieu/99/feed.atom").status_code == 404


def test_open_data_answers_other_origins_and_preflight_but_pages_do_not(client):
    r = client.get("/bac-ninh/api/v1/targets", headers={"Origin": "https://news.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    cached = client.get("/bac-ninh/api/v1/targets")  # the cache answers this one: the header is still there
    assert cached.headers["access-control-allow-origin"] == "*"
    pre = client.options("/bac-ninh/du-lieu/observations.csv", headers={
        "Origin": "https://news.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-client"})
    assert pre.status_code == 204 and "GET" in pre.headers["access-control-allow-methods"]
    assert pre.headers["access-control-allow-headers"] == "*"
    for page in ("/", "/bac-ninh/chi-tieu/1", "/bac-ninh/nhung/chi-tieu/1"):
        assert "access-control-allow-origin" not in client.get(page, headers={"Origin": "https://x.example"}).headers
        assert client.options(page).status_code == 405


def test_405_says_what_is_allowed(client):
    for method, path in (("POST", "/bac-ninh/api/v1/targets"), ("DELETE", "/oembed"), ("PUT", "/bac-ninh/chi-tieu/1"),
                         ("POST", "/feed.atom")):
        r = client.request(method, path)
        assert r.status_code == 405 and "GET" in r.headers["allow"], (method, path)
