"""Real third-party clients against a live server: the tools news sites, data users and browsers
use, none written here. frictionless-py and datapackage-js read the data package; feedparser and
the RFC 4287 RELAX NG schema read the feeds; Chromium fetches every open-data address from
another origin; micawber embeds a target page; the widget is shown at its oEmbed size with
JavaScript off, and inside a WordPress-style sandbox its links reach the host."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

HERE = Path(__file__).parent
ATOM_RNG = HERE / "clients" / "atom.rng"
FEEDS = ["/feed.atom", "/en/feed.atom", "/bac-ninh/chi-tieu/13/feed.atom", "/en/bac-ninh/targets/13/feed.atom"]


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read()


def open_data_paths(base: str) -> list[str]:
    page = quote(base + "/bac-ninh/chi-tieu/13", safe="")
    return ["/api/v1/", "/bac-ninh/api/v1/items?lang=en", "/bac-ninh/api/v1/targets",
            "/bac-ninh/api/v1/targets/chi-tieu-13",
            "/api/v1/search?q=nuoc+sach", "/api/v1/suggest?q=rung", f"/oembed?url={page}", "/bac-ninh/datapackage.json",
            "/bac-ninh/du-lieu/items.csv", "/bac-ninh/du-lieu/indicators.csv", "/bac-ninh/du-lieu/observations.csv",
            "/bac-ninh/du-lieu/excel/observations.csv", "/openapi.json", *FEEDS]


@pytest.fixture()
def other_origin(tmp_path):
    """A static site on another port (another origin), where test pages are written."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_schemathesis_all_checks_pass_against_the_live_api(live_server, tmp_path):
    """The OpenAPI description matches the live API: status codes, media types, bodies, headers,
    405 with Allow, valid input accepted and invalid input rejected."""
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert exe, "schemathesis is a test dependency"
    run = subprocess.run([exe, "--config-file", str(HERE / "clients" / "schemathesis.toml"), "--no-color", "run",
                          live_server + "/openapi.json", "--checks", "all", "--max-examples", "25", "--seed", "7"],
                         capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout


def test_frictionless_validates_the_package_over_http(live_server):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(live_server + "/bac-ninh/datapackage.json")
    assert report.valid, report.flatten(["type", "message"])[:5]
    assert {t.name for t in report.tasks} == {"items", "indicators", "observations"}


def test_datapackage_js_reads_every_resource_with_keys(live_server):
    node = shutil.which("node")
    if node is None or not (HERE / "js" / "node_modules" / "datapackage").exists():
        pytest.fail("node and tests/js/node_modules are installed by ./dev test (npm ci)")
    run = subprocess.run([node, str(HERE / "js" / "read_package.js"), live_server + "/bac-ninh/datapackage.json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    assert set(out) == {"items", "indicators", "observations"}
    assert all(r["rows"] > 0 for r in out.values())
    first = out["observations"]["first"]
    assert "indicator" in first and isinstance(first["value"], int | float) and "value_in_unit" in first


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_parse_with_feedparser_and_validate_against_rfc4287(live_server, path):
    feedparser = pytest.importorskip("feedparser")
    etree = pytest.importorskip("lxml.etree")
    body = get(live_server + path)
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.entries
    schema = etree.RelaxNG(etree.parse(str(ATOM_RNG)))
    doc = etree.fromstring(body)
    assert schema.validate(doc), schema.error_log.last_error
    # the schema is really checking: a feed without its <id> is refused
    doc.remove(doc.find("{http://www.w3.org/2005/Atom}id"))
    assert not schema.validate(doc)


def test_every_page_head_announces_its_feeds(live_server):
    # one document: the site's home is its home, and announces its feed
    for path, feed in (("/", "/bac-ninh/feed.atom"), ("/en/", "/en/bac-ninh/feed.atom"),
                       ("/bac-ninh/thuat-ngu", "/bac-ninh/feed.atom"),
                       ("/bac-ninh/chi-tieu/13", "/bac-ninh/chi-tieu/13/feed.atom"), ("/en/bac-ninh/targets/13",
                                                                                      "/en/bac-ninh/targets/13/feed.atom")):
        head = get(live_server + path).decode().split("</head>")[0]
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', head)
        assert live_server + feed in links, (path, links)


def test_browser_on_another_origin_can_read_every_open_data_address(browser, live_server, other_origin):
    folder, origin = other_origin
    (folder / "index.html").write_text("<!doctype html><title>Other site</title><p>x</p>", encoding="utf-8")
    page = browser.new_page()
    page.goto(origin + "/index.html")
    script = """async ([url, extra]) => {
      try { const r = await fetch(url, extra ? {headers: {"X-Client": "notebook"}} : {});
            return {status: r.status, size: (await r.text()).length}; }
      catch (e) { return {error: String(e)}; } }"""
    for path in open_data_paths(live_server):
        for preflight in (False, True):  # a custom header makes the browser send OPTIONS first
            got = page.evaluate(script, [live_server + path, preflight])
            assert got.get("status") == 200 and got["size"] > 0, (path, preflight, got)
    # pages stay closed to other origins
    assert "error" in page.evaluate(script, [live_server + "/bac-ninh/chi-tieu/13", False])
    page.close()


def test_micawber_embeds_a_target_page_found_by_discovery(live_server):
    micawber = pytest.importorskip("micawber")
    html = get(live_server + "/bac-ninh/chi-tieu/13").decode()
    endpoint = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html).group(1)
    assert endpoint.startswith(live_server + "/oembed?")
    providers = micawber.ProviderRegistry()
    providers.register(re.escape(live_server) + r"/(?:en/bac-ninh/targets|bac-ninh/chi-tieu)/\d+", micawber.Provider(
        endpoint.split("?")[0]))
    # a link alone on its line is embedded (micawber, like WordPress, only embeds those)
    text = providers.parse_text(f"Tiến độ:\n{live_server}/bac-ninh/chi-tieu/13\n", maxwidth=600, maxheight=1000)
    assert f'<iframe src="{live_server}/bac-ninh/nhung/chi-tieu/13"' in text
    data = providers.request(live_server + "/en/bac-ninh/targets/13", maxwidth=320)
    assert data["width"] <= 320 and "/en/bac-ninh/embed/targets/13" in data["html"]


def _oembed(base: str, target: int, lang: str, **maxima: int) -> dict:
    page = base + ("/en/bac-ninh/targets/" if lang == "en" else "/bac-ninh/chi-tieu/") + str(target)
    extra = "".join(f"&{k}={v}" for k, v in maxima.items())
    return json.loads(get(f"{base}/oembed?url={quote(page, safe='')}{extra}"))


def test_widget_fits_its_declared_oembed_height_without_any_script(browser, live_server, other_origin):
    """As an oEmbed consumer that runs no resize script inserts it (JavaScript off everywhere):
    for every target, both languages, full and compact, at the oEmbed width and narrowed to the
    widget's narrowest width, nothing is cut off: the source line and the link back show."""
    from portal.embed_size import SIZES

    folder, origin = other_origin
    targets = [t["number"] for t in json.loads(get(live_server + "/bac-ninh/api/v1/targets"))["targets"]]
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 800, "height": 900})
    page = ctx.new_page()
    checked = 0
    for variant, maxima in (("full", {}), ("compact", {"maxheight": SIZES["full"].height - 1})):
        for lang in ("vi", "en"):
            for n in targets:
                d = _oembed(live_server, n, lang, **maxima)
                assert ("compact=1" in d["html"]) == (variant == "compact")
                iframe = d["html"].replace(' loading="lazy"', "")  # all at once, not when scrolled to
                for column in (d["width"], SIZES[variant].min_width):
                    name = f"host-{variant}-{lang}-{n}-{column}.html"  # a new page each time, never cached
                    (folder / name).write_text(
                        f'<!doctype html><meta charset="utf-8"><title>Host</title><body style="margin:0">'
                        f'<div style="width:{column}px">{iframe}</div>', encoding="utf-8")
                    page.goto(f"{origin}/{name}")
                    frame = page.wait_for_selector("iframe").content_frame()
                    frame.wait_for_selector(".src a")
                    box = frame.evaluate("""() => {
                        const src = document.querySelector('.src'), links = src.querySelectorAll('a');
                        const last = links[links.length - 1].getBoundingClientRect();
                        return {w: innerWidth, h: innerHeight, scroll: document.documentElement.scrollHeight,
                                bottom: last.bottom, text: src.innerText}; }""")
                    where = (variant, lang, n, column, box)
                    assert box["w"] == column and box["h"] == d["height"], where
                    assert box["scroll"] <= box["h"] and box["bottom"] <= box["h"], where
                    assert ("Xem chi tiết" if lang == "vi" else "See details") in box["text"], where
                    checked += 1
    ctx.close()
    assert checked == len(targets) * 2 * 2 * 2


