"""The documents' address prefixes (portal/prefix.py) on a stand-in application: what the program
sees of a request under a slug, and when an address answers 301 (the home without its slash, the
old addresses of the document that keeps them) and when it keeps the program's own answer."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from portal.document import Document
from portal.prefix import DOCUMENT, SCOPE_DOCUMENT, SCOPE_PUBLIC_PATH, DocumentPrefix, public_path

OLD = Document.model_construct(slug="tinh-a", old_addresses=True)


HEADERS = [(b"content-type", b"text/html"), (b"etag", b'"x"'), (b"x-content-type-options", b"nosniff")]


class Inner:
    """Answers ``status`` with a small page in ``chunks`` parts, and notes what it was asked (and
    reads the request body, as an application does)."""

    def __init__(self, status: int = 200, chunks: int = 2, headers: list | None = HEADERS) -> None:
        self.status, self.chunks, self.headers = status, chunks, headers
        self.seen: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.seen.append({"path": scope.get("path"), "doc": scope.get(SCOPE_DOCUMENT),
                          "public": scope.get(SCOPE_PUBLIC_PATH), "var": DOCUMENT.get()})
        if scope["type"] != "http":
            await send({"type": "lifespan.startup.complete", "got": await receive()})
            return
        assert (await receive())["type"] == "http.request"
        assert scope["raw_path"] == scope["path"].encode()
        start = {"type": "http.response.start", "status": self.status}
        if self.headers is not None:
            start["headers"] = self.headers
        await send(start)
        parts = [b"<p>page</p>", b"<p>end</p>"][-self.chunks:]
        for part in parts[:-1]:
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": parts[-1]})  # more_body left out: the last part


def call(inner: Inner, path: str, *, method: str = "GET", query: bytes | None = b"", old: Document | None = OLD,
         kind: str = "http", sent: list | None = None) -> tuple[int, dict[bytes, bytes], bytes]:
    app = DocumentPrefix(inner, documents=lambda: (["tinh-a", "tinh-b"], old), base_url="https://site.example/")
    sent = [] if sent is None else sent

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": kind, "path": path, "raw_path": path.encode(), "method": method, "headers": []}
    if query is not None:  # ASGI lets a server leave it out
        scope["query_string"] = query
    async def request() -> None:
        await app(scope, receive, send)
        after.append(DOCUMENT.get())  # in the same task: the request's document must not outlive it

    after: list[str | None] = []
    with ThreadPoolExecutor(1) as pool:  # the browser tests keep an event loop running in the main thread
        pool.submit(asyncio.run, request()).result()
    assert after == [None]
    if kind != "http":
        return 0, {}, b""
    # what a server accepts: one start, then bodies, the last one final, nothing after it
    start, bodies = sent[0], sent[1:]
    assert start["type"] == "http.response.start" and bodies
    assert all(m["type"] == "http.response.body" and isinstance(m["body"], bytes) for m in bodies)
    assert [m.get("more_body", False) for m in bodies] == [True] * (len(bodies) - 1) + [False]
    return start["status"], dict(start.get("headers", [])), b"".join(m["body"] for m in bodies)


@pytest.mark.parametrize("path,rel,public", [
    ("/tinh-a/muc-tieu/7", "/muc-tieu/7", "/tinh-a/muc-tieu/7"),
    ("/en/tinh-b/goals/7", "/en/goals/7", "/en/tinh-b/goals/7"),
    ("/tinh-b/", "/", "/tinh-b/"),
])
def test_a_document_s_address_reaches_the_program_relative_with_its_document(path, rel, public):
    inner = Inner()
    status, _, body = call(inner, path)
    assert status == 200 and body == b"<p>page</p><p>end</p>"
    slug = path.split("/")[2] if path.startswith("/en/") else path.split("/")[1]
    assert inner.seen == [{"path": rel, "doc": slug, "public": public, "var": slug}]


@pytest.mark.parametrize("path,location,rel", [
    ("/tinh-b", b"https://site.example/tinh-b/", "/"), ("/en/tinh-b", b"https://site.example/en/tinh-b/", "/en/"),
])
def test_a_document_s_home_without_its_slash_moves_to_it(path, location, rel):
    inner = Inner()
    status, headers, body = call(inner, path)
    assert (status, headers[b"location"], body) == (301, location, b"")
    assert inner.seen[0]["path"] == rel


def test_an_old_address_that_exists_moves_under_the_slug_with_its_query():
    inner = Inner(200)
    status, headers, body = call(inner, "/muc-tieu/7", query=b"ngay=2026-01-01")
    assert status == 301 and body == b""
    assert headers[b"location"] == b"https://site.example/tinh-a/muc-tieu/7?ngay=2026-01-01"
    assert headers[b"content-length"] == b"0" and headers[b"cache-control"] == b"public, max-age=3600"
    assert headers[b"x-content-type-options"] == b"nosniff"  # the security headers stay
    assert b"content-type" not in headers and b"etag" not in headers  # what described the page goes
    assert inner.seen == [{"path": "/muc-tieu/7", "doc": "tinh-a", "public": "/tinh-a/muc-tieu/7", "var": "tinh-a"}]
    assert call(Inner(304), "/muc-tieu/7")[0] == 301  # "not modified" means it exists too
    assert call(Inner(200), "/muc-tieu/7", method="HEAD")[0] == 301
    assert call(Inner(200, chunks=1), "/muc-tieu/7")[:3:2] == (301, b"")  # a page sent in one part
    assert call(Inner(200, headers=None), "/muc-tieu/7")[0] == 301  # an answer without headers
    assert call(Inner(200), "/muc-tieu/7", query=None)[1][b"location"] == b"https://site.example/tinh-a/muc-tieu/7"


@pytest.mark.parametrize("status", [404, 400, 300, 301, 302, 500])
def test_an_old_address_that_does_not_answer_with_a_page_keeps_the_program_s_answer(status):
    code, headers, body = call(Inner(status), "/muc-tieu/99")
    assert (code, body) == (status, b"<p>page</p><p>end</p>") and b"location" not in headers


@pytest.mark.parametrize("path,method,old", [
    ("/muc-tieu/7", "POST", OLD),  # only reads are redirected
    ("/muc-tieu/7", "GET", None),  # no document keeps old addresses
    ("/tim-kiem", "GET", OLD), ("/", "GET", OLD), ("/en/", "GET", OLD), ("/en", "GET", OLD),  # the site's own
    ("/api/v1/documents", "GET", OLD), ("/static/site.css", "GET", OLD), ("/tinh-ab/x", "GET", None),
])
def test_other_addresses_reach_the_program_as_they_are_with_no_document(path, method, old):
    inner = Inner()
    status, _, _ = call(inner, path, method=method, old=old)
    assert status == 200
    assert inner.seen == [{"path": path, "doc": None, "public": None, "var": None}]


def test_other_kinds_of_connection_pass_untouched():
    inner, sent = Inner(), []
    call(inner, "/tinh-a/x", kind="lifespan", sent=sent)
    assert inner.seen == [{"path": "/tinh-a/x", "doc": None, "public": None, "var": None}]
    assert sent == [{"type": "lifespan.startup.complete", "got": {"type": "http.request", "body": b"",
                                                                   "more_body": False}}]


def test_the_public_path_is_the_one_the_client_asked_for():
    assert public_path({"path": "/muc-tieu/7", SCOPE_PUBLIC_PATH: "/tinh-a/muc-tieu/7"}) == "/tinh-a/muc-tieu/7"
    assert public_path({"path": "/tim-kiem"}) == "/tim-kiem"  # the site's own address: as it came
