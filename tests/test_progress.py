import math

import pytest

from portal.content import Indicator, Observation
from portal.progress import (
    assess,
    meets,
    pick_current,
    range_position,
    summarise,
)


def ind(kind="level", comparator="at_least", target=None, low=None, high=None, direction="up",
        period=(2026, 2030), deadline=2030, baseline_year=2025, unit="%", conversions=()):
    return Indicator(id="chi-tieu-1.x", target_id="chi-tieu-1", name="x", name_en="", unit=unit, unit_en=unit,
                     kind=kind, direction=direction, comparator=comparator, target=target, target_low=low,
                     target_high=high, period_start=period[0], period_end=period[1], deadline=deadline,
                     baseline_year=baseline_year, conversions=list(conversions), editorial=None)


_row = [0]


def obs(period, value, status="official", published="2026-01-01", unit="%", role="measurement"):
    _row[0] += 1
    return Observation(row=_row[0], indicator="chi-tieu-1.x", period=str(period), value=value, unit=unit,
                       status=status, role=role, scope="", published=published, publisher="P",
                       source_url="https://example.org", note="", note_en="")


# --- which figure is current -------------------------------------------------------------

def test_official_beats_preliminary_beats_estimate():
    rows = [obs(2026, 1, "estimate", "2027-05-01"), obs(2026, 2, "official", "2027-01-01"),
            obs(2026, 3, "preliminary", "2027-03-01")]
    assert pick_current(rows).value == 2


def test_same_status_latest_published_wins_and_partial_dates_sort():
    rows = [obs(2025, 5852, "estimate", "2025-12-11"), obs(2025, 5810, "estimate", "2025-10-02"),
            obs(2025, 5600, "estimate", "2025-12-31"), obs(2025, 1, "estimate", "2025-12")]
    assert pick_current(rows).value == 5600


def test_a_projection_is_never_current():
    assert pick_current([obs(2025, 0.56, "projection")]) is None
    assert pick_current([obs(2025, 0.56, "projection", "2026-01-01"), obs(2025, 0.9, "estimate")]).value == 0.9


# --- comparators ------------------------------------------------------------------------

@pytest.mark.parametrize("comparator,target,value,expected", [
    ("at_least", 65, 65, True), ("at_least", 65, 64.9, False),
    ("above", 55, 55, False), ("above", 55, 55.1, True),
    ("at_most", 0, 0, True), ("at_most", 0, 0.1, False),
    ("below", 10, 9.9, True), ("below", 10, 10, False),
    ("about", 45, 47.25, True), ("about", 45, 42.7, False),  # 5% of 45 is 2.25: 42.75-47.25
])
def test_comparators(comparator, target, value, expected):
    assert meets(value, ind(comparator=comparator, target=target)) is expected


def test_between_counts_better_than_the_range_as_met_in_the_direction():
    up = ind(kind="range", comparator="between", low=35, high=40)
    down = ind(kind="range", comparator="between", low=3.0, high=3.5, direction="down")
    assert range_position(37, up) == "inside" and range_position(42, up) == "better"
    assert range_position(33, up) == "worse"
    assert range_position(2.8, down) == "better" and range_position(3.8, down) == "worse"
    assert meets(9500, ind(comparator="between", low=8700, high=9200))


# --- level ------------------------------------------------------------------------------

def test_level_no_data_at_all():
    a = assess(ind(target=65), [])
    assert a.status == "no-data" and a.reason == "no_data"


def test_level_baseline_only_tells_what_is_needed_per_year():
    a = assess(ind(target=65), [obs(2025, 43.5, "estimate")])
    assert a.status == "no-data" and a.reason == "baseline_only"
    assert math.isclose(a.facts["needed_per_year"], (65 - 43.5) / 5)


def test_level_on_the_straight_path_is_on_track():
    a = assess(ind(target=65), [obs(2025, 40), obs(2027, 50)])
    assert a.status == "on-track" and math.isclose(a.facts["expected"], 50) and math.isclose(a.facts["ratio"], 1)


def test_level_thresholds_split_needs_effort_and_off_track():
    # expected in 2027: 50 → progress expected 10; ratio = (v - 40) / 10 (more in test_progress_rules.py)
    statuses = [assess(ind(target=65), [obs(2025, 40), obs(2027, v)]).status for v in (49.5, 47.5, 47.4)]
    assert statuses == ["on-track", "needs-effort", "off-track"]


def test_level_already_met_is_achieved():
    assert assess(ind(target=65), [obs(2025, 40), obs(2028, 66)]).status == "achieved"


def test_level_lower_is_better():
    i = ind(kind="deadline", comparator="at_most", target=0, direction="down", period=(2026, 2027), deadline=2027)
    a = assess(i, [obs(2024, 0.97, "preliminary"), obs(2025, 0.56, "projection"), obs(2026, 0.45)])
    # the projection is not the baseline: the 2024 measurement is
    assert a.baseline.value == 0.97 and a.baseline.year == 2024
    assert a.facts["expected"] == pytest.approx(0.97 * 1 / 3)
    assert a.status == "needs-effort"  # progress 0.52 of 0.647 expected: 80%
    assert assess(i, [obs(2024, 0.97), obs(2027, 0)]).status == "achieved"


