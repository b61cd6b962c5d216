"""Public pages, as a reader sees them."""

import html
import re

import pytest

from portal.content import load_content

from .conftest import CONTENT

CONTENT_DATA = load_content(CONTENT)
ITEMS = CONTENT_DATA.items
DOCUMENT = CONTENT_DATA.document


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("path", ["/", "/bac-ninh/chi-tieu", "/bac-ninh/muc-tieu-chung", "/bac-ninh/danh-gia",
                                  "/bac-ninh/to-chuc-thuc-hien",
                                  "/bac-ninh/nghi-quyet", "/bac-ninh/thuat-ngu", "/bac-ninh/phuong-phap",
                                  "/bac-ninh/gioi-thieu", "/tim-kiem"])
def test_main_pages_answer(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert '<html lang="vi">' in r.text and r.text.count("<h1") == 1


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.id)
def test_every_item_page_answers_and_quotes_the_original(client, item):
    from portal.urls import item_path

    r = client.get(item_path(DOCUMENT, item.id).split("#")[0])
    assert r.status_code == 200
    for para in item.source_text.split("\n\n"):
        assert html.escape(para, quote=False) in r.text
    assert f'href="/bac-ninh/nghi-quyet#{item.id}"' in r.text
    assert html.escape(item.title, quote=False) in r.text


def test_full_text_has_every_target_sentence_with_its_anchor(client):
    page = client.get("/bac-ninh/nghi-quyet").text
    for n in range(1, 27):
        item = next(i for i in ITEMS if i.id == f"chi-tieu-{n}")
        anchor = page.index(f'id="chi-tieu-{n}"')
        sentence = page.index(html.escape(item.source_text, quote=False))
        assert 0 < sentence - anchor < 300
    for item in ITEMS:
        assert f'id="{item.id}"' in page


def test_full_text_shows_editorial_notes_beside_the_slips(client):
    t = text_of(client.get("/bac-ninh/nghi-quyet").text)
    assert "Nnhân dân" in t and "thừa chữ" in t
    assert "mục 2.1 thứ hai" in t


def test_target_page_shows_figure_source_date_and_status(client):
    t = text_of(client.get("/bac-ninh/chi-tieu/1").text)
    assert "10,27%" in t and "Báo Tin Tức (TTXVN)" in t and "9 tháng 12 năm 2025" in t
    assert "ước tính" in t
    assert "Có năm gốc, chờ số mới" in t
    assert "tốc độ bình quân của các năm cần ít nhất 11%" in t
    assert "<svg" in client.get("/bac-ninh/chi-tieu/1").text and "<table" in client.get("/bac-ninh/chi-tieu/1").text


def test_conflicting_figures_are_all_shown_and_one_is_marked_current(client):
    page = client.get("/bac-ninh/chi-tieu/2").text
    t = text_of(page)
    for v in ("5.852 USD", "5.810 USD", "5.600 USD"):
        assert v in t
    assert page.count('class="current"') == 1


def test_projection_is_shown_but_never_used_as_the_measurement(client):
    t = text_of(client.get("/bac-ninh/chi-tieu/14").text)
    assert "0,56%" in t and "dự kiến" in t
    assert "Năm 2024 (mốc so sánh, số sơ bộ): 0,97%" in t
    assert "0,56% (" not in t


def test_converted_figure_is_labelled(client):
    t = text_of(client.get("/bac-ninh/chi-tieu/13").text)
    assert "69,2 triệu đồng/năm" in t and "quy đổi: 5,77 triệu đồng/tháng" in t


def test_target_without_figures_says_so_and_shows_no_number(client):
    page = client.get("/bac-ninh/chi-tieu/12").text
    t = text_of(page)
    assert "Chưa tìm thấy số liệu đã công bố cho chỉ số này" in t
    assert "<svg" not in page and "<table" not in page


@pytest.mark.parametrize("path", ["/bac-ninh/chi-tieu/27", "/bac-ninh/chi-tieu/0", "/bac-ninh/chi-tieu/abc",
                                  "/bac-ninh/chi-tieu/-1", "/bac-ninh/nhiem-vu/6",
                                  "/khong-co", "/bac-ninh/chi-tieu/1/x", "/bac-ninh/chi-tieu/99999999999999999999"])
def test_unknown_paths_get_the_vietnamese_404(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "Không tìm thấy trang này" in r.text and 'lang="vi"' in r.text


def test_slug_after_the_number_redirects_to_the_canonical_address(client):
    r = client.get("/bac-ninh/chi-tieu/7-xuat-nhap-khau", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/bac-ninh/chi-tieu/7"


def test_home_lists_all_targets_by_area_in_order(client):
    page = client.get("/").text
    positions = [page.index(f'href="/bac-ninh/chi-tieu/{n}"') for n in range(1, 27)]
    assert positions == sorted(positions)
    for area in ("Kinh tế", "Xã hội", "Môi trường", "An ninh", "Xây dựng Đảng"):
        assert area in page


def test_method_page_states_the_thresholds_of_the_method(client):
    # the method's numbers, written out: on track from 95%, needs effort from 75%, about = within 5%,
    # a range missed by at most 10% needs effort (the page reads them from portal/progress.py)
    t = text_of(client.get("/bac-ninh/phuong-phap").text)
    assert "ít nhất 95%" in t
    assert "từ 75% đến dưới 95%" in t
    assert "không quá 5%" in t
    assert "không quá 10%" in t


def test_no_cookies_and_no_third_party_requests(client):
    for path in ("/", "/bac-ninh/chi-tieu/1", "/tim-kiem?q=rừng"):
        r = client.get(path)
        assert "set-cookie" not in r.headers
        assert not re.search(r'src="(https?:)?//', r.text)  # nothing loaded from another site
        assert all(h.startswith("/") for h in re.findall(r'<script src="([^"]+)"', r.text))
