"""The ``portal`` command: check, build, serve, and the editor's template and import of figures."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from portal.build import build, current_build, load_documents, stale_reason
from portal.content import ContentInvalid, load_content
from portal.settings import PREFIX, Settings


def _report(exc: ContentInvalid) -> int:
    print(f"Content has {len(exc.problems)} problem(s):", file=sys.stderr)
    for p in exc.problems:
        print(f"  {p}", file=sys.stderr)
    return 1


def cmd_check(settings: Settings) -> int:
    try:
        contents = load_documents(settings.content_dir)
    except ContentInvalid as exc:
        return _report(exc)
    for content in contents:
        n_ind = sum(len(i.indicators) for i in content.items)
        print(f"{content.document.slug}: valid: {len(content.items)} items, {n_ind} indicators, "
              f"{len(content.observations)} observations, {len(content.terms)} glossary terms.")
    print(f"Content is valid: {len(contents)} document(s).")
    return 0


def cmd_build(settings: Settings) -> int:
    try:
        path = build(settings.content_dir, settings.build_dir)
    except ContentInvalid as exc:
        print("Build stopped; the previous build (if any) is still being served.", file=sys.stderr)
        return _report(exc)
    print(f"Built {path.name} in {settings.build_dir}.")
    return 0


MAX_WORKERS = 8
# What one server process may use at most: about 110 MB with the build loaded, the response
# cache (PORTAL_CACHE_MB, default 40, plus a quarter for searches) and headroom
# (benchmarks/attack.py prints each worker's peak under attack).
MEMORY_PER_WORKER = 256 * 1024 * 1024
CGROUP = Path("/sys/fs/cgroup")


def workers_for(cpus: int, cpu_max: str | None = None, memory_max: str | None = None,
                memory_per_worker: int = MEMORY_PER_WORKER) -> int:
    """How many server processes fit: no more than the CPUs this process may run on, the
    container's CPU quota (cgroup ``cpu.max``: "quota period" or "max"), and as many as fit in
    its memory limit (``memory.max``: bytes or "max"); at least 1, at most 8."""
    n = min(MAX_WORKERS, max(1, cpus))
    if cpu_max:
        quota, _, period = cpu_max.strip().partition(" ")
        if quota.isascii() and quota.isdigit() and period.strip().isdigit() and int(period) > 0:
            n = min(n, max(1, -(-int(quota) // int(period))))  # 1.5 CPUs: 2 workers
    if memory_max:
        limit = memory_max.strip()
        if limit.isascii() and limit.isdigit():
            n = min(n, max(1, int(limit) // memory_per_worker))
    return n


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None


def default_workers() -> int:
    """From the CPUs this process may use and the container's limits (cgroup v2, else v1)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    cpu_max, memory_max = _read(CGROUP / "cpu.max"), _read(CGROUP / "memory.max")
    if cpu_max is None:  # cgroup v1
        quota, period = _read(CGROUP / "cpu" / "cpu.cfs_quota_us"), _read(CGROUP / "cpu" / "cpu.cfs_period_us")
        if quota and period and quota.strip() != "-1":
            cpu_max = f"{quota.strip()} {period.strip()}"
    if memory_max is None:
        memory_max = _read(CGROUP / "memory" / "memory.limit_in_bytes")
    return workers_for(cpus, cpu_max, memory_max)


def _loads(build_path: Path) -> bool:
    """Whether a build loads, tried in a separate process (the server's parent process stays
    small; its workers load the build themselves)."""
    check = "import sys; from pathlib import Path; from portal.current import load; load(Path(sys.argv[1]))"
    return subprocess.run([sys.executable, "-c", check, str(build_path)], capture_output=True).returncode == 0


