"""Figures over time: early part-year signals, the status as of a past day, the history."""

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from portal.build import build
from portal.settings import Settings

from .conftest import DOCUMENT_DIR, obs_line

# A MADE-UP nine-month figure, for this test's copy of the content only (never in content/).
NINE_MONTHS = obs_line(indicator="chi-tieu-1.tang-truong-grdp", period="2026-01..2026-09", value="8.1", unit="%",
                       status="estimate", role="measurement", scope="tỉnh thử", published="2026-10-06",
                       publisher="Nguồn thử", source_url="https://example.org/thu", note="Số thử cho kiểm thử.",
                       note_en="A test figure.")


@pytest.fixture(scope="module")
def early(tmp_path_factory):
    root = tmp_path_factory.mktemp("early")
    content = root / "content"
    shutil.copytree(DOCUMENT_DIR, content)
    with (content / "observations.csv").open("a", encoding="utf-8") as f:
        f.write(NINE_MONTHS)
    build(content, root / "build")
    return TestClient(create_app(Settings(content_dir=content, build_dir=root / "build")))


def _status_box(html):
    """The target's status, at the top of the key-facts block."""
    return html.split('id="key-facts"', 1)[1].split("</h2>", 1)[0]


def test_nine_month_figure_is_an_early_signal_and_changes_no_verdict(early, client):
    page = early.get("/bac-ninh/chi-tieu/1").text
    assert "Tín hiệu sớm" in page
    assert "9 tháng đầu năm 2026: tăng 8,1%; cần bình quân 11% mỗi năm (thấp hơn mức cần)" in " ".join(page.split())
    assert "tín hiệu sớm" in page.split("<table", 1)[1]  # the row is marked in the table too
    # Same verdict as without the part-year row, on the page and in the API.
    assert _status_box(page) == _status_box(client.get("/bac-ninh/chi-tieu/1").text)
    assert (early.get("/bac-ninh/api/v1/targets/chi-tieu-1").json()["status"]
            == client.get("/bac-ninh/api/v1/targets/chi-tieu-1").json()["status"])
    en = " ".join(early.get("/en/bac-ninh/targets/1").text.split())
    assert "first nine months of 2026: rise 8.1%; needed: 11% a year on average (below that pace)" in en


def test_the_chart_marks_the_part_year_figure_apart_from_whole_years(early, client):
    chart = early.get("/bac-ninh/chi-tieu/1").text.split('<figure class="chart">', 1)[1].split("</figure>", 1)[0]
    svg, caption = chart.split("<figcaption", 1)
    early_mark = svg.split('class="mark-early"', 1)
    assert len(early_mark) == 2, "the nine-month figure has its own mark"
    assert ">8,1</text>" in early_mark[1].split("</text>", 1)[0] + "</text>"  # its value, beside it
    assert svg.count('class="mark"') == 0  # and it is not drawn as a year's figure
    assert "tín hiệu sớm (9 tháng đầu năm 2026), chưa phải số cả năm" in " ".join(caption.split())
    assert 'class="mark-early"' not in client.get("/bac-ninh/chi-tieu/1").text  # no part-year row, no such mark
    en = " ".join(early.get("/en/bac-ninh/targets/1").text.split())
    assert 'class="mark-early"' in en and "an early signal (first nine months of 2026), not a whole year" in en


def test_page_as_of_a_day_shows_the_figure_current_then(client):
    dated = client.get("/bac-ninh/chi-tieu/2?ngay=2025-10-31")
    assert dated.status_code == 200
    text = dated.text
    assert "Trang này như ngày 31 tháng 10 năm 2025" in text
    assert 'href="/bac-ninh/chi-tieu/2">Xem tình trạng hôm nay' in text
    assert "5.810 USD" in text
    assert "5.852" not in text and "5.600" not in text  # published later
    assert "http://testserver/bac-ninh/chi-tieu/2?ngay=2025-10-31" in text  # the citation uses the dated link
    today = client.get("/bac-ninh/chi-tieu/2").text
    assert "Trang này như ngày" not in today
    assert "5.852" in today and "5.600" in today
    assert "?ngay=" in today.split('id="cite-h"', 1)[1]  # today's page offers a dated permalink


