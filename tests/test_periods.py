"""Periods of a figure: one parser, and the labels readers see in both languages."""

import datetime as dt

import pytest

from portal.content import ContentInvalid, load_content
from portal.periods import parse_period
from portal.settings import Settings
from portal.web import make_env

from .conftest import obs_line


@pytest.mark.parametrize(("text", "kind", "first", "last", "months"), [
    ("2026", "year", (2026, 1), (2026, 12), 12),
    ("2021-2025", "years", (2021, 1), (2025, 12), 60),
    ("2026-Q1", "quarter", (2026, 1), (2026, 3), 3),
    ("2026-Q3", "quarter", (2026, 7), (2026, 9), 3),
    ("2026-H1", "half", (2026, 1), (2026, 6), 6),
    ("2026-H2", "half", (2026, 7), (2026, 12), 6),
    ("2026-01..2026-09", "months", (2026, 1), (2026, 9), 9),
    ("2026-04..2026-06", "months", (2026, 4), (2026, 6), 3),
    ("2026-03..2026-03", "months", (2026, 3), (2026, 3), 1),
])
def test_parse_period(text, kind, first, last, months):
    p = parse_period(text)
    assert p is not None
    assert (p.kind, (p.start_year, p.start_month), (p.end_year, p.end_month), p.months) == (kind, first, last, months)
    assert p.is_part_year == (kind in ("quarter", "half", "months"))


def test_period_days_and_numbers():
    p = parse_period("2026-Q3")
    assert (p.first_day, p.last_day, p.number, p.year) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30), 3, 2026)
    assert parse_period("2028-01..2028-02").last_day == dt.date(2028, 2, 29)


@pytest.mark.parametrize("text", [
    "", "26", "2026-2026", "2030-2026", "2026-Q5", "2026-Q0", "2026-H3", "2026-09..2026-01",
    "2025-10..2026-03", "2026-00..2026-03", "2026-01..2026-13", "2026-01..2026-12", "2026-1..2026-9",
    "9 tháng 2026", "2026-01",
])
def test_not_a_period(text):
    assert parse_period(text) is None


def _label(text: str, lang: str) -> str:
    env = make_env(lang, Settings())
    return env.from_string('{% import "macros.html" as m %}{{ m.period_label(t) }}').render(t=text).strip()


@pytest.mark.parametrize(("text", "vi", "en"), [
    ("2026-01..2026-09", "9 tháng đầu năm 2026", "first nine months of 2026"),
    ("2026-Q1", "quý I/2026", "Q1 2026"),
    ("2026-Q4", "quý IV/2026", "Q4 2026"),
    ("2026-H1", "6 tháng đầu năm 2026", "first half of 2026"),
    ("2026-H2", "6 tháng cuối năm 2026", "second half of 2026"),
    ("2026-01..2026-06", "6 tháng đầu năm 2026", "first half of 2026"),
    ("2026-03..2026-03", "tháng 3 năm 2026", "March 2026"),
    ("2026-04..2026-06", "từ tháng 4 năm 2026 đến tháng 6 năm 2026", "April 2026 to June 2026"),
    ("2026", "2026", "2026"),
    ("2021-2025", "2021-2025", "2021-2025"),
])
def test_period_labels_in_both_languages(text, vi, en):
    assert _label(text, "vi") == vi
    assert _label(text, "en") == en


def test_loader_accepts_part_year_measurements_and_rejects_bad_periods(fixture_content):
    csv = fixture_content / "observations.csv"
    base = csv.read_text(encoding="utf-8")
    row = {"indicator": "chi-tieu-1.che-phu-rung", "value": "28.5", "unit": "%", "status": "estimate",
           "role": "measurement", "scope": "tỉnh", "published": "2026-10-05", "publisher": "Cục B",
           "source_url": "https://b.example/z"}
    csv.write_text(base + obs_line(**row, period="2026-01..2026-09"), encoding="utf-8")
    rows = load_content(fixture_content).observations
    part = rows[-1]
    assert (part.is_part_year, part.is_single_year, part.year) == (True, False, 2026)
    csv.write_text(base + obs_line(**row, period="9 tháng 2026") + obs_line(**row, period="2021-2025"),
                   encoding="utf-8")
    with pytest.raises(ContentInvalid) as exc:
        load_content(fixture_content)
    problems = [(p.file.rsplit(":", 1)[1], p.field, p.message) for p in exc.value.problems]
    assert problems[0][:2] == ("4", "period") and "2026-01..2026-09" in problems[0][2]
    assert problems[1][:2] == ("5", "period") and "span of years" in problems[1][2]
