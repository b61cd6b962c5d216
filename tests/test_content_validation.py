"""Each rule of content validation, broken once in the small fixture tree: `portal check` must name
the file, the field and the problem. (Complements test_content.py.)"""

from __future__ import annotations

import csv
import io
import shutil
import unicodedata
from pathlib import Path

import pytest

from portal.content import OBS_REQUIRED, ContentInvalid, Indicator, Problem, english_unit, load_content
from portal.progress import assess

from .conftest import obs_line
from .test_content import edit, problems

TARGET = "items/chi-tieu-1.yaml"
F = "content/items/chi-tieu-1.yaml"


def only(root: Path, prefix: str) -> None:
    out = problems(root)
    assert any(p.startswith(prefix) for p in out), out


@pytest.mark.parametrize("old,new,expected", [
    ("deadline: 2030", "deadline: 2031", f"{F}: indicators[0].deadline: must be a year inside the period 2026-2030"),
    ("deadline: 2030", "deadline: 2025", f"{F}: indicators[0].deadline: must be a year inside the period"),
    ("deadline: 2030", "deadline: 'cuối kỳ'", f"{F}: indicators[0].deadline: must be a year inside the period"),
    ("baseline_year: 2025", "baseline_year: 2026", f"{F}: indicators[0].baseline_year: must be a year before"),
    ("baseline_year: 2025", "baseline_year: 2027", f"{F}: indicators[0].baseline_year: must be a year before"),
    ("period: 2026-2030", "period: '2026'", f"{F}: indicators[0].period: must be a first and a last year"),
    ("direction: up", "direction: sideways", f"{F}: indicators[0].direction: 'sideways' is not up or down"),
    ("comparator: at_least", "comparator: roughly", f"{F}: indicators[0].comparator: 'roughly' is not one of"),
    ("target: 30.65", "target: true", f"{F}: indicators[0].target: must be a number, not True"),
    ("  target: 30.65\n", "", f"{F}: indicators[0].target: is missing"),
    ("comparator: at_least", "comparator: between", f"{F}: indicators[0].target_low: a 'between' indicator needs"),
    ("id: chi-tieu-1.che-phu-rung", "id: chi-tieu-2.che-phu-rung", f"{F}: indicators[0].id: must be chi-tieu-1.<slug>"),
    ("id: chi-tieu-1.che-phu-rung", "id: chi-tieu-1.Che_Phu", f"{F}: indicators[0].id: must be chi-tieu-1.<slug>"),
    ("unit: '%'", "unit: 5", f"{F}: indicators[0].unit: must be text"),
    ("number: 1", "number: 0", f"{F}: number: must be a number from 1, optionally with a letter (7, 12a), not '0'"),
    ("number: 1", "number: 2", f"{F}: id: an item of type target number 2 must have id chi-tieu-2"),
    ("type: target", "type: plan", f"{F}: type: unknown type 'plan'"),
    ("area: environment", "area: moon", f"{F}: area: 'moon' is not an area of document.yaml"),
    ("related: [nhiem-vu-1]", "related: [chi-tieu-1]", f"{F}: related: an item cannot be related to itself"),
    ("id: chi-tieu-1\n", "id: chi-tieu-9\n", f"{F}: id: 'chi-tieu-9' does not match the file name 'chi-tieu-1'"),
    ("en: {title: Forest cover,", "en: {title: 5,", f"{F}: en.title: must be text"),
])
def test_item_and_indicator_rules(fixture_content, old, new, expected):
    edit(fixture_content / TARGET, old, new)
    only(fixture_content, expected)


def _indicator_lines(fixture_content: Path) -> str:
    text = (fixture_content / TARGET).read_text(encoding="utf-8")
    start = text.index("- id: chi-tieu-1.che-phu-rung")
    return text[start:text.index("en:", start)]


def test_range_bounds_in_the_wrong_order(fixture_content):
    edit(fixture_content / TARGET, "comparator: at_least", "comparator: between\n  target_low: 40\n  target_high: 35")
    only(fixture_content, f"{F}: indicators[0].target_low: target_low is larger than target_high")


def test_the_same_indicator_id_twice(fixture_content):
    block = _indicator_lines(fixture_content)
    edit(fixture_content / TARGET, block, block + block)
    only(fixture_content, f"{F}: indicators: indicator id 'chi-tieu-1.che-phu-rung' is used twice")


def test_a_target_without_indicators(fixture_content):
    edit(fixture_content / TARGET, _indicator_lines(fixture_content), "")
    edit(fixture_content / TARGET, "indicators:\n", "indicators: []\n")
    only(fixture_content, f"{F}: indicators: a target needs at least one indicator")


@pytest.mark.parametrize("conversion", ["{unit: 'ha'}", "{unit: 'ha', divide_by: 0}", "{divide_by: 10}"])
def test_conversions_need_a_unit_and_a_positive_divisor(fixture_content, conversion):
    edit(fixture_content / TARGET, "baseline_year: 2025", f"baseline_year: 2025\n  conversions: [{conversion}]")
    only(fixture_content, f"{F}: indicators[0].conversions[0]: needs a unit and a positive divide_by")


