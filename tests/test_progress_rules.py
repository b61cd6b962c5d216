"""The progress method's rules with expectations written by hand from its definitions.

Every expected number below is worked out on paper from the method (DESIGN.md, the method page):
on track from 95% of the expected progress, needs more effort from 75% to under 95%, off track
below 75%; "about" means within 5% of the value; a range missed on the wrong side by at most 10%
of the bound needs more effort. Each threshold is tried exactly at, just inside and just outside.
Nothing here is computed from the constants in portal/progress.py, so changing one fails a test.
"""

from __future__ import annotations

import pytest

from portal.content import Indicator, Observation
from portal.progress import assess, meets, range_position, status_from_ratio, summarise


def ind(kind: str = "level", comparator: str = "at_least", target: float | None = None, low: float | None = None,
        high: float | None = None, direction: str = "up", period: tuple[int, int] = (2026, 2030),
        deadline: int = 2030, editorial: dict | None = None) -> Indicator:
    return Indicator(id="chi-tieu-1.x", target_id="chi-tieu-1", name="x", name_en="", unit="%", unit_en="%",
                     kind=kind, direction=direction, comparator=comparator, target=target, target_low=low,
                     target_high=high, period_start=period[0], period_end=period[1], deadline=deadline,
                     baseline_year=2025, conversions=[], editorial=editorial)


def obs(year: int, value: float, row: int = 0) -> Observation:
    return Observation(row=row or year, indicator="chi-tieu-1.x", period=str(year), value=value, unit="%",
                       status="official", role="measurement", scope="", published=f"{year + 1}-03-01",
                       publisher="P", source_url="https://example.org/x", note="", note_en="")


# --- level: straight path from the 2025 baseline 40 to 65 in 2030 -----------------------------
# Expected in 2027: 40 + (65 - 40) * 2/5 = 50, so 10 points of progress are expected by then and
# the ratio is (value - 40) / 10. 95% → 49.5; 75% → 47.5.

@pytest.mark.parametrize("value,status", [
    (50.0, "on-track"),  # exactly on the path
    (49.6, "on-track"),  # 96%
    (49.5, "on-track"),  # 95%: at the threshold
    (49.4, "needs-effort"),  # 94%
    (47.6, "needs-effort"),  # 76%
    (47.5, "needs-effort"),  # 75%: at the threshold
    (47.4, "off-track"),  # 74%
    (41.0, "off-track"),  # 10%
])
def test_level_ratio_thresholds(value, status):
    a = assess(ind(target=65), [obs(2025, 40), obs(2027, value)])
    assert a.status == status and a.reason == "path"
    assert a.facts["expected"] == pytest.approx(50)


def test_level_says_how_much_is_needed_per_remaining_year():
    a = assess(ind(target=65), [obs(2025, 40), obs(2027, 47)])
    # 65 - 47 = 18 still to go over 2028, 2029, 2030
    assert a.facts["needed_per_year"] == pytest.approx(6)
    assert (a.facts["from_year"], a.facts["to_year"]) == (2028, 2030)
    assert a.facts["ratio"] == pytest.approx(0.7)


def test_level_lower_is_better_path():
    # from 10 in 2025 down to at most 5 in 2030: expected 8 in 2027 (2 points of the 5 by then)
    i = ind(comparator="at_most", target=5, direction="down")
    assert assess(i, [obs(2025, 10), obs(2027, 8.1)]).status == "on-track"  # 1.9 of 2: 95%
    assert assess(i, [obs(2025, 10), obs(2027, 8.2)]).status == "needs-effort"  # 1.8 of 2: 90%
    assert assess(i, [obs(2025, 10), obs(2027, 8.6)]).status == "off-track"  # 1.4 of 2: 70%
    assert assess(i, [obs(2025, 10), obs(2027, 5)]).status == "achieved"


def test_status_from_ratio_boundaries():
    assert [status_from_ratio(r) for r in (1.2, 0.95, 0.9499, 0.75, 0.7499, 0)] == [
        "on-track", "on-track", "needs-effort", "needs-effort", "off-track", "off-track"]


