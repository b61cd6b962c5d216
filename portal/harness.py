"""Start the documented production set-up on loopback: `portal serve`, and nginx with
``deploy/nginx.conf`` in front. Used by the tests that need a real server and by the
benchmarks; not used when serving.

The nginx configuration is the shipped file itself; only the lines marked ``# harness``
(ports, the upstream address, file paths) are rewritten, so that an ordinary user can run it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait(url: str, tries: int = 1800) -> None:
    for _ in range(tries):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


@dataclass
class Served:
    base: str
    port: int
    proc: subprocess.Popen[bytes]

    def workers(self) -> list[int]:
        """Process ids of the server processes (children of `portal serve` started by
        multiprocessing's spawn, not its resource tracker)."""
        out = []
        for pid in children(self.proc.pid):
            try:
                if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    out.append(pid)
            except OSError:
                continue
        return out


def children(pid: int) -> list[int]:
    out: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return sorted(out)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@contextmanager
def portal_serve(workers: int | None = None, build_dir: Path | None = None, log: Path | None = None,
                 **env: str) -> Iterator[Served]:
    """`portal serve` on a free loopback port (workers from the machine unless given); its
    output goes to ``log`` when given."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environ = dict(os.environ, PORTAL_BASE_URL=base, **env)
    environ.pop("PORTAL_WORKERS", None)
    if workers:
        environ["PORTAL_WORKERS"] = str(workers)
    if build_dir is not None:
        environ["PORTAL_BUILD_DIR"] = str(build_dir)
    out = open(log, "wb") if log else None  # noqa: SIM115 (closed below)
    proc = subprocess.Popen([sys.executable, "-m", "portal", "serve", "--port", str(port)], cwd=ROOT, env=environ,
                            stdout=out, stderr=subprocess.STDOUT if out else None)
    try:
        wait(base + "/healthz")
        yield Served(base, port, proc)
    finally:
        stop(proc)
        if out:
            out.close()


def nginx_available() -> bool:
    return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()


def nginx_conf(text: str, *, listen: int, upstream: int, workdir: Path) -> str:
    """The shipped configuration with its ``# harness`` lines pointed at loopback and ``workdir``."""
    swaps = [
        (r"pid \S+;", f"pid {workdir}/nginx.pid;"),
        (r"error_log \S+ (\w+);", rf"error_log {workdir}/error.log \1;"),
        (r"access_log \S+;", f"access_log {workdir}/access.log;"),
        (r"client_body_temp_path \S+;", f"client_body_temp_path {workdir}/body;"),
        (r"proxy_temp_path \S+;", f"proxy_temp_path {workdir}/proxy_temp;"),
        (r"proxy_cache_path \S+ ", f"proxy_cache_path {workdir}/cache "),
        (r"server portal:\d+;", f"server 127.0.0.1:{upstream};"),
        (r"listen \d+;", f"listen 127.0.0.1:{listen};"),
        (r"include /etc/nginx/portal-error-headers.conf;", f"include {DEPLOY}/portal-error-headers.conf;"),
    ]
    lines = []
    for line in text.splitlines():
        if "# harness" in line:
            for pattern, repl in swaps:
                line = re.sub(pattern, repl, line)
        lines.append(line)
    return "\n".join(lines) + "\n"


@contextmanager
def nginx_front(upstream_port: int) -> Iterator[str]:
    """nginx with deploy/nginx.conf on a free loopback port, in front of ``upstream_port``."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    workdir = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
    workdir.chmod(0o755)  # nginx workers run as another user when started by root
    port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_conf((DEPLOY / "nginx.conf").read_text(encoding="utf-8"), listen=port,
                               upstream=upstream_port, workdir=workdir), encoding="utf-8")
    proc = subprocess.Popen([nginx, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(conf),
                             "-g", "daemon off;"])
    try:
        wait(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)  # graceful: workers finish, then exit
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        shutil.rmtree(workdir, ignore_errors=True)
