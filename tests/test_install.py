"""The package as a user installs it: a wheel from `pip wheel .`, in a fresh virtual environment
outside the checkout, builds the content and serves a page with its stylesheet and script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from .conftest import _free_port

ROOT = Path(__file__).resolve().parent.parent


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read()


def _wait(url: str, proc: subprocess.Popen) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise AssertionError(f"portal serve exited with {proc.returncode}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "-w", str(dist), str(ROOT)], check=True)
    (found,) = dist.glob("*.whl")
    return found


def test_wheel_carries_the_static_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in sorted(p.name for p in (ROOT / "static").iterdir()):
        assert f"portal/static/{name}" in names


def test_wheel_installed_outside_the_checkout_serves_a_page_and_its_stylesheet(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True)
    where = subprocess.run([str(py), "-c", "import portal; print(portal.__file__)"], cwd=tmp_path, check=True,
                           capture_output=True, text=True).stdout.strip()
    assert not Path(where).resolve().is_relative_to(ROOT), where  # the installed copy, not the checkout

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "PYTHON"))}
    env.update(PORTAL_CONTENT_DIR=str(ROOT / "content"), PORTAL_BUILD_DIR=str(tmp_path / "build"),
               PORTAL_BASE_URL=base, PORTAL_WORKERS="1")
    subprocess.run([str(venv / "bin" / "portal"), "build"], cwd=tmp_path, env=env, check=True,
                   capture_output=True)
    proc = subprocess.Popen([str(venv / "bin" / "portal"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(base + "/healthz", proc)
        page = _get(base + "/").decode()
        css = (ROOT / "static" / "site.css").read_text(encoding="utf-8").strip()
        assert css in page  # the stylesheet is inlined in the page
        assert _get(base + "/static/site.css").decode().strip() == css
        script = re.search(r'<script src="(/static/site\.js\?v=[0-9a-f]+)"', page)
        assert script, "the page links its script"
        assert _get(base + script.group(1)) == (ROOT / "static" / "site.js").read_bytes()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
