"""``portal build``: validate content, write the store and the search index, swap atomically.

Layout of the build folder (``Settings.build_dir``)::

    builds/<version>-<stamp>/documents.json      the documents' slugs, in the site's order
    builds/<version>-<stamp>/docs/<slug>/site.db SQLite store of one document
    builds/<version>-<stamp>/index/              search index of every document
    current -> builds/<version>-<stamp>          symbolic link, replaced in one rename

A failed build leaves ``current`` untouched. Running servers notice the new link and
switch on their next request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

from portal import search, urls
from portal.content import Content, load_library
from portal.labels import item_label
from portal.store import SCHEMA_VERSION, write_store

KEEP_BUILDS = 3


PACKAGE = Path(__file__).parent


def program_fingerprint(*extra: Path) -> str:
    """A hash of every file of the package (code, templates, catalogues, fonts) and of ``extra`` folders.

    A one-line change to any of them changes the hash; compiled caches are left out.
    """
    h = hashlib.sha256()
    for folder in (PACKAGE, *extra):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                h.update(str(path.relative_to(folder)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:8]


def content_version(contents: list[Content]) -> str:
    """The build version: the content files and the program that turned them into pages and numbers."""
    h = hashlib.sha256(f"schema={SCHEMA_VERSION};analyzer={search.ANALYZER_VERSION}".encode())
    h.update(program_fingerprint().encode())
    for content in contents:
        h.update(content.document.slug.encode())
        for path in content.files:
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def load_documents(content_dir: Path) -> list[Content]:
    """Every document of the content root, validated (raises ContentInvalid)."""
    return load_library(content_dir, reserved=urls.RESERVED)


def search_docs(content: Content) -> list[search.SearchDoc]:
    docs = []
    slug = content.document.slug
    for item in content.items:
        docs.append(search.SearchDoc(
            id=item.id, doc=slug, type=item.type, title=item.title,
            head=". ".join([item.title, item_label(content.document, item, "vi"), *(i.name for i in item.indicators)]),
            body="\n".join([item.summary, item.body, item.source_text]),
            en_head=". ".join([item.en.get("title", ""), item_label(content.document, item, "en"),
                               *(i.name_en for i in item.indicators)]),
            en_body="\n".join([item.en.get("summary", ""), item.en.get("body", ""),
                               item.en.get("source_translation", "")]),
        ))
    for term in content.terms:
        docs.append(search.SearchDoc(
            id=f"thuat-ngu:{term.id}", doc=slug, type="term", title=term.term,
            head=". ".join([term.term, *term.abbreviations, *term.synonyms, *term.search_terms]), body=term.definition,
            en_head=". ".join([term.en.get("term", ""), *term.en.get("abbreviations", []),
                               *term.en.get("synonyms", []), *term.en.get("search_terms", [])]),
            en_body=term.en.get("definition", ""),
        ))
    return docs


def current_build(build_dir: Path) -> Path | None:
    """The build being served, if there is one this code can read (a build made by an older
    search analyzer is not: ``portal serve`` then builds again)."""
    link = build_dir / "current"
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if (target / DOCUMENTS).exists() and search.index_is_current(target / "index") else None


DOCUMENTS = "documents.json"


def document_slugs(build: Path) -> list[str]:
    """The slugs of a build's documents, in the site's order."""
    return list(json.loads((build / DOCUMENTS).read_text(encoding="utf-8"))["documents"])


def document_store(build: Path, slug: str) -> Path:
    """The folder of one document's store inside a build."""
    return build / "docs" / slug


def stale_reason(content_dir: Path, build_dir: Path) -> str | None:
    """Why the current build does not show ``content_dir`` as it is now (None when it does).

    A build's folder is named after its version, the hash of the content files and of the
    program; content that differs (edited, or another content folder) gives another version.
    Raises ContentInvalid when the content cannot be built."""
    built = current_build(build_dir)
    if built is None:
        return "nothing is built yet"
    version = content_version(load_documents(content_dir))
    if not built.name.startswith(version + "-"):
        return f"the build {built.name} was made from other content (or by another version of the program)"
    return None


def build(content_dir: Path, build_dir: Path) -> Path:
    """Validate and build; returns the new build folder. Raises ContentInvalid on bad content."""
    contents = load_documents(content_dir)
    version = content_version(contents)
    now = dt.datetime.now(dt.UTC)
    builds = build_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    final = builds / f"{version}-{now.strftime('%Y%m%dT%H%M%S%f')}"
    tmp = builds / f".tmp-{final.name}-{os.getpid()}"
    try:
        tmp.mkdir()
        for content in contents:
            folder = document_store(tmp, content.document.slug)
            folder.mkdir(parents=True)
            write_store(folder / "site.db", content, version, now.isoformat(timespec="seconds"))
        search.build_index(tmp / "index", (d for c in contents for d in search_docs(c)))
        (tmp / DOCUMENTS).write_text(json.dumps({"documents": [c.document.slug for c in contents]}), encoding="utf-8")
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    link_tmp = build_dir / f".current-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(Path("builds") / final.name, link_tmp)
    os.replace(link_tmp, build_dir / "current")
    _prune(builds, keep=final)
    return final


def _prune(builds: Path, keep: Path) -> None:
    done = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.stat().st_mtime)
    for old in done[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
