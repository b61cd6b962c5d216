"""Mutation score of the domain and safety modules, with mutmut 3 (not part of CI: CPU heavy).

    .venv/bin/pip install -e '.[mutation]'
    .venv/bin/python benchmarks/mutation.py                 # every module in [tool.mutmut.modules]
    .venv/bin/python benchmarks/mutation.py progress urls   # some of them
    .venv/bin/python benchmarks/mutation.py --report-only   # the last run's verdicts, current equivalents

Each module runs on its own, against the few test files that cover it (pyproject.toml,
[tool.mutmut.modules]), in a scratch copy of the repository (``--workdir``, kept between runs so
that mutmut only re-tests what changed). Prints, per module, the mutants killed out of all, the
score, the goal, and every surviving mutant with its diff; survivors named in
docs/equivalent-mutants.md are marked as equivalent (they cannot change behaviour) and left out
of the adjusted score.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "docs" / "equivalent-mutants.md"
KILLED = {"killed", "timeout", "caught by type check"}
UNCOUNTED = {"skipped", "not checked"}  # "not checked": a run stopped before it reached the mutant


def module_table() -> tuple[dict, dict]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    modules = data.pop("modules")
    return data, modules


def toml_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # strings and lists of strings: JSON is valid TOML


def copy_repository(scratch: Path) -> None:
    """Copy the repository's files (tracked and untracked, not ignored) into ``scratch``; files
    already there with the same bytes are left alone."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.splitlines()
    for name in files:
        src = ROOT / name
        if not src.is_file():
            continue
        dst = scratch / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if not dst.exists() or dst.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dst)


def prepare(scratch: Path, base: dict, spec: dict) -> None:
    """Copy the repository's files into ``scratch`` and write a [tool.mutmut] for this module."""
    copy_repository(scratch)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    kept, skipping = [], False
    for line in text.splitlines():
        if line.startswith("["):
            skipping = line.startswith("[tool.mutmut")
        if not skipping:
            kept.append(line)
    config = dict(base, only_mutate=spec["files"], pytest_add_cli_args_test_selection=spec["tests"])
    kept += ["", "[tool.mutmut]"] + [f"{k} = {toml_value(v)}" for k, v in config.items()]
    (scratch / "pyproject.toml").write_text("\n".join(kept) + "\n", encoding="utf-8")


def retest_survivors(scratch: Path) -> None:
    """Forget the verdicts of mutants that were not killed, so they meet the current tests again
    (mutmut keeps every verdict between runs; killed mutants stay killed)."""
    from mutmut.stats import status_by_exit_code

    for meta in (scratch / "mutants").rglob("*.meta"):
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except ValueError:  # cut short by an interrupted run: without it and its mutated copy of
            meta.unlink()     # the source, mutmut makes both again and tests that file afresh
            meta.with_suffix("").unlink(missing_ok=True)
            continue
        codes = data.get("exit_code_by_key", {})
        for key, code in codes.items():
            if code is not None and status_by_exit_code[code] not in KILLED:
                codes[key] = None
        meta.write_text(json.dumps(data), encoding="utf-8")
    # mutmut maps each function to the tests that call it once, then only adds tests it has not
    # seen: a test that starts calling a function after a change (a new parametrised case, a
    # rule that now goes through a helper) would never meet that function's mutants. Forget
    # the map, so that every test is collected again; the function hashes stay, and with them
    # the detection of changed functions.
    stats = scratch / "mutants" / "mutmut-stats.json"
    if stats.exists():
        data = json.loads(stats.read_text(encoding="utf-8"))
        data["tests_by_mangled_function_name"], data["duration_by_test"] = {}, {}
        stats.write_text(json.dumps(data), encoding="utf-8")


