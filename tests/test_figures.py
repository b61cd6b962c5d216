"""One public figure, many renderings: the same value travels with its qualifier, conversion,
caveat and source to every surface (issue #9). Expected strings below are written by hand from
content/observations.csv, not recomputed from the code under test."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from urllib.parse import quote

import pytest

from portal.charts import build_chart
from portal.content import Indicator, Observation
from portal.embed_size import SIZES
from portal.figures import format_value, public_figure, years_left
from portal.progress import assess, pick_current


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def section(markup: str, pattern: str) -> str:
    m = re.search(pattern, markup, re.S)
    assert m, pattern
    return text_of(m.group(0))


# What a reader must find for each target, on every surface (Vietnamese), and the source's address.
EXPECTED = {
    1: {"value": "10,27%", "label": "Tốc độ tăng trưởng GRDP năm 2025", "publisher": "Báo Tin Tức (TTXVN)",
        "date": "9 tháng 12 năm 2025", "extra": "ước tính",
        "url": "https://www.vietnam.vn/en/bac-ninh-tang-truong-kinh-te-nam-2025-dung-thu-5-ca-nuoc"},
    2: {"value": "5.852 USD", "label": "5.852 USD", "publisher": "CafeF", "date": "11 tháng 12 năm 2025",
        "extra": "gần 5.600 USD",
        "url": "https://cafef.vn/tinh-co-grdp-dau-nguoi-cao-gap-116-lan-binh-quan-ca-nuoc-phan-dau-tro-thanh-tp-truc-"
               "thuoc-trung-uong-truoc-2030-188251211165810547.chn"},
    13: {"value": "5,77 triệu đồng/tháng", "label": "quy đổi từ 69,2 triệu đồng/năm", "publisher": "VTC News",
         "date": "tháng 10 năm 2025", "extra": "quy đổi từ 69,2 triệu đồng/năm",
         "url": "https://vtcnews.vn/bac-ninh-but-pha-toan-dien-mo-duong-cho-nganh-cong-nghiep-ban-dan-ar967333.html"},
    19: {"value": "95,8%", "label": "Chất thải rắn sinh hoạt", "publisher": "vietnam.vn", "date": "tháng 1 năm 2026",
         "extra": "không nói là chất thải rắn sinh hoạt",
         "url": "https://www.vietnam.vn/en/bac-ninh-thao-go-vuong-mac-cho-cac-du-an-trong-diem"},
}
FOUR = sorted(EXPECTED)


def assert_carries(text: str, n: int, url: bool = True) -> None:
    e = EXPECTED[n]
    for key in ("value", "label", "publisher", "date", "extra"):
        assert e[key] in text, (n, key, e[key])
    if url:
        assert e["url"] in text


# --- surfaces ------------------------------------------------------------------------------

@pytest.mark.parametrize("n", FOUR)
def test_key_facts_block_carries_the_figure(client, n):
    assert_carries(section(client.get(f"/bac-ninh/chi-tieu/{n}").text, r'<section id="key-facts".*?</section>'), n,
                   url=False)
    assert f'href="{EXPECTED[n]["url"]}"' in client.get(f"/bac-ninh/chi-tieu/{n}").text.split('id="key-facts"')[1]


@pytest.mark.parametrize("n", FOUR)
def test_citation_box_carries_the_figure(client, n):
    assert_carries(section(client.get(f"/bac-ninh/chi-tieu/{n}").text, r'<p id="cite-text".*?</p>'), n)


@pytest.mark.parametrize("theme", ["", "?theme=dark"])
@pytest.mark.parametrize("n", FOUR)
def test_widget_carries_the_figure_light_and_dark(client, n, theme):
    assert_carries(text_of(client.get(f"/bac-ninh/nhung/chi-tieu/{n}{theme}").text) + " "
                   + client.get(f"/bac-ninh/nhung/chi-tieu/{n}{theme}").text, n)


@pytest.mark.parametrize("n", FOUR)
def test_compact_widget_keeps_the_source(client, n):
    page = client.get(f"/bac-ninh/nhung/chi-tieu/{n}?compact=1").text
    assert_carries(text_of(page) + " " + page, n)


@pytest.mark.parametrize("n", FOUR)
def test_share_card_svg_carries_the_figure_and_the_site_address(client, n):
    svg = client.get(f"/bac-ninh/the/chi-tieu/{n}.svg").text
    assert_carries(text_of(svg), n, url=False)  # a card has no room for the address; publisher and date
    assert f"testserver/bac-ninh/chi-tieu/{n}" in text_of(svg)


@pytest.mark.parametrize("n", FOUR)
def test_card_layout_keeps_figure_target_source_and_caveat_when_space_is_short(client, n):
    """PNG and SVG are drawn from the same layout; lines that must never be dropped survive."""
    svg = client.get(f"/bac-ninh/the/chi-tieu/{n}.svg").text
    lines = re.findall(r'<text [^>]*class="(\w)">([^<]*)</text>', svg)
    kinds = [k for k, _t in lines]
    assert "v" in kinds and "r" in kinds and "u" in kinds and "g" in kinds
    if n == 19:
        assert "i" in kinds and "c" in kinds  # the indicator's name and the caveat survive the space limit


@pytest.mark.parametrize("n", FOUR)
def test_oembed_points_to_a_widget_and_card_that_carry_the_figure(client, n):
    o = client.get("/oembed?url=" + quote(f"http://testserver/bac-ninh/chi-tieu/{n}", safe="")).json()
    src = re.search(r'src="([^"]+)"', o["html"]).group(1).replace("http://testserver", "")
    page = client.get(src).text
    assert_carries(text_of(page) + " " + page, n)
    # the compact widget oEmbed hands out for small slots keeps the figure and its source too
    page_url = quote(f"http://testserver/bac-ninh/chi-tieu/{n}", safe="")
    small = client.get(f"/oembed?maxheight={SIZES['compact'].height}&url={page_url}").json()
    src = re.search(r'src="([^"]+)"', small["html"]).group(1).replace("http://testserver", "")
    assert "compact=1" in src
    page = client.get(src).text
    assert_carries(text_of(page) + " " + page, n)


@pytest.mark.parametrize("n", FOUR)
def test_api_figure_carries_the_figure(client, n):
    d = client.get(f"/bac-ninh/api/v1/targets/chi-tieu-{n}").json()
    figs = [i["figure"] for i in d["indicators"] if i["figure"]]
    assert len(figs) == 1
    assert_carries(figs[0]["text"], n)


def test_api_figure_fields_keep_qualifier_conversion_caveat_and_disagreement(client):
    def fig(n):
        return next(i["figure"] for i in client.get(f"/bac-ninh/api/v1/targets/chi-tieu-{n}").json()["indicators"]
                    if i["figure"])

    f2, f13, f19 = fig(2), fig(13), fig(19)
    assert f2["value"] == 5852 and f2["qualifier"] == "" and f2["publisher"] == "CafeF"
    assert {(o["value"], o["qualifier"]) for o in f2["others"]} == {(5810, ""), (5600, "gần")}
    assert f2["max_difference"] == 252
    assert f13["converted"] is True and f13["original_value"] == 69.2 and f13["original_unit"] == "triệu đồng/năm"
    assert round(f13["value"], 4) == 5.7667
    assert "sinh hoạt" in f19["caveat"] and f19["measure"] == "Tỷ lệ chất thải rắn được thu gom, xử lý"


def test_openapi_describes_the_figure_field_as_the_api_sends_it(client):
    """Clients generated from /openapi.json see the figure with its qualifier, conversion, caveat and
    the disagreeing figures; and every key the API sends is described (nothing slips past the model)."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    figure_ref = schemas["IndicatorOut"]["properties"]["figure"]
    assert "FigureOut" in str(figure_ref)
    described = set(schemas["FigureOut"]["properties"])
    for key in ("qualifier", "converted", "original_value", "original_unit", "caveat", "publisher", "published",
                "source_url", "others", "max_difference", "text"):
        assert key in described, key
    indicators = client.get("/bac-ninh/api/v1/targets/chi-tieu-2").json()["indicators"]
    sent = next(i["figure"] for i in indicators if i["figure"])
    assert set(sent) == described
    assert set(sent["others"][0]) == set(schemas["OtherFigureOut"]["properties"])