EDITORIAL = ("  editorial: {status: needs-effort, reason: Còn chậm., source_url: 'https://example.org/e',"
             " published: '2026-05-01', publisher: Sở X}")


def test_editorial_status_loads_and_decides_a_qualitative_indicator(fixture_content):
    edit(fixture_content / TARGET, "kind: level", "kind: qualitative")
    edit(fixture_content / TARGET, "baseline_year: 2025", "baseline_year: 2025\n" + EDITORIAL)
    ind = load_content(fixture_content).item("chi-tieu-1").indicators[0]
    assert ind.editorial is not None and ind.editorial["publisher"] == "Sở X"
    a = assess(ind, [])
    assert (a.status, a.reason) == ("needs-effort", "editorial")


@pytest.mark.parametrize("old,new,field", [
    ("status: needs-effort", "status: great", "editorial.status"),
    (" source_url: 'https://example.org/e',", "", "editorial.source_url"),
    (" reason: Còn chậm.,", "", "editorial.reason"),
    (", publisher: Sở X", "", "editorial.publisher"),
    (" published: '2026-05-01',", "", "editorial.published"),
])
def test_editorial_status_needs_a_known_status_a_reason_and_a_source(fixture_content, old, new, field):
    edit(fixture_content / TARGET, "baseline_year: 2025", "baseline_year: 2025\n" + EDITORIAL.replace(old, new))
    only(fixture_content, f"{F}: indicators[0].{field}:")


def test_duplicate_glossary_id(fixture_content):
    g = fixture_content / "glossary.yaml"
    text = g.read_text(encoding="utf-8")
    g.write_text(text + text, encoding="utf-8")
    only(fixture_content, "content/glossary.yaml: [1].id: id 'che-phu-rung' is used twice")


def test_glossary_must_be_a_list(fixture_content):
    (fixture_content / "glossary.yaml").write_text("id: x\n", encoding="utf-8")
    only(fixture_content, "content/glossary.yaml: -: must be a list of terms")


OBS = "content/observations.csv"


def _columns(fixture_content: Path) -> int:
    return len((fixture_content / "observations.csv").read_text(encoding="utf-8").splitlines()[0].split(","))


def _append(fixture_content: Path, line: str) -> None:
    """Add a row; the values given are those of the required columns in order (indicator, period,
    value, unit, status, role, scope, published, publisher, source_url, note, note_en); the optional
    columns are left empty, wherever the file's header puts them."""
    p = fixture_content / "observations.csv"
    if line:
        header = p.read_text(encoding="utf-8").splitlines()[0].split(",")
        given = dict(zip(OBS_REQUIRED, next(csv.reader([line])), strict=False))
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow([given.get(c, "") for c in header])
        line = buf.getvalue()
    p.write_text(p.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_csv_row_with_the_wrong_number_of_columns(fixture_content):
    n = _columns(fixture_content)
    p = fixture_content / "observations.csv"
    p.write_text(p.read_text(encoding="utf-8") + "chi-tieu-1.che-phu-rung,2027,30,1,%,official,measurement,tỉnh,"
                 "2028-01-01,C,https://c.example/z" + "," * (n - 10) + "\n", encoding="utf-8")
    only(fixture_content, f"{OBS}:4: -: has {n + 1} columns, expected {n}")


def test_csv_header_names_unknown_and_missing_columns(fixture_content):
    p = fixture_content / "observations.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("source_url", "source", 1), encoding="utf-8")
    out = problems(fixture_content)
    assert any(x.startswith(f"{OBS}: header: columns must be indicator,period,value") for x in out), out
    assert any(x.endswith("unknown: source; missing: source_url") for x in out), out


def test_csv_optional_columns_may_be_left_out(fixture_content):
    """The figure columns added later (qualifier, measure, caveat…) are optional: an older file
    without them still loads, and its rows read as exact figures of the indicator's own measure."""
    p = fixture_content / "observations.csv"
    rows = list(csv.reader(p.read_text(encoding="utf-8").splitlines()))
    keep = [i for i, c in enumerate(rows[0]) if c in OBS_REQUIRED]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
    p.write_text(buf.getvalue(), encoding="utf-8")
    rows = load_content(fixture_content).observations
    assert [(r.value, r.qualifier, r.measure, r.caveat) for r in rows] == [(28, "", "", ""), (29, "", "", "")]


def test_csv_must_be_utf8(fixture_content):
    p = fixture_content / "observations.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16"))
    only(fixture_content, f"{OBS}: -: file is not UTF-8 text")


def test_csv_measurement_over_several_years_and_unknown_role(fixture_content):
    _append(fixture_content, "chi-tieu-1.che-phu-rung,2026-2027,30,%,official,measurement,tỉnh,2028-01-01,C,"
                             "https://c.example/z,,")
    _append(fixture_content, "chi-tieu-1.che-phu-rung,2027,30,%,official,guess,tỉnh,2028-01-01,C,"
                             "https://c.example/z,,")
    only(fixture_content, f"{OBS}:4: period: a measurement is for one year or part of one year")
    only(fixture_content, f"{OBS}:5: role: 'guess' is not one of")


