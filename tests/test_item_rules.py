"""The rules of an item file (portal/content.py: ``_load_items``, ``_indicator``, ``_sources``,
``source_mark_problems``, ``english_unit``), each broken once in the small fixture tree: the whole
problem a user sees in ``portal check`` and the values a page or the API reads are written out by
hand. (Complements test_content_validation.py; written against the mutation run of issue #16.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.content import Indicator, english_unit, load_content, source_mark_problems

from .test_content import edit, problems

F = "content/items/chi-tieu-1.yaml"
T = "content/items/nhiem-vu-1.yaml"
AREAS = "economy, environment, party, security, society"
TYPES = "goal, assessment, target, breakthrough, task, viewpoint, solution, lesson, implementation"


def target(root: Path) -> Path:
    return root / "items" / "chi-tieu-1.yaml"


def task(root: Path) -> Path:
    return root / "items" / "nhiem-vu-1.yaml"


def of(root: Path, start: str) -> list[str]:
    """The problems of one file (and field) only, in the order they are reported."""
    return [p for p in problems(root) if p.startswith(start)]


def add_item(root: Path, item_id: str, text: str) -> None:
    """A new item file with a paragraph of the original that carries it."""
    (root / "items" / f"{item_id}.yaml").write_text(text, encoding="utf-8")
    with (root / "full_text.yaml").open("a", encoding="utf-8") as fh:
        fh.write(f"- item: {item_id}\n  kind: paragraph\n  text: Đoạn của {item_id}.\n")


def goal(item_id: str = "muc-tieu-chung", extra: str = "") -> str:
    return (f"id: {item_id}\ntype: goal\nsection: Thử\ntitle: Mục tiêu\nsummary: Tóm tắt.\nbody: Giải thích.\n"
            f"{extra}")


def indicator(root: Path, old: str, new: str) -> None:
    edit(target(root), old, new)


def the_indicator(root: Path) -> Indicator:
    return load_content(root).item("chi-tieu-1").indicators[0]


# --- _load_items: what an item file loads into -----------------------------------------------------

def test_every_field_of_an_item_is_loaded_as_written(fixture_content):
    c = load_content(fixture_content)
    item = c.item("chi-tieu-1")
    assert (item.id, item.type, item.number, item.section, item.title, item.summary, item.body) == (
        "chi-tieu-1", "target", "1", "Thử", "Che phủ rừng 30,65%", "Tăng diện tích rừng.", "Giải thích dễ hiểu.")
    assert (item.related, item.terms, item.area, item.file, item.sources) == (
        ["nhiem-vu-1"], ["che-phu-rung"], "environment", F, [])
    assert item.en == {"title": "Forest cover", "summary": "More forest.", "body": "Plain words.",
                       "source_translation": "Forest cover 30.65%."}
    assert [i.id for i in item.indicators] == ["chi-tieu-1.che-phu-rung"]
    other = c.item("nhiem-vu-1")
    assert (other.type, other.number, other.area, other.en, other.related, other.indicators, other.file) == (
        "task", "1", None, {}, [], [], T)


def test_english_fields_are_trimmed_and_an_empty_one_is_empty_text(fixture_content):
    edit(target(fixture_content), "en: {title: Forest cover,", "en: {title: '  Forest cover  ', note: null, key: '',")
    edit(task(fixture_content), "en: {}\n", "")
    c = load_content(fixture_content)
    assert c.item("chi-tieu-1").en == {"title": "Forest cover", "note": "", "key": "", "summary": "More forest.",
                                       "body": "Plain words.", "source_translation": "Forest cover 30.65%."}
    assert c.item("nhiem-vu-1").en == {}


def test_english_that_is_not_a_mapping_or_not_text(fixture_content):
    edit(task(fixture_content), "en: {}", "en: Transport")
    edit(target(fixture_content), "en: {title: Forest cover, summary: More forest.,",
         "en: {title: 5, summary: [More forest.],")
    assert of(fixture_content, T) == [f"{T}: en: must be a mapping"]
    assert of(fixture_content, F) == [f"{F}: en.title: must be text", f"{F}: en.summary: must be text"]


def test_a_file_that_cannot_be_read_does_not_stop_the_next_ones(fixture_content):
    (fixture_content / "items" / "a-trong.yaml").write_text("", encoding="utf-8")
    (fixture_content / "items" / "b-danh-sach.yaml").write_text("- a list\n", encoding="utf-8")
    edit(task(fixture_content), "title: Giao thông", "title: ''")
    assert problems(fixture_content) == [
        "content/items/a-trong.yaml: -: file is empty (a list with nothing in it is written [])",
        "content/items/b-danh-sach.yaml: -: must be a mapping of fields",
        f"{T}: title: is missing or empty"]


def test_a_missing_id_is_one_problem_and_no_id_or_number_rule_follows(fixture_content):
    edit(task(fixture_content), "id: nhiem-vu-1\n", "")
    assert of(fixture_content, T) == [f"{T}: id: is missing or empty"]


def test_a_missing_id_of_an_unnumbered_item_is_one_problem(fixture_content):
    add_item(fixture_content, "muc-tieu-chung", goal().replace("id: muc-tieu-chung\n", ""))
    assert of(fixture_content, "content/items/muc-tieu-chung.yaml") == [
        "content/items/muc-tieu-chung.yaml: id: is missing or empty"]


def test_a_missing_type_is_one_problem(fixture_content):
    edit(task(fixture_content), "type: task\n", "")
    assert of(fixture_content, T) == [f"{T}: type: is missing or empty"]


def test_an_unknown_type_names_the_declared_types(fixture_content):
    edit(task(fixture_content), "type: task", "type: plan")
    assert of(fixture_content, T) == [f"{T}: type: unknown type 'plan'; document.yaml declares {TYPES}"]


def test_items_are_still_checked_when_document_yaml_is_broken(fixture_content):
    (fixture_content / "document.yaml").write_text("- a list\n", encoding="utf-8")
    edit(task(fixture_content), "title: Giao thông", "title: ''")
    out = problems(fixture_content)
    assert out[0] == "content/document.yaml: -: must be a mapping of fields"
    assert f"{T}: title: is missing or empty" in out
    assert not [p for p in out if p.startswith((f"{T}: type", f"{T}: number", f"{F}: type", f"{F}: number"))]


def test_a_broken_document_yaml_brings_no_follow_on_area_problem(fixture_content):
    (fixture_content / "document.yaml").write_text("- a list\n", encoding="utf-8")
    assert of(fixture_content, f"{F}: area") == []


# numbers of numbered types

def test_a_number_written_as_a_number_or_as_text_is_text(fixture_content):
    edit(task(fixture_content), "number: 1", "number: '1'")
    add_item(fixture_content, "nhiem-vu-2b", "id: nhiem-vu-2b\ntype: task\nnumber: 2b\ntitle: Hai\nsummary: T.\n"
                                              "body: G.\n")
    add_item(fixture_content, "nhiem-vu-10", "id: nhiem-vu-10\ntype: task\nnumber: 10\ntitle: Mười\nsummary: T.\n"
                                              "body: G.\n")
    c = load_content(fixture_content)
    assert [c.item(i).number for i in ("chi-tieu-1", "nhiem-vu-1", "nhiem-vu-2b", "nhiem-vu-10")] == [
        "1", "1", "2b", "10"]


@pytest.mark.parametrize("line,shown", [("", "None"), ("number: 1.5\n", "1.5"), ("number: '007'\n", "'007'"),
                                        ("number: false\n", "False")])
def test_a_numbered_item_needs_a_number_from_1(fixture_content, line, shown):
    edit(task(fixture_content), "number: 1\n", line)
    assert of(fixture_content, T) == [
        f"{T}: number: must be a number from 1, optionally with a letter (7, 12a), not {shown}"]


def test_the_id_of_a_numbered_item_is_its_segment_and_number(fixture_content):
    edit(task(fixture_content), "number: 1", "number: 1a")
    assert of(fixture_content, T) == [f"{T}: id: an item of type task number 1a must have id nhiem-vu-1a"]


# unnumbered types

@pytest.mark.parametrize("item_id", ["muc-tieu-chung", "muc-tieu-chung-2"])
def test_an_unnumbered_item_loads_without_a_number(fixture_content, item_id):
    add_item(fixture_content, item_id, goal(item_id))
    item = load_content(fixture_content).item(item_id)
    assert (item.type, item.number, item.area, item.indicators) == ("goal", None, None, [])


def test_an_unnumbered_item_may_not_carry_a_number(fixture_content):
    add_item(fixture_content, "muc-tieu-chung", goal(extra="number: 1\n"))
    assert of(fixture_content, "content/items/muc-tieu-chung.yaml") == [
        "content/items/muc-tieu-chung.yaml: number: items of type goal are not numbered (document.yaml); "
        "remove the number"]


def test_an_unnumbered_item_id_must_be_its_segment_or_start_with_it_and_a_dash(fixture_content):
    add_item(fixture_content, "muc-tieu-chungx", goal("muc-tieu-chungx"))
    assert of(fixture_content, "content/items/muc-tieu-chungx.yaml") == [
        "content/items/muc-tieu-chungx.yaml: id: an item of type goal must have the id muc-tieu-chung or one "
        "starting with muc-tieu-chung-"]


# areas, terms, related

def test_a_target_without_an_area_is_told_the_areas(fixture_content):
    edit(target(fixture_content), "area: environment\n", "")
    assert of(fixture_content, f"{F}: area") == [
        f"{F}: area: is missing: a target needs one of the areas of document.yaml ({AREAS})"]


def test_a_target_with_an_unknown_area_is_told_the_areas(fixture_content):
    edit(target(fixture_content), "area: environment", "area: moon")
    assert of(fixture_content, f"{F}: area") == [f"{F}: area: 'moon' is not an area of document.yaml ({AREAS})"]


def test_an_area_that_is_not_text_is_one_problem(fixture_content):
    edit(target(fixture_content), "area: environment", "area: {id: environment}")
    assert of(fixture_content, f"{F}: area") == [f"{F}: area: must be the id of an area, not dict"]


def test_an_item_that_is_not_a_target_needs_no_area(fixture_content):
    assert load_content(fixture_content).item("nhiem-vu-1").area is None


def test_each_unknown_term_is_named(fixture_content):
    edit(target(fixture_content), "terms: [che-phu-rung]", "terms: [rung, che-phu-rung, bien]")
    assert of(fixture_content, f"{F}: terms") == [f"{F}: terms: 'rung' is not an id in glossary.yaml",
                                                  f"{F}: terms: 'bien' is not an id in glossary.yaml"]


def test_related_items_must_exist_and_not_be_the_item_itself(fixture_content):
    edit(task(fixture_content), "related: []", "related: [nhiem-vu-1, chi-tieu-1, dot-pha-9]")
    assert of(fixture_content, T) == [f"{T}: related: an item cannot be related to itself",
                                      f"{T}: related: 'dot-pha-9' is not the id of any item"]


# source marks in the plain-language bodies

SOURCE = "{title: Văn bản, publisher: Bộ A, url: 'https://example.org/a', published: 2025}"


def test_source_marks_are_checked_in_the_body_and_its_english(fixture_content):
    edit(target(fixture_content), "related: [nhiem-vu-1]", f"related: [nhiem-vu-1]\nsources: [{SOURCE}]")
    edit(target(fixture_content), "body: Giải thích dễ hiểu.", "body: Giải thích.[^1] Thêm.[^2]")
    edit(target(fixture_content), "body: Plain words.", "body: 'Plain words.[^1] More.[^3]'")
    assert of(fixture_content, F) == [
        f"{F}: body: the mark [^2] points to source 2, but the item lists 1 source(s) under 'sources'; "
        "add the source or remove the claim",
        f"{F}: en.body: the mark [^3] points to source 3, but the item lists 1 source(s) under 'sources'; "
        "add the source or remove the claim"]


def test_source_marks_count_from_1_to_the_number_of_sources():
    assert source_mark_problems("A.[^1] B.[^2]", 2) == []
    assert source_mark_problems("", 0) == []
    assert source_mark_problems("A.[^0] B.[^1] C.[^3] D.[^1]", 2) == [
        "the mark [^0] points to source 0, but the item lists 2 source(s) under 'sources'; "
        "add the source or remove the claim",
        "the mark [^3] points to source 3, but the item lists 2 source(s) under 'sources'; "
        "add the source or remove the claim"]
    assert source_mark_problems("A.[^1]", 0) == [
        "the mark [^1] points to source 1, but the item lists 0 source(s) under 'sources'; "
        "add the source or remove the claim"]


# indicators of a target

@pytest.mark.parametrize("value", ["", "[]", "chi-tieu-1.che-phu-rung", "{id: chi-tieu-1.che-phu-rung}"])
def test_a_target_needs_a_list_of_indicators(fixture_content, value):
    text = target(fixture_content).read_text(encoding="utf-8")
    start = text.index("indicators:")
    target(fixture_content).write_text(text[:start] + text[text.index("en:", start):].replace(
        "en:", (f"indicators: {value}\n" if value else "") + "en:", 1), encoding="utf-8")
    assert of(fixture_content, F) == [f"{F}: indicators: a target needs at least one indicator"]


def test_indicators_of_an_item_that_is_not_a_target_are_not_read(fixture_content):
    edit(task(fixture_content), "en: {}", "en: {}\nindicators: [{id: x}]")
    assert load_content(fixture_content).item("nhiem-vu-1").indicators == []


# --- _sources ----------------------------------------------------------------------------------------

def _sources(root: Path, text: str) -> None:
    edit(target(root), "related: [nhiem-vu-1]", f"related: [nhiem-vu-1]\nsources: {text}")


def test_a_source_missing_every_field_names_each_required_one(fixture_content):
    _sources(fixture_content, "[{title_en: A text}]")
    assert of(fixture_content, F) == [f"{F}: sources[0].url: is missing or empty",
                                      f"{F}: sources[0].published: is missing or empty",
                                      f"{F}: sources[0].title: is missing or empty",
                                      f"{F}: sources[0].publisher: is missing or empty"]


def test_sources_load_in_order_with_every_date_form_and_both_schemes(fixture_content):
    _sources(fixture_content, "\n- {title: ' Một ', publisher: ' Bộ A ', url: ' http://a.example/x ', "
                              "published: '2025-12-31', title_en: ' One '}\n"
                              "- {title: Hai, publisher: Bộ B, url: 'https://b.example/y', published: 2025-12}\n"
                              "- {title: Ba, publisher: Bộ C, url: 'https://c.example/z', published: 2025}\n"
                              "sources_en: []")
    sources = load_content(fixture_content).item("chi-tieu-1").sources
    assert [(s.title, s.publisher, s.url, s.published, s.title_en) for s in sources] == [
        ("Một", "Bộ A", "http://a.example/x", "2025-12-31", "One"),
        ("Hai", "Bộ B", "https://b.example/y", "2025-12", ""),
        ("Ba", "Bộ C", "https://c.example/z", "2025", "")]


def test_an_empty_list_of_sources_is_no_source(fixture_content):
    _sources(fixture_content, "[]")
    assert load_content(fixture_content).item("chi-tieu-1").sources == []


@pytest.mark.parametrize("url", ["ftp://example.org/a", "https://localhost/a", "example.org/a"])
def test_a_source_address_must_be_a_web_address(fixture_content, url):
    _sources(fixture_content, "[" + SOURCE.replace("https://example.org/a", url) + "]")
    assert of(fixture_content, F) == [f"{F}: sources[0].url: '{url}' is not a web address (http:// or https://)"]


@pytest.mark.parametrize("published", ["2025-12-32", "25-12-01", "tháng 12"])
def test_a_source_date_must_be_a_date(fixture_content, published):
    _sources(fixture_content, "[" + SOURCE.replace("published: 2025", f"published: '{published}'") + "]")
    assert of(fixture_content, F) == [
        f"{F}: sources[0].published: '{published}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"]


@pytest.mark.parametrize("text,expected", [
    ("just a title", "sources: must be a list of sources (title, publisher, url, published)"),
    ("{title: A}", "sources: must be a list of sources (title, publisher, url, published)"),
    (f"[{SOURCE}, 5]", "sources[1]: must be a mapping with title, publisher, url and published"),
])
def test_sources_of_the_wrong_shape(fixture_content, text, expected):
    _sources(fixture_content, text)
    assert of(fixture_content, F) == [f"{F}: {expected}"]


# --- english_unit --------------------------------------------------------------------------------------

def test_the_english_unit_of_a_figure_in_a_declared_conversion(fixture_content):
    indicator(fixture_content, "baseline_year: 2025",
              "baseline_year: 2025\n  unit_en: per cent\n  conversions:\n"
              "  - {unit: phần nghìn, divide_by: 0.1, unit_en: per mille}\n  - {unit: phần mười, divide_by: 10}")
    ind = the_indicator(fixture_content)
    assert [english_unit(u, ind) for u in ("%", "phần nghìn", "phần mười", "ha")] == [
        "per cent", "per mille", "phần mười", "ha"]
    assert english_unit("ha", None) == "ha"


# --- _indicator ------------------------------------------------------------------------------------------

IND = f"{F}: indicators[0]"


def test_an_indicator_loads_its_numbers_as_numbers(fixture_content):
    indicator(fixture_content, "target: 30.65", "target: 31")
    ind = the_indicator(fixture_content)
    assert (ind.id, ind.target_id, ind.target, ind.target_low, ind.target_high) == (
        "chi-tieu-1.che-phu-rung", "chi-tieu-1", 31.0, None, None)
    assert isinstance(ind.target, float)
    assert (ind.kind, ind.comparator, ind.period_start, ind.period_end, ind.deadline, ind.baseline_year) == (
        "level", "at_least", 2026, 2030, 2030, 2025)
    assert (ind.conversions, ind.editorial, ind.expected) == ([], None, [])


def test_a_range_loads_both_bounds_as_numbers_and_needs_no_target(fixture_content):
    indicator(fixture_content, "comparator: at_least\n  target: 30.65",
              "comparator: between\n  target_low: 3\n  target_high: 3.5")
    ind = the_indicator(fixture_content)
    assert (ind.target, ind.target_low, ind.target_high) == (None, 3.0, 3.5)
    assert isinstance(ind.target_low, float)


@pytest.mark.parametrize("key", ["target_low", "target_high"])
def test_a_range_needs_both_bounds(fixture_content, key):
    indicator(fixture_content, "comparator: at_least\n  target: 30.65", f"comparator: between\n  {key}: 3")
    assert of(fixture_content, IND) == [f"{IND}.target_low: a 'between' indicator needs target_low and target_high"]


@pytest.mark.parametrize("key", ["target_low", "target_high"])
def test_a_range_bound_must_be_a_number(fixture_content, key):
    indicator(fixture_content, "comparator: at_least\n  target: 30.65",
              "comparator: between\n  target_low: 3\n  target_high: 4")
    indicator(fixture_content, f"{key}: ", f"{key}: '3,5'\n  old_{key}: ")
    assert of(fixture_content, IND) == [f"{IND}.{key}: must be a number, not '3,5'",
                                      f"{IND}.target_low: a 'between' indicator needs target_low and target_high"]


@pytest.mark.parametrize("value,shown", [("'30,65'", "'30,65'"), ("[30]", "[30]"), ("false", "False")])
def test_a_target_must_be_a_number(fixture_content, value, shown):
    indicator(fixture_content, "target: 30.65", f"target: {value}")
    assert of(fixture_content, IND) == [
        f"{IND}.target: must be a number, not {shown}",
        f"{IND}.target: is missing (every measurable indicator needs its target value)"]


def test_a_goal_of_zero_is_a_level_to_reach(fixture_content):
    indicator(fixture_content, "target: 30.65", "target: 0")
    indicator(fixture_content, "direction: up", "direction: down")
    assert the_indicator(fixture_content).target == 0.0


def test_an_average_rate_without_a_target_is_only_missing_it(fixture_content):
    indicator(fixture_content, "kind: level", "kind: average_rate")
    indicator(fixture_content, "  target: 30.65\n", "")
    assert of(fixture_content, IND) == [f"{IND}.target: is missing (every measurable indicator needs its target value)"]


def test_an_average_rate_range_is_judged_on_its_lower_bound(fixture_content):
    indicator(fixture_content, "kind: level", "kind: average_rate")
    indicator(fixture_content, "comparator: at_least\n  target: 30.65",
              "comparator: between\n  target: -1\n  target_low: 11\n  target_high: 12")
    ind = the_indicator(fixture_content)
    assert (ind.kind, ind.target, ind.target_low, ind.target_high) == ("average_rate", -1.0, 11.0, 12.0)


@pytest.mark.parametrize("value", ["chi-tieu-1.", "chi-tieu-10.rung", "chi-tieu-1-rung", "chi-tieu-1.rừng",
                                   "chi-tieu-1.a.b", "chi-tieu-1.a_b", "chi-tieu-1.A"])
def test_an_indicator_id_is_its_target_a_dot_and_a_slug(fixture_content, value):
    indicator(fixture_content, "id: chi-tieu-1.che-phu-rung", f"id: '{value}'")
    assert of(fixture_content, IND) == [
        f"{IND}.id: must be chi-tieu-1.<slug> (lower-case letters, digits, -), not '{value}'"]


@pytest.mark.parametrize("value", ["chi-tieu-1.a", "chi-tieu-1.ty-le-2030", "chi-tieu-1.9", "chi-tieu-1.-"])
def test_a_slug_of_letters_digits_and_dashes_is_an_indicator_id(fixture_content, value):
    indicator(fixture_content, "id: chi-tieu-1.che-phu-rung", f"id: '{value}'")
    obs = fixture_content / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("chi-tieu-1.che-phu-rung", value), encoding="utf-8")
    assert the_indicator(fixture_content).id == value


def test_an_indicator_id_that_is_a_number_is_read_as_text(fixture_content):
    indicator(fixture_content, "id: chi-tieu-1.che-phu-rung", "id: 5")
    assert of(fixture_content, IND) == [f"{IND}.id: must be chi-tieu-1.<slug> (lower-case letters, digits, -), not '5'"]


def test_an_indicator_id_with_a_trailing_newline_is_refused(fixture_content):
    indicator(fixture_content, "id: chi-tieu-1.che-phu-rung", 'id: "chi-tieu-1.che-phu-rung\\n"')
    assert of(fixture_content, IND) == [
        f"{IND}.id: must be chi-tieu-1.<slug> (lower-case letters, digits, -), not 'chi-tieu-1.che-phu-rung\\n'"]


def test_a_missing_kind_and_comparator_are_named(fixture_content):
    indicator(fixture_content, "  kind: level\n", "")
    indicator(fixture_content, "  comparator: at_least\n", "")
    assert of(fixture_content, IND) == [
        f"{IND}.kind: None is not one of level, average_rate, cumulative, each_year, deadline, range, qualitative",
        f"{IND}.comparator: None is not one of at_least, above, about, between, at_most, below"]


def test_a_direction_must_be_up_or_down(fixture_content):
    indicator(fixture_content, "direction: up", "direction: null")
    assert of(fixture_content, IND) == [f"{IND}.direction: None is not up or down"]


@pytest.mark.parametrize("period", ["1899-1901", "2026-30", "2026–2030", "2026-2030-2031", "2026"])
def test_a_period_is_two_years_from_1900_in_order(fixture_content, period):
    indicator(fixture_content, "period: 2026-2030", f"period: '{period}'")
    assert of(fixture_content, IND) == [
        f"{IND}.period: must be a first and a last year written YYYY-YYYY, not '{period}'"]


@pytest.mark.parametrize("deadline,shown", [("2031", "2031"), ("2025", "2025"), ("'2030'", "'2030'"),
                                            ("null", "None"), ("2030.0", "2030.0")])
def test_a_deadline_is_a_year_of_the_period(fixture_content, deadline, shown):
    indicator(fixture_content, "deadline: 2030", f"deadline: {deadline}")
    assert of(fixture_content, IND) == [f"{IND}.deadline: must be a year inside the period 2026-2030, not {shown}"]


def test_a_deadline_before_the_last_year_is_kept(fixture_content):
    indicator(fixture_content, "deadline: 2030", "deadline: 2027")
    assert the_indicator(fixture_content).deadline == 2027


def test_a_baseline_year_long_before_the_period_is_kept(fixture_content):
    indicator(fixture_content, "baseline_year: 2025", "baseline_year: 2020")
    assert the_indicator(fixture_content).baseline_year == 2020


def test_a_baseline_year_is_checked_against_a_period_that_starts_later(fixture_content):
    indicator(fixture_content, "period: 2026-2030", "period: 2028-2030")
    indicator(fixture_content, "baseline_year: 2025", "baseline_year: 2028")
    assert of(fixture_content, IND) == [f"{IND}.baseline_year: must be a year before the period starts, not 2028"]


def test_a_missing_baseline_year_is_named(fixture_content):
    indicator(fixture_content, "  baseline_year: 2025\n", "")
    assert of(fixture_content, IND) == [f"{IND}.baseline_year: must be a year before the period starts, not None"]


def test_a_unit_that_is_not_text_is_empty(fixture_content):
    indicator(fixture_content, "unit: '%'", "unit: [a]")
    assert of(fixture_content, IND) == [f"{IND}.unit: must be text (may be empty for an index)"]


@pytest.mark.parametrize("conversions,index", [
    ("[{unit: ha, divide_by: 10}, {unit: ha, divide_by: -1}]", 1),
    ("[{unit: ha, divide_by: '10'}]", 0),
    ("[{unit: 5, divide_by: 10}]", 0),
    ("[ha]", 0),
])
def test_each_conversion_needs_a_unit_and_a_positive_number(fixture_content, conversions, index):
    indicator(fixture_content, "baseline_year: 2025", f"baseline_year: 2025\n  conversions: {conversions}")
    assert of(fixture_content, IND) == [f"{IND}.conversions[{index}]: needs a unit and a positive divide_by"]


def test_conversions_load_in_order(fixture_content):
    indicator(fixture_content, "baseline_year: 2025",
              "baseline_year: 2025\n  conversions: [{unit: ha, divide_by: 10, unit_en: ha}, {unit: km2, divide_by: 2}]")
    assert the_indicator(fixture_content).conversions == [{"unit": "ha", "divide_by": 10, "unit_en": "ha"},
                                                          {"unit": "km2", "divide_by": 2}]


@pytest.mark.parametrize("value", ["5", "abc", "{unit: ha, divide_by: 10}"])
def test_conversions_that_are_not_a_list_are_one_problem(fixture_content, value):
    indicator(fixture_content, "baseline_year: 2025", f"baseline_year: 2025\n  conversions: {value}")
    assert of(fixture_content, IND) == [
        f"{IND}.conversions: must be a list of conversions, each with a unit and a divide_by"]


def test_a_conversion_cannot_divide_by_yes(fixture_content):
    indicator(fixture_content, "baseline_year: 2025", "baseline_year: 2025\n  conversions: [{unit: ha, divide_by: "
                                                      "true}]")
    assert of(fixture_content, IND) == [f"{IND}.conversions[0]: needs a unit and a positive divide_by"]


EDITORIAL = ("{status: off-track, reason: Chậm., source_url: 'https://example.org/e', published: '2026-05-01', "
             "publisher: Sở X}")


def test_an_editorial_status_loads_every_field(fixture_content):
    indicator(fixture_content, "baseline_year: 2025", f"baseline_year: 2025\n  editorial: {EDITORIAL}")
    assert the_indicator(fixture_content).editorial == {
        "status": "off-track", "reason": "Chậm.", "source_url": "https://example.org/e", "published": "2026-05-01",
        "publisher": "Sở X"}


@pytest.mark.parametrize("status", ["achieved", "on-track", "needs-effort", "off-track", "no-data"])
def test_each_editorial_status_is_allowed(fixture_content, status):
    indicator(fixture_content, "baseline_year: 2025",
              f"baseline_year: 2025\n  editorial: {EDITORIAL.replace('off-track', status)}")
    assert the_indicator(fixture_content).editorial["status"] == status


def test_an_editorial_status_that_is_not_a_mapping_names_every_field(fixture_content):
    indicator(fixture_content, "baseline_year: 2025", "baseline_year: 2025\n  editorial: off-track")
    assert of(fixture_content, IND) == [
        f"{IND}.editorial.status: must be one of achieved, on-track, needs-effort, off-track, no-data",
        f"{IND}.editorial.reason: an editorial status needs its reason and source",
        f"{IND}.editorial.source_url: an editorial status needs its reason and source",
        f"{IND}.editorial.published: an editorial status needs its reason and source",
        f"{IND}.editorial.publisher: an editorial status needs its reason and source"]


@pytest.mark.parametrize("key", ["reason", "source_url", "published", "publisher"])
def test_an_editorial_status_needs_each_of_its_fields(fixture_content, key):
    indicator(fixture_content, "baseline_year: 2025", f"baseline_year: 2025\n  editorial: {EDITORIAL}")
    indicator(fixture_content, f" {key}: ", f" {key}: '', old_{key}: ")
    assert of(fixture_content, IND) == [f"{IND}.editorial.{key}: an editorial status needs its reason and source"]


def test_names_and_english_units_are_read_as_text(fixture_content):
    indicator(fixture_content, "unit: '%'", "unit: '%'\n  name_en: '  Forest cover'\n  unit_en: ''")
    ind = the_indicator(fixture_content)
    assert (ind.name, ind.name_en, ind.unit, ind.unit_en) == ("Tỷ lệ che phủ rừng", "  Forest cover", "%", "")


def test_expected_publications_are_named_by_the_indicator(fixture_content):
    block = target(fixture_content).read_text(encoding="utf-8")
    start = block.index("- id: chi-tieu-1.che-phu-rung")
    lines = block[start:block.index("en:", start)]
    edit(target(fixture_content), lines, lines + lines.replace("chi-tieu-1.che-phu-rung", "chi-tieu-1.hai")
         .replace("baseline_year: 2025", "baseline_year: 2025\n  expected: [{publisher: Cục, what: Số liệu, "
                                         "month: 13}]"))
    assert of(fixture_content, f"{F}: indicators") == [
        f"{F}: indicators[1].expected[0].month: must be a month number from 1 to 12, not 13"]
