"""English edition: every page, catalogues in step with the templates, English search."""

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal import urls

from .test_pages import DOCUMENT as DOC
from .test_pages import ITEMS, text_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.id)
def test_every_item_has_an_english_page_with_hreflang_both_ways(client, item):
    en_path = urls.item_path(DOC, item.id, "en").split("#")[0]
    vi_path = urls.item_path(DOC, item.id, "vi").split("#")[0]
    en = client.get(en_path)
    assert en.status_code == 200 and '<html lang="en">' in en.text
    assert f'hreflang="vi" href="http://testserver{vi_path}"' in en.text
    assert f'hreflang="en" href="http://testserver{en_path}"' in en.text
    vi = client.get(vi_path).text
    assert f'hreflang="en" href="http://testserver{en_path}"' in vi
    assert item.en["title"] in html.unescape(en.text)
    assert "Unofficial translation" in text_of(en.text) or item.type in ("assessment",)


def test_english_pages_switch_back_and_format_numbers_in_english(client):
    page = client.get("/en/bac-ninh/targets/2").text
    t = text_of(page)
    assert 'href="/bac-ninh/chi-tieu/2" hreflang="vi"' in page
    assert "USD 5,852" in t and "nearly USD 5,600" in t
    assert "31 December 2025" in t
    assert "Baseline known, awaiting figures" in t
    assert "Chưa đủ số liệu" not in t


@pytest.mark.parametrize("path", ["/en/", "/en/bac-ninh/targets", "/en/bac-ninh/full-text", "/en/bac-ninh/glossary",
                                  "/en/bac-ninh/method", "/en/bac-ninh/about",
                                  "/en/search?q=forest", "/en/bac-ninh/data", "/en/bac-ninh/assessment",
                                  "/en/bac-ninh/general-goal"])
def test_english_fixed_pages(client, path):
    r = client.get(path)
    assert r.status_code == 200 and '<html lang="en">' in r.text


def test_english_embed_and_card(client):
    r = client.get("/en/bac-ninh/embed/targets/7")
    assert r.status_code == 200 and 'lang="en"' in r.text
    assert "frame-ancestors *" in r.headers["content-security-policy"]
    assert client.get("/en/bac-ninh/card/targets/7.png").headers["content-type"] == "image/png"


def test_api_in_english(client):
    t = client.get("/bac-ninh/api/v1/targets/chi-tieu-22", params={"lang": "en"}).json()
    assert t["title"] and t["source_text_translation"] and t["url"].endswith("/en/bac-ninh/targets/22")
    assert "Forest" in t["indicators"][0]["name"]


@pytest.mark.parametrize("query,expected", [
    ("life expectancy", "chi-tieu-12"), ("forest cover", "chi-tieu-22"), ("hospital beds", "chi-tieu-16"),
    ("digital transformation", {"bai-hoc-4", "dot-pha-1", "quan-diem-3", "chi-tieu-6", "giai-phap-2"}),
    ("corruption", {"quan-diem-1", "bai-hoc-2", "giai-phap-1"}), ("poor", "chi-tieu-14"),
    ("clean water", "chi-tieu-18"), ("target 7", "chi-tieu-7"), ("drugs", "chi-tieu-23"),
])
def test_english_queries_find_the_right_item(client, query, expected):
    got = [r["id"] for r in client.get("/api/v1/search", params={"q": query, "lang": "en"}).json()["results"]][:3]
    wanted = {expected} if isinstance(expected, str) else expected
    assert wanted & set(got), (query, got)


def test_catalogue_and_templates_do_not_drift(tmp_path):
    """Every translatable string of the templates and code has an English translation, and
    the catalogue holds no string the interface no longer uses."""
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "N_", "--no-location", "--omit-header", "-o", str(pot), str(ROOT)],
                   check=True, capture_output=True, cwd=ROOT)
    extracted = {m.id for m in read_po(pot.open("rb")) if m.id}
    en = read_po((ROOT / "portal/locale/en/LC_MESSAGES/messages.po").open("rb"))
    translated = {m.id for m in en if m.id and m.string and all(m.string)}
    assert not sorted(extracted - translated), "untranslated; run pybabel extract/update"
    assert not sorted({m.id for m in en if m.id} - extracted), "obsolete strings in the catalogue"
    for m in en:
        if m.id:  # plural entries ("about 1 year", "about 4 years") check every form
            msgid = m.id[0] if isinstance(m.id, tuple) else m.id
            for form in m.string if isinstance(m.string, tuple) else (m.string,):
                assert sorted(re.findall(r"%\((\w+)\)s", msgid)) == sorted(re.findall(r"%\((\w+)\)s", form)), msgid
