"""The order the suite runs in: the slowest tests first, shared between the workers."""

from __future__ import annotations

from typing import Any

import pytest

# The slowest tests, heaviest first, dealt alternately to the two halves: one worker starts the
# walk's first half (seeding the council without published data), the other the demo's life
# (seeding the calibrated one), so neither waits for the other's seeding; each then copies the
# other's. Every other browser journey follows.
SLOWEST_FIRST = [
    "test_every_role_journey.py::test_every_role_on_a_phone_and_a_desktop[first]",
    "test_demo_life.py::test_the_demo_council",
    "test_demo_region.py::test_demo_reproduces",
    "test_every_role_journey.py::test_every_role_on_a_phone_and_a_desktop[second]",
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
    """Deal the slow tests to the front of each half of the run, alternately: xdist's work
    stealing (`--dist worksteal`, as CI runs) starts each of two workers on one half, and a worker
    that runs out steals quick tests from the end of the other's. Nothing slow is left for last,
    when one worker would be busy and the other idle. Runs last: after the markers have chosen the
    tests (and after any shuffle), the same order on every worker."""
    slow = sorted(
        (item for item in items if _slowness(item) is not None), key=lambda i: _slowness(i) or 0
    )
    if not slow:
        return
    quick = [item for item in items if _slowness(item) is None]
    first_slow, second_slow = slow[0::2], slow[1::2]
    room = max(0, len(items) // 2 - len(first_slow))
    items[:] = first_slow + quick[:room] + second_slow + quick[room:]
