"""Index build time and query latency as the corpus grows.

    python benchmarks/search_scale.py [--sizes 1000 5000 20000] [--queries ../shared/eval/dev_queries.tsv]

Generates Vietnamese documents of about 2 KB each by drawing sentences of the resolution and
the plain-language texts at random (fixed seed), adds the real documents, builds an index with
the same code as `portal build`, then runs every query (default: tests/data/dev_queries.tsv)
through the same Searcher the API uses and prints p50/p95 latency.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import search  # noqa: E402
from portal.build import search_docs  # noqa: E402
from portal.content import load_content  # noqa: E402
from portal.query import synonym_groups  # noqa: E402


def generated_docs(n: int, sentences: list[str], seed: int = 7) -> list[search.SearchDoc]:
    rng = random.Random(seed)
    types = ["target", "task", "solution", "breakthrough"]
    docs = []
    for i in range(n):
        body: list[str] = []
        while sum(len(s.encode()) for s in body) < 2000:
            body.append(rng.choice(sentences))
        title = rng.choice(sentences)[:80]
        docs.append(search.SearchDoc(id=f"gen-{i}", type=rng.choice(types), title=title, head=title,
                                     body=" ".join(body)))
    return docs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--queries", type=Path, default=ROOT / "tests" / "data" / "dev_queries.tsv")
    args = ap.parse_args()
    content = load_content(ROOT / "content")
    real = search_docs(content)
    text = " ".join(d.body for d in real)
    sentences = [s.strip() for s in re.split(r"(?<=[.;:])\s+", text) if len(s.strip()) > 20]
    queries = [line.split("\t")[0] for line in args.queries.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    groups = synonym_groups([t.term, *t.abbreviations, *t.synonyms] for t in content.terms)
    print(f"{'documents':>10} {'MB':>6} {'build s':>8} {'cold p50':>9} {'cold p95':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for n in args.sizes:
        docs = real + generated_docs(n, sentences)
        size = sum(len(d.head.encode()) + len(d.body.encode()) for d in docs) / 1e6
        tmp = Path(tempfile.mkdtemp(prefix="scale-"))
        try:
            start = time.perf_counter()
            search.build_index(tmp / "index", docs)
            build_s = time.perf_counter() - start
            searcher = search.Searcher(tmp / "index", groups)
            cold = []
            for q in queries:  # first pass: postings read from disk
                t0 = time.perf_counter()
                searcher.search(q, limit=10)
                cold.append((time.perf_counter() - t0) * 1000)
            lat = []
            for _ in range(3):
                for q in queries:
                    t0 = time.perf_counter()
                    searcher.search(q, limit=10)
                    lat.append((time.perf_counter() - t0) * 1000)
            lat.sort()
            p95 = lat[int(0.95 * (len(lat) - 1))]
            cold.sort()
            cold95 = cold[int(0.95 * (len(cold) - 1))]
            print(f"{len(docs):>10} {size:>6.1f} {build_s:>8.1f} {statistics.median(cold):>9.1f} {cold95:>9.1f} "
                  f"{statistics.median(lat):>8.1f} {p95:>8.1f}", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
