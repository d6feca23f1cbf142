"""``tests/`` mirrors the packages: every Django app under ``thrive/`` has its own test folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_has_its_test_folder() -> None:
    apps = sorted(p.parent.name for p in (ROOT / "thrive").glob("*/apps.py"))
    assert {"core", "people", "workbook"} <= set(apps)
    missing = [a for a in apps if not (ROOT / "tests" / a / "__init__.py").exists()]
    assert not missing, f"apps without a tests/<app>/ folder: {missing}"
