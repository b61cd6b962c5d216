"""Rules of the document model (portal/document.py) on a small document written here by hand: the
messages `portal check` gives for document.yaml, the names of item types in both languages, which
type an item id belongs to, and English fields falling back to Vietnamese."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from portal.document import Document, validation_problems


def _type(tid: str, segment: str, *, numbered: bool = True) -> dict[str, Any]:
    return {"id": tid, "segment": segment, "segment_en": segment + "-en", "label": f"Loại {tid}",
            "label_plural": f"Các loại {tid}", "label_en": f"Kind {tid}", "label_en_plural": f"Kinds {tid}",
            "numbered": numbered}


def shape(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "01-NQ/TEST", "slug": "thu", "title": "Nghị quyết thử", "short_title": "NQ thử",
        "issuer": "Hội đồng thử", "place": "Tỉnh Thử", "adopted": "2020-05-01", "term": "2020-2025",
        "period": "2021-2025", "baseline_year": 2020,
        "areas": [{"id": "kinh-te", "name": "Kinh tế"}],
        "item_types": [_type("target", "muc"), _type("task", "viec", numbered=False)],
        "en": {"title": "Test resolution"},
    }
    data.update(changes)
    return data


def problems_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as exc:
        Document.model_validate(data)
    return validation_problems(exc.value)


def test_a_missing_field_is_named_and_said_to_be_missing():
    data = shape()
    del data["issuer"]
    assert problems_of(data) == [("issuer", "is missing")]


def test_a_wrong_kind_of_value_says_what_was_given():
    assert problems_of(shape(title=["một", "danh sách"])) == [
        ("title", "Input should be a valid string, not list ['một', 'danh sách']")]


def test_a_long_wrong_value_is_cut_to_200_characters():
    [(where, message)] = problems_of(shape(title=["chữ"] * 100))
    assert where == "title"
    assert message.startswith("Input should be a valid string, not list ['chữ', 'chữ'")
    assert len(message) == 200


def test_a_rule_across_fields_has_no_field_and_no_pydantic_prefix():
    types = [_type("target", "muc"), _type("target", "khac")]
    assert problems_of(shape(item_types=types)) == [("-", "item type id target used twice")]


def test_a_problem_inside_a_list_names_its_position():
    types = [_type("target", "muc"), {**_type("task", "viec"), "label": ""}]
    assert problems_of(shape(item_types=types)) == [
        ("item_types[1].label", "String should have at least 1 character")]


def test_item_type_names_in_both_languages_and_numbers():
    target = Document.model_validate(shape()).target_type
    assert [target.name("vi"), target.name("vi", plural=True), target.name("en"), target.name("en", plural=True)] \
        == ["Loại target", "Các loại target", "Kind target", "Kinds target"]


def test_english_fields_fall_back_to_vietnamese():
    doc = Document.model_validate(shape())
    assert doc.loc("title", "en") == "Test resolution"
    assert doc.loc("title", "vi") == "Nghị quyết thử"
    assert doc.loc("place", "en") == "Tỉnh Thử"  # no English given: the Vietnamese, never "None"
    assert doc.loc("baseline_year", "vi") == "2020"


def test_an_item_id_belongs_to_the_type_with_the_longest_matching_segment():
    # "viec" (unnumbered) is a prefix of "viec-lon": the id viec-lon-2 is item 2 of viec-lon,
    # whichever order document.yaml lists the types in.
    types = [_type("task", "viec", numbered=False), _type("target", "viec-lon")]
    doc = Document.model_validate(shape(item_types=types))
    located = doc.locate("viec-lon-2")
    assert located is not None and (located[0].id, located[1]) == ("target", "2")
    other = doc.locate("viec-nho")
    assert other is not None and (other[0].id, other[1]) == ("task", None)
