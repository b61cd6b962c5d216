"""Editorial layer: sources of claims, the glossary (display vs search-only words, Vietnamese
order), reading order of item pages, error reports, the footer date, notes in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from portal.build import build
from portal.content import load_content, source_mark_problems
from portal.current import link_source_marks, newest_date
from portal.vietnamese import alphabetical, collation_key, initial
from portal.web import mark_vietnamese_quotes

from .conftest import CONTENT
from .test_content import edit, problems
from .test_pages import text_of

GLOSSARY = load_content(CONTENT).terms


# ---- pure rules ----

def test_vietnamese_dictionary_order():
    words = ["Y tế", "Đô thị hóa", "Đô thị", "Dân số", "Chuyển đổi số", "Chính quyền số", "Cải cách", "Công nghệ",
             "Ăn", "Âm", "An", "Bạn", "Ban", "Ơn", "Ô", "Ô tô", "Ưu", "Uống"]
    assert sorted(words, key=collation_key) == [
        "An", "Ăn", "Âm", "Ban", "Bạn", "Cải cách", "Chính quyền số", "Chuyển đổi số", "Công nghệ", "Dân số",
        "Đô thị", "Đô thị hóa", "Ô", "Ô tô", "Ơn", "Uống", "Ưu", "Y tế"]


def test_tones_only_break_ties_in_their_dictionary_order():
    assert sorted(["mạ", "mả", "ma", "má", "mã", "mà"], key=collation_key) == ["ma", "mà", "má", "mả", "mã", "mạ"]
    assert sorted(["mạnh", "mai"], key=collation_key) == ["mai", "mạnh"]  # letters first, tone later


def test_initial_letters_keep_vietnamese_letters_apart():
    assert [initial(w) for w in ("Đô thị", "Ăn", "âm", "Ưu", "đất")] == ["Đ", "Ă", "Â", "Ư", "Đ"]
    assert initial("Économie", "en") == "E" and initial("123") == "#"
    groups = alphabetical([("Dân", 1), ("Đô", 2), ("Y", 3), ("Du", 4)])
    assert groups == [("D", [1, 4]), ("Đ", [2]), ("Y", [3])]


def test_source_marks_must_point_to_a_listed_source():
    assert source_mark_problems("Có nguồn.[^1] Không có.[^3]", 2) == [
        "the mark [^3] points to source 3, but the item lists 2 source(s) under 'sources'; "
        "add the source or remove the claim"]
    assert source_mark_problems("Không có dấu.", 0) == []
    assert 'href="#chi-tieu-2-nguon-1"' in link_source_marks("<p>Câu.[^1]</p>", "chi-tieu-2")


def test_newest_date_compares_partial_dates():
    assert newest_date(["2025-12-31", "2026-01", "2025", "bad"]) == "2026-01"
    assert newest_date([]) == ""


def test_quoted_vietnamese_in_english_notes_is_marked_and_escaped():
    out = str(mark_vietnamese_quotes('The original writes "Nnhân <dân>".'))
    assert out == 'The original writes "<span lang="vi">Nnhân &lt;dân&gt;</span>".'


# ---- validation (portal check) ----

def test_claim_marker_without_a_source_is_an_error(fixture_content):
    edit(fixture_content / "items/chi-tieu-1.yaml", "body: Giải thích dễ hiểu.", "body: Giải thích dễ hiểu.[^1]")
    assert problems(fixture_content) == [
        "content/items/chi-tieu-1.yaml: body: the mark [^1] points to source 1, but the item lists 0 source(s) "
        "under 'sources'; add the source or remove the claim"]


def test_a_source_needs_a_web_address_and_a_date(fixture_content):
    edit(fixture_content / "items/chi-tieu-1.yaml", "related: [nhiem-vu-1]",
         "related: [nhiem-vu-1]\nsources:\n"
         "- {title: Văn bản, publisher: Bộ A, url: www.example.org, published: 2025-13}")
    found = problems(fixture_content)
    assert any("sources[0].url: 'www.example.org' is not a web address" in p for p in found)
    assert any("sources[0].published: '2025-13' is not a date" in p for p in found)


def test_one_glossary_entry_per_abbreviation(fixture_content):
    (fixture_content / "glossary.yaml").write_text(
        (fixture_content / "glossary.yaml").read_text(encoding="utf-8")
        + "- id: rung\n  term: Rừng\n  abbreviations: [tỷ lệ che phủ rừng]\n  definition: Đất có cây.\n",
        encoding="utf-8")
    assert problems(fixture_content) == [
        "content/glossary.yaml: [1].abbreviations: 'tỷ lệ che phủ rừng' is already shown for the entry "
        "'che-phu-rung'; a term or abbreviation may name one entry only"]


def test_english_notes_must_match_the_notes(fixture_content):
    edit(fixture_content / "full_text.yaml", "  - Ghi chú thử.\n", "  - Ghi chú thử.\n  notes_en: [One, Two]\n")
    assert problems(fixture_content) == [
        "content/full_text.yaml: [2].notes_en: has 2 note(s) but notes has 1; give the English of each note, "
        "in the same order"]


# ---- pages ----

def test_glossary_shows_synonyms_but_never_search_only_words(client):
    t = text_of(client.get("/bac-ninh/thuat-ngu").text)
    for term in GLOSSARY:
        for word in term.search_terms:
            assert f"“{word}”" not in t, (term.id, word)
    assert "“rác thải sinh hoạt”" in t  # a true synonym is shown, quoted
    ma_tuy = next(term for term in GLOSSARY if term.id == "ma-tuy")
    assert "xã, phường không có ma túy" in ma_tuy.search_terms


@pytest.mark.parametrize("query,lang", [("nóng lên toàn cầu", "vi"), ("global warming", "en")])
def test_search_still_finds_words_that_are_only_search_terms(client, query, lang):
    """Only the glossary's search_terms link these words to climate change (bai-hoc-4 says BĐKH)."""
    found = client.get("/api/v1/search", params={"q": query, "lang": lang}).json()["results"]
    assert "bai-hoc-4" in [r["id"] for r in found][:3]