def run_module(name: str, spec: dict, base: dict, workdir: Path, children: int, diffs: bool,
               test: bool = True) -> dict:
    scratch = workdir / name
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    mutmut = [sys.executable, "-m", "mutmut"]
    if test:
        scratch.mkdir(parents=True, exist_ok=True)
        prepare(scratch, base, spec)
        retest_survivors(scratch)
        run = subprocess.run([*mutmut, "run", "--max-children", str(children)], cwd=scratch, env=env,
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
            raise SystemExit(f"mutmut failed on {name}")
    elif not (scratch / "mutants").is_dir():
        raise SystemExit(f"no earlier run of {name} in {scratch}")
    listing = subprocess.run([*mutmut, "results", "--all", "true"], cwd=scratch, env=env, check=True,
                             capture_output=True, text=True).stdout
    status: dict[str, str] = {}
    for line in listing.splitlines():
        key, sep, value = line.strip().rpartition(": ")
        if sep:
            status[key] = value
    survivors = sorted(k for k, v in status.items() if v not in KILLED and v not in UNCOUNTED)
    shown = {k: subprocess.run([*mutmut, "show", k], cwd=scratch, env=env, capture_output=True,
                               text=True).stdout for k in survivors} if diffs else {}
    return {"status": status, "survivors": survivors, "diffs": shown}


def equivalent_names() -> set[str]:
    if not EQUIVALENT.exists():
        return set()
    text = EQUIVALENT.read_text(encoding="utf-8")
    names = set(re.findall(r"`([\w.ǁ]+__mutmut_\d+)`", text))
    # a row may name several mutants of one function: `x__mutmut_25` … `_33` (25, 26, 27)
    for stem, numbers in re.findall(r"`([\w.ǁ]+__mutmut_)\d+` … `_\d+` \(([\d, ]+)\)", text):
        names.update(stem + n.strip() for n in numbers.split(","))
    return names


def main() -> int:
    base, modules = module_table()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("modules", nargs="*", help=f"some of {', '.join(modules)} (default: all)")
    ap.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "portal-mutation")
    ap.add_argument("--children", type=int, default=1,
                    help="mutants tested at once (default 1: the machine is shared; never run two scripts at once)")
    ap.add_argument("--no-diffs", action="store_true", help="list surviving mutants without their diffs")
    ap.add_argument("--report-only", action="store_true",
                    help="test nothing: print the verdicts of the last run in --workdir against the current "
                         "list of equivalent mutants")
    args = ap.parse_args()
    unknown = [m for m in args.modules if m not in modules]
    if unknown:
        ap.error(f"unknown module(s) {', '.join(unknown)}; choose from {', '.join(modules)}")
    equivalent = equivalent_names()
    summary = []
    for name in args.modules or list(modules):
        spec = modules[name]
        print(f"== {name}: {', '.join(spec['files'])} against {', '.join(spec['tests'])}", flush=True)
        result = run_module(name, spec, base, args.workdir, args.children, not args.no_diffs, not args.report_only)
        counts = Counter(result["status"].values())
        total = sum(n for s, n in counts.items() if s not in UNCOUNTED)
        killed = sum(counts[s] for s in KILLED)
        listed = [k for k in result["survivors"] if k in equivalent]
        open_ = [k for k in result["survivors"] if k not in equivalent]
        score = killed / total if total else 1.0
        adjusted = killed / (total - len(listed)) if total - len(listed) else 1.0
        print(f"   {dict(counts)}")
        for k in result["survivors"]:
            mark = "equivalent (docs/equivalent-mutants.md)" if k in equivalent else "SURVIVED"
            print(f"   {mark}: {k}")
            if not args.no_diffs:
                diff = [ln for ln in result["diffs"][k].splitlines() if ln.startswith(("+", "-"))
                        and not ln.startswith(("+++", "---"))]
                print("      " + "\n      ".join(diff))
        summary.append((name, killed, total, score, adjusted, spec["goal"], len(listed), len(open_),
                        counts["not checked"]))
    print()
    print(f"{'module':<16} {'killed':>7} {'mutants':>8} {'score':>7} {'w/o equiv.':>10} {'goal':>5} "
          f"{'equiv.':>6} {'open':>5} {'untested':>8}")
    for name, killed, total, score, adjusted, goal, listed, open_n, untested in summary:
        ok = "ok" if adjusted >= goal and open_n == 0 else "BELOW GOAL" if adjusted < goal else "open survivors"
        print(f"{name:<16} {killed:>7} {total:>8} {score:>7.1%} {adjusted:>10.1%} {goal:>5.0%} {listed:>6} "
              f"{open_n:>5} {untested:>8}  {ok if not untested else 'run not finished'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
