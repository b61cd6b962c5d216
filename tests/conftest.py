"""Shared fixtures: a build of the real content, and a small fixture content tree."""

from __future__ import annotations

import shutil
import textwrap
import warnings
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from portal.app import create_app
from portal.build import build
from portal.content import OBS_COLUMNS, document_folder
from portal.settings import Settings

warnings.filterwarnings("ignore", category=DeprecationWarning)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"  # the content root: one folder per document
DOCUMENT_DIR = document_folder(CONTENT)  # the document of this site (content/bac-ninh)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    build_dir = tmp_path_factory.mktemp("build")
    build(CONTENT, build_dir)
    return Settings(content_dir=CONTENT, build_dir=build_dir, base_url="http://testserver")


@pytest.fixture(scope="session")
def client(real_build: Settings) -> TestClient:
    return TestClient(create_app(real_build))


def _line(**values: str) -> str:
    return ",".join(values.get(c, "") for c in OBS_COLUMNS) + "\n"


FIXTURE_FILES = {
    "full_text.yaml": """
        - kind: title
          text: NGHỊ QUYẾT THỬ
        - item: chi-tieu-1
          kind: paragraph
          text: (1) Tỷ lệ che phủ rừng đạt 30,65%.
        - item: nhiem-vu-1
          kind: paragraph
          text: (1) Phát triển hạ tầng giao thông.
          notes:
          - Ghi chú thử.
        """,
    "glossary.yaml": """
        - id: che-phu-rung
          term: Tỷ lệ che phủ rừng
          abbreviations: []
          synonyms: [độ che phủ rừng]
          definition: Phần diện tích đất có rừng so với tổng diện tích.
          en: {term: Forest cover, definition: Share of land under forest., synonyms: [forests]}
        """,
    "items/chi-tieu-1.yaml": """
        id: chi-tieu-1
        type: target
        number: 1
        section: Thử
        title: Che phủ rừng 30,65%
        summary: Tăng diện tích rừng.
        body: Giải thích dễ hiểu.
        related: [nhiem-vu-1]
        terms: [che-phu-rung]
        area: environment
        indicators:
        - id: chi-tieu-1.che-phu-rung
          name: Tỷ lệ che phủ rừng
          unit: '%'
          kind: level
          direction: up
          comparator: at_least
          target: 30.65
          period: 2026-2030
          deadline: 2030
          baseline_year: 2025
        en: {title: Forest cover, summary: More forest., body: Plain words., source_translation: Forest cover 30.65%.}
        """,
    "items/nhiem-vu-1.yaml": """
        id: nhiem-vu-1
        type: task
        number: 1
        section: Thử
        title: Giao thông
        summary: Làm đường.
        body: Giải thích.
        related: []
        terms: []
        en: {}
        """,
    # every column of observations.csv (portal.content.OBS_COLUMNS), so obs_line() rows fit
    "observations.csv": (
        ",".join(OBS_COLUMNS) + "\n"
        + _line(indicator="chi-tieu-1.che-phu-rung", period="2025", value="28", unit="%", status="estimate",
                role="measurement", scope="tỉnh", published="2025-12-01", publisher="Báo A",
                source_url="https://a.example/x")
        + _line(indicator="chi-tieu-1.che-phu-rung", period="2026", value="29", unit="%", status="official",
                role="measurement", scope="tỉnh", published="2027-02-01", publisher="Cục B",
                source_url="https://b.example/y")
    ),
}


@pytest.fixture()
def fixture_content(tmp_path: Path) -> Path:
    """A tiny but complete content tree that tests may break on purpose."""
    root = tmp_path / "content"
    (root / "items").mkdir(parents=True)
    shutil.copy(DOCUMENT_DIR / "document.yaml", root / "document.yaml")
    for name, text in FIXTURE_FILES.items():
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(real_build: Settings):
    """The real app served by uvicorn on a free local port (a separate process)."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PORTAL_BUILD_DIR=str(real_build.build_dir), PORTAL_BASE_URL=base)
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "portal.asgi:make_app", "--port",
                             str(port), "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/v1/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's), driven by Playwright. CI installs it; elsewhere skip if absent."""
    import os

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (.ci/run installs it)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


def obs_line(**values: object) -> str:
    """One line of observations.csv with the given values, every other column empty."""
    import csv
    import io

    from portal.content import OBS_COLUMNS

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([values.get(c, "") for c in OBS_COLUMNS])
    return buf.getvalue()
