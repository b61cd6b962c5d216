"""Key facts first: on a 360×800 phone the whole #key-facts block of every progress page, Vietnamese
and English, is on the first screen, with the figure, the target, the deadline and the source
visible, and the page is no wider than the phone (issue #9)."""

import json
import urllib.request

import pytest

TARGETS = range(1, 27)


def _api(live_server: str, n: int) -> dict:
    with urllib.request.urlopen(f"{live_server}/bac-ninh/api/v1/targets/chi-tieu-{n}", timeout=10) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def phone(browser):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    yield ctx.new_page()
    ctx.close()


def _inside_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800 and box["x"] >= 0 \
        and box["x"] + box["width"] <= 360


# The words the test looks for, as a reader sees them in each language.
WORDS = {"vi": ("/bac-ninh/chi-tieu", "Mục tiêu", "chưa tìm thấy số liệu đã công bố"),
         "en": ("/en/bac-ninh/targets", "Goal", "no published figure found yet")}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("n", TARGETS)
def test_key_facts_fill_the_first_phone_screen(phone, live_server, n, lang):
    prefix, goal_word, none_found = WORDS[lang]
    phone.goto(f"{live_server}{prefix}/{n}")
    facts = phone.locator("#key-facts")
    assert facts.count() == 1 and _inside_first_screen(phone, facts), f"target {n}: #key-facts is not on screen 1"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, f"{prefix}/{n} is wider than the phone"
    # nothing but the title comes before it in the main content
    assert phone.evaluate("document.querySelector('#key-facts').previousElementSibling.tagName") == "H1"
    data = _api(live_server, n)
    figures = [i for i in data["indicators"] if i["figure"]]
    shown = figures[0] if figures else data["indicators"][0]
    text = " ".join(facts.inner_text().split())
    if shown["kind"] != "qualitative":
        assert goal_word in text, n
        end = shown["deadline"] if shown["kind"] in ("level", "deadline") else int(shown["period"][-4:])
        assert str(end) in text, (n, end)
    if figures:
        f = figures[0]["figure"]
        value = facts.locator(".kf-value")
        assert value.is_visible() and _inside_first_screen(phone, value)
        source = facts.locator(f'a[href="{f["source_url"]}"]')
        assert source.count() == 1 and source.is_visible() and _inside_first_screen(phone, source), n
        assert f["publisher"] in text and str(f["year"]) in text
    else:
        assert none_found in text, n
