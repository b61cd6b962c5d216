"""WCAG 2.2 AA checks with axe-core in headless Chromium, at 360 px and at desktop width."""

import pytest

PAGES = ["/", "/bac-ninh/chi-tieu", "/bac-ninh/chi-tieu/1", "/bac-ninh/chi-tieu/14", "/bac-ninh/chi-tieu/19",
         "/bac-ninh/nhiem-vu/2", "/bac-ninh/danh-gia",
         "/tim-kiem?q=ho+ngheo", "/tim-kiem?q=khongcogi", "/bac-ninh/nghi-quyet", "/bac-ninh/thuat-ngu",
         "/bac-ninh/phuong-phap",
         "/bac-ninh/gioi-thieu", "/bac-ninh/du-lieu", "/en/", "/en/bac-ninh/targets/7", "/en/search?q=forest",
         "/bac-ninh/nhung/chi-tieu/1",
         "/bac-ninh/chi-tieu/99"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(browser, live_server, axe, path, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = ctx.new_page()
    page.goto(live_server + path)
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]])
                  for v in results.response["violations"]]
    ctx.close()
    assert violations == []


@pytest.mark.parametrize("path", ["/", "/bac-ninh/chi-tieu/1", "/tim-kiem?q=rung"])
def test_tap_targets_are_at_least_24px(browser, live_server, path):
    ctx = browser.new_context(viewport={"width": 360, "height": 800})
    page = ctx.new_page()
    page.goto(live_server + path)
    small = page.evaluate("""() => Array.from(document.querySelectorAll('a, button, input, textarea'))
        .filter(e => e.offsetParent !== null && !e.closest('p, li, td, dd, figcaption, nav.crumbs'))
        .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
        .filter(([, h]) => h < 24)""")
    ctx.close()
    assert small == []