def test_csv_text_not_in_nfc(fixture_content):
    _append(fixture_content, "chi-tieu-1.che-phu-rung,2027,30,%,official,measurement,ti\u0309nh,2028-01-01,C,"
                             "https://c.example/z,,")
    only(fixture_content, f"{OBS}:4: scope: text is not in Unicode NFC form")


def test_a_valid_row_is_kept_and_blank_lines_are_skipped(fixture_content):
    _append(fixture_content, "")
    _append(fixture_content, "chi-tieu-1.che-phu-rung,2027,30.5,%,preliminary,measurement,tỉnh,2028-01,C,"
                             "https://c.example/z,,")
    rows = load_content(fixture_content).observations
    assert [(r.period, r.value, r.status) for r in rows][-1] == ("2027", 30.5, "preliminary")
    assert len(rows) == 3


# --- the exact words of each problem, and edge cases that must load (from the mutation run) ------

def _indicator(fixture_content: Path, old: str, new: str) -> None:
    edit(fixture_content / TARGET, old, new)


def _problems_of(fixture_content: Path, start: str) -> list[str]:
    return [p for p in problems(fixture_content) if p.startswith(start)]


@pytest.mark.parametrize("old,new,expected", [
    ("kind: level", "kind: growth", f"{F}: indicators[0].kind: 'growth' is not one of level, average_rate, "
                                    "cumulative, each_year, deadline, range, qualitative"),
    ("comparator: at_least", "comparator: roughly", f"{F}: indicators[0].comparator: 'roughly' is not one of "
                                                     "at_least, above, about, between, at_most, below"),
    ("  name: Tỷ lệ che phủ rừng\n", "", f"{F}: indicators[0].name: is missing or empty"),
    ("- id: chi-tieu-1.che-phu-rung\n", "- name_en: x\n", f"{F}: indicators[0].id: must be chi-tieu-1.<slug> "
                                                         "(lower-case letters, digits, -), not ''"),
    ("id: chi-tieu-1.che-phu-rung", "id: chi-tieu-1.Che-phu-rung", f"{F}: indicators[0].id: must be "
                                                                   "chi-tieu-1.<slug> (lower-case letters, digits, -), "
                                                                   "not 'chi-tieu-1.Che-phu-rung'"),
    ("comparator: at_least", "comparator: between\n  target_low: 40",
     f"{F}: indicators[0].target_low: a 'between' indicator needs target_low and target_high"),
])
def test_indicator_problems_word_for_word(fixture_content, old, new, expected):
    _indicator(fixture_content, old, new)
    assert expected in problems(fixture_content)


@pytest.mark.parametrize("new,field,refused", [
    ("target: 0", "target", True), ("target: -2", "target", True), ("target: 0.1", "target", False),
    ("comparator: between\n  target_low: 0\n  target_high: 2", "target_low", True),
    ("comparator: between\n  target_low: 0.5\n  target_high: 2", "target_low", False),
])
def test_an_average_rate_goal_of_zero_or_less_is_refused_until_the_method_has_a_rule(fixture_content, new, field,
                                                                                        refused):
    """The method judges an average rate by the growth achieved against the growth needed; with a
    goal of 0 or less nothing is needed and every figure would be "on track" (progress mutant
    _average_rate__mutmut_125), so such a goal is refused rather than judged wrongly."""
    _indicator(fixture_content, "kind: level", "kind: average_rate")
    _indicator(fixture_content, "comparator: at_least" if "between" in new else "target: 30.65", new)
    expected = (f"{F}: indicators[0].{field}: an average yearly rate of 0 or less (a decline) has no rule in the "
                "progress method yet: write the target as a level to reach, or extend the method first")
    if refused:
        assert expected in problems(fixture_content)
    else:  # a small positive goal loads
        indicator = load_content(fixture_content).item("chi-tieu-1").indicators[0]
        assert indicator.kind == "average_rate"


def test_an_indicator_that_is_not_a_mapping(fixture_content):
    text = (fixture_content / TARGET).read_text(encoding="utf-8")
    (fixture_content / TARGET).write_text(text.replace(_indicator_lines(fixture_content), "- just a name\n"),
                                          encoding="utf-8")
    assert f"{F}: indicators[0]: must be a mapping" in problems(fixture_content)


def test_a_period_that_cannot_be_read_is_the_only_problem_of_its_indicator(fixture_content):
    # no follow-on complaints about the deadline or the baseline year, which cannot be checked
    _indicator(fixture_content, "  period: 2026-2030\n", "")
    assert _problems_of(fixture_content, f"{F}: indicators[0]") == [
        f"{F}: indicators[0].period: must be a first and a last year written YYYY-YYYY, not ''"]


def test_a_unit_that_is_not_text_makes_every_figure_mismatch(fixture_content):
    _indicator(fixture_content, "unit: '%'", "unit: 5")
    out = problems(fixture_content)
    assert f"{F}: indicators[0].unit: must be text (may be empty for an index)" in out
    assert f"{OBS}:2: unit: '%' does not match the indicator's unit '' (nor a declared conversion)" in out


