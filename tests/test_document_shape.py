"""The document's shape is content: item types, labels, numbering, periods come from document.yaml,
and the program names no fact of a particular document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from portal.app import create_app
from portal.build import build
from portal.content import ContentInvalid, load_content, load_library
from portal.progress import method_examples
from portal.settings import Settings

from .conftest import DOCUMENT_DIR
from .test_content import edit, problems

ROOT = Path(__file__).resolve().parent.parent
DOC = "content/document.yaml"


def test_document_errors_name_file_field_and_problem(fixture_content):
    path = fixture_content / "document.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = ["a list", "where text is expected"]
    data["item_types"] = [t for t in data["item_types"] if t["id"] != "target"] + [
        {**data["item_types"][0], "id": "extra", "segment": "Not A Segment", "colour": "red"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = problems(fixture_content)
    assert any(p.startswith(f"{DOC}: title: Input should be a valid string") for p in out), out
    n = len(data["item_types"]) - 1
    assert f"{DOC}: item_types[{n}].segment: 'Not A Segment' does not have the expected form" in " ".join(out)
    assert f"{DOC}: item_types[{n}].colour: is not a known field (check the spelling)" in out


def test_document_must_declare_the_target_type_and_unique_segments(fixture_content):
    path = fixture_content / "document.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["item_types"] = [t for t in data["item_types"] if t["id"] != "target"]
    data["item_types"][1]["segment"] = data["item_types"][0]["segment"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = " ".join(problems(fixture_content))
    assert "address segment muc-tieu-chung used twice" in out


@pytest.mark.parametrize("key", ["id", "type", "number", "title", "summary", "body", "related", "terms", "area",
                                 "section", "en", "indicators", "sources"])
@pytest.mark.parametrize("bad", [["a", "list"], {"a": "mapping"}])
def test_a_wrong_kind_of_value_is_a_problem_not_a_crash(fixture_content, key, bad):
    if key == "en" and isinstance(bad, dict):
        pytest.skip("a mapping is the right kind for en")
    path = fixture_content / "items" / "chi-tieu-1.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[key] = bad
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentInvalid) as exc:
        load_content(fixture_content)
    assert any(p.file.endswith("chi-tieu-1.yaml") or p.field.startswith(key) for p in exc.value.problems)


def test_a_paragraph_may_belong_to_several_items(fixture_content):
    edit(fixture_content / "full_text.yaml", "- item: chi-tieu-1\n", "- item: [chi-tieu-1, nhiem-vu-1]\n")
    c = load_content(fixture_content)
    assert "30,65%" in c.item("chi-tieu-1").source_text and "30,65%" in c.item("nhiem-vu-1").source_text
    shared = next(b for b in c.blocks if b.items == ["chi-tieu-1", "nhiem-vu-1"])
    assert shared.anchors == ["chi-tieu-1", "nhiem-vu-1"]  # the first paragraph of both


def test_a_paragraph_naming_items_wrongly_is_a_problem(fixture_content):
    edit(fixture_content / "full_text.yaml", "- item: chi-tieu-1\n", "- item: {a: b}\n")
    assert "content/full_text.yaml: [1].item: must be an item id or a list of item ids" in problems(fixture_content)


def test_numbers_may_carry_a_letter(fixture_content):
    items = fixture_content / "items"
    (items / "chi-tieu-1.yaml").rename(items / "chi-tieu-12a.yaml")
    edit(items / "chi-tieu-12a.yaml", "id: chi-tieu-1\n", "id: chi-tieu-12a\n")
    edit(items / "chi-tieu-12a.yaml", "number: 1\n", "number: 12a\n")
    edit(items / "chi-tieu-12a.yaml", "- id: chi-tieu-1.", "- id: chi-tieu-12a.")
    edit(items / "nhiem-vu-1.yaml", "related: []", "related: [chi-tieu-12a]")
    edit(items / "chi-tieu-12a.yaml", "related: [nhiem-vu-1]", "related: []")
    edit(fixture_content / "full_text.yaml", "item: chi-tieu-1", "item: chi-tieu-12a")
    edit(fixture_content / "observations.csv", "chi-tieu-1.", "chi-tieu-12a.")
    c = load_content(fixture_content)
    assert c.item("chi-tieu-12a").number == "12a"


def test_an_unnumbered_type_refuses_a_number(fixture_content):
    path = fixture_content / "document.yaml"
    edit(path, "    label_en_plural: Focal tasks\n    featured: true", "    label_en_plural: Focal tasks\n"
                                                                      "    featured: true\n    numbered: false")
    assert "content/items/nhiem-vu-1.yaml: number: items of type task are not numbered (document.yaml); " \
           "remove the number" in problems(fixture_content)


def test_method_examples_come_from_the_documents_own_indicators(fixture_content):
    c = load_content(fixture_content)
    ex = method_examples(c.item("chi-tieu-1").indicators)
    assert ex.level is not None and ex.level.id == "chi-tieu-1.che-phu-rung"
    assert (ex.level_year, ex.level_share) == (2027, (2, 5))  # 2025 → 2030: two of five years by 2027
    assert ex.about is None  # the fixture has no "about" indicator: no example is made up


@pytest.fixture()
def relabelled(tmp_path: Path) -> TestClient:
    """The real content, with the document's labels, period and place changed in document.yaml only."""
    root = tmp_path / "content"
    shutil.copytree(DOCUMENT_DIR, root)
    path = root / "document.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["place"] = "Nơi Thử"
    for t in data["item_types"]:
        if t["id"] == "target":
            t.update(label="Chỉ tiêu chủ yếu", label_plural="Chỉ tiêu chủ yếu", label_en="Main target",
                     label_en_plural="Main targets")
        if t["id"] == "breakthrough":
            t.update(label="Chương trình đột phá", label_plural="Chương trình đột phá", featured=False)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build(root, tmp_path / "build")
    return TestClient(create_app(Settings(content_dir=root, build_dir=tmp_path / "build",
                                          base_url="http://testserver")))


