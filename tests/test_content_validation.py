"""Each rule of content validation, broken once in the small fixture tree: `portal check` must name
the file, the field and the problem. (Complements test_content.py.)"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from portal.content import OBS_REQUIRED, load_content
from portal.progress import assess

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