@pytest.mark.parametrize("old,new,field", [
    ("status: needs-effort", "status: great", "status"),
    (" reason: Còn chậm.,", "", "reason"),
])
def test_editorial_problems_word_for_word(fixture_content, old, new, field):
    edit(fixture_content / TARGET, "baseline_year: 2025", "baseline_year: 2025\n" + EDITORIAL.replace(old, new))
    message = {"status": "must be one of achieved, on-track, needs-effort, off-track, no-data",
               "reason": "an editorial status needs its reason and source"}[field]
    assert f"{F}: indicators[0].editorial.{field}: {message}" in problems(fixture_content)


def test_an_indicator_loads_every_field_it_declares(fixture_content):
    _indicator(fixture_content, "comparator: at_least\n  target: 30.65",
               "comparator: between\n  target_low: 35\n  target_high: 35\n  name_en: Forest cover\n  unit_en: per cent")
    _indicator(fixture_content, "direction: up", "direction: down")
    ind = load_content(fixture_content).item("chi-tieu-1").indicators[0]
    assert (ind.target_id, ind.name, ind.name_en, ind.unit, ind.unit_en, ind.direction, ind.kind, ind.comparator) == (
        "chi-tieu-1", "Tỷ lệ che phủ rừng", "Forest cover", "%", "per cent", "down", "level", "between")
    assert (ind.target_low, ind.target_high, ind.period_start, ind.period_end, ind.deadline, ind.baseline_year) \
        == (35, 35, 2026, 2030, 2030, 2025)  # a range of one value is allowed


def test_what_an_indicator_may_leave_out(fixture_content):
    _indicator(fixture_content, "  direction: up\n", "")
    _indicator(fixture_content, "  unit: '%'\n", "")  # an index has no unit
    obs = fixture_content / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",%,", ",,"), encoding="utf-8")
    ind = load_content(fixture_content).item("chi-tieu-1").indicators[0]
    assert (ind.direction, ind.unit, ind.unit_en, ind.name_en) == ("up", "", "", "")


def test_a_deadline_in_the_first_year_of_the_period_is_allowed(fixture_content):
    _indicator(fixture_content, "deadline: 2030", "deadline: 2026")
    assert load_content(fixture_content).item("chi-tieu-1").indicators[0].deadline == 2026


@pytest.mark.parametrize("divide_by", ["1", "0.001"])
def test_a_conversion_may_divide_by_one_or_less(fixture_content, divide_by):
    _indicator(fixture_content, "baseline_year: 2025",
               f"baseline_year: 2025\n  conversions: [{{unit: 'phần trăm', divide_by: {divide_by}}}]")
    ind = load_content(fixture_content).item("chi-tieu-1").indicators[0]
    assert ind.conversions == [{"unit": "phần trăm", "divide_by": float(divide_by)}]


def _ind(unit: str, unit_en: str, conversions: list[dict]) -> Indicator:
    return Indicator(id="chi-tieu-1.x", target_id="chi-tieu-1", name="x", name_en="", unit=unit, unit_en=unit_en,
                     kind="level", direction="up", comparator="at_least", target=1.0, target_low=None,
                     target_high=None, period_start=2026, period_end=2030, deadline=2030, baseline_year=2025,
                     conversions=conversions, editorial=None)


def test_the_english_unit_of_a_figure_without_one():
    ind = _ind("tỷ đồng", "VND {} billion", [{"unit": "triệu đồng", "divide_by": 1000, "unit_en": "VND {} million"},
                                             {"unit": "nghìn tỷ đồng", "divide_by": 0.001}])
    assert english_unit("tỷ đồng", ind) == "VND {} billion"  # the indicator's own
    assert english_unit("triệu đồng", ind) == "VND {} million"  # a declared conversion's
    assert english_unit("nghìn tỷ đồng", ind) == "nghìn tỷ đồng"  # a conversion without English: as published
    assert english_unit("USD", ind) == "USD"  # neither: as published
    assert english_unit("%", None) == "%"  # no indicator (a row with an unknown indicator)
    assert english_unit("%", _ind("%", "", [])) == "%"  # the indicator gives no English


def test_the_content_error_counts_its_problems_and_a_missing_item_is_none(fixture_content):
    assert str(ContentInvalid([Problem("a", "b", "c"), Problem("d", "e", "f")])) == "2 problem(s) in content"
    assert load_content(fixture_content).item("chi-tieu-99") is None


@pytest.mark.parametrize("value,shown", [("0", "0"), ("true", "True"), ("'2025'", "'2025'")])
def test_a_baseline_year_must_be_a_real_year(fixture_content, value, shown):
    _indicator(fixture_content, "baseline_year: 2025", f"baseline_year: {value}")
    assert f"{F}: indicators[0].baseline_year: must be a year before the period starts, not {shown}" \
        in problems(fixture_content)


def test_an_indicator_without_english_shows_its_unit_as_written(fixture_content):
    ind = load_content(fixture_content).item("chi-tieu-1").indicators[0]
    assert (ind.unit, ind.unit_en) == ("%", "%")