def test_level_target_met_at_the_latest_figure_is_achieved_even_before_the_deadline():
    a = assess(ind(target=65), [obs(2025, 40), obs(2026, 65)])
    assert (a.status, a.reason) == ("achieved", "met")


def test_deadline_reached_and_not_met_is_off_track_with_its_reason():
    a = assess(ind(kind="deadline", target=65, period=(2026, 2027), deadline=2027), [obs(2025, 40), obs(2027, 64)])
    assert (a.status, a.reason) == ("off-track", "deadline_missed")


def test_baseline_already_meeting_the_target_is_not_yet_a_verdict():
    """A baseline that already meets the goal is not "achieved": the period's first figure is awaited."""
    a = assess(ind(target=65), [obs(2025, 70)])
    assert (a.status, a.reason) == ("no-data", "baseline_met")
    assert (a.facts["latest"], a.facts["latest_year"]) == (70, 2025)


def test_a_figure_without_baseline_gives_no_verdict_but_the_yearly_need():
    """No baseline: no path to compare with, so no status; what is needed per year is still said."""
    a = assess(ind(target=65), [obs(2027, 50)])
    assert (a.status, a.reason) == ("no-data", "no_baseline")
    assert a.facts["needed_per_year"] == pytest.approx(5)  # (65 - 50) over 2028-2030
    assert "ratio" not in a.facts


def test_baseline_only_gives_the_yearly_need_from_the_baseline():
    a = assess(ind(target=65), [obs(2025, 40)])
    assert (a.status, a.reason) == ("no-data", "baseline_only")
    assert a.facts["needed_per_year"] == pytest.approx(5)  # (65 - 40) over 2026-2030


# --- about: within 5% of the value either way ------------------------------------------------
# "about 40": 5% of 40 is 2, so 38 to 42 meets it.

@pytest.mark.parametrize("value,expected", [
    (40, True), (42, True), (41.99, True), (42.01, False), (38, True), (38.01, True), (37.99, False), (44, False),
])
def test_about_means_within_five_percent(value, expected):
    assert meets(value, ind(comparator="about", target=40)) is expected


@pytest.mark.parametrize("comparator,value,expected", [
    ("at_least", 65, True), ("at_least", 64.99, False),
    ("above", 90, False), ("above", 90.01, True),
    ("at_most", 5, True), ("at_most", 5.01, False),
    ("below", 5, False), ("below", 4.99, True),
])
def test_comparators_at_and_beside_the_value(comparator, value, expected):
    target = {"at_least": 65, "above": 90, "at_most": 5, "below": 5}[comparator]
    assert meets(value, ind(comparator=comparator, target=target)) is expected


# --- range: 30-40, more is better; and 2-2.5, less is better ---------------------------------
# Up: the wrong side is below 30; 10% of 30 is 3, so 27 to under 30 needs more effort.
# Down: the wrong side is above 2.5; 10% of 2.5 is 0.25, so above 2.5 up to 2.75 needs effort.

@pytest.mark.parametrize("value,status", [
    (35, "on-track"), (30, "on-track"), (45, "on-track"),
    (29.9, "needs-effort"), (27.1, "needs-effort"), (27, "needs-effort"), (26.9, "off-track"), (20, "off-track"),
])
def test_range_up_near_miss_threshold(value, status):
    a = assess(ind(kind="range", comparator="between", low=30, high=40), [obs(2026, value)])
    assert a.status == status


@pytest.mark.parametrize("value,status", [
    (2.2, "on-track"), (1.5, "on-track"), (2.6, "needs-effort"), (2.75, "needs-effort"), (2.74, "needs-effort"),
    (2.76, "off-track"),
])
def test_range_down_near_miss_threshold(value, status):
    a = assess(ind(kind="range", comparator="between", low=2, high=2.5, direction="down"), [obs(2026, value)])
    assert a.status == status


def test_range_judges_the_average_of_the_years():
    # 28 and 34: average 31, inside 30-40
    a = assess(ind(kind="range", comparator="between", low=30, high=40), [obs(2026, 28), obs(2027, 34)])
    assert a.status == "on-track" and a.facts["average"] == pytest.approx(31)


