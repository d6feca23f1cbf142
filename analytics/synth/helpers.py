"""Small helpers: day numbers, exact partitions of FTE in hundredths, and the census calendar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from analytics.measures import (
    census_year_bounds,
)
from analytics.synth.constants import _PART_FTES, _PART_P, EPOCH, OPEN, Arr, Rng


def _day(d: date) -> int:
    return (d - EPOCH).days


def _to_dates(days: Arr) -> Arr:
    """Day numbers to ``datetime.date`` objects (``None`` for open ends)."""
    days = np.asarray(days, dtype=np.int64)
    out = days.astype("datetime64[D]")
    out[days >= OPEN] = np.datetime64("NaT")
    return np.asarray(out.astype(object))


def _cents(x: float) -> int:
    return int(round(max(x, 0.0) * 100))


def _partition(total: int, rng: Rng, part_share: float) -> Arr:
    """FTEs in hundredths (each 1..100, mostly 100) summing exactly to *total*."""
    if total <= 0:
        return np.zeros(0, dtype=np.int64)
    k = int(rng.binomial(total // 100, part_share)) if total >= 100 else 0
    pt = rng.choice(_PART_FTES, size=k, p=_PART_P).astype(np.int64)
    pt = pt[np.cumsum(pt) <= total]
    n_full, r = divmod(total - int(pt.sum()), 100)
    extra: list[int] = []
    if r >= 50 or (r > 0 and n_full == 0 and len(pt) == 0):
        extra = [r]
    elif r > 0 and n_full > 0:
        n_full -= 1
        extra = [(100 + r) // 2, 100 + r - (100 + r) // 2]
    elif r > 0:
        x = int(pt[-1]) + r
        pt = pt[:-1]
        extra = [x] if x <= 100 else [x // 2, x - x // 2]
    out = np.concatenate([np.full(n_full, 100, dtype=np.int64), pt, np.array(extra, np.int64)])
    return np.asarray(rng.permutation(out), dtype=np.int64)


def _apportion(total: int, weights: Arr, minimum: int = 1) -> Arr:
    """Integers >= *minimum* summing to *total*, proportional to *weights* (largest remainder)."""
    n = len(weights)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    base = np.full(n, minimum, dtype=np.int64)
    rest = total - minimum * n
    if rest <= 0:
        return base
    share = weights / weights.sum() * rest
    whole = np.floor(share).astype(np.int64)
    left = rest - int(whole.sum())
    order = np.argsort(-(share - whole), kind="stable")
    whole[order[:left]] += 1
    return base + whole


def _choice_idx(rng: Rng, weights: Arr, size: int) -> Arr:
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=size, p=w / w.sum())


def _concat(blocks: Sequence[dict[str, Arr]]) -> dict[str, Arr]:
    keys = blocks[0].keys()
    return {k: np.concatenate([b[k] for b in blocks]) for k in keys}


@dataclass(frozen=True)
class _Calendar:
    census_year: int
    years: int

    def bounds(self, year: int) -> tuple[int, int]:
        start, end = census_year_bounds(year)
        return _day(start), _day(end)

    @property
    def d(self) -> int:
        return self.bounds(self.census_year)[1]

    @property
    def y0(self) -> int:
        return self.bounds(self.census_year)[0]

    @property
    def t0(self) -> int:
        return self.bounds(self.census_year - self.years + 1)[0]

    @property
    def history(self) -> list[int]:
        """Census years before the calibrated one, latest first."""
        return list(range(self.census_year - 1, self.census_year - self.years, -1))