def test_expected_publications_are_checked_in_the_items_file(fixture_content):
    _indicator(fixture_content, "baseline_year: 2025",
               "baseline_year: 2025\n  expected: [{publisher: Cục, what: Số liệu, month: 13}]")
    assert f"{F}: indicators[0].expected[0].month: must be a month number from 1 to 12, not 13" \
        in problems(fixture_content)


@pytest.mark.parametrize("old,where", [
    ("title: ", "title"), ("  name: ", "areas[0].name"), ("en:\n  title: ", "en.title")])
def test_document_text_not_in_nfc_is_named_by_where_it_is(fixture_content, old, where):
    path = fixture_content / "document.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index(old) + len(old)
    end = text.index("\n", at)
    path.write_text(text[:at] + unicodedata.normalize("NFD", text[at:end]) + text[end:], encoding="utf-8")
    assert problems(fixture_content) == [f"content/document.yaml: {where}: text is not in Unicode NFC (composed) form"]


def test_a_figure_published_in_december_may_give_the_month_only(fixture_content):
    _append(fixture_content, "chi-tieu-1.che-phu-rung,2027,30.5,%,official,measurement,tỉnh,2027-12,C,"
                             "https://c.example/z,,")
    assert load_content(fixture_content).observations[-1].published == "2027-12"


def test_a_missing_file_is_named(fixture_content):
    (fixture_content / "glossary.yaml").unlink()
    assert "content/glossary.yaml: -: file is missing" in problems(fixture_content)


GOOD_ROW = dict(indicator="chi-tieu-1.che-phu-rung", period="2027", value="30", unit="%", status="official",
                role="measurement", scope="tỉnh", published="2028-01-01", publisher="Cục C",
                source_url="https://c.example/z")


@pytest.mark.parametrize("change,expected", [
    ({"value": "30,1"}, "value: '30,1' is not a number (write 8700 or 10.27: no spaces, no thousands separator, "
                        "a dot for decimals)"),
    ({"period": "năm 2027"}, "period: must be a period such as 2026, 2021-2025, 2026-Q1, 2026-H1 or "
                             "2026-01..2026-09, not 'năm 2027'"),
    ({"status": "guess"}, "status: 'guess' is not one of official, preliminary, estimate, projection"),
    ({"role": "guess"}, "role: 'guess' is not one of measurement, context"),
    ({"qualifier": "tầm"}, "qualifier: 'tầm' is not one of gần, khoảng, trên, hơn, dưới, ước (or empty)"),
    ({"authority": "blog"}, "authority: 'blog' is not one of issuer, statistics, press-report, press"),
    ({"role": "context", "context_for": "chi-tieu-9"}, "context_for: 'chi-tieu-9' is not the id of a target"),
    ({"context_for": "chi-tieu-1"}, "context_for: only a context row can be shown on other targets"),
    ({"caveat_en": "Counted differently."}, "caveat: is missing while caveat_en is given"),
    ({"period": "2026-2027"}, "period: a measurement is for one year or part of one year; use role 'context' "
                              "for a span of years"),
    ({"publisher": ""}, "publisher: is missing: every figure needs who published it"),
    ({"source_url": "c.example/z"}, "source_url: is missing or not a web address: every figure needs its source"),
    ({"indicator": "chi-tieu-1.khong-co"}, "indicator: 'chi-tieu-1.khong-co' is not the id of any indicator"),
])
def test_row_problems_word_for_word(fixture_content, change, expected):
    obs = fixture_content / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8") + obs_line(**(GOOD_ROW | change)), encoding="utf-8")
    assert problems(fixture_content) == [f"{OBS}:4: {expected}"]


def test_a_good_row_with_every_optional_column_loads(fixture_content):
    obs = fixture_content / "observations.csv"
    row = GOOD_ROW | dict(role="context", context_for="chi-tieu-1", qualifier="khoảng", authority="statistics",
                          caveat="Tính khác.", caveat_en="Counted differently.", via="https://d.example/",
                          measure="Độ che phủ", measure_en="Cover", unit_en="per cent")
    obs.write_text(obs.read_text(encoding="utf-8") + obs_line(**row), encoding="utf-8")
    o = load_content(fixture_content).observations[-1]
    assert (o.role, o.context_for, o.qualifier, o.authority, o.caveat, o.caveat_en, o.via, o.measure, o.measure_en,
            o.unit_en, o.publisher, o.source_url) == (
        "context", ["chi-tieu-1"], "khoảng", "statistics", "Tính khác.", "Counted differently.",
        "https://d.example/", "Độ che phủ", "Cover", "per cent", "Cục C", "https://c.example/z")


@pytest.mark.parametrize("name,text,expected", [
    ("document.yaml", "- a list\n", "content/document.yaml: -: must be a mapping of fields"),
    ("items/chi-tieu-1.yaml", "- a list\n", f"{F}: -: must be a mapping of fields"),
    ("full_text.yaml", "kind: title\n", "content/full_text.yaml: -: must be a list of paragraphs"),
    ("full_text.yaml", "- just text\n", "content/full_text.yaml: [0]: must be a mapping with kind and text"),
])
def test_files_of_the_wrong_shape(fixture_content, name, text, expected):
    (fixture_content / name).write_text(text, encoding="utf-8")
    assert expected in problems(fixture_content)


