"""The rules of a content root holding several documents (``load_library``): what makes documents
clash, the order they are listed in, and how a problem names its file. Fast: no pages are rendered
(tests/test_two_documents.py renders the pages of a library)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.content import ContentInvalid, document_folder, load_content, load_library

from .test_content import edit


def library_problems(root: Path, reserved: frozenset[str] = frozenset()) -> list[str]:
    with pytest.raises(ContentInvalid) as exc:
        load_library(root, reserved)
    return [str(p) for p in exc.value.problems]


def add_document(fixture_content: Path, root: Path, folder: str, *, slug: str, place: str,
                 old_addresses: bool = False) -> Path:
    """A copy of the fixture document in ``root/folder`` with its own slug and place."""
    target = root / folder
    shutil.copytree(fixture_content, target)
    doc = target / "document.yaml"
    edit(doc, "slug: bac-ninh", f"slug: {slug}")
    edit(doc, "place: Bắc Ninh", f"place: {place}")
    if not old_addresses:
        edit(doc, "old_addresses: true", "old_addresses: false")
    return target


def test_a_content_root_that_is_not_a_folder(tmp_path):
    missing = tmp_path / "nowhere"
    assert library_problems(missing) == [f"{missing}: -: content folder does not exist"]
    a_file = tmp_path / "file.yaml"
    a_file.write_text("slug: x\n", encoding="utf-8")
    assert library_problems(a_file) == [f"{a_file}: -: content folder does not exist"]


def test_a_content_root_without_any_document(tmp_path):
    root = tmp_path / "site" / "content"
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "readme.yaml").write_text("a: 1\n", encoding="utf-8")  # a folder, but no document.yaml
    assert library_problems(root) == [f"{root}: -: holds no document (a folder with a document.yaml)"]


def test_a_root_that_is_itself_a_document_is_a_library_of_one(fixture_content):
    [content] = load_library(fixture_content)
    assert content.document.slug == "bac-ninh" and [i.id for i in content.items] == ["chi-tieu-1", "nhiem-vu-1"]


def test_the_keeper_of_the_old_addresses_first_then_by_place_in_vietnamese_order(fixture_content, tmp_path):
    root = tmp_path / "site" / "content"
    # Folder names sort one way, places (Vietnamese alphabet: Đ after D, Ă after A) another.
    add_document(fixture_content, root, "a", slug="da-nang", place="Đà Nẵng")
    add_document(fixture_content, root, "b", slug="an-giang", place="An Giang")
    add_document(fixture_content, root, "c", slug="dak-lak", place="Đắk Lắk")
    add_document(fixture_content, root, "d", slug="dien-bien", place="Điện Biên")
    add_document(fixture_content, root, "e", slug="ca-mau", place="Cà Mau", old_addresses=True)
    add_document(fixture_content, root, "f", slug="dong-nai", place="Dong Nai")
    add_document(fixture_content, root, "g", slug="bac-lieu", place="Ăn Bạc")
    slugs = [c.document.slug for c in load_library(root)]
    assert slugs == ["ca-mau", "an-giang", "bac-lieu", "dong-nai", "da-nang", "dak-lak", "dien-bien"]


def test_documents_of_the_same_place_are_ordered_by_slug(fixture_content, tmp_path):
    root = tmp_path / "site" / "content"
    add_document(fixture_content, root, "a", slug="ha-noi-2", place="Hà Nội")
    add_document(fixture_content, root, "b", slug="ha-noi-1", place="Hà Nội")
    assert [c.document.slug for c in load_library(root)] == ["ha-noi-1", "ha-noi-2"]


def test_without_a_keeper_no_document_clashes_with_item_addresses(fixture_content, tmp_path):
    # No document keeps the old addresses, so nothing is served at /chi-tieu/…: a slug may take it.
    root = tmp_path / "site" / "content"
    add_document(fixture_content, root, "a", slug="chi-tieu", place="Hà Nội")
    add_document(fixture_content, root, "b", slug="ha-nam", place="Hà Nam")
    assert [c.document.slug for c in load_library(root)] == ["ha-nam", "chi-tieu"]


def test_problems_of_every_document_are_reported_at_once_and_name_their_folder(fixture_content, tmp_path):
    root = tmp_path / "site" / "content"
    a = add_document(fixture_content, root, "a", slug="ha-nam", place="Hà Nam", old_addresses=True)
    b = add_document(fixture_content, root, "b", slug="ha-noi", place="Hà Nội")
    edit(a / "items" / "nhiem-vu-1.yaml", "title: Giao thông", "title: [Giao thông]")
    edit(b / "items" / "nhiem-vu-1.yaml", "title: Giao thông", "title: 5.5.5")  # valid YAML text: fine
    edit(b / "items" / "nhiem-vu-1.yaml", "summary:", "summary: [x]\nold_summary:")
    out = library_problems(root)
    assert "content/a/items/nhiem-vu-1.yaml: title: must be text, not list" in out
    assert "content/b/items/nhiem-vu-1.yaml: summary: must be text, not list" in out
    assert len(out) == 2, out


@pytest.mark.parametrize("slug", ["tim-kiem", "en"])
def test_a_slug_the_site_uses_itself_is_refused(fixture_content, tmp_path, slug):
    root = tmp_path / "site" / "content"
    add_document(fixture_content, root, "a", slug="ha-nam", place="Hà Nam", old_addresses=True)
    add_document(fixture_content, root, "b", slug=slug, place="Hà Nội")
    assert library_problems(root, frozenset({"tim-kiem", "en"})) == [
        f"content/b/document.yaml: slug: {slug!r} is an address the site already uses; choose another"]


@pytest.mark.parametrize("slug", ["chi-tieu", "targets", "nhiem-vu", "implementation"])
def test_a_slug_may_not_be_an_item_address_of_the_document_keeping_old_addresses(fixture_content, tmp_path, slug):
    root = tmp_path / "site" / "content"
    add_document(fixture_content, root, "a", slug="ha-nam", place="Hà Nam", old_addresses=True)
    add_document(fixture_content, root, "b", slug=slug, place="Hà Nội")
    assert library_problems(root) == [
        f"content/b/document.yaml: slug: {slug!r} is an address the site already uses; choose another"]


def test_two_documents_with_one_slug(fixture_content, tmp_path):
    root = tmp_path / "site" / "content"
    add_document(fixture_content, root, "a", slug="ha-nam", place="Hà Nam", old_addresses=True)
    add_document(fixture_content, root, "b", slug="ha-nam", place="Hà Nam")
    add_document(fixture_content, root, "c", slug="ha-nam", place="Hà Nam")
    assert library_problems(root) == [
        "content/b/document.yaml: slug: 'ha-nam' is also the slug of content/a/document.yaml",
        "content/c/document.yaml: slug: 'ha-nam' is also the slug of content/b/document.yaml"]


def test_only_one_document_keeps_the_old_addresses(fixture_content, tmp_path):
    root = tmp_path / "site" / "content"
    add_document(fixture_content, root, "a", slug="ha-nam", place="Hà Nam", old_addresses=True)
    add_document(fixture_content, root, "b", slug="ha-noi", place="Hà Nội", old_addresses=True)
    add_document(fixture_content, root, "c", slug="hue", place="Huế")
    assert library_problems(root) == [
        f"{root}: old_addresses: only one document may keep the old addresses; ha-nam, ha-noi all do"]


def test_one_document_of_a_library_by_its_folder_name(fixture_content, tmp_path):
    root = tmp_path / "site" / "content"
    add_document(fixture_content, root, "thu", slug="ha-nam", place="Hà Nam")
    add_document(fixture_content, root, "thu-hai", slug="ha-noi", place="Hà Nội")
    assert load_content(root, "thu-hai").document.slug == "ha-noi"
    assert document_folder(root, "thu") == root / "thu"
    with pytest.raises(ContentInvalid) as exc:
        load_content(root, "thu-ba")
    assert [str(p) for p in exc.value.problems] == [
        f"{root}: -: holds no document folder 'thu-ba' (it holds: thu, thu-hai)"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ContentInvalid) as exc:
        document_folder(empty, "thu")
    assert [str(p) for p in exc.value.problems] == [f"{empty}: -: holds no document folder 'thu' (it holds: none)"]
    assert document_folder(empty) == empty  # no slug asked: the folder itself (load_content then names what is missing)


def test_a_document_lists_every_file_of_its_folder_for_the_build_version(fixture_content, tmp_path):
    # The build version hashes these files: a file left out would not give new pages when edited.
    root = tmp_path / "site" / "content"
    folder = add_document(fixture_content, root, "thu", slug="ha-nam", place="Hà Nam")
    (folder / "notes").mkdir()
    (folder / "notes" / "nguon.txt").write_text("nguồn\n", encoding="utf-8")
    names = [p.relative_to(folder).as_posix() for p in load_content(root, "thu").files]
    assert names == ["document.yaml", "full_text.yaml", "glossary.yaml", "items/chi-tieu-1.yaml",
                     "items/nhiem-vu-1.yaml", "notes/nguon.txt", "observations.csv"]