def test_counts_and_labels_on_pages_come_from_the_document(relabelled):
    n = len([p for p in (DOCUMENT_DIR / "items").glob("chi-tieu-*.yaml")])
    home = relabelled.get("/").text
    assert f"{n} chỉ tiêu chủ yếu" in home and "Nơi Thử" in home
    assert "Khâu đột phá" not in home and "Chương trình đột phá: " in home  # no longer featured: by number
    assert relabelled.get("/bac-ninh/chi-tieu/7").text.count("Chỉ tiêu chủ yếu 7") >= 2
    assert f"{n} main targets" in relabelled.get("/en/").text
    assert re.search(r"“chỉ tiêu chủ yếu \d+”", relabelled.get("/tim-kiem").text)  # the example of a search by number
    found = relabelled.get("/api/v1/search", params={"q": "chương trình đột phá 2"}).json()
    assert found["results"][0]["id"] == "dot-pha-2"  # readers may name items by the document's own label


# Facts of one document that must never be written into the program.
FACTS = re.compile(r"Bắc Ninh|Bac Ninh|\b26 (?:chỉ tiêu|targets)|2020-2025|2026-2030|2025-2030|tỉnh|"
                   r"chi-tieu-\d|khâu đột phá", re.IGNORECASE)


def test_the_program_names_no_fact_of_a_document():
    found = []
    for path in sorted((ROOT / "portal").rglob("*")):
        if path.suffix in (".py", ".html", ".xml", ".svg", ".po", ".pot", ".js", ".css"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FACTS.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}")
    assert not found, "\n".join(found)


def test_the_content_root_holds_one_folder_per_document(fixture_content, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(fixture_content, root / "thu")
    assert load_content(root).document.slug == load_content(fixture_content).document.slug
    assert (ROOT / "content" / "bac-ninh" / "document.yaml").exists()  # the real content is laid out so too
    shutil.copytree(fixture_content, root / "thu-hai")
    out = problems(root)  # one document asked for, two there
    assert out == [f"{root}: -: holds 2 documents (thu, thu-hai): name one with --document"]
    assert load_content(root, "thu-hai").document.slug == "bac-ninh"
    with pytest.raises(ContentInvalid) as exc:  # the site: two folders that are copies of one document clash
        load_library(root)
    assert [str(p) for p in exc.value.problems] == [
        "site/thu-hai/document.yaml: slug: 'bac-ninh' is also the slug of site/thu/document.yaml",
        f"{root}: old_addresses: only one document may keep the old addresses; bac-ninh, bac-ninh all do"]


def test_problems_in_a_document_folder_name_the_folder(fixture_content, tmp_path):
    root = tmp_path / "site" / "content"
    shutil.copytree(fixture_content, root / "thu")
    edit(root / "thu" / "items" / "nhiem-vu-1.yaml", "title: Giao thông", "title: [Giao thông]")
    assert any(p.startswith("content/thu/items/nhiem-vu-1.yaml: title: must be text") for p in problems(root))


def test_the_site_name_is_the_configured_one(real_build):
    default = TestClient(create_app(real_build))
    assert '<a class="brand" href="/">Theo dõi Nghị quyết' in default.get("/").text
    assert '<a class="brand" href="/en/">Resolution Tracker' in default.get("/en/").text
    named = TestClient(create_app(Settings(content_dir=real_build.content_dir, build_dir=real_build.build_dir,
                                           base_url="http://testserver", site_name="Bản tin Nghị quyết")))
    for path in ("/", "/en/", "/bac-ninh/chi-tieu/7"):
        page = named.get(path).text
        assert '<meta property="og:site_name" content="Bản tin Nghị quyết">' in page and "Theo dõi" not in page
    oembed = named.get("/oembed", params={"url": "http://testserver/bac-ninh/chi-tieu/7"}).json()
    assert oembed["provider_name"] == "Bản tin Nghị quyết"