def test_a_missing_items_folder_is_named(fixture_content):
    shutil.rmtree(fixture_content / "items")
    assert "content/items: -: folder of items is missing" in problems(fixture_content)


@pytest.mark.parametrize("old,new,expected", [
    ("area: environment", "area: [environment]", f"{F}: area: must be the id of an area, not list"),
    ("  target: 30.65\n", "", f"{F}: indicators[0].target: is missing (every measurable indicator needs its "
                              "target value)"),
    ("related: [nhiem-vu-1]", "related: [nhiem-vu-1]\nsources: {title: A}",
     f"{F}: sources: must be a list of sources (title, publisher, url, published)"),
    ("related: [nhiem-vu-1]", "related: [nhiem-vu-1]\nsources: [just a title]",
     f"{F}: sources[0]: must be a mapping with title, publisher, url and published"),
])
def test_item_problems_word_for_word(fixture_content, old, new, expected):
    edit(fixture_content / TARGET, old, new)
    assert expected in problems(fixture_content)


def test_an_unnumbered_item_id_must_start_with_its_segment(fixture_content):
    edit(fixture_content / "document.yaml", "    label_en_plural: Focal tasks\n    featured: true",
         "    label_en_plural: Focal tasks\n    featured: true\n    numbered: false")
    edit(fixture_content / "items/nhiem-vu-1.yaml", "number: 1\n", "")
    edit(fixture_content / "items/nhiem-vu-1.yaml", "id: nhiem-vu-1", "id: viec-1")
    (fixture_content / "items/nhiem-vu-1.yaml").rename(fixture_content / "items/viec-1.yaml")
    assert "content/items/viec-1.yaml: id: an item of type task must have the id nhiem-vu or one starting with " \
           "nhiem-vu-" in problems(fixture_content)


@pytest.mark.parametrize("old,new,expected", [
    ("text: (1) Tỷ lệ che phủ rừng đạt 30,65%.", "text: '(1) Tỷ lệ che phủ rừng [bookmark: _x] đạt 30,65%.'",
     "content/full_text.yaml: [1].text: contains conversion debris '[bookmark: …]'"),
    ("  text: (1) Phát triển hạ tầng giao thông.", "  text: (1) Phát triển hạ tầng giao thông.\n  text_en: Transport",
     "content/full_text.yaml: [2].text_en: only headings carry an English text (for the contents list)"),
])
def test_full_text_problems_word_for_word(fixture_content, old, new, expected):
    edit(fixture_content / "full_text.yaml", old, new)
    assert problems(fixture_content) == [expected]


@pytest.mark.parametrize("old,new,expected", [
    ("terms: [che-phu-rung]", "terms: che-phu-rung", f"{F}: terms: must be a list of text values"),
    ("terms: [che-phu-rung]", "terms: [1]", f"{F}: terms: must be a list of text values"),
    ("title: Che phủ rừng 30,65%", "title: true", f"{F}: title: must be text, not bool"),
    ("title: Che phủ rừng 30,65%", "title: [a]", f"{F}: title: must be text, not list"),
    ("related: [nhiem-vu-1]", f"related: [nhiem-vu-1, '{unicodedata.normalize('NFD', 'ở')}']",
     f"{F}: related: {unicodedata.normalize('NFD', 'ở')!r} is not in Unicode NFC form"),
])
def test_text_and_list_problems_word_for_word(fixture_content, old, new, expected):
    edit(fixture_content / TARGET, old, new)
    assert expected in problems(fixture_content)


def test_text_is_trimmed_except_the_original_wording_and_numbers_and_dates_read_as_written(fixture_content):
    edit(fixture_content / TARGET, "title: Che phủ rừng 30,65%", "title: '  Che phủ rừng  '")
    edit(fixture_content / TARGET, "section: Thử", "section: 2026")
    edit(fixture_content / TARGET, "summary: Tăng diện tích rừng.", "summary: 2026-01-02")
    edit(fixture_content / TARGET, "terms: [che-phu-rung]", "terms: ['  che-phu-rung ']")
    edit(fixture_content / "full_text.yaml", "text: (1) Tỷ lệ che phủ rừng đạt 30,65%.",
         "text: ' (1) Tỷ lệ che phủ rừng đạt 30,65%. '")
    item = load_content(fixture_content).item("chi-tieu-1")
    assert (item.title, item.section, item.summary, item.terms) == (
        "Che phủ rừng", "2026", "2026-01-02", ["che-phu-rung"])
    assert item.source_text == " (1) Tỷ lệ che phủ rừng đạt 30,65%. "


@pytest.mark.parametrize("number,shown", [("'01'", "'01'"), ("true", "True"), ("1b2", "'1b2'"), ("'a'", "'a'"),
                                          ("0", "'0'"), ("'000'", "'000'"), ('"1\\n"', "'1\\n'"),
                                          ("1234", "'1234'"), ("'12ab'", "'12ab'")])
