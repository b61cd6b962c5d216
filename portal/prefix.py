"""Documents' address prefixes (pure ASGI middleware, outermost in the stack).

A request under a document's slug (``/bac-ninh/chi-tieu/7``) reaches the program with its
relative address (``/chi-tieu/7``) and the document named in the scope (and in
:data:`DOCUMENT`, for code that has no request), so that routes, the response cache, the rate
limit and the security headers work on relative addresses; the cache keys its answers on the
document as well.

Two kinds of address answer 301, each only when the address it points to exists (the program
is asked for it, and a success is turned into the redirect; the page is then in the response
cache for the real address too):

- a document's home without its slash (``/bac-ninh`` → ``/bac-ninh/``);
- an address published before documents had prefixes (``/chi-tieu/7``), for the document that
  declares ``old_addresses`` → ``/bac-ninh/chi-tieu/7``. The site's own addresses
  (:data:`portal.urls.SITE_PATHS`) are never redirected.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal import urls
from portal.document import Document

SCOPE_DOCUMENT = "portal.document"  # the slug of the document a request is for
SCOPE_PUBLIC_PATH = "portal.public_path"  # the path the client asked for (with the slug)
DOCUMENT: ContextVar[str | None] = ContextVar("portal_document", default=None)
# a redirect keeps the response's security headers and drops what described the page
_DROPPED = {b"content-type", b"content-length", b"etag", b"last-modified", b"content-encoding", b"vary",
            b"cache-control", b"content-language", b"content-disposition"}


def public_path(scope: Scope) -> str:
    """The path as the client asked for it (with the document's slug)."""
    return str(scope.get(SCOPE_PUBLIC_PATH) or scope["path"])


class DocumentPrefix:
    def __init__(self, app: ASGIApp, *, documents: Callable[[], tuple[Collection[str], Document | None]],
                 base_url: str) -> None:
        """``documents``: the slugs of the documents being served, and the document that keeps
        its old addresses (if any); asked on every request (a new build may change them)."""
        self.app = app
        self.documents = documents
        self.base_url = base_url.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        slugs, old = self.documents()
        slug, rel = urls.split(path, slugs)
        moved_to = None
        if slug is not None and rel == "":  # /bac-ninh → /bac-ninh/
            moved_to = path + "/"
            rel = "/en/" if path.startswith("/en/") else "/"
        elif slug is None and old is not None and not urls.is_site_path(path) and scope["method"] in ("GET", "HEAD"):
            slug, rel, moved_to = old.slug, path, urls.under(old, path)
        if slug is None:
            await self.app(scope, receive, send)
            return
        inner = dict(scope, path=rel, raw_path=rel.encode(), **{SCOPE_DOCUMENT: slug,
                                                                 SCOPE_PUBLIC_PATH: moved_to or path})
        token = DOCUMENT.set(slug)
        try:
            await self.app(inner, receive, send if moved_to is None else self._redirect(scope, moved_to, send))
        finally:
            DOCUMENT.reset(token)

    def _redirect(self, scope: Scope, location: str, send: Send) -> Send:
        """A ``send`` that turns a successful answer into a 301 to ``location`` (query kept)
        and passes any other answer (404, 400 …) as it is."""
        query = scope.get("query_string", b"")
        target = (self.base_url + location).encode() + (b"?" + query if query else b"")
        state = {"moved": False}

        async def redirecting(message: Message) -> None:
            if message["type"] == "http.response.start":
                if 200 <= message["status"] < 300 or message["status"] == 304:
                    state["moved"] = True
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _DROPPED]
                    headers += [(b"location", target), (b"content-length", b"0"),
                                (b"cache-control", b"public, max-age=3600")]
                    await send({"type": "http.response.start", "status": 301, "headers": headers})
                    return
            elif message["type"] == "http.response.body" and state["moved"]:
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        return redirecting
