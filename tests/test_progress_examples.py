"""Which published figure is current, the history shown before the baseline, and the method
page's worked examples taken from the document's own indicators; expectations by hand."""

from __future__ import annotations

from portal.content import Indicator, Observation
from portal.progress import assess, method_examples, pick_current


def indicator(n: int, kind: str = "level", comparator: str = "at_least", target: float | None = 50.0,
              baseline: int = 2025, deadline: int = 2030) -> Indicator:
    return Indicator(id=f"chi-tieu-{n}.x", target_id=f"chi-tieu-{n}", name="x", name_en="", unit="%", unit_en="%",
                     kind=kind, direction="up", comparator=comparator, target=target, target_low=None,
                     target_high=None, period_start=2026, period_end=2030, deadline=deadline,
                     baseline_year=baseline, conversions=[], editorial=None)


def row(n: int, period: str = "2025", value: float = 1.0, status: str = "official", authority: str = "press",
        qualifier: str = "", published: str = "2026-01-10") -> Observation:
    return Observation(row=n, indicator="chi-tieu-1.x", period=period, value=value, unit="%", status=status,
                       role="measurement", scope="", published=published, publisher="P",
                       source_url="https://example.org/x", note="", note_en="", qualifier=qualifier,
                       authority=authority)


def test_the_issuer_s_own_figure_is_current_before_the_statistics_office_and_the_press():
    rows = [row(1, authority="press"), row(2, authority="press-report"), row(3, authority="statistics"),
            row(4, authority="issuer")]
    assert pick_current(rows).row == 4
    assert pick_current(rows[:3]).row == 3
    assert pick_current(rows[:2]).row == 2
    assert pick_current([row(1, authority="someone"), row(2, authority="press")]).row == 2  # unknown last


def test_then_official_before_preliminary_before_estimate_and_never_a_projection():
    rows = [row(1, status="estimate"), row(2, status="preliminary"), row(3, status="official")]
    assert pick_current(rows).row == 3
    assert pick_current(rows[:2]).row == 2
    assert pick_current([row(1, status="projection")]) is None


def test_then_an_exact_figure_before_an_approximate_one_then_the_latest():
    assert pick_current([row(1, qualifier="khoảng"), row(2)]).row == 2
    assert pick_current([row(1), row(2, qualifier="gần")]).row == 1
    assert pick_current([row(1, published="2026-01-10"), row(2, published="2026-03-02")]).row == 2
    assert pick_current([row(1, published="2026-03-02"), row(2, published="2026-03-01")]).row == 1


def test_years_before_the_baseline_are_history():
    ind = indicator(1, baseline=2025)
    rows = [row(1, "2023", 10), row(2, "2024", 11), row(3, "2025", 12), row(4, "2026", 13)]
    result = assess(ind, rows)
    assert [p.year for p in result.history] == [2023, 2024]
    assert result.baseline.year == 2025 and [p.year for p in result.points] == [2026]
    # without a figure for the baseline year or before, history is what comes before the period
    later = indicator(1, baseline=2024)
    assert [p.year for p in assess(later, [rows[2], rows[3]]).history] == [2025]


def test_method_examples_come_from_the_document_s_own_indicators():
    indicators = [
        indicator(1, comparator="between"),  # a range: not a straight path
        indicator(2, target=None),  # no value to aim at
        indicator(3, deadline=2026),  # one year from the baseline: no path to show
        indicator(4, kind="cumulative"),
        indicator(5, deadline=2030),  # the first that fits: 2025 → 2030
        indicator(6),
        indicator(7, comparator="about", target=None),
        indicator(8, comparator="about", target=45.0),
        indicator(9, kind="deadline", deadline=2028),
    ]
    ex = method_examples(indicators)
    assert ex.level.id == "chi-tieu-5.x"
    assert (ex.level_year, ex.level_share) == (2027, (2, 5))  # two of five years done by 2027
    assert ex.about.id == "chi-tieu-8.x" and ex.about_band == (42.75, 47.25)
    assert ex.deadline.id == "chi-tieu-9.x"


def test_a_two_year_path_is_long_enough_and_a_falling_about_value_keeps_its_band():
    ex = method_examples([indicator(1, deadline=2027), indicator(2, comparator="about", target=-20.0)])
    assert (ex.level_year, ex.level_share) == (2026, (1, 2))
    assert ex.about_band == (-21.0, -19.0)


def test_without_such_indicators_there_are_no_examples():
    ex = method_examples([indicator(1, kind="each_year")])
    assert ex.level is None and ex.about is None and ex.deadline is None
    assert (ex.level_year, ex.level_share, ex.about_band) == (0, (0, 1), (0.0, 0.0))