def test_item_numbers_start_from_1_and_carry_at_most_one_letter(fixture_content, number, shown):
    edit(fixture_content / TARGET, "number: 1", f"number: {number}")
    assert f"{F}: number: must be a number from 1, optionally with a letter (7, 12a), not {shown}" \
        in problems(fixture_content)


def test_an_items_wording_gathers_its_paragraphs_in_order(fixture_content):
    edit(fixture_content / "full_text.yaml", "  notes:\n  - Ghi chú thử.\n",
         "  notes:\n  - Ghi chú thử.\n- item: chi-tieu-1\n  text: (2) Đoạn thứ hai.\n  notes: [Ghi chú hai.]\n"
         "  notes_en: [Second note.]\n")
    c = load_content(fixture_content)
    item = c.item("chi-tieu-1")
    assert item.source_text == "(1) Tỷ lệ che phủ rừng đạt 30,65%.\n\n(2) Đoạn thứ hai."
    assert (item.notes, item.notes_en) == (["Ghi chú hai."], ["Second note."])
    assert c.item("nhiem-vu-1").notes_en == [""]  # a note without English
    assert [b.anchors for b in c.blocks] == [[], ["chi-tieu-1"], ["nhiem-vu-1"], []]


def test_items_follow_the_order_of_the_original(fixture_content):
    text = (fixture_content / "full_text.yaml").read_text(encoding="utf-8")
    first, second = text.index("- item: chi-tieu-1"), text.index("- item: nhiem-vu-1")
    (fixture_content / "full_text.yaml").write_text(text[:first] + text[second:] + text[first:second],
                                                     encoding="utf-8")
    assert [i.id for i in load_content(fixture_content).items] == ["nhiem-vu-1", "chi-tieu-1"]


def test_a_content_folder_that_does_not_exist(tmp_path):
    with pytest.raises(ContentInvalid) as exc:
        load_content(tmp_path / "nothing")
    assert [str(p) for p in exc.value.problems] == [f"{tmp_path / 'nothing'}: -: content folder does not exist"]


def test_a_glossary_entry_with_english_that_is_not_a_mapping(fixture_content):
    edit(fixture_content / "glossary.yaml", "  en: {term: Forest cover, definition: Share of land under forest., "
                                            "synonyms: [forests]}", "  en: Forest cover")
    assert "content/glossary.yaml: [0].en: must be a mapping" in problems(fixture_content)


def test_a_baseline_year_from_1900_on_is_a_year(fixture_content):
    _indicator(fixture_content, "baseline_year: 2025", "baseline_year: 1900")
    assert load_content(fixture_content).item("chi-tieu-1").indicators[0].baseline_year == 1900
    _indicator(fixture_content, "baseline_year: 1900", "baseline_year: 1899")
    assert f"{F}: indicators[0].baseline_year: must be a year before the period starts, not 1899" \
        in problems(fixture_content)


def test_a_qualitative_indicator_needs_no_target(fixture_content):
    _indicator(fixture_content, "kind: level", "kind: qualitative")
    _indicator(fixture_content, "  target: 30.65\n", "")
    ind = load_content(fixture_content).item("chi-tieu-1").indicators[0]
    assert (ind.kind, ind.target) == ("qualitative", None)


@pytest.mark.parametrize("period", ["2030-2026", "0000-0000"])
def test_a_period_runs_forward_from_a_real_year(fixture_content, period):
    _indicator(fixture_content, "period: 2026-2030", f"period: {period}")
    assert _problems_of(fixture_content, f"{F}: indicators[0]") == [
        f"{F}: indicators[0].period: must be a first and a last year written YYYY-YYYY, not '{period}'"]


def test_a_period_of_one_year_is_allowed(fixture_content):
    _indicator(fixture_content, "period: 2026-2030", "period: 2026-2026")
    _indicator(fixture_content, "deadline: 2030", "deadline: 2026")
    assert load_content(fixture_content).item("chi-tieu-1").indicators[0].period_end == 2026


SOURCE = "{title: Văn bản, title_en: A text, publisher: Bộ A, url: 'https://example.org/a', published: 2025-12}"


def test_a_good_source_loads_with_every_field(fixture_content):
    edit(fixture_content / TARGET, "related: [nhiem-vu-1]", f"related: [nhiem-vu-1]\nsources: [{SOURCE}]")
    [s] = load_content(fixture_content).item("chi-tieu-1").sources
    assert (s.title, s.title_en, s.publisher, s.url, s.published) == (
        "Văn bản", "A text", "Bộ A", "https://example.org/a", "2025-12")


def test_every_source_is_checked_after_a_broken_one(fixture_content):
    edit(fixture_content / TARGET, "related: [nhiem-vu-1]", "related: [nhiem-vu-1]\nsources:\n- just a title\n"
         "- {title: Văn bản, publisher: Bộ A, url: www.example.org, published: 2025-13}\n- {title: Văn bản}")
    out = problems(fixture_content)
    for expected in ("sources[0]: must be a mapping with title, publisher, url and published",
                     "sources[1].url: 'www.example.org' is not a web address (http:// or https://)",
                     "sources[1].published: '2025-13' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
                     "sources[2].url: is missing or empty", "sources[2].published: is missing or empty",
                     "sources[2].publisher: is missing or empty"):
        assert f"{F}: {expected}" in out, (expected, out)


