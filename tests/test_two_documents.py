"""Two documents of different shapes (the real one, and tests/data/tp-hcm built from another
resolution's published structure): each builds and serves with no change to the program, and no
page of one shows a name, count or date of the other."""

from __future__ import annotations

import html
import re
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
SECOND = ROOT / "tests" / "data" / "tp-hcm"


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    build_dir = tmp_path_factory.mktemp("second-build")
    build(SECOND, build_dir)
    return TestClient(create_app(Settings(content_dir=SECOND, build_dir=build_dir, base_url="http://testserver")))


FIRST_CONTENT = load_content(ROOT / "content")
CATALOGUE = (ROOT / "portal" / "locale" / "en" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
SECOND_CONTENT = load_content(SECOND)


def addresses(c: Content) -> list[str]:
    """Every page, feed and data address of one document, in both languages."""
    doc = c.document
    found = []
    for lang in ("vi", "en"):
        found += [p for name, p in urls.PAGES[lang].items() if name != "search"]
        found += [urls.PAGES[lang]["search"] + "?q=GRDP"]
        found += [urls.type_path(t, lang) for t in doc.item_types if any(i.type == t.id for i in c.items)]
        found += [urls.item_path(doc, i.id, lang).split("#")[0] for i in c.items]
        found += [urls.embed_path(doc, str(i.number), lang) for i in c.items if i.type == "target"]
        found += [urls.feed_path(doc, lang, i.id) for i in c.items if i.type == "target"]
        found += [urls.feed_path(doc, lang)]
    found += ["/api/v1/items", "/api/v1/targets", "/api/v1/search?q=GRDP", "/du-lieu/items.csv",
              "/du-lieu/indicators.csv", "/datapackage.json", "/sitemap.xml"]
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
def test_every_page_of_one_document_is_free_of_the_other(client, second, which):
    served, own, other = (client, FIRST_CONTENT, SECOND_CONTENT) if which == "first" \
        else (second, SECOND_CONTENT, FIRST_CONTENT)
    foreign = own_strings(other, own)
    assert len(foreign) > 10  # names, titles, labels, count, dates of the other document
    seen = []
    for path in addresses(own):
        r = served.get(path)
        assert r.status_code == 200, path
        seen.append(path)
        text = html.unescape(r.text)
        leaked = sorted(s for s in foreign if s in text)
        assert not leaked, f"{path} shows {leaked}"
    assert len(seen) > 20


def test_the_second_document_reads_as_itself(second):
    home = second.get("/").text
    assert "3 chỉ tiêu chủ yếu" in home and "Thành phố Hồ Chí Minh" in home
    assert "<h2>Chương trình đột phá</h2>" in home and "Ba chương trình đột phá" in home  # featured, unnumbered
    assert 'href="/chuong-trinh-dot-pha"' in home
    # sections it lacks are neither linked nor served: no assessment, no lessons, no tasks written yet
    for missing in ("/danh-gia", "/bai-hoc", "/nhiem-vu-phat-trien", "/chi-tieu"):
        assert f'href="{missing}"' not in home
        assert second.get(missing).status_code == 404
    areas = re.findall(r"<h3>([^<]+)</h3>", home)
    assert areas == ["Kinh tế"]  # areas without targets are not listed empty
    target = second.get("/chi-tieu-chu-yeu/2a").text
    assert "Chỉ tiêu chủ yếu 2a" in target and "Chi cho nghiên cứu và phát triển 2-3% GRDP" in target
    assert second.get("/en/main-targets/2a").status_code == 200
    assert second.get("/chi-tieu-chu-yeu/2a-chi-rd", follow_redirects=False).headers["location"] == \
        "/chi-tieu-chu-yeu/2a"
    # one paragraph serves two items: both pages quote it
    assert "dựa vào khoa học, công nghệ" in second.get("/chuong-trinh-dot-pha").text
    assert second.get("/api/v1/targets/2a").json()["number"] == "2a"
    method = second.get("/phuong-phap").text
    assert "GRDP bình quân đầu người" not in method or "14.000" in method  # examples are its own


def test_search_names_items_by_the_documents_own_labels(second):
    found = second.get("/api/v1/search", params={"q": "chỉ tiêu chủ yếu 2a"}).json()
    assert found["results"][0]["id"] == "chi-tieu-chu-yeu-2a"
    found = second.get("/api/v1/search", params={"q": "main target 1", "lang": "en"}).json()
    assert found["results"][0]["id"] == "chi-tieu-chu-yeu-1"
