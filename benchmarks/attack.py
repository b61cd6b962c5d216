"""The attacks of the November review (../shared/reviews/2026-11-attack-and-faults.md), each beside
normal traffic, against the documented production set-up: nginx with deploy/nginx.conf in front
of `portal serve`.

    python benchmarks/attack.py [--seconds 20] [--workers 2] [--only silent,headers]

Needs nginx (Debian: nginx-light) and wrk. Everything runs on loopback. Attackers connect from
127.0.0.1; normal clients from 127.0.0.2 (another loopback address, so that per-client limits
tell them apart as they would tell apart two people). "direct" attacks bypass nginx and go to
`portal serve` itself: what the portal's own defences hold (or a flood from many addresses).

Per attack it prints: what the attacker got, the p99 (and max) of a cached page and of
`/healthz` for a normal client opening a fresh connection every 0.1 s through nginx, the
normal client's failed requests, and each worker's peak resident memory.
Goals (issue 11): nonsense searches on 10 connections: page p99 < 50 ms, /healthz < 100 ms;
2,000 silent connections: 0 failed normal requests; 100,000 unique addresses: every worker
< 250 MB; 1 MB of headers: 431.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from portal.harness import nginx_front, portal_serve, rss_mb  # noqa: E402

LUA = Path(__file__).resolve().parent / "lua"
NORMAL_SOURCE = "127.0.0.2"


@dataclass
class Probe:
    """A normal client: a fresh connection every 0.1 s, alternating a cached page and /healthz."""

    host: str
    port: int
    page: str = "/bac-ninh/chi-tieu/1"
    lat: dict[str, list[float]] = field(default_factory=lambda: {"page": [], "healthz": []})
    errors: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def one(self, path: str) -> float | None:
        t = time.monotonic()
        try:
            with socket.create_connection((self.host, self.port), timeout=30,
                                          source_address=(NORMAL_SOURCE, 0)) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n"
                          "Connection: close\r\n\r\n".encode())
                data = b""
                while chunk := s.recv(65536):
                    data += chunk
        except OSError:
            return None
        return time.monotonic() - t if data.startswith(b"HTTP/1.1 200") else None

    def run(self) -> None:
        while not self.stop.is_set():
            for name, path in (("page", self.page), ("healthz", "/healthz")):
                took = self.one(path)
                if took is None:
                    self.errors += 1
                else:
                    self.lat[name].append(took)
            time.sleep(0.1)


class Peaks:
    """Peak resident memory of each worker, sampled every 0.2 s."""

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self.pids, self.peak = pids, {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.pids():
                self.peak[pid] = max(self.peak.get(pid, 0.0), rss_mb(pid))
            time.sleep(0.2)


def pct(values: list[float], q: float) -> str:
    if not values:
        return "   n/a"
    v = sorted(values)
    return f"{v[min(len(v) - 1, int(len(v) * q))] * 1000:6.0f}"


def wrk(url: str, seconds: int, connections: int, script: str, **env: str) -> str:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s",
                          str(LUA / script), url], capture_output=True, text=True, env=dict(os.environ, **env),
                         timeout=seconds + 60).stdout
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return (f"{total.group(1) if total else '?'} requests, {non2xx.group(1) if non2xx else 0} non-2xx"
            + (f", socket errors {errors.group(1).strip()}" if errors else ""))


async def _silent(host: str, port: int, n: int, seconds: float) -> str:
    socks, failed = [], 0
    for i in range(n):
        try:
            _, w = await asyncio.wait_for(asyncio.open_connection(host, port), 5)
            if i % 2:
                w.write(b"GET / HTTP/1.1\r\nHost: x\r\n")  # half send the start of a request, then nothing
            socks.append(w)
        except (TimeoutError, OSError):
            failed += 1
        if i % 200 == 199:
            await asyncio.sleep(0.05)
    await asyncio.sleep(seconds)
    closed = sum(1 for w in socks if w.transport.is_closing() or w.is_closing())
    for w in socks:
        w.close()
    return f"{n} sockets opened ({failed} failed to connect), held {seconds:.0f} s; closed by the server: {closed}"


def silent(host: str, port: int, n: int, seconds: float) -> str:
    return asyncio.run(_silent(host, port, n, seconds))


def raw(host: str, port: int, head: bytes, chunks: int = 1, chunk: bytes = b"") -> str:
    try:
        with socket.create_connection((host, port), timeout=30) as s:
            s.sendall(head)
            try:
                for _ in range(chunks):
                    s.sendall(chunk)
                s.sendall(b"\r\n")
            except OSError:
                pass
            data = s.recv(200)
        return data.split(b"\r\n")[0].decode("latin-1") or "connection closed without an answer"
    except OSError as exc:
        return f"{type(exc).__name__}"


def forged_xff(base: str) -> str:
    import urllib.error
    import urllib.request

    codes: dict[int, int] = {}
    for i in range(60):
        req = urllib.request.Request(base + f"/api/v1/search?q=rung+{i}", headers={"X-Forwarded-For": f"10.0.{i}.1"})
        try:
            code = urllib.request.urlopen(req, timeout=10).status
        except urllib.error.HTTPError as e:
            code = e.code
        codes[code] = codes.get(code, 0) + 1
    return f"60 searches, each with another forged X-Forwarded-For: {dict(sorted(codes.items()))}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--only", default="", help="comma-separated attack names (see the list printed)")
    args = ap.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            print(f"{tool} is not installed (apt-get install nginx-light wrk)", file=sys.stderr)
            return 2
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    secs = args.seconds
    log = Path(tempfile.mkdtemp(prefix="attack-")) / "serve.log"
    with portal_serve(workers=args.workers, log=log) as served, nginx_front(served.port) as front:
        fhost, fport = "127.0.0.1", int(front.rsplit(":", 1)[1])
        direct = served.base
        attacks: list[tuple[str, Callable[[], str]]] = [
            ("baseline", lambda: (time.sleep(secs), "no attack")[1]),
            ("nonsense-search", lambda: wrk(front + "/", secs, 10, "nonsense_search.lua")),
            ("nonsense-search-direct", lambda: wrk(direct + "/", secs, 10, "nonsense_search.lua")),
            ("cache-busting", lambda: wrk(front + "/", secs, 16, "unique_url.lua", UPATH="/")),
            ("cache-busting-direct", lambda: wrk(direct + "/", secs, 16, "unique_url.lua", UPATH="/")),
            ("unique-urls-direct", lambda: wrk(direct + "/", max(secs, 30), 16, "unique_url.lua", UPATH="/")),
            ("unique-404-padded-direct", lambda: wrk(direct + "/", max(secs, 30), 8, "unique_url.lua",
                                                     UPATH="/nope", UMODE="path", PAD="8000")),
            ("silent", lambda: silent(fhost, fport, 2000, secs)),
            ("headers", lambda: "1 MB of headers: " + raw(fhost, fport, b"GET / HTTP/1.1\r\nHost: x\r\n"
                                                          + b"X-Big: " + b"a" * 1_000_000 + b"\r\n")
             + "; 60 MB in 1000 headers: " + raw(fhost, fport, b"GET / HTTP/1.1\r\nHost: x\r\n", 1000,
                                                 b"X-Pad: " + b"a" * 60000 + b"\r\n")),
            ("forged-xff", lambda: forged_xff(front)),
        ]
        only = {a for a in args.only.split(",") if a}
        print(f"portal serve: {args.workers} workers; nginx: deploy/nginx.conf; {secs} s per attack; "
              f"load average {os.getloadavg()[0]:.1f} at start")
        print(f"{'attack':26} {'page p99':>9} {'max':>6} {'healthz p99':>12} {'max':>6} {'normal errors':>14}  "
              "worker peak MB  | attacker got")
        for name, attack in attacks:
            if only and name not in only:
                continue
            probe = Probe("127.0.0.1", fport)
            peaks = Peaks(served.workers)
            threads = [threading.Thread(target=probe.run), threading.Thread(target=peaks.run)]
            for t in threads:
                t.start()
            try:
                got = attack()
            finally:
                probe.stop.set()
                peaks.stop.set()
                for t in threads:
                    t.join()
            page, health = probe.lat["page"], probe.lat["healthz"]
            mem = " ".join(f"{v:.0f}" for v in peaks.peak.values())
            print(f"{name:26} {pct(page, 0.99):>9} {pct(page, 1.0):>6} {pct(health, 0.99):>12} {pct(health, 1.0):>6} "
                  f"{probe.errors:>14}  {mem:14}  | {got}", flush=True)
            time.sleep(2)
        print(f"load average {os.getloadavg()[0]:.1f} at the end; server log: {log}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
