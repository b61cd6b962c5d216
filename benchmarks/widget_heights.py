"""Height of every target's widget in Chromium, by width, language and variant (full / compact).

The oEmbed answer declares a fixed iframe height (no resize script may run on the host), so the
tallest widget at the narrowest width a host may give must fit. This prints the measured
heights and the heights ``portal/routes/embed.py`` declares, with the margin left:

    .venv/bin/python benchmarks/widget_heights.py

Chromium is Debian's (``/usr/bin/chromium``) with the fonts of this machine (DejaVu Sans for
system-ui, wider than Roboto or Segoe UI, so the figures are on the safe side).
"""

from __future__ import annotations

import json
import shutil
import urllib.request

from _server import portal_server  # type: ignore[import-not-found]
from playwright.sync_api import sync_playwright

from portal.embed_size import SIZES, declared_height

WIDTHS = (240, 280, 300, 320, 360, 400, 480)
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main() -> None:
    with portal_server(workers=1) as base:
        targets = json.load(urllib.request.urlopen(base + "/bac-ninh/api/v1/targets"))["targets"]
        numbers = [t["number"] for t in targets]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
            page = browser.new_page(java_script_enabled=False)
            print(f"{'variant':8} {'lang':4} " + " ".join(f"{w:>5}" for w in WIDTHS) + "   (tallest of "
                  f"{len(numbers)} targets, px)")
            for compact in (False, True):
                for lang, prefix in (("vi", "/bac-ninh/nhung/chi-tieu"), ("en", "/en/bac-ninh/embed/targets")):
                    tallest = []
                    for w in WIDTHS:
                        page.set_viewport_size({"width": w, "height": 50})
                        h = 0
                        for n in numbers:
                            page.goto(f"{base}{prefix}/{n}" + ("?compact=1" if compact else ""))
                            h = max(h, page.evaluate("document.documentElement.scrollHeight"))
                        tallest.append(h)
                    variant = "compact" if compact else "full"
                    print(f"{variant:8} {lang:4} " + " ".join(f"{h:>5}" for h in tallest))
                    print(f"{'declared':8} {'':4} " + " ".join(
                        f"{declared_height(compact, w) or 0:>5}" for w in WIDTHS))
            browser.close()
    print("sizes:", SIZES)


if __name__ == "__main__":
    main()