def test_range_complete_period_is_a_verdict():
    i = ind(kind="range", comparator="between", low=30, high=40)
    inside = [obs(y, 35) for y in range(2026, 2031)]
    near = [obs(y, 29) for y in range(2026, 2031)]  # 3.3% short of 30: needs effort while time is left
    assert assess(i, inside).status == "achieved"
    assert assess(i, inside[:4]).status == "on-track"
    assert assess(i, near[:4]).status == "needs-effort"
    assert assess(i, near).status == "off-track"  # no year left to make it up


# --- each year -----------------------------------------------------------------------------------

def test_each_year_complete_period_met_every_year_is_achieved():
    i = ind(kind="each_year", comparator="above", target=90)
    every_year = [obs(y, 91) for y in range(2026, 2031)]
    assert assess(i, every_year).status == "achieved"
    assert assess(i, every_year[:4]).status == "on-track"  # 2030 still to come
    a = assess(i, every_year[:4] + [obs(2030, 90)])  # "above 90": 90 misses
    assert a.status == "off-track" and a.facts["missed"] == [2030]


# --- average rate and cumulative -----------------------------------------------------------------
# 10% a year on average over 2026-2030. After one year at g%, the growth achieved is g/100 against
# 0.10 expected: ratio g/10. (Exact 95%/75% are not floating-point exact here: just beside them.)

@pytest.mark.parametrize("growth,status", [
    (10, "on-track"), (9.6, "on-track"), (9.4, "needs-effort"), (7.6, "needs-effort"), (7.4, "off-track"),
])
def test_average_rate_thresholds(growth, status):
    assert assess(ind(kind="average_rate", target=10), [obs(2026, growth)]).status == status


def test_average_rate_needed_in_the_remaining_years():
    # 0% in 2026: the 2027-2030 years must bring 1.1^5 = 1.61051, i.e. 1.61051^(1/4) - 1 = 12.65% a year
    a = assess(ind(kind="average_rate", target=10), [obs(2026, 0)])
    assert a.facts["needed_rate"] == pytest.approx(12.6528, abs=1e-3)
    assert a.status == "off-track"


# Cumulative: 100 over 2026-2030; after two years 40 is expected.
@pytest.mark.parametrize("first,second,status", [
    (20, 20, "on-track"), (19, 19, "on-track"),  # 38 of 40: 95%
    (19, 18.9, "needs-effort"), (15, 15, "needs-effort"),  # 30 of 40: 75%
    (15, 14.9, "off-track"),
])
def test_cumulative_thresholds(first, second, status):
    a = assess(ind(kind="cumulative", target=100), [obs(2026, first), obs(2027, second)])
    assert a.status == status


def test_cumulative_needed_per_remaining_year_and_period_end():
    i = ind(kind="cumulative", target=100)
    a = assess(i, [obs(2026, 19), obs(2027, 19)])
    assert a.facts["needed_per_year"] == pytest.approx(62 / 3)  # 100 - 38 over three years
    five = [obs(y, 19) for y in range(2026, 2031)]  # 95 in all
    assert assess(i, five).status == "off-track"
    assert assess(i, five[:4] + [obs(2030, 24)]).status == "achieved"  # 100 exactly


# --- qualitative: editorial status -----------------------------------------------------------

def test_qualitative_uses_the_editorial_status_with_its_reason_and_source():
    editorial = {"status": "needs-effort", "reason": "Còn 3 điểm ô nhiễm.", "source_url": "https://example.org/r",
                 "publisher": "Sở X", "published": "2026-05-01"}
    a = assess(ind(kind="qualitative", comparator="at_most", editorial=editorial), [])
    assert (a.status, a.reason) == ("needs-effort", "editorial")
    assert a.facts["reason"] == "Còn 3 điểm ô nhiễm." and a.facts["source_url"] == "https://example.org/r"
    assert a.facts["publisher"] == "Sở X" and a.facts["published"] == "2026-05-01"


