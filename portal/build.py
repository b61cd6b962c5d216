"""``portal build``: validate content, write the store and the search index, swap atomically.

Layout of the build folder (``Settings.build_dir``)::

    builds/<version>-<stamp>/site.db      SQLite store
    builds/<version>-<stamp>/index/       search index
    current -> builds/<version>-<stamp>   symbolic link, replaced in one rename

A failed build leaves ``current`` untouched. Running servers notice the new link and
switch on their next request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

from portal import search
from portal.content import Content, load_content
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


def content_version(content: Content) -> str:
    """The build version: the content files and the program that turned them into pages and numbers."""
    h = hashlib.sha256(f"schema={SCHEMA_VERSION};analyzer={search.ANALYZER_VERSION}".encode())
    h.update(program_fingerprint().encode())
    for path in content.files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def search_docs(content: Content) -> list[search.SearchDoc]:
    docs = []
    for item in content.items:
        docs.append(search.SearchDoc(
            id=item.id, type=item.type, title=item.title,
            head=". ".join([item.title, item_label(content.document, item, "vi"), *(i.name for i in item.indicators)]),
            body="\n".join([item.summary, item.body, item.source_text]),
            en_head=". ".join([item.en.get("title", ""), item_label(content.document, item, "en"),
                               *(i.name_en for i in item.indicators)]),
            en_body="\n".join([item.en.get("summary", ""), item.en.get("body", ""),
                               item.en.get("source_translation", "")]),
        ))
    for term in content.terms:
        docs.append(search.SearchDoc(
            id=f"thuat-ngu:{term.id}", type="term", title=term.term,
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
    return target if (target / "site.db").exists() and search.index_is_current(target / "index") else None


def stale_reason(content_dir: Path, build_dir: Path) -> str | None:
    """Why the current build does not show ``content_dir`` as it is now (None when it does).

    A build's folder is named after its version, the hash of the content files and of the
    program; content that differs (edited, or another content folder) gives another version.
    Raises ContentInvalid when the content cannot be built."""
    built = current_build(build_dir)
    if built is None:
        return "nothing is built yet"
    version = content_version(load_content(content_dir))
    if not built.name.startswith(version + "-"):
        return f"the build {built.name} was made from other content (or by another version of the program)"
    return None


def build(content_dir: Path, build_dir: Path) -> Path:
    """Validate and build; returns the new build folder. Raises ContentInvalid on bad content."""
    content = load_content(content_dir)
    version = content_version(content)
    now = dt.datetime.now(dt.UTC)
    builds = build_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    final = builds / f"{version}-{now.strftime('%Y%m%dT%H%M%S%f')}"
    tmp = builds / f".tmp-{final.name}-{os.getpid()}"
    try:
        tmp.mkdir()
        write_store(tmp / "site.db", content, version, now.isoformat(timespec="seconds"))
        search.build_index(tmp / "index", search_docs(content))
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
