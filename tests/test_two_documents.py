"""Two documents of different shapes (the real one, and tests/data/tp-hcm built from another
resolution's published structure) served by one site, as a content root with one folder each:
every page of each is under its own slug and free of any name, count or date of the other; the
site's home lists both; search, the API, the CSV files, feeds and the sitemap carry the document;
the first document's old addresses answer 301, the other's never existed. The second document
also builds and serves alone, with no change to the program."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from portal import urls
from portal.app import create_app
from portal.build import build
from portal.content import Content, load_content
from portal.i18n import fmt_date
from portal.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIRST = ROOT / "content" / "bac-ninh"
SECOND = ROOT / "tests" / "data" / "tp-hcm"
FIRST_CONTENT = load_content(FIRST)
SECOND_CONTENT = load_content(SECOND)
CATALOGUE = (ROOT / "portal" / "locale" / "en" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")


def _serve(content: Path, build_dir: Path) -> TestClient:
    build(content, build_dir)
    return TestClient(create_app(Settings(content_dir=content, build_dir=build_dir, base_url="http://testserver")))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """One site, two documents: a content root holding a folder per document."""
    root = tmp_path_factory.mktemp("two") / "content"
    shutil.copytree(FIRST, root / "bac-ninh")
    shutil.copytree(SECOND, root / "tp-hcm")
    declared = root / "tp-hcm" / "document.yaml"  # a place with no English name of its own
    declared.write_text(declared.read_text(encoding="utf-8").replace("\n  place: Thành phố Hồ Chí Minh\n", "\n"),
                        encoding="utf-8")
    return _serve(root, tmp_path_factory.mktemp("two-build"))


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The second document alone: the site's home is its home."""
    return _serve(SECOND, tmp_path_factory.mktemp("second-build"))


def addresses(c: Content) -> list[str]:
    """Every page, feed and data address of one document, in both languages."""
    doc = c.document
    found = []
    for lang in ("vi", "en"):
        found += [urls.page(doc, name, lang) for name in urls.PAGES[lang] if name != "search"]
        found += [urls.page(doc, "search", lang) + "?q=GRDP"]
        found += [urls.type_path(doc, t, lang) for t in doc.item_types if any(i.type == t.id for i in c.items)]
        found += [urls.item_path(doc, i.id, lang).split("#")[0] for i in c.items]
        found += [urls.embed_path(doc, str(i.number), lang) for i in c.items if i.type == "target"]
        found += [urls.feed_path(doc, lang, i.id) for i in c.items if i.type == "target"]
        found += [urls.feed_path(doc, lang)]
    found += [urls.under(doc, p) for p in ("/api/v1/items", "/api/v1/targets", "/api/v1/search?q=GRDP",
                                           "/du-lieu/items.csv", "/du-lieu/indicators.csv", "/datapackage.json")]
    return list(dict.fromkeys(found))


def own_strings(c: Content, other: Content) -> set[str]:
    """Strings that belong to one document only: its names, titles, labels, counts and dates."""
    doc = c.document
    strings = {doc.title, doc.short_title, doc.issuer, doc.place, doc.number, fmt_date(doc.adopted, "vi"),
               fmt_date(doc.adopted, "en"), *doc.en.values()}
    strings |= {t.label for t in doc.item_types} | {t.label_en for t in doc.item_types}
    strings |= {a.name for a in doc.areas} | {a.name_en for a in doc.areas}
    for item in c.items:
        strings |= {item.title, item.en.get("title", "")}
    n = sum(1 for i in c.items if i.type == "target")
    target = doc.target_type
    strings |= {f"{n} {target.label_plural.lower()}", f"{n} {target.label_en_plural.lower()}"}
    strings = {s.strip() for s in strings if s and len(s.strip()) > 3}
    # what the other document says too is not this document's own (both have an area "Kinh tế")
    # nor is the interface's own vocabulary ("Target" is a label of one and a word of the interface)
    theirs = " ".join([*(s for s in _texts(other)), *(b.text for b in other.blocks), CATALOGUE])
    return {s for s in strings if s not in theirs}


def _texts(c: Content) -> list[str]:
    doc = c.document
    return [doc.title, doc.short_title, doc.issuer, doc.place, doc.number, *doc.en.values(),
            *(a.name for a in doc.areas), *(a.name_en for a in doc.areas),
            *(x for t in doc.item_types for x in (t.label, t.label_plural, t.label_en, t.label_en_plural)),
            *(x for i in c.items for x in (i.title, i.summary, i.body, *i.en.values())),
            *(x for t in c.terms for x in (t.term, t.definition, *t.synonyms, *(str(v) for v in t.en.values())))]


