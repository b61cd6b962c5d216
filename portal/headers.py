"""Security headers on every response (pure ASGI middleware, before routing)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def page_csp(style_hash: str) -> str:
    return (f"default-src 'self'; img-src 'self' data:; style-src 'self' {style_hash}; script-src 'self'; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'")
EMBED_PREFIXES = ("/nhung/", "/en/embed/")


def is_embed(path: str) -> bool:
    return path.startswith(EMBED_PREFIXES)


class SecurityHeaders:
    """Adds the headers every response needs; embeds may be framed by any site, nothing else."""

    def __init__(self, app: ASGIApp, *, style_hash: str, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts
        self.csp = page_csp(style_hash)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        embed = is_embed(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                h["X-Content-Type-Options"] = "nosniff"
                h["Referrer-Policy"] = "strict-origin-when-cross-origin"
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
                if not embed:
                    h["Cross-Origin-Opener-Policy"] = "same-origin"
                    h["X-Frame-Options"] = "SAMEORIGIN"
                    if "content-security-policy" not in h:
                        h["Content-Security-Policy"] = self.csp
                if self.hsts:
                    h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
            await send(message)

        await self.app(scope, receive, send_with_headers)
