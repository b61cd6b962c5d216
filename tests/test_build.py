"""Builds are atomic: a broken content change never replaces a good build."""

import os
import time

from fastapi.testclient import TestClient

from portal.app import create_app
from portal.build import build, current_build
from portal.cli import main
from portal.settings import Settings


def test_build_then_failed_build_keeps_the_previous_one(fixture_content, tmp_path):
    out = tmp_path / "out"
    first = build(fixture_content, out)
    assert current_build(out) == first
    (fixture_content / "items" / "chi-tieu-1.yaml").write_text("id: chi-tieu-1\ntype: target\n", encoding="utf-8")
    assert main(["--content", str(fixture_content), "--build-dir", str(out), "build"]) == 1
    assert current_build(out) == first
    assert not [p for p in (out / "builds").iterdir() if p.name.startswith(".tmp")]


def test_running_app_switches_to_a_new_build_without_restart(fixture_content, tmp_path):
    out = tmp_path / "out"
    build(fixture_content, out)
    client = TestClient(create_app(Settings(content_dir=fixture_content, build_dir=out)))
    assert "Giao thông" in client.get("/bac-ninh/nhiem-vu/1").text
    item = fixture_content / "items" / "nhiem-vu-1.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("title: Giao thông", "title: Đường sắt"),
                    encoding="utf-8")
    build(fixture_content, out)
    time.sleep(0.6)  # servers look at the build link at most every reload_check_seconds (0.5)
    assert "Đường sắt" in client.get("/bac-ninh/nhiem-vu/1").text


def test_no_build_gives_a_clear_503_not_a_crash(tmp_path):
    client = TestClient(create_app(Settings(build_dir=tmp_path / "nothing")))
    r = client.get("/bac-ninh/chi-tieu/1")
    assert r.status_code == 503 and "chưa sẵn sàng" in r.text.lower()
    assert client.get("/bac-ninh/api/v1/items").status_code == 503


def test_old_builds_are_pruned(fixture_content, tmp_path):
    out = tmp_path / "out"
    for _ in range(5):
        build(fixture_content, out)
    assert len(os.listdir(out / "builds")) == 3


def test_serve_builds_again_when_the_content_is_not_what_was_built(fixture_content, tmp_path, monkeypatch, capsys):
    import shutil

    import uvicorn

    from portal.build import stale_reason

    out = tmp_path / "out"
    first = build(fixture_content, out)
    assert stale_reason(fixture_content, out) is None
    other = tmp_path / "other" / "content"  # another document's folder, same build folder
    shutil.copytree(fixture_content, other)
    item = other / "items" / "nhiem-vu-1.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("title: Giao thông", "title: Cảng biển"),
                    encoding="utf-8")
    assert "other content" in (stale_reason(other, out) or "")
    served: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(kwargs))
    for name in ("PORTAL_CONTENT_DIR", "PORTAL_BUILD_DIR", "PORTAL_BASE_URL"):  # serve sets them for its workers:
        monkeypatch.setenv(name, "")  # recorded, so they are removed again after the test (a bare delenv of an
        monkeypatch.delenv(name)  # unset variable records nothing, and later servers would inherit them)
    assert main(["--content", str(other), "--build-dir", str(out), "serve", "--workers", "1"]) == 0
    assert served and current_build(out) != first and stale_reason(other, out) is None
    assert "Building first: the build" in capsys.readouterr().out
    client = TestClient(create_app(Settings(content_dir=other, build_dir=out)))
    assert "Cảng biển" in client.get("/bac-ninh/nhiem-vu/1").text


def test_serve_refuses_content_it_cannot_build_instead_of_serving_the_old_build(fixture_content, tmp_path,
                                                                                monkeypatch, capsys):
    import uvicorn

    out = tmp_path / "out"
    build(fixture_content, out)
    (fixture_content / "items" / "nhiem-vu-1.yaml").write_text("id: nhiem-vu-1\n", encoding="utf-8")
    served: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(kwargs))
    assert main(["--content", str(fixture_content), "--build-dir", str(out), "serve", "--workers", "1"]) == 1
    assert served == []
    err = capsys.readouterr().err
    assert "Not serving" in err and "items/nhiem-vu-1.yaml: type: is missing or empty" in err
