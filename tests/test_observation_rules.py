"""The rules of observations.csv, full_text.yaml and glossary.yaml, and of the dates they carry,
each broken once: `portal check` must say exactly which row or entry, which field and what is
wrong, and a good file must load every value as written. (For the mutation run of issue #16:
each test here fails if one line of `_load_observations`, `parse_date`, `_load_blocks`,
`_load_glossary` or `_texts` in portal/content.py is changed.)"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest

from portal.content import _texts, load_content, parse_date

from .conftest import obs_line
from .test_content import edit, problems

OBS = "content/observations.csv"
FULL = "content/full_text.yaml"
GLOSSARY = "content/glossary.yaml"
TARGET = "items/chi-tieu-1.yaml"

# A row that loads: the fixture's indicator, a year, its own unit, a date, a publisher, an address.
GOOD = dict(indicator="chi-tieu-1.che-phu-rung", period="2027", value="30", unit="%", status="official",
            role="measurement", scope="tỉnh", published="2028-01-01", publisher="Cục C",
            source_url="https://c.example/z")

REQUIRED = ("indicator,period,value,unit,status,role,scope,published,publisher,source_url,note,note_en")
OPTIONAL = ("unit_en,qualifier,measure,measure_en,authority,context_for,via,caveat,caveat_en,correction,corrected,"
            "correction_reason,correction_reason_en")
HEADER_RULE = f"{OBS}: header: columns must be {REQUIRED}, optionally with {OPTIONAL}, each once"


def add_rows(root: Path, *lines: str) -> None:
    p = root / "observations.csv"
    p.write_text(p.read_text(encoding="utf-8") + "".join(lines), encoding="utf-8")


def write_csv(root: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (root / "observations.csv").write_text(buf.getvalue(), encoding="utf-8")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- parse_date -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,parts", [
    ("2025", (2025, 0, 0)),
    ("2025-01", (2025, 1, 0)),
    ("2025-12", (2025, 12, 0)),
    ("2025-11-30", (2025, 11, 30)),
    ("2024-02-29", (2024, 2, 29)),  # a leap day
    ("2025-01-01", (2025, 1, 1)),
    ("2025-12-31", (2025, 12, 31)),
])
def test_a_date_is_a_year_a_month_or_a_day_and_missing_parts_are_zero(value, parts):
    assert parse_date(value) == parts


@pytest.mark.parametrize("value", [
    "", None, "25", "20251", "2025-1", "2025-1-01", "2025-01-1", "2025/01/01", "01-01-2025", "2025-01-01x",
    "x2025", "2025-13", "2025-13-01", "2025-02-29", "2025-02-30", "2025-04-31", "2025-01-32", "năm 2025",
])
def test_anything_else_is_not_a_date(value):
    assert parse_date(value) is None


@pytest.mark.parametrize("value", ["2025-00", "2025-12-00", "2025-00-00", "0000"])
def test_a_month_or_day_written_00_or_the_year_0000_is_not_a_date(value):
    assert parse_date(value) is None


def test_a_figure_published_in_the_year_0000_is_refused(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"published": "0000"}))
    assert problems(fixture_content) == [
        f"{OBS}:4: published: '0000' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"]


# --- _texts -----------------------------------------------------------------------------------------

def test_every_text_of_a_yaml_tree_is_found_with_where_it_is():
    tree = {"title": "A", "areas": [{"id": "x", "name": "B"}, "C", [5, "D"]], "n": 5, "yes": True, "none": None,
            "en": {"title": "E", "list": []}}
    assert _texts(tree) == [("title", "A"), ("areas[0].id", "x"), ("areas[0].name", "B"), ("areas[1]", "C"),
                            ("areas[2][1]", "D"), ("en.title", "E")]


def test_a_text_alone_is_found_where_it_is_and_a_list_at_the_top_has_no_name_before_its_index():
    assert _texts("A") == [("", "A")]
    assert _texts(["A", {"b": "B"}]) == [("[0]", "A"), ("[1].b", "B")]
    assert _texts({"a": "A"}, "doc") == [("doc.a", "A")]
    assert _texts(5) == [] and _texts(None) == []


def test_a_document_text_not_in_nfc_deep_in_a_list_is_named_by_its_path(fixture_content):
    path = fixture_content / "document.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("  name: ") + len("  name: ")
    end = text.index("\n", at)
    path.write_text(text[:at] + nfd(text[at:end]) + text[end:], encoding="utf-8")
    assert problems(fixture_content) == ["content/document.yaml: areas[0].name: text is not in Unicode NFC "
                                         "(composed) form"]


# --- observations.csv: the file and its header -------------------------------------------------------

def test_a_missing_observations_file_is_named(fixture_content):
    (fixture_content / "observations.csv").unlink()
    assert problems(fixture_content) == [f"{OBS}: -: file is missing"]


def test_observations_that_are_not_utf8_are_named(fixture_content):
    p = fixture_content / "observations.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16"))
    assert problems(fixture_content) == [f"{OBS}: -: file is not UTF-8 text"]


def test_a_file_saved_with_a_byte_order_mark_loads(fixture_content):
    p = fixture_content / "observations.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    rows = load_content(fixture_content).observations
    assert [(r.indicator, r.value) for r in rows] == [("chi-tieu-1.che-phu-rung", 28.0),
                                                      ("chi-tieu-1.che-phu-rung", 29.0)]


def test_an_empty_observations_file_misses_every_column(fixture_content):
    (fixture_content / "observations.csv").write_text("", encoding="utf-8")
    assert problems(fixture_content) == [f"{HEADER_RULE}; missing: {REQUIRED}"]


def test_a_header_with_only_the_required_columns_loads(fixture_content):
    write_csv(fixture_content, [REQUIRED.split(","),
                                [GOOD.get(c, "") for c in REQUIRED.split(",")]])
    [o] = load_content(fixture_content).observations
    assert (o.row, o.value, o.authority, o.qualifier, o.context_for, o.unit_en) == (2, 30.0, "press", "", [], "%")


def test_a_column_named_twice_is_refused_without_a_list_of_unknown_or_missing_ones(fixture_content):
    columns = REQUIRED.split(",") + ["note"]
    write_csv(fixture_content, [columns, [GOOD.get(c, "") for c in columns]])
    assert problems(fixture_content) == [HEADER_RULE]


def test_unknown_columns_are_listed(fixture_content):
    columns = REQUIRED.split(",") + ["comment", "extra"]
    write_csv(fixture_content, [columns, [GOOD.get(c, "") for c in columns]])
    assert problems(fixture_content) == [f"{HEADER_RULE}; unknown: comment,extra"]


def test_missing_columns_are_listed(fixture_content):
    columns = [c for c in REQUIRED.split(",") if c not in ("scope", "note")]
    write_csv(fixture_content, [columns, [GOOD.get(c, "") for c in columns]])
    assert problems(fixture_content) == [f"{HEADER_RULE}; missing: scope,note"]


def test_a_header_with_no_row_loads_no_figure(fixture_content):
    write_csv(fixture_content, [REQUIRED.split(",")])
    assert load_content(fixture_content).observations == []


# --- observations.csv: the rows ---------------------------------------------------------------------

def test_a_row_names_its_line_counting_blank_lines(fixture_content):
    add_rows(fixture_content, "\n", ", , ,\n", obs_line(**GOOD | {"status": "guess"}))
    assert problems(fixture_content) == [
        f"{OBS}:6: status: 'guess' is not one of official, preliminary, estimate, projection"]


def test_a_row_with_the_wrong_number_of_columns_is_checked_no_further(fixture_content):
    add_rows(fixture_content, "chi-tieu-1.khong-co,2027,30,1\n", obs_line(**GOOD | {"role": "guess"}))
    assert problems(fixture_content) == [
        f"{OBS}:4: -: has 4 columns, expected 25 (a value with a comma must be in double quotes)",
        f"{OBS}:5: role: 'guess' is not one of measurement, context"]


def test_every_bad_row_is_reported_not_only_the_first(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"value": "x"}), obs_line(**GOOD),
             obs_line(**GOOD | {"status": "guess"}))
    assert problems(fixture_content) == [
        f"{OBS}:4: value: 'x' is not a number (write 8700 or 10.27: no spaces, no thousands separator, "
        "a dot for decimals)",
        f"{OBS}:6: status: 'guess' is not one of official, preliminary, estimate, projection"]


def test_a_good_row_loads_every_value_as_written(fixture_content):
    row = GOOD | dict(value="-30.25", unit=" % ", status="preliminary", scope=" tỉnh ", published="2028-01",
                      note="Ghi chú.", note_en="A note.", qualifier="gần", measure="Độ che phủ", measure_en="Cover",
                      authority="issuer", via="https://d.example/", correction="superseded",
                      corrected="2028-02-01", correction_reason="Số mới.", correction_reason_en="New figure.")
    add_rows(fixture_content, obs_line(**row))
    rows = load_content(fixture_content).observations
    assert [r.row for r in rows] == [2, 3, 4]
    o = rows[-1]
    assert (o.indicator, o.period, o.value, o.unit, o.status, o.role, o.scope, o.published, o.publisher,
            o.source_url, o.note, o.note_en) == (
        "chi-tieu-1.che-phu-rung", "2027", -30.25, "%", "preliminary", "measurement", "tỉnh", "2028-01", "Cục C",
        "https://c.example/z", "Ghi chú.", "A note.")
    assert (o.correction, o.corrected, o.correction_reason, o.correction_reason_en) == (
        "superseded", "2028-02-01", "Số mới.", "New figure.")
    assert (o.qualifier, o.measure, o.measure_en, o.authority, o.via, o.unit_en, o.context_for, o.caveat,
            o.caveat_en) == ("gần", "Độ che phủ", "Cover", "issuer", "https://d.example/", "%", [], "", "")


def test_the_first_rows_of_the_fixture_load(fixture_content):
    a, b = load_content(fixture_content).observations
    assert (a.row, a.period, a.value, a.status, a.published, a.publisher, a.source_url, a.scope) == (
        2, "2025", 28.0, "estimate", "2025-12-01", "Báo A", "https://a.example/x", "tỉnh")
    assert (b.row, b.period, b.value, b.status, b.authority) == (3, "2026", 29.0, "official", "press")


def test_a_row_without_an_english_unit_takes_the_indicators_or_its_conversions(fixture_content):
    edit(fixture_content / TARGET, "  unit: '%'\n", "  unit: '%'\n  unit_en: per cent\n  conversions:\n"
                                                  "  - {unit: phần nghìn, divide_by: 0.1, unit_en: per mille}\n")
    add_rows(fixture_content, obs_line(**GOOD | {"unit": "phần nghìn", "value": "300"}),
             obs_line(**GOOD | {"unit_en": "pc"}))
    rows = load_content(fixture_content).observations
    assert [(r.unit, r.unit_en) for r in rows] == [("%", "per cent"), ("%", "per cent"), ("phần nghìn", "per mille"),
                                                   ("%", "pc")]


def test_a_measurement_in_a_unit_of_neither_the_indicator_nor_a_conversion_is_refused(fixture_content):
    edit(fixture_content / TARGET, "  unit: '%'\n",
         "  unit: '%'\n  conversions:\n  - {unit: phần nghìn, divide_by: 0.1}\n")
    add_rows(fixture_content, obs_line(**GOOD | {"unit": "phần nghìn"}), obs_line(**GOOD | {"unit": "ha"}))
    assert problems(fixture_content) == [
        f"{OBS}:5: unit: 'ha' does not match the indicator's unit '%' (nor a declared conversion)"]


def test_a_context_row_may_have_its_own_unit_and_a_span_of_years(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"role": "context", "unit": "ha", "period": "2021-2025",
                                                 "context_for": "chi-tieu-1"}))
    o = load_content(fixture_content).observations[-1]
    assert (o.role, o.unit, o.period, o.context_for) == ("context", "ha", "2021-2025", ["chi-tieu-1"])


def test_a_measurement_of_an_unknown_indicator_is_named_once(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"indicator": "chi-tieu-9.x", "unit": "ha", "period": "2021-2025"}))
    assert problems(fixture_content) == [f"{OBS}:4: indicator: 'chi-tieu-9.x' is not the id of any indicator"]


def test_a_measurement_whose_period_cannot_be_read_has_that_one_problem(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"period": "2027-2026"}))
    assert problems(fixture_content) == [
        f"{OBS}:4: period: must be a period such as 2026, 2021-2025, 2026-Q1, 2026-H1 or 2026-01..2026-09, "
        "not '2027-2026'"]


def test_context_for_names_targets_only_each_checked(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"role": "context", "context_for": "chi-tieu-1  nhiem-vu-1 x"}))
    assert problems(fixture_content) == [
        f"{OBS}:4: context_for: 'nhiem-vu-1' is not the id of a target",
        f"{OBS}:4: context_for: 'x' is not the id of a target"]


def test_a_context_row_may_serve_several_targets(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"role": "context", "context_for": " chi-tieu-1 chi-tieu-1 "}))
    assert load_content(fixture_content).observations[-1].context_for == ["chi-tieu-1", "chi-tieu-1"]


def test_a_caveat_may_come_without_english_but_not_the_other_way(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"caveat": "Tính khác."}))
    o = load_content(fixture_content).observations[-1]
    assert (o.caveat, o.caveat_en) == ("Tính khác.", "")
    add_rows(fixture_content, obs_line(**GOOD | {"caveat_en": "Counted differently."}))
    assert problems(fixture_content) == [f"{OBS}:5: caveat: is missing while caveat_en is given"]


@pytest.mark.parametrize("authority", ["issuer", "statistics", "press-report", "press"])
def test_each_authority_is_kept(fixture_content, authority):
    add_rows(fixture_content, obs_line(**GOOD | {"authority": authority}))
    assert load_content(fixture_content).observations[-1].authority == authority


@pytest.mark.parametrize("qualifier", ["gần", "khoảng", "trên", "hơn", "dưới", "ước"])
def test_each_qualifier_is_kept(fixture_content, qualifier):
    add_rows(fixture_content, obs_line(**GOOD | {"qualifier": qualifier}))
    assert load_content(fixture_content).observations[-1].qualifier == qualifier


@pytest.mark.parametrize("status", ["official", "preliminary", "estimate", "projection"])
def test_each_status_is_kept(fixture_content, status):
    add_rows(fixture_content, obs_line(**GOOD | {"status": status}))
    assert load_content(fixture_content).observations[-1].status == status


@pytest.mark.parametrize("change,expected", [
    ({"published": "2028/01/01"}, "published: '2028/01/01' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    ({"published": ""}, "published: '' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
    ({"unit": "ha"}, "unit: 'ha' does not match the indicator's unit '%' (nor a declared conversion)"),
    ({"value": " "}, "value: '' is not a number (write 8700 or 10.27: no spaces, no thousands separator, a dot for "
                     "decimals)"),
    ({"value": "1e3"}, "value: '1e3' is not a number (write 8700 or 10.27: no spaces, no thousands separator, a dot "
                       "for decimals)"),
    ({"status": "Official"}, "status: 'Official' is not one of official, preliminary, estimate, projection"),
    ({"role": ""}, "role: '' is not one of measurement, context"),
    ({"source_url": "https://example"}, "source_url: is missing or not a web address: every figure needs its "
                                        "source"),
    ({"source_url": ""}, "source_url: is missing or not a web address: every figure needs its source"),
    ({"correction": "withdrawn"}, "corrected: '' is not a day (YYYY-MM-DD): a withdrawn row needs the day it "
                                  "stopped counting"),
    ({"corrected": "2028-02-01"}, "correction: is empty but corrected or correction_reason is filled: write "
                                  "withdrawn or superseded, or empty the other columns"),
])
def test_row_problems_word_for_word(fixture_content, change, expected):
    add_rows(fixture_content, obs_line(**GOOD | change))
    out = problems(fixture_content)
    assert out[0] == f"{OBS}:4: {expected}", out


def test_a_withdrawn_row_needs_a_day_and_a_reason(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"correction": "withdrawn"}))
    assert problems(fixture_content) == [
        f"{OBS}:4: corrected: '' is not a day (YYYY-MM-DD): a withdrawn row needs the day it stopped counting",
        f"{OBS}:4: correction_reason: is missing: say why the row is withdrawn (never delete a row)"]


def test_values_are_read_without_the_spaces_around_them(fixture_content):
    add_rows(fixture_content, ",".join(f" {GOOD.get(c, '')} " if GOOD.get(c) else ""
                                       for c in (fixture_content / "observations.csv").read_text(
                                           encoding="utf-8").splitlines()[0].split(",")) + "\n")
    o = load_content(fixture_content).observations[-1]
    assert (o.indicator, o.period, o.value, o.publisher, o.source_url, o.published) == (
        "chi-tieu-1.che-phu-rung", "2027", 30.0, "Cục C", "https://c.example/z", "2028-01-01")


def test_text_not_in_nfc_is_named_in_each_column(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"note": nfd("Ghi chú"), "measure": nfd("Độ")}))
    assert problems(fixture_content) == [f"{OBS}:4: measure: text is not in Unicode NFC form",
                                         f"{OBS}:4: note: text is not in Unicode NFC form"]


def test_a_row_with_several_problems_lists_them_in_the_order_of_the_checks(fixture_content):
    add_rows(fixture_content, obs_line(indicator="x", period="p", value="v", unit="u", status="s", role="r",
                                       qualifier="q", authority="a", context_for="t", caveat_en="c", published="d",
                                       source_url="e"))
    w = f"{OBS}:4"
    assert problems(fixture_content) == [
        f"{w}: indicator: 'x' is not the id of any indicator",
        f"{w}: period: must be a period such as 2026, 2021-2025, 2026-Q1, 2026-H1 or 2026-01..2026-09, not 'p'",
        f"{w}: value: 'v' is not a number (write 8700 or 10.27: no spaces, no thousands separator, a dot for "
        "decimals)",
        f"{w}: status: 's' is not one of official, preliminary, estimate, projection",
        f"{w}: role: 'r' is not one of measurement, context",
        f"{w}: qualifier: 'q' is not one of gần, khoảng, trên, hơn, dưới, ước (or empty)",
        f"{w}: authority: 'a' is not one of issuer, statistics, press-report, press",
        f"{w}: context_for: 't' is not the id of a target",
        f"{w}: context_for: only a context row can be shown on other targets",
        f"{w}: caveat: is missing while caveat_en is given",
        f"{w}: published: 'd' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
        f"{w}: publisher: is missing: every figure needs who published it",
        f"{w}: source_url: is missing or not a web address: every figure needs its source",
    ]


# --- full_text.yaml ---------------------------------------------------------------------------------

FULL_TEXT = """\
- kind: title
  text: NGHỊ QUYẾT THỬ
