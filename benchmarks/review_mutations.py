"""Re-run the reviews' hand-made mutations and print which tests fail for each (not part of CI: each
mutation runs a few test files). M1-M24: ../shared/reviews/2026-11-code-and-tests.md, section 4;
A1-A15, the production layer: ../shared/reviews/2026-11-attack-and-faults.md.

    .venv/bin/python benchmarks/review_mutations.py            # all of them
    .venv/bin/python benchmarks/review_mutations.py M2 M20     # some of them

Each mutation is a one-line change, applied to a scratch copy of the repository (``--workdir``),
never to the checkout. A mutation whose line is not found any more prints "line not found": the
code it was made on has changed, and the row in docs/review-mutations.md must be looked at again.
The result is the table in docs/review-mutations.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutation import copy_repository  # noqa: E402  (a sibling script, not a package)

PROGRESS_TESTS = ("tests/test_progress.py", "tests/test_progress_rules.py")
SEARCH_TESTS = ("tests/test_search.py", "tests/test_search_rules.py", "tests/test_query_rules.py")
CACHE_TESTS = ("tests/test_versions.py", "tests/test_production.py", "tests/test_cache_rules.py")
PRODUCTION_TESTS = ("tests/test_production.py",)


@dataclass(frozen=True)
class Mutation:
    name: str
    what: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTATIONS = [
    Mutation("M1", "ABOUT_TOLERANCE 0.05 → 0.10", "portal/progress.py",
             "ABOUT_TOLERANCE = 0.05", "ABOUT_TOLERANCE = 0.10", PROGRESS_TESTS),
    Mutation("M2", "RANGE_NEAR 0.10 → 0.30", "portal/progress.py",
             "RANGE_NEAR = 0.10", "RANGE_NEAR = 0.30", PROGRESS_TESTS),
    Mutation("M3", "ON_TRACK_MIN 0.95 → 0.85", "portal/progress.py",
             "ON_TRACK_MIN = 0.95", "ON_TRACK_MIN = 0.85", PROGRESS_TESTS),
    Mutation("M3b", "NEEDS_EFFORT_MIN 0.75 → 0.60", "portal/progress.py",
             "NEEDS_EFFORT_MIN = 0.75", "NEEDS_EFFORT_MIN = 0.60", PROGRESS_TESTS),
    Mutation("M4", "coverage factor removed (score × share² → score)", "portal/search.py",
             "_Match(sc * share * share, share,", "_Match(sc, share,", SEARCH_TESTS),
    Mutation("M5", "EXACT_BOOST 2 → 1", "portal/query.py",
             "\nEXACT_BOOST = 2.0", "\nEXACT_BOOST = 1.0", SEARCH_TESTS),
    Mutation("M6", "glossary synonyms off (no synonym group enters a plan)", "portal/query.py",
             "    for group in groups:\n        mask = 0", "    for group in ():\n        mask = 0",
             SEARCH_TESTS),
    Mutation("M7", "syllable-pair keys off (no pair term in a plan)", "portal/query.py",
             "    for i in range(1, len(syl)):\n        if not syl[i][2]:",
             "    for i in range(1, 1):\n        if not syl[i][2]:", SEARCH_TESTS),
    Mutation("M8", "BM25 b 0.5 → 0.75", "portal/search.py",
             "K1, B = 1.2, 0.5", "K1, B = 1.2, 0.75", SEARCH_TESTS),
    Mutation("M9", "ETag without the build version", "portal/cache.py",
             "etag = f'W/\"{version[0]}.{version[1]}-{digest}\"'", "etag = f'W/\"{digest}\"'", CACHE_TESTS),
    Mutation("M10", "cache key without the build version", "portal/cache.py",
             "key: Key = (public_path(scope), query, version)",
             "key: Key = (public_path(scope), query, (0, 0))", CACHE_TESTS),
    Mutation("M12", "i/y rule off (lone i and y after a consonant stay apart)", "portal/vietnamese.py",
             "    return head if head in ONSETS else None", "    return None",
             ("tests/test_vietnamese.py", "tests/test_normalisation.py", "tests/test_normalisation_rules.py")),
    Mutation("M15", "spelling fallback disabled (a corrected reading is never searched)", "portal/search.py",
             "if correct and corrected and corrected != text:", "if False:", SEARCH_TESTS),
    Mutation("M16", "item-reference score off (\"chỉ tiêu 7\" does not put item 7 first)", "portal/search.py",
             "REF_SCORE = 1000.0", "REF_SCORE = 0.0", SEARCH_TESTS),
    Mutation("M20", "each_year never \"achieved\" after a complete period", "portal/progress.py",
             'return Assessment("achieved" if complete else "on-track", "each_year", facts)',
             'return Assessment("on-track", "each_year", facts)', PROGRESS_TESTS),
    Mutation("M21", "range ignores a complete period", "portal/progress.py",
             "    complete = len(pts) >= ind.period_end - ind.period_start + 1\n    if position",
             "    complete = False\n    if position", PROGRESS_TESTS),
    Mutation("M22", "baseline_met reported as \"achieved\"", "portal/progress.py",
             'Assessment("no-data", "baseline_met", facts)', 'Assessment("achieved", "baseline_met", facts)',
             PROGRESS_TESTS),
    Mutation("M23", "editorial status of qualitative indicators ignored", "portal/progress.py",
             "    if not ed:\n        return Assessment(\"no-data\", \"no_data\")",
             "    if True:\n        return Assessment(\"no-data\", \"no_data\")", PROGRESS_TESTS),
    Mutation("M24", "no_baseline reported as \"on-track\"", "portal/progress.py",
             'Assessment("no-data", "no_baseline", facts)', 'Assessment("on-track", "no_baseline", facts)',
             PROGRESS_TESTS),
    # The production layer: the eight changes of ../shared/reviews/2026-11-attack-and-faults.md
    # ("Judgement of tests/test_production.py"), numbered A1-A15 after that review's M1-M15.
    Mutation("A1", "page cache unbounded", "portal/cache.py",
             "self.pages = LRU(max_entries=5000, max_bytes=max_bytes)",
             "self.pages = LRU(max_entries=10**9, max_bytes=10**15)", PRODUCTION_TESTS),
    Mutation("A6", "no security headers on 5xx answers", "portal/headers.py",
             "                for rule in self.rules:",
             "                for rule in (self.rules if message[\"status\"] < 500 else ()):", PRODUCTION_TESTS),
    Mutation("A7", "rate limit keyed on the first X-Forwarded-For entry (the client's own) instead of the last",
             "portal/ratelimit.py", '.rsplit(",", 1)[-1].strip()', '.split(",", 1)[0].strip()', PRODUCTION_TESTS),
    Mutation("A8", "query words not capped (MAX_QUERY_TOKENS = 10**6)", "portal/query.py",
             "MAX_QUERY_TOKENS = 24", "MAX_QUERY_TOKENS = 10**6", PRODUCTION_TESTS),
    Mutation("A12", "a build that fails to load replaces the served one", "portal/current.py",
             "            self._failed = (target, now)\n",
             "            self._failed, self._loaded = (target, now), None\n", PRODUCTION_TESTS),
    Mutation("A13", "the current link is removed, then made again 0.3 s later (not swapped atomically)",
             "portal/build.py", '    os.replace(link_tmp, build_dir / "current")\n',
             '    (build_dir / "current").unlink(missing_ok=True); __import__("time").sleep(0.3)\n'
             '    os.replace(link_tmp, build_dir / "current")\n', PRODUCTION_TESTS),
    Mutation("A14", "static files lose CSP, X-Frame-Options and COOP", "portal/headers.py",
             '        if may_be_framed(scope["path"], h):',
             '        if may_be_framed(scope["path"], h) or scope["path"].startswith("/static/"):', PRODUCTION_TESTS),
    Mutation("A15", "500 and 503 answers are cached", "portal/cache.py",
             "CACHEABLE = (200, 301, 404)", "CACHEABLE = (200, 301, 404, 500, 503)", PRODUCTION_TESTS),
]


def run(m: Mutation, scratch: Path) -> tuple[str, list[str]]:
    target = scratch / m.file
    original = target.read_text(encoding="utf-8")
    if original.count(m.old) != 1:
        return "line not found", []
    tests = [t for t in m.tests if (scratch / t).exists()]
    target.write_text(original.replace(m.old, m.new), encoding="utf-8")
    try:
        out = subprocess.run([sys.executable, "-m", "pytest", *tests, "-q", "-p", "no:cacheprovider", "-W", "ignore",
                              "-rf", "--no-header"], cwd=scratch, capture_output=True, text=True,
                             env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1")).stdout
    finally:
        target.write_text(original, encoding="utf-8")
    failed = sorted(set(re.findall(r"^FAILED (.+?)(?: - .*)?$", out, re.M)))
    return ("caught" if failed else "SURVIVES"), failed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="some of " + ", ".join(m.name for m in MUTATIONS))
    ap.add_argument("--workdir", type=Path,
                    default=Path(os.environ.get("TMPDIR", "/tmp")) / "portal-review-mutations")
    args = ap.parse_args()
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    args.workdir.mkdir(parents=True, exist_ok=True)
    copy_repository(args.workdir)
    survivors = 0
    for m in chosen:
        outcome, failed = run(m, args.workdir)
        survivors += outcome != "caught"
        print(f"{m.name:<4} {outcome:<14} {m.what}  [{m.file}]", flush=True)
        for name in failed:
            print(f"       fails: {name}", flush=True)
    print(f"\n{len(chosen) - survivors} of {len(chosen)} mutations make a test fail")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