def test_a_period_from_1900_is_a_period(fixture_content):
    # a period may start in 1900 (the first year); such an indicator then fails only on its baseline year
    _indicator(fixture_content, "period: 2026-2030", "period: 1900-1901")
    _indicator(fixture_content, "deadline: 2030", "deadline: 1901")
    _indicator(fixture_content, "baseline_year: 2025", "baseline_year: 1899")
    assert _problems_of(fixture_content, f"{F}: indicators[0]") == [
        f"{F}: indicators[0].baseline_year: must be a year before the period starts, not 1899"]


def test_a_claim_marked_with_its_only_source_loads_and_title_en_may_be_left_out(fixture_content):
    edit(fixture_content / TARGET, "body: Giải thích dễ hiểu.", "body: Giải thích dễ hiểu.[^1]")
    source = "{title: Văn bản, publisher: Bộ A, url: 'https://example.org/a', published: 2025}"
    edit(fixture_content / TARGET, "related: [nhiem-vu-1]", f"related: [nhiem-vu-1]\nsources: [{source}]")
    [s] = load_content(fixture_content).item("chi-tieu-1").sources
    assert (s.title, s.title_en) == ("Văn bản", "")


def test_source_text_problems_name_the_file_and_the_field(fixture_content):
    nfd = unicodedata.normalize("NFD", "Văn bản")
    source = f"{{title: {nfd}, title_en: [a], publisher: Bộ A, url: 'https://example.org/a', published: 2025}}"
    edit(fixture_content / TARGET, "related: [nhiem-vu-1]", f"related: [nhiem-vu-1]\nsources: [{source}]")
    out = problems(fixture_content)
    assert f"{F}: sources[0].title: text is not in Unicode NFC (composed) form" in out
    assert f"{F}: sources[0].title_en: must be text, not list" in out


@pytest.mark.parametrize("text,expected", [
    ("- id: x\n  term: a: b\n", "content/glossary.yaml: line 2: not valid YAML: mapping values are not allowed here"),
    # a character YAML refuses has no line: the reader's own words are given
    ("- id: x\n  term: \x07\n", "content/glossary.yaml: -: not valid YAML: unacceptable character #x0007: special "
                                "characters are not allowed\n  in \"<unicode string>\", position 16"),
])
def test_yaml_that_cannot_be_read_is_named_with_its_line(fixture_content, text, expected):
    (fixture_content / "glossary.yaml").write_text(text, encoding="utf-8")
    assert expected in problems(fixture_content)


def test_a_yaml_file_that_is_not_utf8(fixture_content):
    (fixture_content / "glossary.yaml").write_bytes("- id: rừng\n".encode("utf-16"))
    assert "content/glossary.yaml: -: file is not UTF-8 text" in problems(fixture_content)


def test_empty_text_is_missing_and_missing_optional_text_is_empty(fixture_content):
    edit(fixture_content / TARGET, "section: Thử\n", "")
    assert load_content(fixture_content).item("chi-tieu-1").section == ""
    edit(fixture_content / TARGET, "title: Che phủ rừng 30,65%", "title: ''")
    assert f"{F}: title: is missing or empty" in problems(fixture_content)


def test_a_glossary_entry_that_is_not_a_mapping(fixture_content):
    (fixture_content / "glossary.yaml").write_text("- just a word\n", encoding="utf-8")
    assert "content/glossary.yaml: [0]: must be a mapping" in problems(fixture_content)


@pytest.mark.parametrize("old,new,expected", [
    ("area: environment", "area: 5", f"{F}: area: must be the id of an area, not int"),
    ("area: environment", "area: [environment]", f"{F}: area: must be the id of an area, not list"),
    ("area: environment\n", "", f"{F}: area: is missing: a target needs one of the areas of document.yaml ("),
    ("area: environment", "area: ''", f"{F}: area: '' is not an area of document.yaml ("),
])
def test_a_target_s_area_is_named_once_for_what_is_wrong_with_it(fixture_content, old, new, expected):
    edit(fixture_content / TARGET, old, new)
    areas = [p for p in problems(fixture_content) if p.startswith(f"{F}: area:")]
    assert len(areas) == 1 and areas[0].startswith(expected), areas


@pytest.mark.parametrize("name", ["document.yaml", "glossary.yaml", "full_text.yaml", "items/nhiem-vu-1.yaml"])
@pytest.mark.parametrize("text", ["", "\n# only a comment\n"])
def test_an_empty_file_is_named_not_skipped(fixture_content, name, text):
    (fixture_content / name).write_text(text, encoding="utf-8")
    assert f"content/{name}: -: file is empty (a list with nothing in it is written [])" in problems(fixture_content)


def test_an_empty_list_is_written_as_one(fixture_content):
    (fixture_content / "glossary.yaml").write_text("[]\n", encoding="utf-8")
    edit(fixture_content / TARGET, "terms: [che-phu-rung]", "terms: []")
    assert load_content(fixture_content).terms == []