def test_summary_counts_and_worst_status():
    on = assess(ind(target=65), [obs(2025, 40), obs(2027, 50)])
    effort = assess(ind(target=65), [obs(2025, 40), obs(2027, 48)])
    none = assess(ind(target=65), [])
    done = assess(ind(target=65), [obs(2025, 40), obs(2027, 66)])
    assert summarise([done, on, none]) == ("on-track", 2, 3)
    assert summarise([done, effort, on]) == ("needs-effort", 3, 3)
    assert summarise([done]) == ("achieved", 1, 1)


# --- the numbers behind each sentence --------------------------------------------------------
# The page says every status in plain words with the numbers that produced it (DESIGN.md); these
# are the whole set of facts per reason, worked out by hand.

def facts_of(i: Indicator, rows: list[Observation]) -> tuple[str, str, dict]:
    a = assess(i, rows)
    return a.status, a.reason, a.facts


def test_level_facts_for_every_reason():
    i = ind(target=65)
    assert facts_of(i, []) == ("no-data", "no_data", {"goal": 65, "deadline": 2030})
    assert facts_of(i, [obs(2025, 40)]) == ("no-data", "baseline_only", pytest.approx(
        {"goal": 65, "deadline": 2030, "baseline": 40, "baseline_year": 2025, "needed_per_year": 5,
         "from_year": 2026, "to_year": 2030}))
    assert facts_of(i, [obs(2025, 70)]) == ("no-data", "baseline_met", {
        "goal": 65, "deadline": 2030, "baseline": 70, "baseline_year": 2025, "latest": 70, "latest_year": 2025})
    assert facts_of(i, [obs(2025, 40), obs(2026, 65)]) == ("achieved", "met", {
        "goal": 65, "deadline": 2030, "baseline": 40, "baseline_year": 2025, "latest": 65, "latest_year": 2026})
    assert facts_of(i, [obs(2027, 50)]) == ("no-data", "no_baseline", pytest.approx(
        {"goal": 65, "deadline": 2030, "latest": 50, "latest_year": 2027, "needed_per_year": 5,
         "from_year": 2028, "to_year": 2030}))
    assert facts_of(i, [obs(2025, 40), obs(2027, 47)]) == ("off-track", "path", pytest.approx(
        {"goal": 65, "deadline": 2030, "baseline": 40, "baseline_year": 2025, "latest": 47, "latest_year": 2027,
         "needed_per_year": 6, "from_year": 2028, "to_year": 2030, "expected": 50, "ratio": 0.7}))
    short = ind(kind="deadline", target=65, period=(2026, 2027), deadline=2027)
    assert facts_of(short, [obs(2025, 40), obs(2027, 64)]) == ("off-track", "deadline_missed", {
        "goal": 65, "deadline": 2027, "baseline": 40, "baseline_year": 2025, "latest": 64, "latest_year": 2027})


def test_level_with_a_flat_path_counts_as_on_the_path():
    # "above 65" from a baseline of exactly 65: the path is flat, so any figure is "as expected"
    status, _, facts = facts_of(ind(comparator="above", target=65), [obs(2025, 65), obs(2027, 64)])
    assert status == "on-track" and facts["ratio"] == 1 and facts["expected"] == 65


def test_range_goal_is_the_bound_on_the_side_to_reach():
    up = ind(comparator="between", low=30, high=40)
    down = ind(comparator="between", low=2, high=2.5, direction="down")
    assert assess(up, [obs(2025, 20)]).facts["goal"] == 30
    assert assess(down, [obs(2025, 3)]).facts["goal"] == 2.5


