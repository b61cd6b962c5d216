"""Security headers on every response (pure ASGI middleware, outermost in the stack).

It wraps everything else, so cached answers, 304s, 429s from the rate limit and the error page
of a server error carry the same headers as a fresh page. Each rule is one function of the
response being sent; add a new rule to ``RULES`` (or pass ``extra_rules``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EMBED_PREFIXES = ("/nhung/", "/en/embed/")
BASE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
HSTS = "max-age=31536000; includeSubDomains"


def page_csp(style_hash: str) -> str:
    return (f"default-src 'self'; img-src 'self' data:; style-src 'self' {style_hash}; script-src 'self'; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'")


def is_embed(path: str) -> bool:
    return path.startswith(EMBED_PREFIXES)


def may_be_framed(path: str, headers: MutableHeaders) -> bool:
    """Only an embed route's own answer (it sets its own CSP) may be framed by other sites;
    anything else under the embed prefixes (an unrouted 404 page) is an ordinary page."""
    return is_embed(path) and "content-security-policy" in headers


Rule = Callable[[Scope, MutableHeaders], None]


class SecurityHeaders:
    """Adds the headers every response needs; embeds may be framed by any site, nothing else."""

    def __init__(self, app: ASGIApp, *, style_hash: str, hsts: bool = False,
                 extra_rules: Iterable[Rule] = ()) -> None:
        self.app = app
        self.csp = page_csp(style_hash)
        self.rules: list[Rule] = [self.base, self.framing]
        if hsts:
            self.rules.append(self.hsts)
        self.rules.extend(extra_rules)

    @staticmethod
    def base(scope: Scope, h: MutableHeaders) -> None:
        for name, value in BASE.items():
            h[name] = value

    def framing(self, scope: Scope, h: MutableHeaders) -> None:
        if may_be_framed(scope["path"], h):
            return
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["X-Frame-Options"] = "SAMEORIGIN"
        h["Content-Security-Policy"] = self.csp

    @staticmethod
    def hsts(scope: Scope, h: MutableHeaders) -> None:
        h["Strict-Transport-Security"] = HSTS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message, headers=list(message.get("headers", [])))  # cached messages stay intact
                h = MutableHeaders(scope=message)
                for rule in self.rules:
                    rule(scope, h)
            await send(message)

        await self.app(scope, receive, send_with_headers)
