"""Lighthouse scores (mobile, default throttling) for key pages, with Debian's Chromium.

    python benchmarks/lighthouse.py [--lighthouse-dir /tmp/lh]

Installs lighthouse 12.2.3 from npm into a scratch folder (once), starts `portal serve` on a
free port, runs Lighthouse on the home page, the targets list, a progress page and a results
page, and prints the four category scores of each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import portal_server  # noqa: E402

PAGES = ["/", "/bac-ninh/chi-tieu", "/bac-ninh/chi-tieu/1", "/tim-kiem?q=ho+ngheo", "/en/bac-ninh/targets/7"]
FLAGS = ("--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
         "--disable-component-update --disable-sync --disable-quic")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lighthouse-dir", type=Path, default=Path("/tmp/portal-lighthouse"))
    args = ap.parse_args()
    lh = args.lighthouse_dir / "node_modules" / ".bin" / "lighthouse"
    if not lh.exists():
        args.lighthouse_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "lighthouse@12.2.3"],
                       cwd=args.lighthouse_dir, check=True)
    with portal_server() as base:
        for path in PAGES:
            out = args.lighthouse_dir / "report.json"
            subprocess.run([str(lh), base + path, "--quiet", f"--chrome-flags={FLAGS}", "--output=json",
                            f"--output-path={out}",
                            "--only-categories=performance,accessibility,best-practices,seo"],
                           env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"), check=True)
            cats = json.loads(out.read_text())["categories"]
            print(f"{path:24}", "  ".join(f"{k} {round(v['score'] * 100)}" for k, v in cats.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
