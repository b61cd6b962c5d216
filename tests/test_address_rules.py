"""Addresses built from a document's own item types (a small hand-written shape, not the shipped
content): item pages, type pages, widgets, cards, feeds, the language switch, and which paths are
an item type's pages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from portal import urls
from portal.content import document_folder
from portal.document import Document

_FOLDER = document_folder(Path(__file__).resolve().parent.parent / "content")  # content/<document>/
_BASE = yaml.safe_load((_FOLDER / "document.yaml").read_text("utf-8"))


def _type(id_: str, seg: str, seg_en: str, numbered: bool = True) -> dict:
    return {"id": id_, "segment": seg, "segment_en": seg_en, "label": seg, "label_plural": seg,
            "label_en": seg_en, "label_en_plural": seg_en, "numbered": numbered}


DOC = Document.model_validate(dict(_BASE, slug="tinh-a", item_types=[
    _type("target", "muc-tieu", "goals"),
    _type("lesson", "bai-hoc", "lessons"),
    _type("goal", "muc-tieu-chung", "general-goal", numbered=False),  # shares the start of "muc-tieu"
    _type("assessment", "danh-gia", "assessment", numbered=False),
]))


@pytest.mark.parametrize("item_id,vi,en", [
    ("muc-tieu-7", "/tinh-a/muc-tieu/7", "/en/tinh-a/goals/7"),
    ("muc-tieu-12a", "/tinh-a/muc-tieu/12a", "/en/tinh-a/goals/12a"),
    ("bai-hoc-2", "/tinh-a/bai-hoc/2", "/en/tinh-a/lessons/2"),
    ("muc-tieu-chung", "/tinh-a/muc-tieu-chung", "/en/tinh-a/general-goal"),  # the type's own page
    ("muc-tieu-chung-2", "/tinh-a/muc-tieu-chung#muc-tieu-chung-2", "/en/tinh-a/general-goal#muc-tieu-chung-2"),
    ("danh-gia-ket-qua", "/tinh-a/danh-gia#danh-gia-ket-qua", "/en/tinh-a/assessment#danh-gia-ket-qua"),
    ("muc-tieu-x", "/tinh-a/nghi-quyet#muc-tieu-x", "/en/tinh-a/full-text#muc-tieu-x"),  # not a number: the full text
    ("thuat-ngu:a:b", "/tinh-a/thuat-ngu#a:b", "/en/tinh-a/glossary#a:b"),
])
def test_item_addresses(item_id, vi, en):
    assert urls.item_path(DOC, item_id) == vi
    assert urls.item_path(DOC, item_id, "en") == en


def test_type_widget_card_and_feed_addresses():
    target = DOC.target_type
    assert urls.type_path(DOC, target) == "/tinh-a/muc-tieu" and urls.type_path(DOC, target, "en") == "/en/tinh-a/goals"
    assert urls.page(DOC, "targets") == "/tinh-a/muc-tieu" and urls.page(DOC, "embed", "en") == "/en/tinh-a/embed/goals"
    assert urls.page(DOC, "home") == "/tinh-a/" and urls.page(DOC, "home", "en") == "/en/tinh-a/"
    assert urls.page(None, "home") == "/" and urls.page(None, "search", "en") == "/en/search"  # the site's own
    assert urls.embed_path(DOC, "7") == "/tinh-a/nhung/muc-tieu/7"
    assert urls.embed_path(DOC, "7", "en") == "/en/tinh-a/embed/goals/7"
    assert urls.card_path(DOC, "7") == "/tinh-a/the/muc-tieu/7.png"
    assert urls.card_path(DOC, "7", "en") == "/en/tinh-a/card/goals/7.png"
    assert urls.site_card_path() == "/the/trang.png" and urls.site_card_path("en") == "/en/card/site.png"
    assert urls.feed_path(DOC) == "/tinh-a/feed.atom" and urls.feed_path(DOC, "en") == "/en/tinh-a/feed.atom"
    assert urls.feed_path(None, "en", "muc-tieu-7") == "/en/feed.atom"  # no document: the site's feed
    assert urls.feed_path(DOC, "vi", "muc-tieu-7") == "/tinh-a/muc-tieu/7/feed.atom"
    assert urls.feed_path(DOC, "en", "muc-tieu-7") == "/en/tinh-a/goals/7/feed.atom"


@pytest.mark.parametrize("path,lang,expected", [
    ("/tinh-a/muc-tieu/7", "en", "/en/tinh-a/goals/7"),
    ("/en/tinh-a/goals/12a", "vi", "/tinh-a/muc-tieu/12a"),
    ("/en/tinh-a/goals/7-tang-truong", "vi", "/tinh-a/"),  # a slug after the number: the document's home
    ("/tinh-a/muc-tieu-chung", "en", "/en/tinh-a/general-goal"),
    ("/tinh-a/muc-tieu-chung/2", "en", "/en/tinh-a/"),  # an unnumbered type has no item pages
    ("/en/tinh-a/lessons", "vi", "/tinh-a/bai-hoc"),
    ("/tinh-a/", "en", "/en/tinh-a/"), ("/en/tinh-a/", "vi", "/tinh-a/"),
    ("/tinh-a/tim-kiem", "en", "/en/tinh-a/search"), ("/tim-kiem", "en", "/en/search"),  # the site's search
    ("/en", "vi", "/"), ("/", "en", "/en/"), ("/en/", "en", "/en/"),
    ("/khong-co", "en", "/en/"), ("/tinh-b/muc-tieu/7", "en", "/en/"),  # not this document's: the site's home
])
def test_language_switch(path, lang, expected):
    assert urls.twin(DOC, path, lang) == expected


@pytest.mark.parametrize("path,lang,expected", [
    ("/", "en", "/en/"), ("/en/", "vi", "/"), ("/en", "vi", "/"), ("/tim-kiem", "en", "/en/search"),
    ("/en/search", "vi", "/tim-kiem"), ("/tinh-a/muc-tieu/7", "en", "/en/"),  # no document: the site's pages
])
def test_language_switch_of_the_site_s_own_pages(path, lang, expected):
    assert urls.twin(None, path, lang) == expected


@pytest.mark.parametrize("path,expected", [
    ("/tinh-a/muc-tieu/7", ("tinh-a", "/muc-tieu/7")), ("/en/tinh-a/goals/7", ("tinh-a", "/en/goals/7")),
    ("/tinh-a/", ("tinh-a", "/")), ("/en/tinh-a/", ("tinh-a", "/en/")),
    ("/tinh-a", ("tinh-a", "")), ("/en/tinh-a", ("tinh-a", "")),  # the home without its slash
    ("/tinh-a/sitemap.xml", (None, "/tinh-a/sitemap.xml")),  # the site's own address is not a document's
    ("/tinh-a/static/site.css", (None, "/tinh-a/static/site.css")),
    ("/muc-tieu/7", (None, "/muc-tieu/7")), ("/tinh-ab/x", (None, "/tinh-ab/x")), ("/", (None, "/")),
    ("/en/", (None, "/en/")), ("/en", (None, "/en")), ("", (None, "")), ("/en/tinh-b/x", (None, "/en/tinh-b/x")),
])
def test_a_path_under_a_slug_splits_into_document_and_relative_address(path, expected):
    assert urls.split(path, ["tinh-a"]) == expected


@pytest.mark.parametrize("path,expected", [
    ("/", "/tinh-a/"), ("/en/", "/en/tinh-a/"), ("/en", "/en/tinh-a/"), ("/muc-tieu/7", "/tinh-a/muc-tieu/7"),
    ("/en/goals/7", "/en/tinh-a/goals/7"), ("/api/v1/targets", "/tinh-a/api/v1/targets"),
])
def test_under_puts_the_slug_after_the_language(path, expected):
    assert urls.under(DOC, path) == expected
    assert urls.under(None, path) == path
    assert urls.split(expected, ["tinh-a"])[0] == "tinh-a"


@pytest.mark.parametrize("path,answer", [
    ("/", True), ("/en/", True), ("/en", True), ("/tim-kiem", True), ("/en/search", True), ("/sitemap.xml", True),
    ("/api/v1/documents", True), ("/api/v1/search", True), ("/static/site.css", True), ("/feed.atom", True),
    ("/muc-tieu/7", False), ("/nghi-quyet", False), ("/api/v1/targets", False), ("/en/full-text", False),
    ("/datapackage.json", False), ("/nhung/muc-tieu/7", False),
])
def test_which_addresses_belong_to_the_site_not_a_document(path, answer):
    assert urls.is_site_path(path) is answer


@pytest.mark.parametrize("path,answer", [
    ("/muc-tieu", True), ("/muc-tieu/7", True), ("/muc-tieu/12a", True), ("/en/goals/7", True),
    ("/en/goals", True), ("/danh-gia", True), ("/en/assessment", True),
    ("/muc-tieu/", False), ("/muc-tieu/x", False), ("/muc-tieu/7/8", False), ("/danh-gia/1", False),
    ("/goals/7", False), ("/en/muc-tieu/7", False), ("/", False), ("/en", False), ("/khong-co", False),
])
def test_which_paths_are_an_item_type_s_pages(path, answer):
    assert urls.is_type_address(DOC, path) is answer


@pytest.mark.parametrize("path,found", [
    ("/muc-tieu/7", ("7", "vi")), ("/en/goals/12a", ("12a", "en")), ("/muc-tieu/7-tang-truong", ("7", "vi")),
    ("/nhung/muc-tieu/7", ("7", "vi")), ("/en/embed/goals/3", ("3", "en")),
    ("/muc-tieu", None), ("/bai-hoc/2", None), ("/muc-tieu/x", None), ("/en/muc-tieu/7", None),
    ("/nhung/bai-hoc/2", None), ("/khac/muc-tieu/7", None), ("/muc-tieu/7/8", None), ("/", None),
])
def test_a_target_s_page_or_widget_gives_its_number_and_language(path, found):
    assert urls.target_at(DOC, path) == found


@pytest.mark.parametrize("ref,number", [
    ("7", "7"), ("12a", "12a"), ("7-tang-truong", "7"), ("123", "123"), ("1234", None), ("x7", None),
    ("7A", None), ("", None), ("7-", "7"), ("7\n", None), ("7-tang-truong\n", None),  # "%0A" in an address
])
def test_number_of(ref, number):
    assert urls.number_of(ref) == number


def test_reserved_segments_include_the_program_s_pages():
    assert {"tim-kiem", "search", "en", "api", "static", "nhung", "embed", "the", "card"} <= urls.RESERVED


@pytest.mark.parametrize("path,lang,expected", [
    ("/gioi-thieu", "en", "/en/about"), ("/en/about", "vi", "/gioi-thieu"), ("/", "en", "/en/")])
def test_language_switch_of_a_site_page_without_a_document(path, lang, expected):
    assert urls.twin(None, path, lang) == expected