def test_widget_links_work_inside_wordpress_sandbox(browser, live_server, other_origin):
    """WordPress re-sandboxes embeds as allow-scripts only (no popups), and navigates its own
    window when the embed posts {message: "link", value, secret} for an address on the embed's
    host. Both links of the widget must reach the host that way."""
    folder, origin = other_origin
    (folder / "wp.html").write_text(f"""<!doctype html><meta charset="utf-8"><title>WP</title>
<iframe id="w" src="{live_server}/bac-ninh/nhung/chi-tieu/13#?secret=s3cr3t" sandbox="allow-scripts" width="480"
  height="600" style="border:0"></iframe>
<script>
window.links = [];
addEventListener("message", function (e) {{
  var d = e.data, src = new URL(document.getElementById("w").src);
  if (d && d.message === "link" && d.secret === "s3cr3t" && new URL(d.value).host === src.host)
    window.links.push(d.value);
}});
</script>""", encoding="utf-8")
    page = browser.new_page()
    popups = []
    page.on("popup", lambda p: popups.append(p))
    page.goto(origin + "/wp.html")
    frame = page.frame_locator("#w")
    frame.locator("h1 a").click()
    page.wait_for_function("window.links.length === 1", timeout=10000)
    frame.locator(".src a").first.click()
    page.wait_for_function("window.links.length === 2", timeout=10000)
    title_link, source_link = page.evaluate("window.links")
    assert title_link == live_server + "/bac-ninh/chi-tieu/13"
    assert source_link.startswith(live_server + "/bac-ninh/chi-tieu/13#chi-tieu-13-")  # the figure and its source
    assert popups == []
    page.close()
