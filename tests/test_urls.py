"""Addresses: every item's canonical address in both languages, and the language switch."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from portal import urls
from portal.content import document_folder
from portal.document import Document
from portal.urls import full_text_anchor, page

# The published addresses are those of the first document; its item types say which segment is which.
FOLDER = document_folder(Path(__file__).resolve().parent.parent / "content")
DOC = Document.model_validate(yaml.safe_load((FOLDER / "document.yaml").read_text(encoding="utf-8")))


def item_path(item_id: str, lang: str = "vi") -> str:
    return urls.item_path(DOC, item_id, lang)


def twin(path: str, lang: str) -> str:
    return urls.twin(DOC, path, lang)


@pytest.mark.parametrize("item_id,vi,en", [
    ("chi-tieu-7", "/bac-ninh/chi-tieu/7", "/en/bac-ninh/targets/7"),
    ("nhiem-vu-12", "/bac-ninh/nhiem-vu/12", "/en/bac-ninh/tasks/12"),
    ("dot-pha-3", "/bac-ninh/dot-pha/3", "/en/bac-ninh/breakthroughs/3"),
    ("giai-phap-1", "/bac-ninh/giai-phap/1", "/en/bac-ninh/solutions/1"),
    ("quan-diem-2", "/bac-ninh/quan-diem/2", "/en/bac-ninh/viewpoints/2"),
    ("bai-hoc-5", "/bac-ninh/bai-hoc/5", "/en/bac-ninh/lessons/5"),
    ("danh-gia-ket-qua", "/bac-ninh/danh-gia#danh-gia-ket-qua", "/en/bac-ninh/assessment#danh-gia-ket-qua"),
    ("muc-tieu-chung", "/bac-ninh/muc-tieu-chung", "/en/bac-ninh/general-goal"),
    ("to-chuc-thuc-hien", "/bac-ninh/to-chuc-thuc-hien", "/en/bac-ninh/implementation"),
    ("thuat-ngu:che-phu-rung", "/bac-ninh/thuat-ngu#che-phu-rung", "/en/bac-ninh/glossary#che-phu-rung"),
    ("loi-mo-dau", "/bac-ninh/nghi-quyet#loi-mo-dau", "/en/bac-ninh/full-text#loi-mo-dau"),  # no page of its own
    ("chi-tieu-x", "/bac-ninh/nghi-quyet#chi-tieu-x", "/en/bac-ninh/full-text#chi-tieu-x"),  # not a number
    ("chi-tieu-12a", "/bac-ninh/chi-tieu/12a", "/en/bac-ninh/targets/12a"),  # a number with a letter
])
def test_item_addresses(item_id, vi, en):
    assert item_path(item_id) == vi
    assert item_path(item_id, "vi") == vi
    assert item_path(item_id, "en") == en


def test_pages_and_full_text_anchors():
    assert page(DOC, "search") == "/bac-ninh/tim-kiem" and page(DOC, "search", "en") == "/en/bac-ninh/search"
    assert page(None, "search") == "/tim-kiem" and page(None, "search", "en") == "/en/search"  # every document
    assert page(DOC, "targets") == "/bac-ninh/chi-tieu" and page(DOC, "targets", "en") == "/en/bac-ninh/targets"
    assert page(DOC, "embed") == "/bac-ninh/nhung/chi-tieu" and page(DOC, "embed", "en") == "/en/bac-ninh/embed/targets"
    assert full_text_anchor(DOC, "chi-tieu-1") == "/bac-ninh/nghi-quyet#chi-tieu-1"
    assert full_text_anchor(DOC, "chi-tieu-1", "en") == "/en/bac-ninh/full-text#chi-tieu-1"


@pytest.mark.parametrize("path,lang,expected", [
    ("/bac-ninh/chi-tieu/7", "en", "/en/bac-ninh/targets/7"),
    ("/en/bac-ninh/targets/7", "vi", "/bac-ninh/chi-tieu/7"),
    ("/en/bac-ninh/lessons/2", "vi", "/bac-ninh/bai-hoc/2"),
    ("/en/bac-ninh/assessment", "vi", "/bac-ninh/danh-gia"),
    ("/bac-ninh/chi-tieu", "en", "/en/bac-ninh/targets"),
    ("/", "en", "/en/"),
    ("/en/", "vi", "/"),
    ("/en", "vi", "/"),
    ("/tim-kiem", "en", "/en/search"),
    ("/en/bac-ninh/method/", "vi", "/bac-ninh/phuong-phap"),
    ("/bac-ninh/chi-tieu/7", "vi", "/bac-ninh/chi-tieu/7"),  # already in that language
    ("/en/bac-ninh/targets/7", "en", "/en/bac-ninh/targets/7"),
    ("/bac-ninh/chi-tieu/abc", "en", "/en/bac-ninh/"),  # unknown: the document's home page
    ("/khong-co/1", "en", "/en/"),
    ("/bac-ninh/chi-tieu/7/8", "en", "/en/bac-ninh/"),
    ("/english/targets/7", "en", "/en/"),  # not an English address: a Vietnamese one, unknown
])
def test_language_switch(path, lang, expected):
    assert twin(path, lang) == expected
