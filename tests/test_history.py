"""Figures over time: the state of a target on a past day, and its history."""

import datetime as dt

from portal.content import load_content
from portal.history import build_timelines, known_from, known_on, parse_day

from .conftest import CONTENT


def test_a_row_counts_from_the_day_it_was_surely_public():
    assert known_from("2025-10-02") == dt.date(2025, 10, 2)
    assert known_from("2025-11") == dt.date(2025, 11, 30)  # some day in November: counted from its end
    assert known_from("2025") == dt.date(2025, 12, 31)
    assert known_from("soon") is None


def test_parse_day_accepts_only_real_whole_dates():
    assert parse_day("2025-10-31") == dt.date(2025, 10, 31)
    for bad in ("2025-02-30", "2025-10", "31/10/2025", "2025-1-31", "", "x" * 10, "2025-10-31T00"):
        assert parse_day(bad) is None


def test_target_2_on_31_october_2025_knew_only_the_congress_figure():
    content = load_content(CONTENT)
    timeline = build_timelines(content.items, content.observations)["chi-tieu-2"]
    by_row = {o.row: o for o in content.observations}
    state = timeline.on(dt.date(2025, 10, 31))
    assert sorted(by_row[r].value for r in state.rows) == [5810]
    a = state.indicators["chi-tieu-2.grdp-binh-quan-dau-nguoi"]
    assert a.baseline is not None and a.baseline.value == 5810
    today = timeline.on(dt.date(2026, 11, 27))
    assert sorted(by_row[r].value for r in today.rows) == [5600, 5810, 5852]
    before = timeline.on(dt.date(2025, 10, 1))
    assert before.is_empty and before.status == "no-data"
    # The history, newest first: each day a figure arrived.
    assert [c.day for c in timeline.changes] == [dt.date(2025, 12, 31), dt.date(2025, 12, 11), dt.date(2025, 10, 2)]
    assert [o.value for o in timeline.changes[-1].arrived] == [5810]


def test_known_on_leaves_out_rows_not_yet_published():
    content = load_content(CONTENT)
    rows = known_on(content.observations, dt.date(2025, 12, 8))
    assert {o.published for o in rows} == {"2025-10-02", "2025-10", "2025-11"}  # November was over by then
    # The 11.5% estimate of November is marked superseded on 9 December: from then it no longer counts.
    later = known_on(content.observations, dt.date(2025, 12, 9))
    assert "2025-11" not in {o.published for o in later} and "2025-12-09" in {o.published for o in later}
