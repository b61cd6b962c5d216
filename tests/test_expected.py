"""What is expected next: the schedule (a pure function) and its page."""

import datetime as dt
import textwrap

import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from portal.build import build
from portal.content import ContentInvalid, Indicator, Observation, load_content
from portal.expected import schedule
from portal.settings import Settings

YEAR_END = {"publisher": "UBND tỉnh", "what": "ước tính cả năm", "publisher_en": "", "what_en": "", "month": 12}
NINE_MONTHS = {"publisher": "Thống kê tỉnh", "what": "9 tháng", "publisher_en": "", "what_en": "", "month": 10}


def _indicator(*entries):
    return Indicator(id="chi-tieu-1.x", target_id="chi-tieu-1", name="X", name_en="", unit="%", unit_en="%",
                     kind="level", direction="up", comparator="at_least", target=1.0, target_low=None,
                     target_high=None, period_start=2026, period_end=2030, deadline=2030, baseline_year=2025,
                     conversions=[], editorial=None, expected=list(entries))


def _row(published, indicator="chi-tieu-1.x"):
    return Observation(row=2, indicator=indicator, period="2025", value=1.0, unit="%", status="estimate",
                       role="measurement", scope="", published=published, publisher="A",
                       source_url="https://a.example/", note="", note_en="")


def _months(dues):
    return [(d.year, d.month) for d in dues]


def test_coming_months_and_a_figure_past_its_usual_month():
    ind = _indicator(YEAR_END, NINE_MONTHS)
    upcoming, late = schedule([ind], [_row("2025-12-09")], dt.date(2026, 11, 27), months_ahead=6)
    assert _months(upcoming) == [(2026, 12)]  # next October is more than 6 months away
    assert _months(late) == [(2026, 10)]  # nothing published since September 2026
    assert late[0].last_published == "2025-12-09"


def test_a_figure_published_in_time_or_a_month_early_is_not_late():
    ind = _indicator(NINE_MONTHS)
    assert schedule([ind], [_row("2026-10-06")], dt.date(2026, 11, 27))[1] == []
    assert schedule([ind], [_row("2026-09-29")], dt.date(2026, 11, 27))[1] == []
    assert _months(schedule([ind], [_row("2026-08-31")], dt.date(2026, 11, 27))[1]) == [(2026, 10)]
    # A date after today (a typing slip) does not count, nor does another indicator's figure.
    assert _months(schedule([ind], [_row("2027-10-06")], dt.date(2026, 11, 27))[1]) == [(2026, 10)]
    assert _months(schedule([ind], [_row("2026-10-06", "chi-tieu-2.y")], dt.date(2026, 11, 27))[1]) == [(2026, 10)]


def test_the_usual_month_is_not_late_until_it_is_over():
    ind = _indicator(NINE_MONTHS)
    upcoming, late = schedule([ind], [], dt.date(2026, 10, 31))
    assert _months(upcoming) == [(2026, 10)]
    assert _months(late) == [(2025, 10)]  # last year's, within the year looked back on
    upcoming, late = schedule([ind], [], dt.date(2026, 11, 1))
    assert _months(upcoming) == []
    assert _months(late) == [(2026, 10)]


def test_expected_entries_are_validated(fixture_content):
    path = fixture_content / "items" / "chi-tieu-1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  baseline_year: 2025\n", "  baseline_year: 2025\n" + textwrap.indent(
        "expected:\n- publisher: Thống kê tỉnh\n  month: 13\n", "  ")), encoding="utf-8")
    with pytest.raises(ContentInvalid) as exc:
        load_content(fixture_content)
    found = {(p.field, p.message.split(",")[0]) for p in exc.value.problems}
    assert ("indicators[0].expected[0].what", "is missing or not text") in found
    assert ("indicators[0].expected[0].month", "must be a month number from 1 to 12") in found


def test_expected_page_lists_figures_and_marks_late_ones(fixture_content, tmp_path):
    today = dt.datetime.now(dt.UTC).date()
    last_month = (today.month - 2) % 12 + 1
    path = fixture_content / "items" / "chi-tieu-1.yaml"
    text = path.read_text(encoding="utf-8")
    entry = ("expected:\n- publisher: Cục Thống kê\n  publisher_en: the statistics office\n"
             f"  what: số liệu kiểm kê rừng\n  what_en: forest inventory\n  month: {last_month}\n")
    path.write_text(text.replace("  baseline_year: 2025\n", "  baseline_year: 2025\n" + textwrap.indent(entry, "  ")),
                    encoding="utf-8")
    build(fixture_content, tmp_path / "b")
    client = TestClient(create_app(Settings(content_dir=fixture_content, build_dir=tmp_path / "b")))
    vi = client.get("/bac-ninh/sap-cong-bo")
    assert vi.status_code == 200
    assert "số liệu kiểm kê rừng" in vi.text and "Cục Thống kê" in vi.text
    assert "Chưa có trên trang" in vi.text  # its month has just ended and no figure was published since
    assert "không phải lịch hẹn chính thức" in vi.text
    en = client.get("/en/bac-ninh/coming-figures")
    assert "forest inventory" in en.text and "Not on this site yet" in en.text
    assert 'href="/en/bac-ninh/coming-figures" hreflang="en"' in vi.text  # the language switch
    sitemap = client.get("/sitemap.xml").text
    assert "/bac-ninh/sap-cong-bo</loc>" in sitemap and "/en/bac-ninh/coming-figures</loc>" in sitemap
