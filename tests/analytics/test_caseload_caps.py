"""Caps with ramps and part-time FTE, worked by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics.caseload import CapPolicy, status, weighted_load, worker_cap

P = CapPolicy()


def test_full_time_and_part_time() -> None:
    assert worker_cap(P, fte=1.0, on=date(2025, 6, 1)) == 17.0
    assert worker_cap(P, fte=0.6, on=date(2025, 6, 1)) == 10.2  # 17 x 0.6
    assert worker_cap(P, fte=0.5, on=date(2025, 6, 1)) == 8.5


def test_newly_qualified_ramp_then_asye_reduction() -> None:
    start = date(2025, 1, 1)
    assert worker_cap(P, fte=1.0, on=start, asye_start=start) == 0.0
    # Three months in (91.3 days): 10 x 3/6 = 5.
    assert worker_cap(P, fte=1.0, on=start + timedelta(days=92), asye_start=start) == 5.0
    # Six months in: the ASYE reduction, 17 x 0.9 = 15.3, until twelve months.
    assert worker_cap(P, fte=1.0, on=start + timedelta(days=184), asye_start=start) == 15.3
    assert worker_cap(P, fte=1.0, on=start + timedelta(days=364), asye_start=start) == 15.3
    assert worker_cap(P, fte=1.0, on=start + timedelta(days=366), asye_start=start) == 17.0


def test_part_time_newly_qualified() -> None:
    start = date(2025, 1, 1)
    # 0.5 FTE, three months in: 10 x 0.5 x 3/6 = 2.5; after six months 17 x 0.5 x 0.9 = 7.65.
    assert worker_cap(P, fte=0.5, on=start + timedelta(days=92), asye_start=start) == 2.5
    assert worker_cap(P, fte=0.5, on=start + timedelta(days=200), asye_start=start) == 7.6


def test_other_policies() -> None:
    policy = CapPolicy(full_time_cap=15, ramp_months=3, ramp_cap=8, asye_reduction=0.2)
    start = date(2025, 1, 1)
    assert worker_cap(policy, fte=1.0, on=date(2025, 6, 1)) == 15.0
    assert worker_cap(policy, fte=1.0, on=start + timedelta(days=200), asye_start=start) == 12.0


def test_weights() -> None:
    assert weighted_load(["cin", "cp", "cla"], {}) == 3.0
    assert weighted_load(["cin", "cp", "cp", ""], {"cp": 1.5, "cin": 1}) == 5.0


@pytest.mark.parametrize(
    ("load", "cap", "words"),
    [
        (10, 17, "Within cap"),
        (16, 17, "Near cap"),
        (17, 17, "Near cap"),
        (18, 17, "Over cap"),
        (0, 0, "No cases expected yet"),
        (1, 0, "Over cap"),
    ],
)
def test_status_in_words(load: float, cap: float, words: str) -> None:
    assert status(load, cap)[0] == words
