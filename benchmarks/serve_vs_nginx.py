"""Throughput of `portal serve` (default settings) against nginx serving the same bytes.

    python benchmarks/serve_vs_nginx.py [--path /chi-tieu/1] [--seconds 10] [--connections 32]

Needs nginx and wrk (Debian: apt-get install nginx-light wrk). Both servers run on loopback,
one after the other, measured with the same wrk settings (2 threads); prints requests per
second for each and the ratio.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import free_port, portal_server, wait  # noqa: E402


def wrk(url: str, seconds: int, connections: int) -> tuple[float, str]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", default="/bac-ninh/chi-tieu/1")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool):
            print(f"{tool} is not installed (apt-get install nginx-light wrk)", file=sys.stderr)
            return 2
    tmp = Path(tempfile.mkdtemp(prefix="nginx-"))
    with portal_server() as base:
        url = base + args.path
        body = urllib.request.urlopen(url).read()
        tmp.chmod(0o755)
        (tmp / "www").mkdir()
        (tmp / "www" / "page.html").write_bytes(body)
        nport = free_port()
        (tmp / "nginx.conf").write_text(f"""
worker_processes auto;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  types {{ text/html html; }}
  server {{
    listen 127.0.0.1:{nport};
    location / {{ root {tmp}/www; try_files /page.html =404; default_type text/html; }}
  }}
}}
""")
        nginx = subprocess.Popen(["nginx", "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"])
        try:
            nurl = f"http://127.0.0.1:{nport}/"
            wait(nurl)
            wrk(url, 2, args.connections)  # warm-up
            wrk(nurl, 2, args.connections)
            ours, ours_out = wrk(url, args.seconds, args.connections)
            theirs, theirs_out = wrk(nurl, args.seconds, args.connections)
            print(f"page {args.path}: {len(body)} bytes; wrk -t2 -c{args.connections} -d{args.seconds}s, loopback")
            print(f"portal serve: {ours:10.0f} requests/s")
            print(f"nginx:        {theirs:10.0f} requests/s")
            print(f"ratio:        {ours / theirs:10.2f}")
            for name, out in (("portal", ours_out), ("nginx", theirs_out)):
                dist = out.split("Latency Distribution", 1)[1]
                lat = re.search(r"50%\s+(\S+).*?99%\s+(\S+)", dist, re.S)
                errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
                print(f"{name}: p50 {lat.group(1)}, p99 {lat.group(2)}, non-2xx {errors.group(1) if errors else 0}")
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
