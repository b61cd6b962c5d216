"""What news sites and data users take: widgets, oEmbed, share tags, cards, CSV, data package, feed."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from PIL import Image

TARGETS = range(1, 27)


@pytest.mark.parametrize("n", TARGETS)
def test_widget_is_framable_self_contained_and_small(client, n):
    r = client.get(f"/nhung/chi-tieu/{n}")
    assert r.status_code == 200
    assert len(r.content) <= 8 * 1024
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors *" in csp and "default-src 'none'" in csp
    assert "x-frame-options" not in r.headers and "set-cookie" not in r.headers
    assert not re.search(r'(src|href)="https?://(?!testserver)[^"]*"', r.text.split('<p class="src">')[0])
    assert "<style>" in r.text and 'href="http://testserver/chi-tieu/' in r.text


def test_widget_options(client):
    dark = client.get("/nhung/chi-tieu/1?theme=dark&compact=1").text
    assert 'class="d c"' in dark
    assert client.get("/nhung/chi-tieu/1?lang=en").status_code == 200
    assert client.get("/nhung/chi-tieu/99").status_code == 404


def test_other_pages_refuse_to_be_framed(client):
    for path in ("/", "/chi-tieu/1", "/api/v1/items"):
        r = client.get(path)
        assert r.headers["x-frame-options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("n", TARGETS)
def test_oembed_answers_for_every_progress_page_and_is_discoverable(client, n):
    page = client.get(f"/chi-tieu/{n}").text
    m = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert m and page.index(m.group(0)) < page.index("<style>")
    r = client.get(m.group(1).replace("&amp;", "&").replace("http://testserver", ""))
    data = r.json()
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert data["html"].startswith("<iframe ") and "<script" not in data["html"]
    assert data["width"] <= 480 and data["height"] <= 330 and data["cache_age"] > 0
    assert data["provider_name"] and data["title"]


def test_oembed_respects_maxima_and_rejects_other_sites_and_formats(client):
    url = quote("http://testserver/chi-tieu/7")
    d = client.get(f"/oembed?url={url}&maxwidth=300&maxheight=200").json()
    assert d["width"] <= 300 and d["height"] <= 200
    assert client.get("/oembed?url=" + quote("https://evil.example/chi-tieu/7")).status_code == 404
    assert client.get(f"/oembed?url={url}&format=xml").status_code == 501
    assert client.get("/oembed?url=" + quote("http://testserver/chi-tieu/99")).status_code == 404


@pytest.mark.parametrize("n", [1, 14, 26])
def test_share_tags_and_card(client, n):
    page = client.get(f"/chi-tieu/{n}?utm_source=x").text
    assert f'<meta property="og:url" content="http://testserver/chi-tieu/{n}">' in page
    for tag in ('property="og:title"', 'property="og:description"', 'property="og:locale" content="vi_VN"',
                'name="twitter:card" content="summary_large_image"'):
        assert tag in page
    img = re.search(r'<meta property="og:image" content="http://testserver([^"]+)"', page).group(1)
    r = client.get(img)
    assert r.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(r.content)).size == (1200, 630)


def test_cite_box_and_embed_snippet(client):
    page = client.get("/chi-tieu/1").text
    assert "Trích dẫn" in page and "02-NQ/ĐH" in page and "http://testserver/chi-tieu/1" in page
    assert "Báo Tin Tức (TTXVN)" in page.split('id="cite-text"')[1].split("</p>")[0]
    snippet = page.split('<textarea id="embed-code"')[1].split("</textarea>")[0]
    assert "&lt;iframe" in snippet and "loading=&#34;lazy&#34;" in snippet.replace("&quot;", "&#34;")
    assert "sandbox=" in snippet and "title=" in snippet


def test_csv_downloads_have_bom_and_documented_columns(client):
    package = client.get("/datapackage.json").json()
    for res in package["resources"]:
        r = client.get("/" + res["path"])
        assert r.content.startswith(b"\xef\xbb\xbf")
        header = next(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        assert header == [f["name"] for f in res["schema"]["fields"]]
    obs = list(csv.DictReader(io.StringIO(client.get("/du-lieu/observations.csv").content.decode("utf-8-sig"))))
    assert any(o["indicator"] == "chi-tieu-1.tang-truong-grdp" and o["value"] == "10.27" and o["current"] == "true"
               for o in obs)


def test_data_package_validates_with_frictionless(client, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    package = client.get("/datapackage.json").json()
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    (tmp_path / "du-lieu").mkdir()
    for res in package["resources"]:
        (tmp_path / res["path"]).write_bytes(client.get("/" + res["path"]).content)
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]


def test_atom_feed_parses_and_has_stable_entries(client):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(client.get("/feed.atom").content)
    entries = root.findall("a:entry", ns)
    assert len(entries) == 18 + 1  # one per published figure, and one for the figure superseded since
    ids = [e.find("a:id", ns).text for e in entries]
    assert len(set(ids)) == len(ids)
    updated = [e.find("a:updated", ns).text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert ids == [e.find("a:id", ns).text for e in ET.fromstring(client.get("/feed.atom").content)
                   .findall("a:entry", ns)]


def test_sitemap_robots_and_dataset_jsonld(client):
    assert "<loc>http://testserver/chi-tieu/26</loc>" in client.get("/sitemap.xml").text
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text
    page = client.get("/du-lieu").text
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Dataset" and data["distribution"]


def test_card_as_svg(client):
    r = client.get("/the/chi-tieu/14.svg")
    assert r.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(r.content)
    assert root.get("width") == "1200" and root.get("height") == "630"
    assert "Chỉ tiêu 14" in r.text and "0,97%" in r.text
