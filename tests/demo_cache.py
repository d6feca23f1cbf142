"""One seeding of each demo council per test session, shared by every test that needs it.

Seeding a council takes about a minute of CPU; six tests need one. On SQLite (the embedded
database the demo runs on, and where the demo tests run in CI) the first test to ask seeds as
usual and saves the database to a file beside the session's temporary folders; every later test,
on any xdist worker, copies that file into its own test database with SQLite's backup API (well
under a second). On PostgreSQL every test seeds for itself.

A test that restores must be transactional (``django_db(transaction=True)``): SQLite refuses to
copy into a database with an open transaction, and the flush after the test empties it again.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from filelock import FileLock

from thrive.core import clock
from thrive.demo.seed import DemoResult, seed_demo

Seeded = Callable[..., DemoResult]


def _key(seed: int, shipped: bool) -> str:
    return f"demo-{seed}-{'shipped' if shipped else 'no-published-data'}-{clock.today()}"


def _forget_caches() -> None:
    """Caches keyed by row IDs describe the database the test started with, not the copy."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def seeded_demo(
    request: Any, tmp_path_factory: pytest.TempPathFactory, transactional_db: Any
) -> Seeded:
    """``seeded_demo(seed=3, shipped=False)`` -> the demo's first council seeded with *seed*,
    calibrated to the published figures that ship with Thrive (*shipped*) or, with none, to the
    national averages."""
    from django.db import connection

    # Shared by every xdist worker of this session (the workers' own folders sit under it).
    root = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        root = root.parent
    empty = root / "no-published-data"
    empty.mkdir(exist_ok=True)

    def seeded(*, seed: int, shipped: bool = True) -> DemoResult:
        def run() -> DemoResult:
            # Nothing beside the repository is read: a council's download has only what ships.
            with override_settings(
                THRIVE_DFE_DATA_DIR=Path("/nonexistent"), THRIVE_SHARED_DIR=Path("/nonexistent")
            ):
                return seed_demo(orgs=1, seed=seed, dfe_dir=None if shipped else empty)

        if connection.vendor != "sqlite":
            return run()
        saved = root / f"{_key(seed, shipped)}.sqlite3"
        with FileLock(f"{saved}.lock"):
            if saved.exists():
                connection.ensure_connection()
                with sqlite3.connect(saved) as source:
                    source.backup(connection.connection)
                _forget_caches()
                result: DemoResult = pickle.loads(saved.with_suffix(".pickle").read_bytes())
                return result
            result = run()
            connection.ensure_connection()
            target = sqlite3.connect(f"{saved}.part")
            connection.connection.backup(target)
            target.close()
            saved.with_suffix(".pickle").write_bytes(pickle.dumps(result))
            Path(f"{saved}.part").rename(saved)
            return result

    return seeded