def test_average_rate_facts_for_every_reason():
    i = ind(kind="average_rate", target=10)
    head = {"goal": 10, "years_total": 5, "from_year": 2026, "to_year": 2030}
    assert facts_of(i, []) == ("no-data", "no_data", dict(head, needed_rate=10))
    assert facts_of(i, [obs(2025, 9)]) == ("no-data", "baseline_only",
                                           dict(head, baseline=9, baseline_year=2025, needed_rate=10))
    # 10% in 2026 and 2027: growth 1.21 as expected; 1.1^5 / 1.21 = 1.331 = 1.1^3 still to come
    assert facts_of(i, [obs(2025, 9), obs(2026, 10), obs(2027, 10)]) == ("on-track", "average_so_far", pytest.approx(
        dict(head, baseline=9, baseline_year=2025, average=10, years_done=2, latest=10, latest_year=2027,
             needed_rate=10, from_year=2028, ratio=1)))
    # 0% in 2026: 1.1^5 = 1.61051 over four years, 1.61051^(1/4) = 1.126525
    status, reason, facts = facts_of(i, [obs(2026, 0)])
    assert (status, reason) == ("off-track", "average_so_far")
    assert facts["needed_rate"] == pytest.approx(12.6525, abs=1e-4) and facts["ratio"] == 0
    assert facts_of(i, [obs(y, 10) for y in range(2026, 2031)]) == ("achieved", "period_complete", pytest.approx(
        dict(head, average=10, years_done=5, latest=10, latest_year=2030)))
    assert facts_of(i, [obs(y, 9.99) for y in range(2026, 2031)])[:2] == ("off-track", "period_complete")


def test_average_rate_over_a_range_aims_at_its_lower_bound():
    i = ind(kind="average_rate", comparator="between", low=11, high=12)
    assert assess(i, []).facts["needed_rate"] == 11


def test_cumulative_facts_for_every_reason():
    i = ind(kind="cumulative", target=100)
    head = {"goal": 100, "years_total": 5, "from_year": 2026, "to_year": 2030}
    assert facts_of(i, []) == ("no-data", "no_data", dict(head, needed_per_year=20))
    assert facts_of(i, [obs(2025, 18)]) == ("no-data", "baseline_only",
                                            dict(head, baseline=18, baseline_year=2025, needed_per_year=20))
    assert facts_of(i, [obs(2025, 18), obs(2026, 60), obs(2027, 50)]) == ("achieved", "met", dict(
        head, baseline=18, baseline_year=2025, sum=110, years_done=2, latest=50, latest_year=2027))
    assert facts_of(i, [obs(y, 19) for y in range(2026, 2031)]) == ("off-track", "deadline_missed", dict(
        head, sum=95, years_done=5, latest=19, latest_year=2030))
    assert facts_of(i, [obs(2026, 19), obs(2027, 19)]) == ("on-track", "sum_so_far", pytest.approx(dict(
        head, sum=38, years_done=2, latest=19, latest_year=2027, needed_per_year=62 / 3, from_year=2028,
        ratio=0.95)))


def test_each_year_facts():
    i = ind(kind="each_year", comparator="above", target=90)
    assert facts_of(i, []) == ("no-data", "no_data", {"goal": 90})
    assert facts_of(i, [obs(2026, 91), obs(2027, 89)]) == ("off-track", "each_year", {
        "goal": 90, "years_done": 2, "missed": [2027], "latest": 89, "latest_year": 2027})
    # a missed year cannot be made up by a later good one: "every year" is already broken (as /phuong-phap says)
    assert facts_of(i, [obs(2026, 89), obs(2027, 91)]) == ("off-track", "each_year", {
        "goal": 90, "years_done": 2, "missed": [2026], "latest": 91, "latest_year": 2027})


def test_range_facts():
    i = ind(kind="range", comparator="between", low=30, high=40)
    assert facts_of(i, []) == ("no-data", "no_data", {"low": 30, "high": 40})
    assert facts_of(i, [obs(2025, 33)]) == ("no-data", "no_data",
                                            {"low": 30, "high": 40, "baseline": 33, "baseline_year": 2025})
    assert facts_of(i, [obs(2026, 28), obs(2027, 34)]) == ("on-track", "range", pytest.approx({
        "low": 30, "high": 40, "average": 31, "years_done": 2, "position": "inside", "latest_year": 2027}))
    assert facts_of(i, [obs(2026, 27)]) == ("needs-effort", "range", pytest.approx({
        "low": 30, "high": 40, "average": 27, "years_done": 1, "position": "worse", "latest_year": 2026,
        "gap": 0.1}))
    assert assess(i, [obs(2026, 45)]).facts["position"] == "better"
    above = ind(kind="range", comparator="between", low=2, high=2.5, direction="down")
    assert assess(above, [obs(2026, 2.75)]).facts["gap"] == pytest.approx(0.1)  # measured from the upper bound