- item: chi-tieu-1
  text: (1) Tỷ lệ che phủ rừng đạt 30,65%.
- item: nhiem-vu-1
  text: (1) Phát triển hạ tầng giao thông.
  notes:
  - Ghi chú thử.
"""


def full_text(root: Path, text: str) -> None:
    (root / "full_text.yaml").write_text(text, encoding="utf-8")


def test_the_paragraphs_load_with_their_kind_text_items_and_notes(fixture_content):
    full_text(fixture_content, FULL_TEXT + "- kind: heading\n  text: ' II. Phần hai '\n  text_en: ' Part two '\n"
              "- item: [chi-tieu-1, nhiem-vu-1, chi-tieu-1]\n  kind: signature\n  text: Ký tên.\n"
              "  notes: [Một, ' Hai ']\n  notes_en: [One, ' Two ']\n")
    blocks = load_content(fixture_content).blocks
    assert [(b.position, b.kind, b.text, b.items, b.notes, b.notes_en, b.text_en, b.anchors) for b in blocks] == [
        (0, "title", "NGHỊ QUYẾT THỬ", [], [], [], "", []),
        (1, "paragraph", "(1) Tỷ lệ che phủ rừng đạt 30,65%.", ["chi-tieu-1"], [], [], "", ["chi-tieu-1"]),
        (2, "paragraph", "(1) Phát triển hạ tầng giao thông.", ["nhiem-vu-1"], ["Ghi chú thử."], [], "",
         ["nhiem-vu-1"]),
        (3, "heading", " II. Phần hai ", [], [], [], "Part two", []),
        (4, "signature", "Ký tên.", ["chi-tieu-1", "nhiem-vu-1"], ["Một", "Hai"], ["One", "Two"], "", []),
    ]


def test_an_item_gathers_its_paragraphs_notes_and_their_english(fixture_content):
    full_text(fixture_content, FULL_TEXT + "- item: [chi-tieu-1, nhiem-vu-1]\n  text: Đoạn chung.\n"
              "  notes: [Một, Hai]\n  notes_en: [One, Two]\n- item: chi-tieu-1\n  text: Đoạn ba.\n"
              "  notes: [Ba]\n")
    c = load_content(fixture_content)
    a, b = c.item("chi-tieu-1"), c.item("nhiem-vu-1")
    assert a.source_text == "(1) Tỷ lệ che phủ rừng đạt 30,65%.\n\nĐoạn chung.\n\nĐoạn ba."
    assert (a.notes, a.notes_en) == (["Một", "Hai", "Ba"], ["One", "Two", ""])
    assert b.source_text == "(1) Phát triển hạ tầng giao thông.\n\nĐoạn chung."
    assert (b.notes, b.notes_en) == (["Ghi chú thử.", "Một", "Hai"], ["", "One", "Two"])


def test_items_follow_the_first_paragraph_that_carries_them(fixture_content):
    full_text(fixture_content, "- item: nhiem-vu-1\n  text: A.\n- item: chi-tieu-1\n  text: B.\n"
              "- item: nhiem-vu-1\n  text: C.\n")
    c = load_content(fixture_content)
    assert [i.id for i in c.items] == ["nhiem-vu-1", "chi-tieu-1"]
    assert [b.anchors for b in c.blocks] == [["nhiem-vu-1"], ["chi-tieu-1"], []]


def test_a_missing_full_text_is_named_once(fixture_content):
    (fixture_content / "full_text.yaml").unlink()
    assert problems(fixture_content) == [f"{FULL}: -: file is missing"]


def test_an_empty_full_text_is_named_once(fixture_content):
    full_text(fixture_content, "")
    assert problems(fixture_content) == [f"{FULL}: -: file is empty (a list with nothing in it is written [])"]


def test_a_full_text_that_is_not_a_list_is_named_once(fixture_content):
    full_text(fixture_content, "kind: title\n")
    assert problems(fixture_content) == [f"{FULL}: -: must be a list of paragraphs"]


def test_a_paragraph_that_is_not_a_mapping_is_skipped_and_the_next_ones_checked(fixture_content):
    full_text(fixture_content, "- just text\n" + FULL_TEXT + "- kind: chapter\n  text: X.\n")
    assert problems(fixture_content) == [
        f"{FULL}: [0]: must be a mapping with kind and text",
        f"{FULL}: [4].kind: 'chapter' is not one of letterhead, title, heading, paragraph, signature"]


def test_conversion_debris_is_named_at_its_paragraph(fixture_content):
    full_text(fixture_content, FULL_TEXT + "- item: chi-tieu-1\n  text: '[bookmark: _x] B.'\n")
    assert problems(fixture_content) == [f"{FULL}: [3].text: contains conversion debris '[bookmark: …]'"]


@pytest.mark.parametrize("kind", ["letterhead", "title", "heading", "paragraph", "signature"])
def test_each_kind_of_paragraph_loads(fixture_content, kind):
    full_text(fixture_content, FULL_TEXT + f"- kind: {kind}\n  text: X.\n")
    assert load_content(fixture_content).blocks[-1].kind == kind


@pytest.mark.parametrize("value", ["5", "[chi-tieu-1, 5]", "{a: b}"])
def test_the_item_of_a_paragraph_is_an_id_or_a_list_of_ids(fixture_content, value):
    full_text(fixture_content, FULL_TEXT + f"- item: {value}\n  text: X.\n")
    assert problems(fixture_content) == [f"{FULL}: [3].item: must be an item id or a list of item ids"]


def test_an_unknown_item_of_a_paragraph_is_named(fixture_content):
    full_text(fixture_content, FULL_TEXT + "- item: [chi-tieu-1, chi-tieu-9]\n  text: X.\n- item: nhiem-vu-9\n"
              "  text: Y.\n")
    assert problems(fixture_content) == [
        f"{FULL}: [3].item: 'chi-tieu-9' is not the id of any item in the items folder",
        f"{FULL}: [4].item: 'nhiem-vu-9' is not the id of any item in the items folder"]


def test_an_item_no_paragraph_carries_is_named_in_its_own_file(fixture_content):
    full_text(fixture_content, "- item: nhiem-vu-1\n  text: A.\n")
    assert problems(fixture_content) == [
        f"content/{TARGET}: id: no paragraph of {FULL} carries item: chi-tieu-1 (its original wording)"]


def test_an_item_without_an_id_is_not_asked_for_its_wording_again(fixture_content):
    edit(fixture_content / "items/nhiem-vu-1.yaml", "id: nhiem-vu-1\n", "")
    edit(fixture_content / TARGET, "related: [nhiem-vu-1]", "related: []")
    full_text(fixture_content, "- item: chi-tieu-1\n  text: A.\n")
    assert problems(fixture_content) == ["content/items/nhiem-vu-1.yaml: id: is missing or empty"]


def test_english_notes_must_match_the_notes_one_for_one(fixture_content):
    full_text(fixture_content, FULL_TEXT + "- item: chi-tieu-1\n  text: X.\n  notes: [A, B]\n  notes_en: [One]\n"
              "- item: chi-tieu-1\n  text: Y.\n  notes_en: [One]\n")
    assert problems(fixture_content) == [
        f"{FULL}: [3].notes_en: has 1 note(s) but notes has 2; give the English of each note, in the same order",
        f"{FULL}: [4].notes_en: has 1 note(s) but notes has 0; give the English of each note, in the same order"]


def test_paragraph_texts_and_notes_are_checked_by_name(fixture_content):
    full_text(fixture_content, FULL_TEXT + "- item: chi-tieu-1\n  text: ''\n  notes: ghi chú\n  text_en: [a]\n"
              f"- item: chi-tieu-1\n  text: {nfd('Đoạn')}\n  notes_en: [{nfd('Ghi chú')}]\n  notes: [a]\n")
    assert problems(fixture_content) == [
        f"{FULL}: [3].text: is missing or empty",
        f"{FULL}: [3].notes: must be a list of text values",
        f"{FULL}: [3].text_en: must be text, not list",
        f"{FULL}: [4].text: text is not in Unicode NFC (composed) form",
        f"{FULL}: [4].notes_en: {nfd('Ghi chú')!r} is not in Unicode NFC form"]


def test_only_a_heading_carries_english(fixture_content):
    full_text(fixture_content, FULL_TEXT + "- kind: title\n  text: X.\n  text_en: X\n- text: Y.\n  text_en: Y\n")
    assert problems(fixture_content) == [
        f"{FULL}: [3].text_en: only headings carry an English text (for the contents list)",
        f"{FULL}: [4].text_en: only headings carry an English text (for the contents list)"]


# --- glossary.yaml ----------------------------------------------------------------------------------

ENTRY = """\
- id: che-phu-rung
  term: Tỷ lệ che phủ rừng
  definition: Phần diện tích đất có rừng.
