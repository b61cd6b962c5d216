"""Shared by the benchmark scripts: start `portal serve` on a free loopback port, and stop it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


@contextmanager
def portal_server(workers: int | None = None, **env: str) -> Iterator[str]:
    """`portal serve` (workers from the CPU count unless given); yields its base address."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environ = dict(os.environ, PORTAL_BASE_URL=base, **env)
    environ.pop("PORTAL_WORKERS", None)
    if workers:
        environ["PORTAL_WORKERS"] = str(workers)
    proc = subprocess.Popen([sys.executable, "-m", "portal", "serve", "--port", str(port)], cwd=ROOT, env=environ)
    try:
        wait(base + "/healthz")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
