"""CPU time and size of each compression level on real pages: how portal/cache.py's levels were
chosen. A cache miss pays for both compressions, so a level must be cheap next to a render.

    python benchmarks/compression.py [--repeat 20] [path ...]

Builds the content into a temporary folder, renders each page once in process, then prints per
page the render time and, for gzip 6 and brotli 4, 5, 6, 9 and 11, CPU milliseconds per
compression (time.process_time, which other processes on the machine do not inflate) and bytes.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from portal.app import create_app  # noqa: E402
from portal.build import build  # noqa: E402
from portal.settings import Settings  # noqa: E402

PATHS = ["/", "/bac-ninh/chi-tieu/1", "/bac-ninh/nghi-quyet", "/khong-co", "/bac-ninh/api/v1/items"]


def cpu_ms(fn, repeat: int) -> float:  # noqa: ANN001
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("paths", nargs="*", default=PATHS)
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="compression-"))
    build(ROOT / "content", out)
    app = create_app(Settings(content_dir=ROOT / "content", build_dir=out))
    client = TestClient(app)
    inner = app
    while not isinstance(inner, FastAPI):  # below the response cache: every request renders
        inner = inner.app  # type: ignore[attr-defined]
    renderer = TestClient(inner)
    levels = [("gzip 6", lambda b: gzip.compress(b, compresslevel=6, mtime=0))] + [
        (f"br {q}", lambda b, q=q: brotli.compress(b, quality=q)) for q in (4, 5, 6, 9, 11)]
    print(f"{'page':16} {'bytes':>7} {'render ms':>9}  " + "  ".join(f"{name:>15}" for name, _ in levels))
    print(f"{'':16} {'':>7} {'':>9}  " + "  ".join(f"{'ms':>6} {'bytes':>8}" for _ in levels))
    for path in args.paths:
        body = client.get(path, headers={"Accept-Encoding": "identity"}).content
        render = cpu_ms(lambda p=path: renderer.get(p, headers={"Accept-Encoding": "identity"}), 3)
        cells = []
        for _, fn in levels:
            ms = cpu_ms(lambda fn=fn, body=body: fn(body), args.repeat)
            cells.append(f"{ms:6.1f} {len(fn(body)):>8}")
        print(f"{path:16} {len(body):>7} {render:>9.1f}  " + "  ".join(cells))
    print("render ms: CPU time of a request below the response cache (routing, template, headers).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