def test_as_of_in_english_and_bad_dates(client):
    en = client.get("/en/bac-ninh/targets/2?as_of=2025-10-31")
    assert "as it was on 31 October 2025" in en.text and "5,852" not in en.text
    for bad in ("2025-13-45", "31/10/2025", "<script>alert(1)</script>", "2999-01-01"):
        r = client.get("/bac-ninh/chi-tieu/2", params={"ngay": bad})
        assert r.status_code == 400
        assert "không xem được" in r.text and "<script>alert" not in r.text
        assert "Trang này như ngày" not in r.text


def test_history_lists_each_arrival_and_the_status(client):
    page = client.get("/bac-ninh/chi-tieu/2").text
    history = page.split('id="history-h"', 1)[1].split("</section>", 1)[0]
    assert history.index("31 tháng 12 năm 2025") < history.index("2 tháng 10 năm 2025")  # newest first
    assert "Số mới (ước tính): GRDP bình quân đầu người, 2025: 5.810 USD, CafeF" in " ".join(history.split())
    assert 'href="/bac-ninh/chi-tieu/2?ngay=2025-10-02"' in history


def test_api_and_widget_as_of_a_day(client):
    def values(data):
        return sorted(o["value"] for ind in data["indicators"] for o in ind["observations"])

    dated = client.get("/bac-ninh/api/v1/targets/chi-tieu-2?as_of=2025-10-31").json()
    assert dated["as_of"] == "2025-10-31"
    assert values(dated) == [5810]
    assert dated["indicators"][0]["baseline"]["value"] == 5810
    today = client.get("/bac-ninh/api/v1/targets/chi-tieu-2").json()
    assert today["as_of"] is None and values(today) == [5600, 5810, 5852]
    bad = client.get("/bac-ninh/api/v1/targets/chi-tieu-2?as_of=2025-02-30")
    assert bad.status_code == 400 and bad.json()["error"] == "bad_as_of"
    widget = client.get("/bac-ninh/nhung/chi-tieu/2?ngay=2025-10-31").text
    assert "Như ngày 31 tháng 10 năm 2025" in widget and "5.810 USD" in widget and "5.852" not in widget
    assert 'href="http://testserver/bac-ninh/chi-tieu/2"' in widget  # the link to today's page
    assert "không xem được" in client.get("/bac-ninh/nhung/chi-tieu/2?ngay=hom-qua").text


WRONG_ROW = {"indicator": "chi-tieu-1.che-phu-rung", "period": "2026", "value": "31", "unit": "%",
             "status": "preliminary", "role": "measurement", "scope": "tỉnh", "published": "2026-06-01",
             "publisher": "Báo C", "source_url": "https://c.example/w", "correction": "withdrawn",
             "corrected": "2026-07-15", "correction_reason": "Báo C đã đính chính con số này.",
             "correction_reason_en": "Corrected by the paper."}


def test_a_withdrawn_row_stays_in_the_table_and_history_but_stops_counting(fixture_content, tmp_path):
    with (fixture_content / "observations.csv").open("a", encoding="utf-8") as f:
        f.write(obs_line(**WRONG_ROW))
    build(fixture_content, tmp_path / "b")
    c = TestClient(create_app(Settings(content_dir=fixture_content, build_dir=tmp_path / "b")))
    page = c.get("/bac-ninh/chi-tieu/1").text
    table = page.split("<table", 1)[1].split("</table>", 1)[0]
    assert "31%" in table and "đã rút lại" in table and "Báo C đã đính chính con số này." in table
    history = page.split('id="history-h"', 1)[1].split("</section>", 1)[0]
    assert "Rút lại:" in history and "15 tháng 7 năm 2026" in history
    # While it counted (from June 2026) it met the 30.65% target; from 15 July it no longer counts.
    assert "Đã đạt" in _status_box(c.get("/bac-ninh/chi-tieu/1?ngay=2026-07-14").text)
    assert "Đã đạt" not in _status_box(c.get("/bac-ninh/chi-tieu/1?ngay=2026-07-15").text)
    assert "Đã đạt" not in _status_box(page)
    en = c.get("/en/bac-ninh/targets/1").text
    assert "Withdrawn:" in en and "Corrected by the paper." in en


