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
    r = client.get(f"/bac-ninh/nhung/chi-tieu/{n}")
    assert r.status_code == 200
    assert len(r.content) <= 8 * 1024
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors *" in csp and "default-src 'none'" in csp
    assert "x-frame-options" not in r.headers and "set-cookie" not in r.headers
    assert not re.search(r'(src|href)="https?://(?!testserver)[^"]*"', r.text.split('<p class="src">')[0])
    assert "<style>" in r.text and 'href="http://testserver/bac-ninh/chi-tieu/' in r.text


def test_widget_options(client):
    dark = client.get("/bac-ninh/nhung/chi-tieu/1?theme=dark&compact=1").text
    assert 'class="d c"' in dark
    assert client.get("/bac-ninh/nhung/chi-tieu/1?lang=en").status_code == 200
    assert client.get("/bac-ninh/nhung/chi-tieu/99").status_code == 404


def test_other_pages_refuse_to_be_framed(client):
    for path in ("/", "/bac-ninh/chi-tieu/1", "/bac-ninh/api/v1/items"):
        r = client.get(path)
        assert r.headers["x-frame-options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("n", TARGETS)
def test_oembed_answers_for_every_progress_page_and_is_discoverable(client, n):
    page = client.get(f"/bac-ninh/chi-tieu/{n}").text
    m = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert m and page.index(m.group(0)) < page.index("<style>")
    r = client.get(m.group(1).replace("&amp;", "&").replace("http://testserver", ""))
    data = r.json()
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert data["html"].startswith("<iframe ") and "<script" not in data["html"]
    assert data["width"] <= 480 and data["height"] > 0 and data["cache_age"] > 0
    assert f'width="{data["width"]}" height="{data["height"]}"' in data["html"]
    assert data["provider_name"] and data["title"]


def test_oembed_honours_every_maxwidth_and_maxheight_or_answers_404(client):
    """oEmbed: the provider must respect maxwidth/maxheight, else 404. Below the full widget's
    height the compact one is offered (keeping source and link); below that, nothing."""
    url = quote("http://testserver/bac-ninh/chi-tieu/13")
    seen = set()
    for maxheight in range(100, 700, 20):
        for maxwidth in (120, 250, 300, 360, 1000):
            r = client.get(f"/oembed?url={url}&maxwidth={maxwidth}&maxheight={maxheight}")
            if r.status_code == 404:
                assert r.json()["error"] == "too_small"
                seen.add("none")
                continue
            d = r.json()
            assert d["width"] <= maxwidth and d["height"] <= maxheight, (maxwidth, maxheight, d)
            assert f'width="{d["width"]}" height="{d["height"]}"' in d["html"]
            seen.add("compact" if "compact=1" in d["html"] else "full")
    assert seen == {"none", "compact", "full"}


def test_oembed_thumbnail_respects_the_maxima(client):
    url = quote("http://testserver/bac-ninh/chi-tieu/7")
    big = client.get(f"/oembed?url={url}").json()
    assert (big["thumbnail_width"], big["thumbnail_height"]) == (1200, 630)
    for maxwidth, maxheight in ((600, None), (480, None), (1000, 400), (400, 400)):
        q = f"&maxwidth={maxwidth}" + (f"&maxheight={maxheight}" if maxheight else "")
        d = client.get(f"/oembed?url={url}{q}").json()
        assert d["thumbnail_width"] <= maxwidth and (maxheight is None or d["thumbnail_height"] <= maxheight)
        img = Image.open(io.BytesIO(client.get(d["thumbnail_url"].replace("http://testserver", "")).content))
        assert img.size == (d["thumbnail_width"], d["thumbnail_height"])
    small = client.get(f"/oembed?url={url}&maxwidth=280").json()
    assert "thumbnail_url" not in small and "thumbnail_width" not in small  # none fits: left out
    assert client.get("/bac-ninh/the/chi-tieu/7.png?w=123").status_code == 404


def test_oembed_rejects_other_sites_formats_and_bad_sizes(client):
    url = quote("http://testserver/bac-ninh/chi-tieu/7")
    assert client.get("/oembed?url=" + quote("https://evil.example/chi-tieu/7")).status_code == 404
    assert client.get(f"/oembed?url={url}&format=xml").status_code == 501
    assert client.get("/oembed?url=" + quote("http://testserver/bac-ninh/chi-tieu/99")).status_code == 404
    for bad in ("maxwidth=abc", "maxheight=0", "maxwidth=-4"):
        r = client.get(f"/oembed?url={url}&{bad}")
        assert r.status_code == 400 and r.json()["error"] == "bad_request"
    r = client.get("/oembed")
    assert r.status_code == 400 and r.json()["fields"] == ["url"]


def test_widget_404_is_in_widget_style_and_language(client):
    for path, lang, words in (("/bac-ninh/nhung/chi-tieu/999", "vi", "Không có chỉ tiêu này"),
                              ("/en/bac-ninh/embed/targets/999", "en", "No such target")):
        r = client.get(path)
        assert r.status_code == 404
        assert f'<html lang="{lang}">' in r.text and words in r.text
        assert '<div class="w">' in r.text and "frame-ancestors *" in r.headers["content-security-policy"]


@pytest.mark.parametrize("n", [1, 14, 26])
def test_share_tags_and_card(client, n):
    page = client.get(f"/bac-ninh/chi-tieu/{n}?utm_source=x").text
    assert f'<meta property="og:url" content="http://testserver/bac-ninh/chi-tieu/{n}">' in page
    for tag in ('property="og:title"', 'property="og:description"', 'property="og:locale" content="vi_VN"',
                'name="twitter:card" content="summary_large_image"'):
        assert tag in page
    alt = re.search(r'<meta property="og:image:alt" content="([^"]+)"', page).group(1)
    assert alt.startswith(f"Chỉ tiêu {n}: ") and "Tình trạng:" in alt
    img = re.search(r'<meta property="og:image" content="http://testserver([^"]+)"', page).group(1)
    r = client.get(img)
    assert r.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(r.content)).size == (1200, 630)


