"""The English edition, read as a whole: every English page reached by following links from
/en/ is checked for Vietnamese left outside elements marked lang="vi", and for wording that
docs/terminology.md bans."""

from __future__ import annotations

import csv
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path

import pytest

from portal.content import load_content

from .conftest import CONTENT, DOCUMENT_DIR, ROOT

# Letters that only Vietnamese uses among the languages of this site (é, à … included: English
# text on this site has no loan words with them).
VI_LETTERS = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VI_WORD = re.compile(rf"\w*[{VI_LETTERS}{VI_LETTERS.upper()}]\w*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TERMINOLOGY = ROOT / "docs" / "terminology.md"


class Page(HTMLParser):
    """Visible text split into English and lang="vi" parts, plus the links of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, marked Vietnamese, hidden)
        self.english: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        for name in ("title", "aria-label", "placeholder", "alt", "content") if tag != "meta" else ():
            if a.get(name) and not self._vi(a):
                self.english.append(a[name] or "")
        if tag in VOID:
            return
        vi = self._vi(a)
        hidden = tag in ("script", "style", "textarea", "code") or (bool(self.stack) and self.stack[-1][2])
        self.stack.append((tag, vi, hidden))

    def _vi(self, attrs: dict[str, str | None]) -> bool:
        lang = attrs.get("lang")
        if lang is not None:
            return lang == "vi"
        return bool(self.stack) and self.stack[-1][1]

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack and (self.stack[-1][1] or self.stack[-1][2]):
            return
        self.english.append(data)


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    return p


def allowed_words() -> set[str]:
    """Vietnamese words allowed in English text: the names listed in docs/terminology.md, the
    publishers of the figures (proper names) and the document's number."""
    text = TERMINOLOGY.read_text(encoding="utf-8")
    names = re.findall(r"^- ([^(\n]+)", text.split("## Vietnamese names kept in English text", 1)[1], re.M)
    with (DOCUMENT_DIR / "observations.csv").open(encoding="utf-8") as f:
        names += [row["publisher"] for row in csv.DictReader(f)]
    names.append(load_content(CONTENT).document.number)
    return {w for n in names for w in VI_WORD.findall(n)}


def banned_variants() -> list[str]:
    rows = [line for line in TERMINOLOGY.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    return [v for row in rows[1:] for v in re.findall(r"`([^`]+)`", row.split("|")[3])]


def crawl(client, start: list[str]) -> dict[str, str]:
    """Every English HTML page reachable from ``start`` by links on this site."""
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        r = client.get(path)
        if r.status_code != 200 or not r.headers["content-type"].startswith("text/html"):
            seen[path] = ""
            continue
        seen[path] = r.text
        for href in parse(r.text).links:
            href = href.replace("http://testserver", "").split("#")[0]
            if href.startswith("/en/") and href not in seen:
                queue.append(href)
    return {p: html for p, html in seen.items() if html}


@pytest.fixture(scope="module")
def english_pages(client) -> dict[str, str]:
    pages = crawl(client, ["/en/", "/en/search?q=forest", "/en/no-such-page"])
    assert len(pages) > 60, sorted(pages)  # home, lists, 50 items and targets, widgets, fixed pages
    return pages


def test_the_crawl_reaches_every_kind_of_english_page(english_pages):
    for path in ("/en/bac-ninh/full-text", "/en/bac-ninh/glossary", "/en/bac-ninh/about", "/en/bac-ninh/method",
                 "/en/bac-ninh/assessment",
                 "/en/bac-ninh/targets/26", "/en/bac-ninh/tasks/5", "/en/bac-ninh/breakthroughs/3",
                 "/en/bac-ninh/solutions/4", "/en/bac-ninh/lessons/5"):
        assert path in english_pages


def test_english_pages_have_no_vietnamese_outside_lang_vi(english_pages):
    allowed = allowed_words()
    found = {}
    for path, html in english_pages.items():
        words = {w for chunk in parse(html).english for w in VI_WORD.findall(chunk)} - allowed
        if words:
            found[path] = sorted(words)[:12]
    assert not found, found


def test_english_pages_use_the_terminology_list(english_pages):
    banned = banned_variants()
    assert "key task" in banned and "social security" in banned  # the list was read
    found = {}
    for path, html in english_pages.items():
        text = " ".join(parse(html).english)
        hits = [v for v in banned if re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", text)]
        if hits:
            found[path] = hits
    assert not found, found


def test_the_checker_sees_vietnamese_and_respects_lang_vi():
    page = parse('<p>Plain <b>Nguyên văn</b></p><blockquote lang="vi"><p>Nghị quyết</p></blockquote>'
                 '<p lang="en">đúng <span lang="vi">sai</span></p>')
    words = {w for chunk in page.english for w in VI_WORD.findall(chunk)}
    assert words == {"Nguyên", "văn", "đúng"}


def test_terminology_file_is_the_one_in_the_repository():
    assert TERMINOLOGY.exists() and Path(TERMINOLOGY).read_text(encoding="utf-8").startswith("# English terminology")
