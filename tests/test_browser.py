"""In a real browser (headless Chromium): the widget inside a sandboxed iframe on another site,
pages without JavaScript, keyboard access."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture()
def other_site(tmp_path, live_server):
    """A page on another origin (another port) that embeds the widget like a news site would."""
    (tmp_path / "index.html").write_text(f"""<!doctype html><meta charset="utf-8"><title>News</title>
<p>Article text.</p>
<iframe id="w" src="{live_server}/bac-ninh/nhung/chi-tieu/1#?secret=abc123" sandbox="allow-scripts" width="400"
  height="150" style="border:0"></iframe>
<script>
window.heights = []; window.wp = [];
addEventListener("message", function (e) {{
  var d = e.data;
  if (d && d.type === "nq-embed-height") {{
    window.heights.push(d.height); document.getElementById("w").style.height = d.height + "px";
  }}
  if (d && d.message === "height" && d.secret === "abc123") window.wp.push(d.value);
}});
</script>""", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


def test_widget_shows_and_reports_its_height_from_a_sandboxed_iframe(browser, other_site):
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(other_site)
    page.wait_for_function("window.heights.length > 0 && window.wp.length > 0", timeout=10000)
    heights = page.evaluate("window.heights")
    assert 150 < heights[-1] < 600
    assert page.evaluate("window.wp")[-1] == heights[-1]
    frame = page.frame_locator("#w")
    assert "GRDP" in frame.locator("h1").inner_text()
    assert frame.locator(".st").inner_text().strip() != ""
    assert not [e for e in errors if "Content Security Policy" in e]
    page.close()


@pytest.mark.parametrize("path", ["/", "/bac-ninh/chi-tieu/1", "/tim-kiem?q=ho+ngheo", "/bac-ninh/nghi-quyet"])
def test_pages_work_with_javascript_off(browser, live_server, path):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = ctx.new_page()
    resp = page.goto(live_server + path)
    assert resp.status == 200
    assert page.locator("h1").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide at 360px"
    ctx.close()


def test_search_form_works_without_javascript(browser, live_server):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(live_server + "/")
    page.fill("#q-top", "nuoc sach")
    page.press("#q-top", "Enter")
    page.wait_for_url("**/tim-kiem?q=nuoc+sach")
    assert "chi-tieu/18" in page.locator("ol.results a").first.get_attribute("href")
    ctx.close()


def test_keyboard_reaches_skip_link_search_and_main_links(browser, live_server):
    page = browser.new_page()
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.getAttribute('href')"))
    assert "q-top" in seen and "/bac-ninh/chi-tieu" in seen
    page.close()