def test_csv_indicators_carry_the_figure_columns(client):
    body = client.get("/bac-ninh/du-lieu/indicators.csv").content.decode("utf-8-sig")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(body))}
    t2 = rows["chi-tieu-2.grdp-binh-quan-dau-nguoi"]
    assert (t2["figure_value"], t2["figure_publisher"], t2["figure_published"]) == ("5852", "CafeF", "2025-12-11")
    assert t2["figure_source_url"] == EXPECTED[2]["url"] and t2["figure_other_values"] == "5810; 5600"
    t13 = rows["chi-tieu-13.thu-nhap-binh-quan"]
    assert t13["figure_converted_from"] == "69.2 triệu đồng/năm" and t13["figure_source_url"] == EXPECTED[13]["url"]
    t19 = rows["chi-tieu-19.chat-thai-ran-sinh-hoat"]
    assert "không nói là chất thải rắn sinh hoạt" in t19["figure_caveat"] and t19["figure_value"] == "95.8"
    t1 = rows["chi-tieu-1.tang-truong-grdp"]
    assert (t1["figure_value"], t1["figure_status"], t1["figure_source_url"]) == ("10.27", "estimate",
                                                                                   EXPECTED[1]["url"])
    body = client.get("/bac-ninh/du-lieu/observations.csv").content.decode("utf-8-sig")
    obs = list(csv.DictReader(io.StringIO(body)))
    assert any(r["value"] == "5600" and r["qualifier"] == "gần" for r in obs)


