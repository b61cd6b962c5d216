"""Settings come from PORTAL_ variables, typed by their defaults; explicit overrides win."""

from __future__ import annotations

from pathlib import Path

from portal.settings import Settings


def test_from_env_reads_and_types_each_kind_of_setting():
    s = Settings.from_env({"PORTAL_PORT": "9001", "PORTAL_HSTS": "yes", "PORTAL_RELOAD_CHECK_SECONDS": "1.5",
                           "PORTAL_BUILD_DIR": "/srv/builds", "PORTAL_BASE_URL": "https://example.org",
                           "PORTAL_SEARCH_RATE_PER_MINUTE": "30", "HOME": "/root", "PORT": "1"})
    assert s.port == 9001
    assert s.hsts is True
    assert s.reload_check_seconds == 1.5
    assert s.build_dir == Path("/srv/builds")
    assert s.base_url == "https://example.org"
    assert s.search_rate_per_minute == 30
    assert s.host == "127.0.0.1" and s.content_dir == Path("content")  # not set: defaults


def test_from_env_booleans():
    for raw, value in (("true", True), (" ON ", True), ("1", True), ("false", False), ("0", False), ("no", False)):
        assert Settings.from_env({"PORTAL_HSTS": raw}).hsts is value, raw


def test_overrides_win_over_the_environment():
    s = Settings.from_env({"PORTAL_PORT": "9001", "PORTAL_HOST": "0.0.0.0"}, port=7000)
    assert (s.host, s.port) == ("0.0.0.0", 7000)


def test_from_env_without_a_mapping_reads_the_process_environment(monkeypatch):
    monkeypatch.setenv("PORTAL_WORKERS", "3")
    assert Settings.from_env().workers == 3