"""


def glossary(root: Path, text: str) -> None:
    (root / "glossary.yaml").write_text(ENTRY + text, encoding="utf-8")


def test_a_glossary_entry_loads_every_field(fixture_content):
    glossary(fixture_content, "- id: ' gdp '\n  term: ' Tổng sản phẩm '\n  abbreviations: [GRDP, ' GDP ']\n"
             "  synonyms: [tổng sản phẩm trên địa bàn]\n  search_terms: [tăng trưởng]\n"
             "  definition: ' Giá trị tạo ra. '\n  en: {term: ' Gross product ', definition: ' Value made. ',"
             " synonyms: [output], abbreviations: [GRDP], search_terms: [growth]}\n")
    a, b = load_content(fixture_content).terms
    assert (a.id, a.term, a.abbreviations, a.synonyms, a.search_terms, a.definition, a.en) == (
        "che-phu-rung", "Tỷ lệ che phủ rừng", [], [], [], "Phần diện tích đất có rừng.",
        {"term": "", "definition": "", "synonyms": [], "abbreviations": [], "search_terms": []})
    assert (b.id, b.term, b.abbreviations, b.synonyms, b.search_terms, b.definition) == (
        "gdp", "Tổng sản phẩm", ["GRDP", "GDP"], ["tổng sản phẩm trên địa bàn"], ["tăng trưởng"], "Giá trị tạo ra.")
    assert b.en == {"term": "Gross product", "definition": "Value made.", "synonyms": ["output"],
                    "abbreviations": ["GRDP"], "search_terms": ["growth"]}


def test_english_term_and_definition_are_read_as_text(fixture_content):
    glossary(fixture_content, "- id: nam\n  term: Năm\n  definition: Mười hai tháng.\n"
             "  en: {term: 2026, definition: 12}\n")
    assert load_content(fixture_content).terms[1].en == {"term": "2026", "definition": "12", "synonyms": [],
                                                        "abbreviations": [], "search_terms": []}


def test_an_empty_glossary_is_named_and_has_no_terms(fixture_content):
    (fixture_content / "glossary.yaml").write_text("", encoding="utf-8")
    assert problems(fixture_content) == [f"{GLOSSARY}: -: file is empty (a list with nothing in it is written [])",
                                         f"content/{TARGET}: terms: 'che-phu-rung' is not an id in glossary.yaml"]


def test_a_glossary_of_no_terms_loads(fixture_content):
    (fixture_content / "glossary.yaml").write_text("[]\n", encoding="utf-8")
    edit(fixture_content / TARGET, "terms: [che-phu-rung]", "terms: []")
    assert load_content(fixture_content).terms == []


def test_a_glossary_that_is_not_a_list_is_named_once(fixture_content):
    (fixture_content / "glossary.yaml").write_text("id: x\n", encoding="utf-8")
    assert problems(fixture_content) == [
        f"{GLOSSARY}: -: must be a list of terms",
        f"content/{TARGET}: terms: 'che-phu-rung' is not an id in glossary.yaml"]


def test_an_entry_that_is_not_a_mapping_is_skipped_and_the_next_ones_checked(fixture_content):
    glossary(fixture_content, "- just a word\n- id: x\n  definition: D.\n")
    assert problems(fixture_content) == [f"{GLOSSARY}: [1]: must be a mapping",
                                         f"{GLOSSARY}: [2].term: is missing or empty"]


def test_each_field_of_an_entry_is_named_when_wrong(fixture_content):
    glossary(fixture_content, f"- term: {nfd('Rừng')}\n  abbreviations: R\n  synonyms: [1]\n  search_terms: x\n"
             "  definition: [a]\n  en: {synonyms: x, abbreviations: [1], search_terms: [2]}\n")
    assert problems(fixture_content) == [
        f"{GLOSSARY}: [1].id: is missing or empty",
        f"{GLOSSARY}: [1].term: text is not in Unicode NFC (composed) form",
        f"{GLOSSARY}: [1].abbreviations: must be a list of text values",
        f"{GLOSSARY}: [1].synonyms: must be a list of text values",
        f"{GLOSSARY}: [1].search_terms: must be a list of text values",
        f"{GLOSSARY}: [1].definition: must be text, not list",
        f"{GLOSSARY}: [1].en.synonyms: must be a list of text values",
        f"{GLOSSARY}: [1].en.abbreviations: must be a list of text values",
        f"{GLOSSARY}: [1].en.search_terms: must be a list of text values"]


def test_english_that_is_not_a_mapping_is_named_and_the_entry_still_checked(fixture_content):
    glossary(fixture_content, "- id: x\n  term: X\n  en: [Forest]\n")
    assert problems(fixture_content) == [f"{GLOSSARY}: [1].en: must be a mapping",
                                         f"{GLOSSARY}: [1].definition: is missing or empty"]


def test_an_id_used_twice_is_named_at_the_second_entry(fixture_content):
    glossary(fixture_content, "- id: x\n  term: X\n  definition: D.\n- id: x\n  term: Y\n  definition: D.\n"
             "- id: che-phu-rung\n  term: Z\n  definition: D.\n")
    assert problems(fixture_content) == [f"{GLOSSARY}: [2].id: id 'x' is used twice",
                                         f"{GLOSSARY}: [3].id: id 'che-phu-rung' is used twice"]


def test_a_shown_name_may_name_one_entry_only_whatever_its_case(fixture_content):
    rule = "a term or abbreviation may name one entry only"
    glossary(fixture_content, "- id: a\n  term: Rừng\n  abbreviations: [R]\n  definition: D.\n"
             "  en: {term: Forest, abbreviations: [F]}\n"
             "- id: b\n  term: RỪNG\n  abbreviations: [r, tỷ lệ CHE phủ rừng]\n  definition: D.\n"
             "  en: {term: forest, abbreviations: [f]}\n")
    assert problems(fixture_content) == [
        f"{GLOSSARY}: [2].term: 'RỪNG' is already shown for the entry 'a'; {rule}",
        f"{GLOSSARY}: [2].abbreviations: 'r' is already shown for the entry 'a'; {rule}",
        f"{GLOSSARY}: [2].abbreviations: 'tỷ lệ CHE phủ rừng' is already shown for the entry 'che-phu-rung'; {rule}",
        f"{GLOSSARY}: [2].en.term: 'forest' is already shown for the entry 'a'; {rule}",
        f"{GLOSSARY}: [2].en.abbreviations: 'f' is already shown for the entry 'a'; {rule}"]


def test_a_term_and_an_abbreviation_of_one_language_clash_across_entries(fixture_content):
    glossary(fixture_content, "- id: a\n  term: GDP\n  definition: D.\n  en: {term: Output}\n"
             "- id: b\n  term: Tổng sản phẩm\n  abbreviations: [gdp]\n  definition: D.\n"
             "  en: {term: Product, abbreviations: [OUTPUT]}\n")
    rule = "a term or abbreviation may name one entry only"
    assert problems(fixture_content) == [
        f"{GLOSSARY}: [2].abbreviations: 'gdp' is already shown for the entry 'a'; {rule}",
        f"{GLOSSARY}: [2].en.abbreviations: 'OUTPUT' is already shown for the entry 'a'; {rule}"]


def test_the_same_word_may_be_a_vietnamese_name_of_one_entry_and_an_english_one_of_another(fixture_content):
    glossary(fixture_content, "- id: a\n  term: Internet\n  abbreviations: [ICT]\n  definition: D.\n"
             "- id: b\n  term: Mạng\n  definition: D.\n  en: {term: internet, abbreviations: [ict]}\n")
    assert [t.id for t in load_content(fixture_content).terms] == ["che-phu-rung", "a", "b"]


def test_one_entry_may_repeat_its_own_name_and_entries_may_leave_english_out(fixture_content):
    glossary(fixture_content, "- id: a\n  term: GDP\n  abbreviations: [gdp, GDP]\n  definition: D.\n"
             "  en: {term: GDP, abbreviations: [gdp]}\n- id: b\n  term: B\n  definition: D.\n- id: c\n  term: C\n"
             "  definition: D.\n  en: {definition: Only a definition.}\n")
    terms = load_content(fixture_content).terms
    assert [(t.id, t.en["term"], t.en["abbreviations"]) for t in terms] == [
        ("che-phu-rung", "", []), ("a", "GDP", ["gdp"]), ("b", "", []), ("c", "", [])]


def test_a_conversion_without_a_unit_allows_no_unit_for_a_figure(fixture_content):
    edit(fixture_content / TARGET, "  unit: '%'\n", "  unit: '%'\n  conversions: [unit, {divide_by: 2}]\n")
    add_rows(fixture_content, obs_line(**GOOD | {"unit": "ha"}))
    assert problems(fixture_content) == [
        f"content/{TARGET}: indicators[0].conversions[0]: needs a unit and a positive divide_by",
        f"content/{TARGET}: indicators[0].conversions[1]: needs a unit and a positive divide_by",
        f"{OBS}:4: unit: 'ha' does not match the indicator's unit '%' (nor a declared conversion)"]


def test_entries_without_an_id_are_each_named_once(fixture_content):
    glossary(fixture_content, "- term: A\n  definition: D.\n- term: B\n  definition: D.\n")
    assert problems(fixture_content) == [f"{GLOSSARY}: [1].id: is missing or empty",
                                         f"{GLOSSARY}: [2].id: is missing or empty"]


def test_an_unknown_item_named_twice_in_a_paragraph_is_named_once(fixture_content):
    full_text(fixture_content, FULL_TEXT + "- item: [chi-tieu-9, chi-tieu-9]\n  text: X.\n")
    assert problems(fixture_content) == [
        f"{FULL}: [3].item: 'chi-tieu-9' is not the id of any item in the items folder"]


def test_an_unknown_target_named_twice_in_context_for_is_named_once(fixture_content):
    add_rows(fixture_content, obs_line(**GOOD | {"role": "context", "context_for": "x x"}))
    assert problems(fixture_content) == [f"{OBS}:4: context_for: 'x' is not the id of a target"]