EXPECTED_EN = {
    1: ["10.27%", "GRDP growth in 2025", "Báo Tin Tức (TTXVN)", "9 December 2025"],
    2: ["USD 5,852", "nearly USD 5,600", "CafeF", "11 December 2025", "They differ by up to USD 252"],
    13: ["VND 5.77 million a month", "converted from VND 69.2 million a year", "VTC News", "October 2025"],
    19: ["95.8%", "only “solid waste”", "vietnam.vn", "January 2026"],
}


@pytest.mark.parametrize("n", FOUR)
def test_english_page_and_widget_carry_the_figure_in_english_units(client, n):
    page = section(client.get(f"/en/bac-ninh/targets/{n}").text, r'<section id="key-facts".*?</section>')
    widget = text_of(client.get(f"/en/bac-ninh/embed/targets/{n}").text)
    for s in EXPECTED_EN[n]:
        assert s in page and s in widget, s


def test_single_year_figures_are_never_called_averages(client):
    for surface in (client.get("/bac-ninh/chi-tieu/1").text.split('id="key-facts"')[1].split("</section>")[0],
                    client.get("/bac-ninh/nhung/chi-tieu/1").text, client.get("/bac-ninh/the/chi-tieu/1.svg").text):
        assert "bình quân 10,27%" not in text_of(surface) and "bình quân: 10,27" not in text_of(surface)
    t = text_of(client.get("/bac-ninh/chi-tieu/1").text)
    assert "mỗi năm cần tăng ít nhất 11%" not in t
    assert "tốc độ bình quân của các năm cần ít nhất 11%" in t


def test_totals_say_cumulative_and_the_amount_still_needed(client):
    facts = section(client.get("/bac-ninh/chi-tieu/7").text, r'<section id="key-facts".*?</section>')
    assert "cộng dồn 2026-2030" in facts and "cần thêm 1.090 tỷ USD cộng dồn" in facts and "218 tỷ USD" in facts
    svg = text_of(client.get("/bac-ninh/the/chi-tieu/7.svg").text)
    assert "cộng dồn 2026-2030" in svg and "(2030)" not in svg


def test_context_rows_sit_on_the_targets_they_serve(client):
    assert "522.618" not in text_of(client.get("/bac-ninh/chi-tieu/1").text)
    for n in (4, 5, 6):
        t = text_of(client.get(f"/bac-ninh/chi-tieu/{n}").text)
        assert "trên 522.618 tỷ đồng" in t and "Số liệu tham khảo" in t


