"""The order the suite runs in: the slowest tests first, shared between the workers."""

from __future__ import annotations

import os
from typing import Any

import pytest

# The slowest tests, dealt in turn to the workers' shares (with three workers: the first three to
# one each, and so on). The walk's two halves (seeding the council without published data) and the
# demo's life (seeding the calibrated one) start first; with two workers the second half follows
# the first on one worker, so that neither worker waits for the other's seeding; each then copies
# the other's. Every other browser journey follows.
SLOWEST_FIRST = [
    "test_every_role_journey.py::test_every_role_on_a_phone_and_a_desktop[first]",
    "test_demo_life.py::test_the_demo_council",
    "test_every_role_journey.py::test_every_role_on_a_phone_and_a_desktop[second]",
    "test_demo_region.py::test_demo_reproduces",
    "test_cli.py::test_seed_demo",
    "test_demo_region.py::test_without_published_data",
    "test_query_counts.py::test_every_council_page_runs_a_constant_number_of_queries",
]


def _slowness(item: Any) -> int | None:
    """An item's place among the slow tests (smaller is slower), or None for a quick one."""
    for place, name in enumerate(SLOWEST_FIRST):
        if name in item.nodeid:
            return place
    if "tests/browser/" in item.nodeid or item.get_closest_marker("demo"):
        return len(SLOWEST_FIRST)
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Deal the slow tests to the front of each worker's share of the run, in turn: xdist's work
    stealing (`--dist worksteal`, as CI runs) starts each of its workers on one equal, contiguous
    share of the tests, and a worker that runs out steals quick tests from the end of another's.
    Nothing slow is left for last, when one worker would be busy and the others idle. Runs last:
    after the markers have chosen the tests (and after any shuffle), the same order on every
    worker (each is told how many there are)."""
    slow = sorted(
        (item for item in items if _slowness(item) is not None), key=lambda i: _slowness(i) or 0
    )
    if not slow:
        return
    workers = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "2")))
    quick = [item for item in items if _slowness(item) is None]
    share = len(items) // workers
    ordered: list[Any] = []
    for worker in range(workers):
        own = slow[worker::workers]
        if worker == workers - 1:
            ordered += own + quick
            break
        room = max(0, share - len(own))
        ordered += own + quick[:room]
        quick = quick[room:]
    items[:] = ordered
