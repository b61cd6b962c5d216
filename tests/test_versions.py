"""ETags and build versions change whenever what a page is made of changes: the content, the Python
code, the templates. Otherwise browsers and caches revalidating with If-None-Match are told
"not modified" and keep a stale page after a rebuild or an upgrade."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import portal.build
from portal.app import create_app
from portal.build import build, content_version
from portal.content import load_content
from portal.settings import Settings

PACKAGE = Path(portal.build.__file__).parent


def _etag(settings: Settings, path: str = "/bac-ninh/nhiem-vu/1") -> str:
    r = TestClient(create_app(settings)).get(path)
    assert r.status_code == 200
    return r.headers["etag"]


@pytest.fixture()
def program_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package whose files a test may edit; the version is computed from it."""
    copy = tmp_path / "program"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(portal.build, "PACKAGE", copy)
    return copy


def _append_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_a_new_build_of_changed_content_changes_the_etag_and_old_etags_get_the_new_page(fixture_content, tmp_path):
    out = tmp_path / "out"
    build(fixture_content, out)
    settings = Settings(content_dir=fixture_content, build_dir=out, reload_check_seconds=0)
    client = TestClient(create_app(settings))
    old = client.get("/bac-ninh/nhiem-vu/1").headers["etag"]
    item = fixture_content / "items" / "nhiem-vu-1.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("title: Giao thông", "title: Đường sắt"),
                    encoding="utf-8")
    build(fixture_content, out)
    r = client.get("/bac-ninh/nhiem-vu/1", headers={"If-None-Match": old})
    assert r.status_code == 200 and "Đường sắt" in r.text
    assert r.headers["etag"] != old


def test_the_same_content_and_program_keep_the_etag(fixture_content, tmp_path):
    """The other side: an unchanged site keeps answering 304 across processes and rebuilds."""
    out = tmp_path / "out"
    build(fixture_content, out)
    settings = Settings(content_dir=fixture_content, build_dir=out)
    first = _etag(settings)
    build(fixture_content, out)
    again = TestClient(create_app(settings)).get("/bac-ninh/nhiem-vu/1", headers={"If-None-Match": first})
    assert again.status_code == 304


def test_one_line_changed_in_progress_py_changes_the_etag(fixture_content, tmp_path, program_copy):
    out = tmp_path / "out"
    build(fixture_content, out)
    settings = Settings(content_dir=fixture_content, build_dir=out)
    before = _etag(settings)
    _append_line(program_copy / "progress.py", "ON_TRACK_NOTE = 1")
    assert _etag(settings) != before


def test_one_line_changed_in_a_template_changes_the_etag(fixture_content, tmp_path, program_copy):
    out = tmp_path / "out"
    build(fixture_content, out)
    settings = Settings(content_dir=fixture_content, build_dir=out)
    before = _etag(settings)
    _append_line(program_copy / "templates" / "base.html", "<!-- changed -->")
    assert _etag(settings) != before


def test_the_build_version_covers_the_code_that_computes_progress(fixture_content, program_copy):
    content = load_content(fixture_content)
    before = content_version([content])
    assert content_version([content]) == before  # stable while nothing changes
    _append_line(program_copy / "progress.py", "ON_TRACK_NOTE = 1")
    assert content_version([content]) != before