def test_waiting_state_differs_from_no_figure_and_says_what_comes_next(client):
    t2 = client.get("/bac-ninh/chi-tieu/2").text
    t12 = client.get("/bac-ninh/chi-tieu/12").text
    assert 'class="status status-waiting"' in t2 and 'class="status status-waiting"' not in t12
    assert "Số tiếp theo: ước tính cả năm, trong báo cáo kinh tế - xã hội" in text_of(t2)
    assert "thường do Ủy ban nhân dân tỉnh công bố vào tháng 12" in text_of(t2)
    assert "usually published by the Provincial People's Committee in December" in text_of(
        client.get("/en/bac-ninh/targets/2").text)  # a month's name, not "in month 12"
    nodata = text_of(t12)
    assert nodata.count("Chưa tìm thấy số liệu đã công bố") == 1  # one no-data message per page
    assert "Chưa có số liệu nào được công bố" not in nodata
    home = text_of(client.get("/").text)
    assert "2025: 5.852 USD (các nguồn chênh nhau đến 252 USD) → năm 2030: từ 8.700 USD đến 9.200 USD" in home
    assert "2025: gần 72.500 tỷ đồng → cộng dồn 2026-2030: ít nhất 375.700 tỷ đồng" in home
    # the summary counts the targets with a baseline apart from those with nothing found (9 and 17 of 26)
    assert "Có năm gốc, chờ số mới 9; ? Chưa đủ số liệu 17" in home


def test_embed_box_documents_the_dark_theme(client):
    assert "?theme=dark" in text_of(client.get("/bac-ninh/chi-tieu/2").text)


def test_method_page_states_the_current_figure_rule_and_the_each_year_rule(client):
    t = text_of(client.get("/bac-ninh/phuong-phap").text)
    assert "báo cáo của chính cơ quan ban hành" in t and "số chính xác đứng trước số viết gần đúng" in t
    assert "Chỉ cần một năm chưa đạt là chậm" in t


# --- pure rules, hand-computed -------------------------------------------------------------

def _ind(**kw):
    base = dict(id="chi-tieu-9.x", target_id="chi-tieu-9", name="x", name_en="x", unit="%", unit_en="%",
                kind="level", direction="up", comparator="at_least", target=65.0, target_low=None, target_high=None,
                period_start=2026, period_end=2030, deadline=2030, baseline_year=2025, conversions=[],
                editorial=None)
    return Indicator(**(base | kw))


_n = [1000]


def _obs(period, value, published, authority="press-report", qualifier="", status="estimate", unit="%"):
    _n[0] += 1
    return Observation(row=_n[0], indicator="chi-tieu-9.x", period=str(period), value=value, unit=unit,
                       status=status, role="measurement", scope="", published=published, publisher=f"P{_n[0]}",
                       source_url="https://example.org/", note="", note_en="", authority=authority,
                       qualifier=qualifier)


def test_authority_ranks_before_vintage_and_date():
    report = _obs(2025, 5852, "2025-12-11")
    paraphrase = _obs(2025, 5600, "2025-12-31", authority="press", qualifier="gần")
    assert pick_current([paraphrase, report]) is report
    office = _obs(2025, 1, "2025-01-01", authority="statistics", status="estimate")
    press_official = _obs(2025, 2, "2026-06-01", authority="press-report", status="official")
    assert pick_current([press_official, office]) is office


def test_exact_figure_ranks_before_an_approximate_one_of_the_same_standing():
    approx = _obs(2025, 72500, "2026-01-05", qualifier="gần")
    exact = _obs(2025, 72480, "2026-01-02")
    assert pick_current([approx, exact]) is exact
    # vintage still comes first: an official approximate figure beats an exact estimate
    official_approx = _obs(2025, 72500, "2026-01-01", qualifier="khoảng", status="official")
    assert pick_current([exact, official_approx]) is official_approx


def test_public_figure_lists_disagreeing_figures_with_their_gap():
    rows = [_obs(2025, 5852, "2025-12-11", unit="USD"), _obs(2025, 5810, "2025-10-02", unit="USD"),
            _obs(2025, 5600, "2025-12-31", authority="press", qualifier="gần", unit="USD"),
            _obs(2025, 5852, "2025-12-12", authority="press", unit="USD")]
    ind = _ind(unit="USD", unit_en="USD {}", target=8700.0)
    f = public_figure(ind, assess(ind, rows), rows)
    assert f is not None and f.value == 5852 and f.role == "baseline"
    assert [(o.value, o.difference) for o in f.others] == [(5810, -42), (5600, -252)]  # same value: not a conflict
    assert f.max_difference == 252