def test_cite_box_and_embed_snippet(client):
    page = client.get("/bac-ninh/chi-tieu/1").text
    assert "Trích dẫn" in page and "02-NQ/ĐH" in page and "http://testserver/bac-ninh/chi-tieu/1" in page
    assert "Báo Tin Tức (TTXVN)" in page.split('id="cite-text"')[1].split("</p>")[0]
    snippet = page.split('<textarea id="embed-code"')[1].split("</textarea>")[0]
    assert "&lt;iframe" in snippet and "loading=&#34;lazy&#34;" in snippet.replace("&quot;", "&#34;")
    assert "sandbox=" in snippet and "title=" in snippet


def test_csv_downloads_are_plain_utf8_and_excel_copies_have_a_bom(client):
    package = client.get("/bac-ninh/datapackage.json").json()
    for res in package["resources"]:
        assert res["encoding"] == "utf-8"
        r = client.get("/" + res["path"])
        assert r.headers["content-type"] == "text/csv; charset=utf-8"
        assert not r.content.startswith(b"\xef\xbb\xbf")
        header = next(csv.reader(io.StringIO(r.content.decode("utf-8"))))
        assert header == [f["name"] for f in res["schema"]["fields"]]
        excel = client.get("/" + res["path"].replace("du-lieu/", "du-lieu/excel/"))
        assert excel.content == b"\xef\xbb\xbf" + r.content
        assert "excel" in excel.headers["content-disposition"]
    obs = list(csv.DictReader(io.StringIO(client.get("/bac-ninh/du-lieu/observations.csv").content.decode("utf-8"))))
    assert any(o["indicator"] == "chi-tieu-1.tang-truong-grdp" and o["value"] == "10.27" and o["current"] == "true"
               for o in obs)
    # published yearly, the target is monthly: the CSV carries the figure in the target's unit too
    income = next(o for o in obs if o["indicator"] == "chi-tieu-13.thu-nhap-binh-quan" and o["value"] == "69.2")
    assert income["unit"] == "triệu đồng/năm" and income["indicator_unit"] == "triệu đồng/tháng"
    assert abs(float(income["value_in_unit"]) - 69.2 / 12) < 1e-4 and income["converted"] == "true"


def test_data_package_declares_keys_that_hold(client):
    package = {r["name"]: r for r in client.get("/bac-ninh/datapackage.json").json()["resources"]}
    assert package["items"]["schema"]["primaryKey"] == ["id"]
    fk = package["observations"]["schema"]["foreignKeys"][0]
    assert fk["fields"] == ["indicator"] and fk["reference"] == {"resource": "indicators", "fields": ["id"]}
    assert package["indicators"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "items"


def test_data_package_validates_with_frictionless(client, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    package = client.get("/bac-ninh/datapackage.json").json()
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
    assert "<loc>http://testserver/bac-ninh/chi-tieu/26</loc>" in client.get("/sitemap.xml").text
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text
    page = client.get("/bac-ninh/du-lieu").text
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Dataset"
    downloads = {d["contentUrl"]: d["encodingFormat"] for d in data["distribution"] if d["@type"] == "DataDownload"}
    assert downloads["http://testserver/bac-ninh/du-lieu/observations.csv"] == "text/csv"
    assert downloads["http://testserver/bac-ninh/feed.atom"] == "application/atom+xml"  # the document's feed
    assert data["creator"]["@type"] == data["publisher"]["@type"] == "Organization"
    assert data["license"].startswith("https://creativecommons.org/licenses/by/")
    # coverage comes from the content: the document's province and period, the figures' years
    assert data["spatialCoverage"]["name"] == "Bắc Ninh" and data["temporalCoverage"] == "2021/2030"
    assert data["isBasedOn"]["legislationIdentifier"] == "02-NQ/ĐH"
    en = client.get("/en/bac-ninh/data").text
    en_data = json.loads(en.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert en_data["inLanguage"] == "en" and en_data["name"].startswith("Tracking data")


def test_card_as_svg(client):
    r = client.get("/bac-ninh/the/chi-tieu/14.svg")
    assert r.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(r.content)
    assert root.get("width") == "1200" and root.get("height") == "630"
    assert "Chỉ tiêu 14" in r.text and "0,97%" in r.text
