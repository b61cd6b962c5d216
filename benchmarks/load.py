"""Load test on loopback: 64 connections for 30 s over a mix of pages, searches and API calls.

    python benchmarks/load.py [--seconds 30] [--connections 64]

Starts `portal serve` with its defaults on a free port, runs wrk (bounded in time) with a Lua
script that cycles through the addresses below, prints requests/s, p50/p99 latency and errors.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import portal_server  # noqa: E402

PATHS = (["/", "/bac-ninh/chi-tieu", "/bac-ninh/nghi-quyet", "/bac-ninh/thuat-ngu", "/bac-ninh/phuong-phap", "/en/",
          "/en/bac-ninh/targets/7", "/feed.atom", "/bac-ninh/api/v1/targets", "/bac-ninh/api/v1/targets/chi-tieu-1",
          "/bac-ninh/nhung/chi-tieu/14", "/bac-ninh/datapackage.json"]
         + [f"/bac-ninh/chi-tieu/{n}" for n in range(1, 27)]
         + [f"/tim-kiem?q={q}" for q in ("ho+ngheo", "GRDP", "nuoc+sach", "chi+tieu+7", "rung")]
         + [f"/api/v1/search?q={q}" for q in ("tang+truong", "y+te", "8700", "KHCN")])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--connections", type=int, default=64)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp())
    with portal_server() as base:
        lua = tmp / "mix.lua"
        items = ", ".join(f'"{p}"' for p in PATHS)
        lua.write_text(f"""local paths = {{{items}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {{["Accept-Encoding"] = "br, gzip"}})
end
""")
        def run(seconds: int) -> str:
            cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--latency", "-s", str(lua), base]
            return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout

        cold = run(3)  # the first renders of each page in each worker
        cold_p99 = re.search(r"99%\s+(\S+)", cold.split("Latency Distribution", 1)[1]).group(1)
        print(f"first 3 s (pages rendered for the first time in each worker): p99 {cold_p99}")
        out = run(args.seconds)
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
        dist = out.split("Latency Distribution", 1)[1]
        p50 = re.search(r"50%\s+(\S+)", dist).group(1)
        p99 = re.search(r"99%\s+(\S+)", dist).group(1)
        errors = re.search(r"Socket errors: (.*)", out)
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        total = re.search(r"(\d+) requests in", out).group(1)
        print(f"{len(PATHS)} addresses, {args.connections} connections, {args.seconds} s: {total} requests")
        print(f"requests/s {rps}; latency p50 {p50}, p99 {p99}")
        print(f"socket errors: {errors.group(1) if errors else 'none'}; "
              f"non-2xx/3xx: {non2xx.group(1) if non2xx else 0}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
