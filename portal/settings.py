"""One settings object, read from environment variables prefixed ``PORTAL_``.

Nothing reads the environment at import time: call :func:`Settings.from_env` where the
program starts (the command line) and pass the object on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

PREFIX = "PORTAL_"


@dataclass(frozen=True)
class Settings:
    content_dir: Path = Path("content")
    build_dir: Path = Path("search_index")
    base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 0  # 0: chosen from the CPU count
    site_name: str = "Theo dõi Nghị quyết"
    hsts: bool = False
    reload_check_seconds: float = 0.5  # how often a server looks for a new build
    search_rate_per_minute: int = 0  # per client on search and suggest; 0: no limit
    trusted_proxy_header: str = ""  # e.g. X-Forwarded-For, when behind a proxy you control
    forwarded_allow_ips: str = "127.0.0.1"  # proxies whose X-Forwarded-For/-Proto `portal serve` believes
    cache_mb: int = 40  # response cache per server process (searches get a quarter more)
    search_threads: int = 2  # per server process: searches run in these threads, off the event loop
    search_queue: int = 4  # searches waiting for a thread; beyond that: 503 with Retry-After
    today: str = ""  # ISO date used for "as of" computations; empty: the real date
    # Where readers report an error: a mailto: address or a web page (e.g. the repository's issues).
    report_address: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is None:
                continue
            default = getattr(cls, f.name)
            if isinstance(default, float):
                values[f.name] = float(raw)
            elif isinstance(default, bool):
                values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            elif isinstance(default, int):
                values[f.name] = int(raw)
            elif isinstance(default, Path):
                values[f.name] = Path(raw)
            else:
                values[f.name] = raw
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]