def test_range_with_a_zero_bound_missed_is_off_track():
    # no relative gap can be measured from 0: any miss below a lower bound of 0 is off track
    i = ind(kind="range", comparator="between", low=0, high=5)
    a = assess(i, [obs(2026, -0.01)])
    assert a.status == "off-track" and a.facts["gap"] == float("inf")


def test_qualitative_facts_default_to_empty_reason_and_no_source():
    a = assess(ind(kind="qualitative", comparator="at_most", editorial={"status": "on-track"}), [])
    assert (a.status, a.reason) == ("on-track", "editorial")
    assert a.facts == {"reason": "", "source_url": None, "publisher": None, "published": None}
    assert assess(ind(kind="qualitative", comparator="at_most"), []).reason == "no_data"


# --- smaller rules, each pinned by a worked example -----------------------------------------

def test_latest_figure_means_the_last_year_of_several():
    i = ind(kind="each_year", comparator="above", target=90)
    a = assess(i, [obs(2026, 91), obs(2027, 92), obs(2028, 93)])
    assert (a.status, a.reason) == ("on-track", "each_year")
    assert (a.facts["latest"], a.facts["latest_year"], a.facts["missed"]) == (93, 2028, [])
    c = assess(ind(kind="cumulative", target=100), [obs(2026, 10), obs(2027, 11), obs(2028, 12)])
    assert (c.facts["latest"], c.facts["from_year"], c.facts["sum"]) == (12, 2029, 33)


def test_range_off_track_keeps_its_reason():
    a = assess(ind(kind="range", comparator="between", low=30, high=40), [obs(2026, 20)])
    assert (a.status, a.reason) == ("off-track", "range")


def test_range_bounds_are_inside():
    up = ind(kind="range", comparator="between", low=30, high=40)
    assert [range_position(v, up) for v in (30, 40, 29.99, 40.01)] == ["inside", "inside", "worse", "better"]
    down = ind(kind="range", comparator="between", low=2, high=2.5, direction="down")
    assert [range_position(v, down) for v in (2, 2.5, 1.99, 2.51)] == ["inside", "inside", "better", "worse"]


def test_meets_a_range_on_its_bound_and_not_without_bounds():
    assert meets(30, ind(comparator="between", low=30, high=40))
    assert not meets(29.99, ind(comparator="between", low=30, high=40))
    assert meets(2.5, ind(comparator="between", low=2, high=2.5, direction="down"))
    assert not meets(2.51, ind(comparator="between", low=2, high=2.5, direction="down"))
    assert not meets(5, ind(comparator="between", low=None, high=10, direction="down"))
    assert not meets(5, ind(comparator="between", low=0, high=None))
    assert not meets(1, ind(comparator="unknown", target=1))


def test_points_carry_their_row_and_whether_they_were_converted():
    row = obs(2026, 31)
    a = assess(ind(target=65), [obs(2025, 30), row])
    assert a.points[0].observation is row and a.points[0].converted is False


def test_later_publication_wins_across_years():
    early = obs(2026, 1)
    early.published = "2026-12-20"
    late = obs(2026, 2, row=9)
    late.published = "2027-01-05"
    assert assess(ind(target=65), [early, late]).points[0].value == 2


def test_a_deadline_one_year_after_the_baseline():
    i = ind(kind="deadline", target=65, period=(2026, 2026), deadline=2026)
    a = assess(i, [obs(2025, 40)])
    assert a.facts["needed_per_year"] == pytest.approx(25)  # all of it in 2026


def test_a_zero_growth_target_gives_a_finite_ratio():
    a = assess(ind(kind="average_rate", target=0), [obs(2026, 1)])
    assert a.facts["ratio"] == a.facts["ratio"] and abs(a.facts["ratio"]) != float("inf")
