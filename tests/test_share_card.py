"""The site's share card: the og:image of every page that is not a target page."""

from __future__ import annotations

import io

from PIL import Image


def test_pages_point_to_the_site_card_and_it_is_a_1200x630_png(client):
    # the site has one document: its home is the site's, with the document's card
    for page, card in (("/", "/bac-ninh/the/trang.png"), ("/en/", "/en/bac-ninh/card/site.png"),
                       ("/bac-ninh/thuat-ngu", "/bac-ninh/the/trang.png")):
        assert f'<meta property="og:image" content="http://testserver{card}">' in client.get(page).text
        r = client.get(card)
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        assert Image.open(io.BytesIO(r.content)).size == (1200, 630)


def test_the_card_draws_the_document_name_in_the_reader_language(client):
    vi = Image.open(io.BytesIO(client.get("/the/trang.png").content)).convert("L")
    en = Image.open(io.BytesIO(client.get("/en/card/site.png").content)).convert("L")
    title_band = (64, 130, 1136, 270)  # where the title is drawn
    dark = [sum(1 for v in img.crop(title_band).getdata() if v < 100) for img in (vi, en)]
    assert all(n > 2000 for n in dark), dark  # text is drawn there, not a blank card
    assert vi.crop(title_band).tobytes() != en.crop(title_band).tobytes()  # Vietnamese and English titles