def cmd_serve(settings: Settings) -> int:
    import uvicorn

    built = current_build(settings.build_dir)
    try:  # the content served must be the content in PORTAL_CONTENT_DIR as it is now
        stale = stale_reason(settings.content_dir, settings.build_dir)
    except ContentInvalid as exc:
        print(f"Not serving: the content in {settings.content_dir} cannot be built, and the build in "
              f"{settings.build_dir} does not show it.", file=sys.stderr)
        return _report(exc)
    if stale or built is None or not _loads(built):
        print(f"Building first: {stale}." if stale else
              f"The current build ({built.name if built else ''}) cannot be loaded by this version: building again.")
        code = cmd_build(settings)
        if code:
            return code
    workers = settings.workers or default_workers()
    # Workers are separate processes: hand them the settings through the environment.
    os.environ.update({
        f"{PREFIX}CONTENT_DIR": str(settings.content_dir.resolve()),
        f"{PREFIX}BUILD_DIR": str(settings.build_dir.resolve()),
        f"{PREFIX}BASE_URL": settings.base_url,
    })
    print(f"Serving on http://{settings.host}:{settings.port} with {workers} worker process(es).", flush=True)
    # Production runs behind deploy/nginx.conf (timeouts, header limits, per-client limits).
    # These bound what a single process takes if it is ever reached directly: connections and
    # tasks at once (beyond: 503), and idle keep-alive connections. Access logs are nginx's;
    # "info" keeps worker deaths and restarts visible.
    uvicorn.run("portal.asgi:make_app", factory=True, host=settings.host, port=settings.port,
                workers=workers, proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips,
                server_header=False, log_level="info", access_log=False, limit_concurrency=1000,
                timeout_keep_alive=5, backlog=2048)
    return 0


def cmd_template(settings: Settings, out: Path, fmt: str | None, document: str | None) -> int:
    from portal.importer import write_template

    try:
        content = load_content(settings.content_dir, document)
    except ContentInvalid as exc:
        return _report(exc)
    for path in write_template(content, out, fmt):
        print(f"Wrote {path}.")
    return 0


def cmd_import(settings: Settings, file: Path, dry_run: bool, yes: bool, document: str | None) -> int:
    from portal.importer import run_import

    return run_import(settings.content_dir, file, document=document, dry_run=dry_run, yes=yes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description="Resolution portal: check, build and serve.")
    parser.add_argument("--content", type=Path, help="content folder (PORTAL_CONTENT_DIR, default content)")
    parser.add_argument("--build-dir", type=Path, help="build folder (PORTAL_BUILD_DIR, default search_index)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate all content and list every problem")
    sub.add_parser("build", help="validate, then build the database and search index atomically")
    serve = sub.add_parser("serve", help="serve the site (builds first when nothing is built)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, help="worker processes (default: from the CPU count)")
    template = sub.add_parser("template", help="write the figure template that 'portal import' reads")
    template.add_argument("out", type=Path, help="file to write (.xlsx or .csv)")
    template.add_argument("--format", choices=("xlsx", "csv"), help="default: from the file name")
    template.add_argument("--document", help="the document's folder under the content root (when it holds several)")
    imp = sub.add_parser("import", help="check figures from a filled template, show what changes, append them")
    imp.add_argument("file", type=Path, help="the filled template (.xlsx or .csv)")
    imp.add_argument("--dry-run", action="store_true", help="only check and show what would change")
    imp.add_argument("--yes", action="store_true", help="append without asking")
    imp.add_argument("--document", help="the document's folder under the content root (when it holds several)")
    args = parser.parse_args(argv)
    overrides: dict[str, object] = {}
    if args.content:
        overrides["content_dir"] = args.content
    if args.build_dir:
        overrides["build_dir"] = args.build_dir
    for name in ("host", "port", "workers"):
        if getattr(args, name, None) is not None:
            overrides[name] = getattr(args, name)
    settings = Settings.from_env(None, **overrides)
    if args.command == "template":
        return cmd_template(settings, args.out, args.format, args.document)
    if args.command == "import":
        return cmd_import(settings, args.file, args.dry_run, args.yes, args.document)
    return {"check": cmd_check, "build": cmd_build, "serve": cmd_serve}[args.command](settings)


if __name__ == "__main__":
    raise SystemExit(main())