def test_deadline_passed_and_not_met_is_off_track():
    i = ind(kind="deadline", comparator="at_most", target=0, direction="down", period=(2026, 2027), deadline=2027)
    assert assess(i, [obs(2024, 0.97), obs(2027, 0.2)]).status == "off-track"


def test_projection_only_gives_no_data():
    a = assess(ind(target=65), [obs(2026, 70, "projection")])
    assert a.status == "no-data" and a.points == []


def test_converted_units_are_used_and_flagged():
    i = ind(target=7.84, unit="triệu đồng/tháng", conversions=[{"unit": "triệu đồng/năm", "divide_by": 12}])
    a = assess(i, [obs(2025, 69.2, "estimate", unit="triệu đồng/năm")])
    assert a.baseline.converted and a.baseline.value == pytest.approx(69.2 / 12)


def test_context_rows_never_count():
    a = assess(ind(target=65), [obs("2021-2025", 50, role="context"), obs(2026, 60, role="context")])
    assert a.reason == "no_data"


# --- average rate -------------------------------------------------------------------------

def test_average_rate_needed_in_remaining_years():
    i = ind(kind="average_rate", comparator="between", low=11, high=12)
    a = assess(i, [obs(2025, 10.27, "estimate"), obs(2026, 10), obs(2027, 10)])
    assert a.facts["average"] == pytest.approx(10)
    needed = ((1.11 ** 5 / 1.1 ** 2) ** (1 / 3) - 1) * 100
    assert a.facts["needed_rate"] == pytest.approx(needed)
    assert needed > 11
    # growth factor 1.21 vs 1.2321 expected → ratio 0.21/0.2321 ≈ 0.905
    assert a.status == "needs-effort"


def test_average_rate_geometric_mean_not_arithmetic():
    i = ind(kind="average_rate", target=10)
    a = assess(i, [obs(2026, 0), obs(2027, 21)])
    assert a.facts["average"] == pytest.approx((1.21 ** 0.5 - 1) * 100)
    assert a.status == "on-track"


def test_average_rate_only_baseline_needs_the_target_rate():
    a = assess(ind(kind="average_rate", comparator="between", low=11, high=12), [obs(2025, 10.27, "estimate")])
    assert a.status == "no-data" and a.facts["needed_rate"] == 11


def test_average_rate_complete_period():
    i = ind(kind="average_rate", target=10)
    assert assess(i, [obs(y, 10) for y in range(2026, 2031)]).status == "achieved"
    assert assess(i, [obs(y, 9) for y in range(2026, 2031)]).status == "off-track"


# --- cumulative ---------------------------------------------------------------------------

def test_cumulative_sum_and_amount_needed_per_remaining_year():
    i = ind(kind="cumulative", target=1090, unit="tỷ USD")
    a = assess(i, [obs(2025, 182, unit="tỷ USD"), obs(2026, 200, unit="tỷ USD"), obs(2027, 210, unit="tỷ USD")])
    assert a.facts["sum"] == 410
    assert a.facts["needed_per_year"] == pytest.approx((1090 - 410) / 3)
    assert a.facts["ratio"] == pytest.approx(410 / (1090 * 2 / 5))
    assert a.status == "needs-effort"


def test_cumulative_met_early():
    i = ind(kind="cumulative", target=100, unit="x")
    assert assess(i, [obs(2026, 60, unit="x"), obs(2027, 50, unit="x")]).status == "achieved"


# --- each year, range, qualitative ------------------------------------------------------

def test_each_year():
    i = ind(kind="each_year", comparator="above", target=90)
    assert assess(i, []).status == "no-data"
    assert assess(i, [obs(2026, 91), obs(2027, 92)]).status == "on-track"
    assert assess(i, [obs(2026, 89), obs(2027, 92)]).status == "off-track"  # a missed year cannot be made up
    assert assess(i, [obs(2026, 91), obs(2027, 90)]).status == "off-track"


def test_range_with_direction():
    icor = ind(kind="range", comparator="between", low=3.0, high=3.5, direction="down", unit="")
    assert assess(icor, [obs(2026, 3.2, unit="")]).status == "on-track"
    assert assess(icor, [obs(2026, 2.5, unit="")]).facts["position"] == "better"
    assert assess(icor, [obs(2026, 3.6, unit="")]).status == "needs-effort"
    assert assess(icor, [obs(2026, 5.0, unit="")]).status == "off-track"


def test_qualitative_without_editorial_status_is_no_data():
    assert assess(ind(kind="qualitative", comparator="at_most"), []).status == "no-data"


def test_target_summary_uses_the_worst_indicator_with_data():
    a1 = assess(ind(target=65), [obs(2025, 40), obs(2027, 50)])
    a2 = assess(ind(target=65), [])
    a3 = assess(ind(target=65), [obs(2025, 40), obs(2027, 41)])
    assert summarise([a1, a2]) == ("on-track", 1, 2)
    assert summarise([a1, a2, a3]) == ("off-track", 2, 3)
    assert summarise([a2]) == ("no-data", 0, 1)
