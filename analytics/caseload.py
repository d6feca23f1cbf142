"""Caseload caps and loads: a worker's cap on a date under a policy, and their weighted load.

A full-time case holder's cap (default 17 children, Hertfordshire) is pro rata for part-time FTE.
A newly qualified worker's cap rises from 0 to the ramp cap (default 10, Coventry) over their
first months (default 6), then carries the ASYE year's reduction (default 10%) until the year ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class CapPolicy:
    full_time_cap: float = 17.0
    ramp_months: int = 6
    ramp_cap: float = 10.0
    asye_months: int = 12
    asye_reduction: float = 0.10
    weights: Mapping[str, float] = field(default_factory=dict)


def months_since(start: date, on: date) -> float:
    return (on - start).days / DAYS_PER_MONTH


def worker_cap(policy: CapPolicy, *, fte: float, on: date, asye_start: date | None = None) -> float:
    """The most children a worker should hold on *on*, rounded down to one decimal place.

    Parameters
    ----------
    policy
        The caseload policy in force on *on*.
    fte
        The worker's FTE (0 < fte <= 1); caps are pro rata.
    asye_start
        When their assessed and supported year began, for a newly qualified worker; else None.
    """
    full = policy.full_time_cap * fte
    if asye_start is not None and on >= asye_start:
        months = months_since(asye_start, on)
        if months < policy.ramp_months:
            return _floor1(policy.ramp_cap * fte * months / policy.ramp_months)
        if months < policy.asye_months:
            return _floor1(full * (1 - policy.asye_reduction))
    return _floor1(full)


def _floor1(value: float) -> float:
    return int(value * 10 + 1e-9) / 10


def weighted_load(case_types: Iterable[str], weights: Mapping[str, float]) -> float:
    """The load of the children a worker holds: each weighs its case type's weight (default 1)."""
    return round(sum(float(weights.get(t or "", 1.0)) for t in case_types), 2)


def status(load: float, cap: float) -> tuple[str, str]:
    """(words, colour) for a load against a cap: over, at, near (90% or more) or within."""
    if cap <= 0:
        return ("No cases expected yet", "grey") if load == 0 else ("Over cap", "red")
    if load > cap:
        return "Over cap", "red"
    if load >= cap * 0.9:
        return "Near cap", "yellow"
    return "Within cap", "green"
