"""Optional per-client limit on search and suggestions (off by default).

A token bucket per client address: ``rate`` requests a minute, bursts up to the same number.
Behind a reverse proxy, the client address comes from the configured trusted header, from its
LAST entry: the one your proxy wrote (``deploy/nginx.conf`` overwrites the header with the peer
address; a proxy that appends leaves the client's own entries first, and those are made up at
will). Without one, from the connection. Over the limit: 429 with Retry-After.

Buckets live in each server process, so with N workers a client gets up to N times the rate:
the shipped nginx configuration holds the real, shared per-client limits; this one is a second
line for set-ups without it.
"""

from __future__ import annotations

import json
import math
import threading
import time

from starlette.types import ASGIApp, Receive, Scope, Send

LIMITED_PREFIXES = ("/tim-kiem", "/en/search", "/api/v1/search", "/api/v1/suggest")
MAX_CLIENTS = 100_000


class RateLimit:
    def __init__(self, app: ASGIApp, *, per_minute: int, trusted_header: str = "") -> None:
        self.app = app
        self.rate = per_minute / 60.0
        self.burst = float(per_minute)
        self.header = trusted_header.lower().encode()
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def client(self, scope: Scope) -> str:
        if self.header:
            for name, value in scope["headers"]:
                if name == self.header:
                    return value.decode("latin-1").rsplit(",", 1)[-1].strip()
        peer = scope.get("client")
        return peer[0] if peer else "?"

    def take(self, key: str, now: float) -> float:
        """0 if the request may go on, else the seconds to wait."""
        with self.lock:
            tokens, last = self.buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self.buckets[key] = (tokens - 1, now)
                wait = 0.0
            else:
                self.buckets[key] = (tokens, now)
                wait = (1 - tokens) / self.rate
            if len(self.buckets) > MAX_CLIENTS:
                self.buckets.clear()
        return wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        wait = self.take(self.client(scope), time.monotonic())
        if not wait:
            await self.app(scope, receive, send)
            return
        retry = str(max(1, math.ceil(wait)))
        body = json.dumps({"error": "too_many_requests",
                           "message": f"Too many searches from this address; try again in {retry} s."}).encode()
        await send({"type": "http.response.start", "status": 429,
                    "headers": [(b"content-type", b"application/json"), (b"retry-after", retry.encode()),
                                (b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})
