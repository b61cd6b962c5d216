"""Search quality and latency on a query file, through the HTTP API, with an FTS5 baseline.

    python benchmarks/search_eval.py ../shared/eval/dev_queries.tsv [--base-url http://127.0.0.1:8000]

Without --base-url, a server is started on a free local port (one worker) on the current build
(building first if needed) and stopped at the end. Prints success@1, success@3, MRR@10, the share
of queries with no result, and p50/p95 latency; then the same for SQLite FTS5
(unicode61 remove_diacritics 2) over the same documents (latency measured in-process).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import portal_server  # noqa: E402

from portal.build import search_docs  # noqa: E402
from portal.content import load_content  # noqa: E402


def read_queries(path: Path) -> list[tuple[str, list[str], str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            q, wanted, category = (line.split("\t") + [""])[:3]
            rows.append((q, wanted.split(","), category))
    return rows


def relevant(item_id: str, wanted: list[str]) -> bool:
    return any(item_id == w or (w.endswith("*") and item_id.startswith(w[:-1])) for w in wanted)


def metrics(results: list[tuple[list[str], list[str], float]]) -> dict[str, float]:
    n = len(results)
    at1 = at3 = rr = empty = 0.0
    for got, wanted, _ in results:
        rank = next((k + 1 for k, g in enumerate(got[:10]) if relevant(g, wanted)), None)
        at1 += rank == 1
        at3 += bool(rank and rank <= 3)
        rr += 1 / rank if rank else 0
        empty += not got
    lat = sorted(ms for _, _, ms in results)
    return {"queries": n, "success@1": at1 / n, "success@3": at3 / n, "mrr@10": rr / n, "no_result": empty / n,
            "p50_ms": statistics.median(lat), "p95_ms": lat[min(n - 1, int(round(0.95 * (n - 1))))]}


def http_search(base: str, q: str) -> tuple[list[str], float]:
    url = f"{base}/api/v1/search?" + urllib.parse.urlencode({"q": q, "limit": 10})
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as r:
        body = r.read()
    ms = (time.perf_counter() - start) * 1000
    return [x["id"] for x in json.loads(body)["results"]], ms


def fts5_baseline(rows: list[tuple[str, list[str], str]]) -> dict[str, float]:
    docs = search_docs(load_content(ROOT / "content"))
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, head, body, "
               "tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO d VALUES (?, ?, ?)", [(x.id, x.head, x.body) for x in docs])
    results = []
    for q, wanted, _ in rows:
        tokens = re.findall(r"\w+", q)
        match = " OR ".join('"' + t.replace('"', "") + '"' for t in tokens)
        start = time.perf_counter()
        got = [r[0] for r in db.execute("SELECT id FROM d WHERE d MATCH ? ORDER BY bm25(d, 3.0, 1.0) LIMIT 10",
                                        (match,))] if match else []
        results.append((got, wanted, (time.perf_counter() - start) * 1000))
    return metrics(results)


def measure(base: str, rows: list[tuple[str, list[str], str]], show_misses: bool) -> tuple[list, list]:
    http_search(base, "khởi động")  # load the build once
    results, repeats = [], []
    for q, wanted, _ in rows:  # first request of each query: computed, not cached
        got, ms = http_search(base, q)
        results.append((got, wanted, ms))
        if show_misses and not (got and relevant(got[0], wanted)):
            print(f"  miss@1: {q!r} → {got[:3]} (want {wanted})")
    for q, wanted, _ in rows:  # the same again: answered from the bounded search cache
        got, ms = http_search(base, q)
        repeats.append((got, wanted, ms))
    return results, repeats


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("queries", type=Path)
    ap.add_argument("--base-url")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    rows = read_queries(args.queries)
    if args.base_url:
        results, repeats = measure(args.base_url, rows, args.show_misses)
    else:
        with portal_server(workers=1) as base:  # one worker: repeats hit the same search cache
            results, repeats = measure(base, rows, args.show_misses)
    ours = metrics(results)
    cached = metrics(repeats)
    base_m = fts5_baseline(rows)
    print(f"{'':24}{'portal (HTTP)':>16}{'FTS5 baseline':>16}")
    for key in ("queries", "success@1", "success@3", "mrr@10", "no_result", "p50_ms", "p95_ms"):
        print(f"{key:24}{ours[key]:>16.3f}{base_m[key]:>16.3f}")
    print(f"{'repeat p50/p95 ms':24}{cached['p50_ms']:>8.3f}/{cached['p95_ms']:.3f}"
          "  (same queries, from the search cache)")
    print("(portal latency: first request of each query over HTTP; FTS5 latency is in-process, without HTTP.)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
