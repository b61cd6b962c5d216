"""A small bounded pool for CPU-heavy request work (search), off the event loop.

Search can cost far more CPU than a page (made-up words go through fuzzy matching). Running it
on the event loop would make every cached page and ``/healthz`` wait behind it. Here it runs in
a few threads; when all threads are busy and the short queue is full, :class:`Busy` is raised at
once and the route answers 503 with ``Retry-After``, so work never piles up.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
RETRY_AFTER_SECONDS = 2


class Busy(Exception):
    """Every slot is taken; try again in ``RETRY_AFTER_SECONDS``."""


class WorkPool:
    def __init__(self, threads: int, queue: int) -> None:
        self.threads = max(1, threads)
        self.slots = self.threads + max(0, queue)  # running plus waiting
        self.used = 0
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None

    def _release(self, _: Future[Any]) -> None:
        with self._lock:
            self.used -= 1

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a pool thread; :class:`Busy` when no slot is free."""
        with self._lock:
            if self.used >= self.slots:
                raise Busy
            self.used += 1
            if self._executor is None:  # created lazily: after the server has forked its workers
                self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="search")
        try:
            future = self._executor.submit(fn, *args, **kwargs)
        except BaseException:
            with self._lock:
                self.used -= 1
            raise
        # The slot is freed when the work ends, not when the client goes away: a cancelled
        # request cannot leave work running that the count no longer sees.
        future.add_done_callback(self._release)
        return await asyncio.wrap_future(future)
