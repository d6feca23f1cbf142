"""Time to hire over time, as pure functions (no database): for each month or quarter, the
median days from a vacancy's advert to the offer accepted, and to the start, for the offers
accepted in that period. A period without an accepted offer has no figure (a gap in the chart,
never a zero)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PERIODS = ("month", "quarter")


@dataclass(frozen=True)
class Hire:
    advertised: date  # the day the vacancy opened (or its first application, if earlier)
    accepted: date  # the day the offer was accepted
    started: date | None  # the confirmed start date, if there is one


@dataclass(frozen=True)
class PeriodRow:
    label: str
    first_day: date
    accepted: int  # offers accepted in the period
    median_to_accept: float | None
    starters: int  # of those, with a confirmed start date
    median_to_start: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "period": self.label,
            "from": self.first_day.isoformat(),
            "offers_accepted": self.accepted,
            "median_days_advert_to_accepted": self.median_to_accept,
            "starters": self.starters,
            "median_days_advert_to_start": self.median_to_start,
        }


def period_start(day: date, by: str) -> date:
    """The first day of the month or quarter *day* falls in."""
    if by == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, day.month, 1)


def _next(first: date, by: str) -> date:
    months = 3 if by == "quarter" else 1
    m = first.month - 1 + months
    return date(first.year + m // 12, m % 12 + 1, 1)


def label_of(first: date, by: str) -> str:
    if by == "quarter":
        return f"{first.year} Q{(first.month - 1) // 3 + 1}"
    return f"{first:%b %Y}"


def periods(start: date, end: date, by: str) -> list[date]:
    """The first day of each month or quarter from the one holding *start* to the one holding
    *end*."""
    if by not in PERIODS:
        raise ValueError(f"by is one of {PERIODS}")
    first, last = period_start(start, by), period_start(end, by)
    out = []
    while first <= last:
        out.append(first)
        first = _next(first, by)
    return out


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def time_to_hire_trend(
    hires: Iterable[Hire], *, start: date, end: date, by: str
) -> list[PeriodRow]:
    """Each period from *start* to *end* with the hires whose offer was accepted in it (those
    accepted outside the range are left out)."""
    firsts = periods(start, end, by)
    grouped: dict[date, list[Hire]] = {f: [] for f in firsts}
    for h in hires:
        if start <= h.accepted <= end:
            grouped[period_start(h.accepted, by)].append(h)
    rows = []
    for first in firsts:
        group = grouped[first]
        to_accept = [(h.accepted - h.advertised).days for h in group]
        to_start = [(h.started - h.advertised).days for h in group if h.started is not None]
        rows.append(
            PeriodRow(
                label=label_of(first, by),
                first_day=first,
                accepted=len(group),
                median_to_accept=_median(to_accept),
                starters=len(to_start),
                median_to_start=_median(to_start),
            )
        )
    return rows
