"""What ``migrate`` loads comes back after a transactional test empties the database.

A transactional test (a browser journey, a seeded demo, a concurrency test) ends with a flush:
every table emptied, including what ``migrate`` loaded — the published figures that ship with
Thrive and the agency rule sets.
A later test that expects a migrated database would then pass or fail by the order it ran in.
So, before the next test that uses the database inside a transaction, the data is loaded again
as ``migrate`` loads it (once per flush, outside any test's transaction).
"""

from __future__ import annotations

from typing import Any

import pytest

_flushed = False


def _transactional(item: Any) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,))):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def _uses_the_database(item: Any) -> bool:
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "db" in names


def load_what_migrate_loads() -> None:
    """The published figures (as ``migrate``'s post-migrate step loads them), the agency rule
    sets (migration agency 0002) and the law's flexible working rules (migration engagement
    0011). The other data migrations add per council, and a new test database has no council."""
    from thrive.agency.services import rule_sets_ensure
    from thrive.engagement.flexible import flexible_rules_ensure
    from thrive.intelligence.benchmarks import benchmarks_load_shipped

    benchmarks_load_shipped(only_if_missing=True)
    rule_sets_ensure()
    flexible_rules_ensure()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_setup(item: Any) -> Any:
    global _flushed
    if _flushed and _uses_the_database(item) and not _transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            load_what_migrate_loads()
        _flushed = False
    yield


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Any:
    global _flushed
    yield
    if _transactional(item):
        _flushed = True