@pytest.mark.parametrize("which", ["first", "second"])
def test_every_page_of_one_document_is_free_of_the_other(site, which):
    own, other = (FIRST_CONTENT, SECOND_CONTENT) if which == "first" else (SECOND_CONTENT, FIRST_CONTENT)
    foreign = own_strings(other, own)
    assert len(foreign) > 10  # names, titles, labels, count, dates of the other document
    seen = []
    for path in addresses(own):
        assert path.startswith((f"/{own.document.slug}/", f"/en/{own.document.slug}/")), path
        r = site.get(path)
        assert r.status_code == 200, path
        seen.append(path)
        text = html.unescape(r.text)
        leaked = sorted(s for s in foreign if s in text)
        assert not leaked, f"{path} shows {leaked}"
    assert len(seen) > 20


def test_the_site_home_lists_the_documents_and_each_has_its_own_home(site):
    for lang, first, second in (("vi", "/bac-ninh/", "/tp-hcm/"), ("en", "/en/bac-ninh/", "/en/tp-hcm/")):
        home = site.get("/" if lang == "vi" else "/en/").text
        assert f'href="{first}"' in home and f'href="{second}"' in home
        assert "Thành phố Hồ Chí Minh" in home and "Bắc Ninh" in home
        assert "26 " in home and "3 " in home  # each document's own count of targets
    english = site.get("/en/").text  # a name shown in Vietnamese on an English page is marked so
    assert '<strong lang="vi">Thành phố Hồ Chí Minh</strong>' in english and "<strong>Bắc Ninh</strong>" in english
    assert site.get("/bac-ninh", follow_redirects=False).headers["location"] == "http://testserver/bac-ninh/"
    assert "Chương trình đột phá" in site.get("/tp-hcm/").text
    assert "Chương trình đột phá" not in site.get("/bac-ninh/").text