def test_public_figure_of_a_converted_value_keeps_the_original():
    ind = _ind(unit="triệu đồng/tháng", unit_en="VND {} million a month", target=7.84,
               conversions=[{"unit": "triệu đồng/năm", "unit_en": "VND {} million a year", "divide_by": 12}])
    rows = [_obs(2025, 69.2, "2025-10", unit="triệu đồng/năm")]
    f = public_figure(ind, assess(ind, rows), rows)
    assert f.converted and f.original_value == 69.2 and f.original_unit_en == "VND {} million a year"
    assert abs(f.value - 5.766666) < 1e-5


def test_format_value_places_the_number_in_an_english_label():
    assert format_value(72500, "VND {} billion", "en") == "VND 72,500 billion"
    assert format_value(72500, "tỷ đồng", "vi") == "72.500 tỷ đồng"
    assert format_value(0.97, "% of households", "en") == "0.97% of households"


def test_years_left_counts_whole_years_to_the_end_of_the_deadline_year():
    today = dt.date(2026, 11, 27)
    assert (years_left(2030, today), years_left(2027, today), years_left(2025, today)) == (4, 1, 0)


def test_a_missed_year_turns_an_each_year_target_off_track_for_good():
    ind = _ind(kind="each_year", comparator="above", target=90.0)
    rows = [_obs(2026, 92, "2027-01"), _obs(2027, 88, "2028-01"), _obs(2028, 93, "2029-01"),
            _obs(2029, 93, "2030-01"), _obs(2030, 93, "2031-01")]
    a = assess(ind, rows)
    assert a.status == "off-track" and a.facts["missed"] == [2027]


def test_history_before_the_baseline_is_kept_as_context_and_drawn():
    ind = _ind(kind="deadline", comparator="at_most", target=0.0, direction="down", period_start=2026,
               period_end=2027, deadline=2027)
    rows = [_obs(2021, 3.47, "2025-12-21"), _obs(2024, 0.97, "2025-12-21"),
            _obs(2025, 0.56, "2025-12-21", status="projection")]
    a = assess(ind, rows)
    assert a.baseline.year == 2024 and [p.year for p in a.history] == [2021]
    chart = build_chart(ind, a)
    assert [m.year for m in chart.marks if m.history] == [2021] and chart.x_ticks[0][1] == 2021


def test_a_percentage_axis_stops_at_100():
    ind = _ind(target=98.5)
    rows = [_obs(2025, 95.8, "2026-01")]
    chart = build_chart(ind, assess(ind, rows))
    assert max(v for _y, v in chart.y_ticks) == 100


def test_chart_labels_stay_off_the_path():
    """Target 14's shape (poverty falling to 0 by 2027): the path comes down onto the target line at
    its right end, so the target's label moves to the left end. Target 13's shape (income rising):
    the path leaves the baseline dot upwards, so the dot's value is written below it."""
    down = _ind(kind="deadline", comparator="at_most", target=0.0, direction="down", period_start=2026,
                period_end=2027, deadline=2027)
    chart = build_chart(down, assess(down, [_obs(2021, 3.47, "2025-12-21"), _obs(2024, 0.97, "2025-12-21")]))
    x, y, anchor = chart.goal_label
    assert anchor == "start" and x < chart.path[0] and y < chart.goal_line[0]
    base = next(m for m in chart.marks if m.baseline)
    assert base.label_y < base.y  # the path leaves downwards: above the dot is free
    up = _ind(target=7.84, comparator="at_least")
    chart = build_chart(up, assess(up, [_obs(2025, 5.77, "2025-10")]))
    base = next(m for m in chart.marks if m.baseline)
    assert base.label_y > base.y and chart.goal_label[2] == "end" and chart.goal_label[0] > chart.path[2] - 10


def test_a_card_title_too_long_for_its_lines_ends_with_an_ellipsis():
    from portal.cards import card_layout

    title = " ".join(["chất thải rắn sinh hoạt"] * 20)
    lines = [line for line in card_layout([("h", title), ("u", "site")], "no-data") if line.kind == "h"]
    assert len(lines) == 3 and lines[-1].text.endswith(" …")
    short = [line for line in card_layout([("h", "Xử lý chất thải"), ("u", "site")], "no-data") if line.kind == "h"]
    assert [line.text for line in short] == ["Xử lý chất thải"]