@pytest.mark.parametrize("path,lang", [("/bac-ninh/thuat-ngu", "vi"), ("/en/bac-ninh/glossary", "en")])
def test_glossary_is_in_alphabetical_order_with_a_jump_list(client, path, lang):
    page = client.get(path).text
    names = [re.sub(r"<[^>]+>|\s*\(.*", "", dt).strip() for dt in re.findall(r"<dt>(.*?)</dt>", page, re.S)]
    assert len(names) == len(GLOSSARY)
    key = collation_key if lang == "vi" else (lambda s: s.casefold())
    assert names == sorted(names, key=key)
    jumps = re.findall(r'<a href="#(chu-\d+)"[^>]*>([^<]+)</a>', page)
    assert len(jumps) > 10
    for anchor, letter in jumps:
        assert f'id="{anchor}" class="letter">{letter}</h2>' in page
    if lang == "vi":
        letters = [letter for _, letter in jumps]
        assert letters.index("D") + 1 == letters.index("Đ")  # Đ right after D, not after Y


def test_abbreviations_are_shown_once_and_in_the_readers_language(client):
    vi = client.get("/bac-ninh/thuat-ngu").text
    assert vi.count(">(GRDP)<") == 1
    en = client.get("/en/bac-ninh/glossary").text
    assert "(CĐS)" not in en and "(ĐMST)" not in en and "(VFF)" in en and "(IT, ICT)" in en


def test_item_page_puts_the_plain_explanation_before_the_original(client):
    page = client.get("/bac-ninh/giai-phap/1").text
    plain = page.index("Nói dễ hiểu")
    original = page.index('id="giai-phap-1-nguyen-van"')
    assert plain < original
    jump = page.index('href="#giai-phap-1-nguyen-van"')
    assert jump < plain  # the original is one tap away from the top


def test_item_sources_are_listed_and_linked_from_the_text(client):
    page = client.get("/bac-ninh/chi-tieu/23").text
    assert 'href="#chi-tieu-23-nguon-1"' in page and 'id="chi-tieu-23-nguon-1"' in page
    assert "Quyết định 28/2025/QĐ-TTg" in text_of(page)
    assert "Bộ Công an quy định" not in text_of(client.get("/bac-ninh/thuat-ngu").text)


def test_full_text_has_a_contents_list_whose_links_resolve(client):
    page = client.get("/bac-ninh/nghi-quyet").text
    toc = page[page.index('class="toc"'):page.index("</nav>", page.index('class="toc"'))]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert len(anchors) >= 10
    for a in anchors:
        assert f'id="{a}"' in page


def test_english_full_text_notes_are_english_and_vietnamese_is_marked(client):
    page = client.get("/en/bac-ninh/full-text").text
    assert "The original repeats the word" in page
    assert "Bản gốc lặp từ" not in page
    assert '<p class="note" lang="en">' not in page
    assert "<title>Full text Resolution 02-NQ/ĐH" in page


def test_english_item_pages_show_english_section_labels(client):
    t = text_of(client.get("/en/bac-ninh/breakthroughs/2").text)
    assert "Part I, section 3.2: Breakthroughs" in t and "Phần I" not in t


def test_footer_shows_the_date_of_the_newest_figure_not_the_build(client):
    t = text_of(client.get("/").text)
    newest = newest_date([o.published for o in load_content(CONTENT).observations])
    y, m = newest.split("-")[:2]
    assert f"Số liệu cập nhật đến: tháng {int(m)} năm {y}" in t or f"tháng {int(m)} năm {y}" in t
    assert "Bản dựng" not in t


@pytest.fixture(scope="module")
def reporting_client(real_build):
    return TestClient(create_app(real_build.with_(report_address="mailto:bao-loi@example.org")))


def test_about_page_gives_the_configured_report_address_and_what_to_include(reporting_client, client):
    page = reporting_client.get("/bac-ninh/gioi-thieu").text
    assert '<a href="mailto:bao-loi@example.org">bao-loi@example.org</a>' in page
    assert "nguồn chứng minh" in page
    assert "chưa được cấu hình" in client.get("/bac-ninh/gioi-thieu").text


def test_report_address_must_be_mail_or_web(real_build):
    odd = TestClient(create_app(real_build.with_(report_address="javascript:alert(1)")))
    assert "javascript:" not in odd.get("/bac-ninh/gioi-thieu").text


def test_a_built_copy_keeps_sources_and_english_notes(tmp_path: Path):
    build(CONTENT, tmp_path)
    from portal.current import load

    loaded = load(tmp_path / "current").docs["bac-ninh"]
    item = loaded.site.by_id["chi-tieu-23"]
    assert item.sources and item.sources[0].url.startswith("http")
    assert any(n for n in loaded.site.by_id["bai-hoc-4"].notes_en)