def test_only_the_first_document_keeps_its_old_addresses(site):
    for old, new in (("/chi-tieu/7", "/bac-ninh/chi-tieu/7"), ("/en/targets/7", "/en/bac-ninh/targets/7"),
                     ("/nhung/chi-tieu/7", "/bac-ninh/nhung/chi-tieu/7"),
                     ("/api/v1/targets/chi-tieu-7", "/bac-ninh/api/v1/targets/chi-tieu-7"),
                     ("/du-lieu/items.csv", "/bac-ninh/du-lieu/items.csv"), ("/thuat-ngu", "/bac-ninh/thuat-ngu")):
        r = site.get(old, follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == "http://testserver" + new, old
    for never in ("/chi-tieu-chu-yeu/2a", "/chi-tieu/99", "/en/main-targets/2a", "/khong-co"):
        assert site.get(never, follow_redirects=False).status_code == 404, never
    assert site.get("/tp-hcm/chi-tieu/7").status_code == 404  # a first document's address under the second
    moved = site.get("/chi-tieu/7?ngay=2026-01-01", follow_redirects=False)  # the query goes along
    assert moved.headers["location"] == "http://testserver/bac-ninh/chi-tieu/7?ngay=2026-01-01"
    assert moved.headers["x-content-type-options"] == "nosniff" and "content-type" not in moved.headers
    assert site.head("/chi-tieu/7", follow_redirects=False).status_code == 301
    assert site.post("/chi-tieu/7", follow_redirects=False).status_code == 405  # only reads are redirected


def test_search_covers_every_document_and_can_be_narrowed_to_one(site):
    both = site.get("/api/v1/search", params={"q": "GRDP", "limit": 50}).json()
    assert set(both["documents"]) == {"bac-ninh", "tp-hcm"}
    assert {h["document"] for h in both["results"]} == {"bac-ninh", "tp-hcm"}
    for hit in both["results"]:
        assert hit["url"].startswith(f"/{hit['document']}/")
    one = site.get("/api/v1/search", params={"q": "GRDP", "document": "tp-hcm", "limit": 50}).json()
    assert one["results"] and {h["document"] for h in one["results"]} == {"tp-hcm"}
    assert [h["id"] for h in one["results"] if h["type"] != "term"] == \
        [h["id"] for h in both["results"] if h["document"] == "tp-hcm" and h["type"] != "term"]
    terms = [h["id"] for h in both["results"] if h["type"] == "term"]
    assert terms and len(terms) == len(set(terms))  # a glossary entry both documents have is listed once
    under = site.get("/tp-hcm/api/v1/search", params={"q": "GRDP", "limit": 50}).json()
    assert [h["id"] for h in under["results"]] == [h["id"] for h in one["results"]]
    assert site.get("/api/v1/search", params={"q": "GRDP", "document": "ha-noi"}).status_code == 404
    page = site.get("/tim-kiem", params={"q": "GRDP"}).text
    assert 'href="/tp-hcm/' in page and 'href="/bac-ninh/' in page and 'name="van-ban"' in page
    narrowed = site.get("/tim-kiem", params={"q": "GRDP", "van-ban": "tp-hcm"}).text
    assert 'href="/tp-hcm/' in narrowed and 'href="/bac-ninh/chi-tieu' not in narrowed


def test_open_data_names_the_document(site):
    documents = site.get("/api/v1/documents").json()
    assert [d["slug"] for d in documents["documents"]] == ["bac-ninh", "tp-hcm"]  # the first document first
    assert documents["documents"][1]["url"] == "http://testserver/tp-hcm/"
    assert documents["documents"][1]["targets"] == 3
    items = site.get("/tp-hcm/api/v1/items").json()["items"]
    assert items and {i["document"] for i in items} == {"tp-hcm"}
    assert all(i["url"].startswith("http://testserver/tp-hcm/") for i in items)
    rows = list(csv.DictReader(io.StringIO(site.get("/tp-hcm/du-lieu/items.csv").text)))
    assert rows and {r["document"] for r in rows} == {"tp-hcm"}
    package = site.get("/tp-hcm/datapackage.json").json()
    assert package["homepage"] == "http://testserver/tp-hcm/" and package["name"] == SECOND_CONTENT.document.id
    sitemap = site.get("/sitemap.xml").text
    assert "/tp-hcm/chi-tieu-chu-yeu/2a</loc>" in sitemap and "/bac-ninh/chi-tieu/26</loc>" in sitemap
    feed = site.get("/feed.atom").text  # the site's feed: every document's figures (the second has none yet)
    assert feed.count("<entry>") == site.get("/bac-ninh/feed.atom").text.count("<entry>") > 0
    embed = site.get("/oembed", params={"url": "http://testserver/tp-hcm/chi-tieu-chu-yeu/2a"}).json()
    assert 'src="http://testserver/tp-hcm/nhung/chi-tieu-chu-yeu/2a"' in embed["html"]
    paths = site.get("/openapi.json").json()["paths"]
    assert paths["/{document}/api/v1/items"]["get"]["parameters"][0]["schema"]["enum"] == ["bac-ninh", "tp-hcm"]


def test_the_second_document_reads_as_itself(site):
    home = site.get("/tp-hcm/").text
    assert "3 chỉ tiêu chủ yếu" in home and "Thành phố Hồ Chí Minh" in home
    assert "<h2>Chương trình đột phá</h2>" in home and "Ba chương trình đột phá" in home  # featured, unnumbered
    assert 'href="/tp-hcm/chuong-trinh-dot-pha"' in home
    # sections it lacks are neither linked nor served: no assessment, no lessons, no tasks written yet
    for missing in ("/danh-gia", "/bai-hoc", "/nhiem-vu-phat-trien", "/chi-tieu"):
        assert f'href="/tp-hcm{missing}"' not in home
        assert site.get("/tp-hcm" + missing).status_code == 404
    areas = re.findall(r"<h3>([^<]+)</h3>", home)
    assert areas == ["Kinh tế"]  # areas without targets are not listed empty
    target = site.get("/tp-hcm/chi-tieu-chu-yeu/2a").text
    assert "Chỉ tiêu chủ yếu 2a" in target and "Chi cho nghiên cứu và phát triển 2-3% GRDP" in target
    assert site.get("/en/tp-hcm/main-targets/2a").status_code == 200
    assert site.get("/tp-hcm/chi-tieu-chu-yeu/2a-chi-rd", follow_redirects=False).headers["location"] == \
        "/tp-hcm/chi-tieu-chu-yeu/2a"
    # one paragraph serves two items: both pages quote it
    assert "dựa vào khoa học, công nghệ" in site.get("/tp-hcm/chuong-trinh-dot-pha").text
    assert site.get("/tp-hcm/api/v1/targets/2a").json()["number"] == "2a"
    method = site.get("/tp-hcm/phuong-phap").text
    assert "GRDP bình quân đầu người" not in method or "14.000" in method  # examples are its own


def test_a_document_alone_is_the_site(second):
    home = second.get("/").text
    assert '<link rel="canonical" href="http://testserver/tp-hcm/">' in home  # one page, one address
    assert '<link rel="canonical" href="http://testserver/tp-hcm/">' in second.get("/tp-hcm/").text
    assert "3 chỉ tiêu chủ yếu" in home and 'href="/tp-hcm/chuong-trinh-dot-pha"' in home
    assert second.get("/tp-hcm/chi-tieu-chu-yeu/2a").status_code == 200
    # it declares no old addresses: nothing outside its slug is its page
    assert second.get("/chi-tieu-chu-yeu/2a", follow_redirects=False).status_code == 404


def test_search_names_items_by_the_documents_own_labels(site):
    found = site.get("/tp-hcm/api/v1/search", params={"q": "chỉ tiêu chủ yếu 2a"}).json()
    assert found["results"][0]["id"] == "chi-tieu-chu-yeu-2a"
    found = site.get("/tp-hcm/api/v1/search", params={"q": "main target 1", "lang": "en"}).json()
    assert found["results"][0]["id"] == "chi-tieu-chu-yeu-1"