def test_feed_entries_keep_the_qualifier_and_the_caveat(client):
    """A feed reader sees the source's own words: 'gần 5.600 USD' (target 2), the caveat of
    target 19's figure, and the outlet that wrote a report carried by another site (target 1)."""
    vi = text_of(client.get("/feed.atom").text)
    assert "Chỉ tiêu 2: GRDP bình quân đầu người, 2025: gần 5.600 USD" in vi
    assert "95,8% (2025, ước tính); vietnam.vn, tháng 1 năm 2026. Lưu ý: Nguồn chỉ viết “chất thải rắn”" in vi
    assert "Báo Tin Tức (TTXVN) (đăng lại trên vietnam.vn), 9 tháng 12 năm 2025" in vi
    en = text_of(client.get("/en/feed.atom").text)
    assert "GRDP per capita, 2025: nearly USD 5,600" in en and "VND 69.2 million a year" in en
    assert "Note: The source says only “solid waste”" in en


def test_chart_value_axis_names_its_unit(client):
    page = client.get("/bac-ninh/chi-tieu/13").text
    chart = page.split('<figure class="chart">', 1)[1].split("</figure>", 1)[0]
    assert "Đơn vị: triệu đồng/tháng" in chart
    en = client.get("/en/bac-ninh/targets/8").text.split('<figure class="chart">', 1)[1].split("</figure>", 1)[0]
    assert "Unit: VND billion" in en


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_card_cuts_the_figure_its_conversion_or_its_source(client, lang):
    """Only a long title may be shortened on a share card (it ends with '…'); the figure line with
    its vintage and conversion, the caveat, the target and the source are always whole."""
    for n in range(1, 27):
        path = f"/bac-ninh/the/chi-tieu/{n}.svg" if lang == "vi" else f"/en/bac-ninh/card/targets/{n}.svg"
        lines = re.findall(r'<text [^>]*class="(\w)">([^<]*)</text>', client.get(path).text)
        cut = [(k, t) for k, t in lines if k != "h" and t.endswith("…")]
        assert not cut, (n, cut)


def _contrast(a: str, b: str) -> float:
    def lum(h: str) -> float:
        def lin(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b_ = (lin(int(h[i:i + 2], 16) / 255) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_widget_chart_lines_and_band_edges_have_3_to_1_contrast_in_both_themes(client):
    """WCAG 1.4.11: the target line, the path and the band's edge of the widget's chart stand out
    at least 3:1 from the background, light and dark (the band's fill is only a tint)."""
    css = client.get("/bac-ninh/nhung/chi-tieu/1").text.split("<style>", 1)[1].split("</style>", 1)[0]

    def colour(selector: str, prop: str) -> str:
        m = re.search(re.escape(selector) + r"\{[^}]*?" + prop + r":(#[0-9a-f]{6})", css)
        assert m, (selector, prop)
        return m.group(1)

    light_bg, dark_bg = "#ffffff", colour(".d", "background")
    for sel, prop in ((".g", "stroke"), (".p", "stroke"), (".b", "stroke")):
        assert _contrast(colour(sel, prop), light_bg) >= 3, sel
        assert _contrast(colour(".d " + sel, prop), dark_bg) >= 3, ".d " + sel


def test_a_value_just_under_the_target_line_is_written_below_its_dot():
    """Target 1's shape: 10,27% sits just under the 11-12% band, and target 8's 72.500 just under
    its yearly line; written above the dot, the number would sit on the band's edge or the line."""
    band = _ind(kind="average_rate", comparator="between", target=None, target_low=11.0, target_high=12.0)
    chart = build_chart(band, assess(band, [_obs(2025, 10.27, "2025-12-09")]))
    dot = chart.marks[0]
    assert dot.label_y > dot.y and chart.band[1] < dot.y
    far = build_chart(band, assess(band, [_obs(2025, 2.0, "2025-12-09")]))
    assert far.marks[0].label_y < far.marks[0].y  # far below the band: above the dot, as usual


def test_a_month_is_named_as_a_sentence_names_it():
    from portal.i18n import fmt_month

    assert [fmt_month(m, "vi") for m in (1, 12)] == ["tháng 1", "tháng 12"]
    assert [fmt_month(m, "en") for m in (1, 4, 12)] == ["January", "April", "December"]