@pytest.mark.parametrize(("changes", "column", "message"), [
    ({"correction": "deleted"}, "correction", "is not withdrawn or superseded"),
    ({"correction_reason": ""}, "correction_reason", "is missing"),
    ({"corrected": "2026-07"}, "corrected", "is not a day"),
    ({"corrected": "2026-05-01"}, "corrected", "is before the row was published"),
    ({"correction": ""}, "correction", "is empty but corrected or correction_reason is filled"),
])
def test_portal_check_says_what_is_wrong_with_a_corrected_row(fixture_content, capsys, changes, column, message):
    from portal.cli import main

    with (fixture_content / "observations.csv").open("a", encoding="utf-8") as f:
        f.write(obs_line(**{**WRONG_ROW, **changes}))
    assert main(["--content", str(fixture_content), "check"]) == 1
    err = capsys.readouterr().err
    assert f"content/observations.csv:4: {column}: " in err and message in err


def test_feed_announces_arrivals_early_signals_and_corrections(early, client):
    feed = early.get("/feed.atom").text
    assert "Tín hiệu sớm: Chỉ tiêu 1: Tốc độ tăng trưởng GRDP bình quân, 9 tháng đầu năm 2026: 8,1%" in feed
    real = client.get("/feed.atom").text
    # The November 2025 estimate of 11.5% was superseded on 9 December 2025: announced, never deleted.
    assert "Được thay thế: Chỉ tiêu 1: Tốc độ tăng trưởng GRDP bình quân, 2025: 11,5%" in real
    assert real.count(", 2025: 11,5%") == 2  # its arrival and its replacement


def test_as_of_a_day_every_surface_shows_that_days_public_figure(client):
    """On 20 December 2025 two figures for target 2 were known (5.810 of 2 October, 5.852 of
    11 December); 'gần 5.600' came on 31 December. The dated page, widget and API give the same
    figure object: 5.852 current, 5.810 beside it as the disagreeing figure, 42 USD apart, and the
    years left counted from that day (5, not today's 4)."""
    api = client.get("/bac-ninh/api/v1/targets/chi-tieu-2?as_of=2025-12-20").json()
    fig = api["indicators"][0]["figure"]
    assert (fig["value"], fig["publisher"], fig["published"]) == (5852, "CafeF", "2025-12-11")
    assert [(o["value"], o["published"]) for o in fig["others"]] == [(5810, "2025-10-02")]
    assert fig["max_difference"] == 42
    page = client.get("/bac-ninh/chi-tieu/2?ngay=2025-12-20").text
    facts = " ".join(re.sub(r"<[^>]+>", " ", page.split('id="key-facts"', 1)[1].split("</section>", 1)[0]).split())
    widget = " ".join(re.sub(r"<[^>]+>", " ", client.get("/bac-ninh/nhung/chi-tieu/2?ngay=2025-12-20").text).split())
    for text in (facts, widget, fig["text"]):
        assert "5.852 USD" in text and "5.810 USD (CafeF, 2 tháng 10 năm 2025)" in text, text
        assert "5.600" not in text and "Chênh lệch đến 42 USD" in text, text
    assert "còn khoảng 5 năm (đến hết năm 2030)" in facts
    assert "còn khoảng 5 năm" not in " ".join(re.sub(r"<[^>]+>", " ", client.get("/bac-ninh/chi-tieu/2").text).split())
