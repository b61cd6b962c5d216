"""Shared by the benchmark scripts: start `portal serve` on a free loopback port, and stop it
(the helpers live in ``portal.harness``, shared with the tests)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from portal.harness import free_port, portal_serve, wait  # noqa: E402

__all__ = ["ROOT", "free_port", "portal_server", "wait"]


@contextmanager
def portal_server(workers: int | None = None, **env: str) -> Iterator[str]:
    """`portal serve` (workers from the CPU count unless given); yields its base address."""
    with portal_serve(workers, **env) as served:
        yield served.base
