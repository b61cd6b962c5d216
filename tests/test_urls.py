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
    ("chi-tieu-7", "/chi-tieu/7", "/en/targets/7"),
    ("nhiem-vu-12", "/nhiem-vu/12", "/en/tasks/12"),
    ("dot-pha-3", "/dot-pha/3", "/en/breakthroughs/3"),
    ("giai-phap-1", "/giai-phap/1", "/en/solutions/1"),
    ("quan-diem-2", "/quan-diem/2", "/en/viewpoints/2"),
    ("bai-hoc-5", "/bai-hoc/5", "/en/lessons/5"),
    ("danh-gia-ket-qua", "/danh-gia#danh-gia-ket-qua", "/en/assessment#danh-gia-ket-qua"),
    ("muc-tieu-chung", "/muc-tieu-chung", "/en/general-goal"),
    ("to-chuc-thuc-hien", "/to-chuc-thuc-hien", "/en/implementation"),
    ("thuat-ngu:che-phu-rung", "/thuat-ngu#che-phu-rung", "/en/glossary#che-phu-rung"),
    ("loi-mo-dau", "/nghi-quyet#loi-mo-dau", "/en/full-text#loi-mo-dau"),  # no page of its own
    ("chi-tieu-x", "/nghi-quyet#chi-tieu-x", "/en/full-text#chi-tieu-x"),  # not a number
    ("chi-tieu-12a", "/chi-tieu/12a", "/en/targets/12a"),  # a number with a letter
])
def test_item_addresses(item_id, vi, en):
    assert item_path(item_id) == vi
    assert item_path(item_id, "vi") == vi
    assert item_path(item_id, "en") == en


def test_pages_and_full_text_anchors():
    assert page(DOC, "search") == "/tim-kiem" and page(DOC, "search", "en") == "/en/search"
    assert page(DOC, "targets") == "/chi-tieu" and page(DOC, "targets", "en") == "/en/targets"
    assert page(DOC, "embed") == "/nhung/chi-tieu" and page(DOC, "embed", "en") == "/en/embed/targets"
    assert full_text_anchor("chi-tieu-1") == "/nghi-quyet#chi-tieu-1"
    assert full_text_anchor("chi-tieu-1", "en") == "/en/full-text#chi-tieu-1"


@pytest.mark.parametrize("path,lang,expected", [
    ("/chi-tieu/7", "en", "/en/targets/7"),
    ("/en/targets/7", "vi", "/chi-tieu/7"),
    ("/en/lessons/2", "vi", "/bai-hoc/2"),
    ("/en/assessment", "vi", "/danh-gia"),
    ("/chi-tieu", "en", "/en/targets"),
    ("/", "en", "/en/"),
    ("/en/", "vi", "/"),
    ("/en", "vi", "/"),
    ("/tim-kiem", "en", "/en/search"),
    ("/en/method/", "vi", "/phuong-phap"),
    ("/chi-tieu/7", "vi", "/chi-tieu/7"),  # already in that language
    ("/en/targets/7", "en", "/en/targets/7"),
    ("/chi-tieu/abc", "en", "/en/"),  # unknown: the home page
    ("/khong-co/1", "en", "/en/"),
    ("/chi-tieu/7/8", "en", "/en/"),
    ("/english/targets/7", "en", "/en/"),  # not an English address: a Vietnamese one, unknown
])
def test_language_switch(path, lang, expected):
    assert twin(path, lang) == expected
