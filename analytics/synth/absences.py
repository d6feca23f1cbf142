"""Absences: sickness (calibrated to working days lost) and other leave."""

from __future__ import annotations

import math

import numpy as np

from analytics.synth.constants import YEAR, Arr, Rng
from analytics.synth.helpers import _choice_idx


def _busdays(start: Arr, end: Arr) -> Arr:
    """Weekdays in [start, end] (day numbers, both inclusive)."""
    s = start.astype("datetime64[D]")
    e = (end + 1).astype("datetime64[D]")
    return np.busday_count(s, e).astype(np.int64)


def _bus_end(start: Arr, n_days: Arr) -> Arr:
    """The day on which *n_days* weekdays starting at *start* (rolled forward) are used up."""
    s = np.busday_offset(start.astype("datetime64[D]"), 0, roll="forward")
    e = np.busday_offset(s, np.maximum(n_days, 1) - 1, roll="forward")
    return (e - np.datetime64("1970-01-01")).astype(np.int64)


def _bus_start(day: Arr) -> Arr:
    s = np.busday_offset(day.astype("datetime64[D]"), 0, roll="forward")
    return (s - np.datetime64("1970-01-01")).astype(np.int64)


def _sickness(
    person: Arr, fte: Arr, w0: Arr, w1: Arr, target: float, rng: Rng
) -> tuple[Arr, Arr, Arr, Arr]:
    """Sickness absences inside each window [w0, w1] whose working days sum exactly to *target*.

    Returns (person, start, end, working_days).
    """
    empty = np.zeros(0, np.int64)
    ok = w1 - w0 >= 7
    person, fte, w0, w1 = person[ok], fte[ok], w0[ok], w1[ok]
    if target <= 0 or len(person) == 0:
        return empty, empty, empty, np.zeros(0)
    weight = (w1 - w0 + 1) * fte
    out: list[tuple[Arr, Arr, Arr, Arr]] = []
    total = 0.0
    for _ in range(20):
        n = int((target - total) / 7 * 1.4) + 20
        i = _choice_idx(rng, weight.astype(float), n)
        kind = rng.random(n)
        wd = np.where(
            kind < 0.7,
            rng.integers(1, 6, n),
            np.where(kind < 0.93, rng.integers(6, 21, n), rng.integers(21, 121, n)),
        )
        start = _bus_start(w0[i] + (rng.random(n) * (w1[i] - w0[i])).astype(np.int64))
        end = _bus_end(start, wd)
        late = end > w1[i]
        start = np.where(late, np.maximum(_bus_start(w1[i] - (wd * 7) // 5 - 2), w0[i]), start)
        start = _bus_start(start)
        end = np.minimum(_bus_end(start, wd), w1[i])
        good = start <= end
        i, start, end = i[good], start[good], end[good]
        days = _busdays(start, end) * fte[i] / 100
        days = np.maximum(np.round(days * 2) / 2, 0.5)
        # one absence at a time per person
        order = np.lexsort((start, person[i]))
        i, start, end, days = i[order], start[order], end[order], days[order]
        clash = np.zeros(len(i), bool)
        clash[1:] = (person[i][1:] == person[i][:-1]) & (start[1:] <= end[:-1])
        i, start, end, days = i[~clash], start[~clash], end[~clash], days[~clash]
        shuffle = rng.permutation(len(i))
        i, start, end, days = i[shuffle], start[shuffle], end[shuffle], days[shuffle]
        cum = total + np.cumsum(days)
        n_take = int(np.searchsorted(cum, target, "left")) + 1
        n_take = min(n_take, len(i))
        i, start, end, days = i[:n_take], start[:n_take], end[:n_take], days[:n_take].copy()
        if len(days) and total + days.sum() >= target:
            days[-1] = round(target - total - days[:-1].sum(), 2)
            per_day = fte[i[-1]] / 100
            n_wd = np.array([max(1, math.ceil(days[-1] / per_day))])
            end[-1] = min(int(_bus_end(start[-1:], n_wd)[0]), int(w1[i[-1]]))
            keep = days > 0
            out.append((person[i][keep], start[keep], end[keep], days[keep]))
            break
        out.append((person[i], start, end, days))
        total += float(days.sum())
    return (
        np.concatenate([o[0] for o in out]),
        np.concatenate([o[1] for o in out]),
        np.concatenate([o[2] for o in out]),
        np.concatenate([o[3] for o in out]),
    )


def _other_absences(
    person: Arr, fte: Arr, w0: Arr, w1: Arr, reason: str, rate: float, max_days: int, rng: Rng
) -> tuple[Arr, Arr, Arr, Arr, Arr]:
    """Short paid absences (training, other): about *rate* per person-year."""
    years = (w1 - w0 + 1) / YEAR
    n = rng.poisson(np.clip(rate * years, 0, None))
    idx = np.repeat(np.arange(len(person)), n)
    if len(idx) == 0:
        e = np.zeros(0, np.int64)
        return e, e, e, np.zeros(0), np.zeros(0, dtype=object)
    wd = rng.integers(1, max_days + 1, len(idx))
    start = _bus_start(
        w0[idx] + (rng.random(len(idx)) * np.maximum(w1[idx] - w0[idx] - 7, 0)).astype(np.int64)
    )
    end = np.minimum(_bus_end(start, wd), w1[idx])
    days = np.maximum(np.round(_busdays(start, end) * fte[idx] / 100 * 2) / 2, 0.5)
    good = start <= end
    return (
        person[idx][good],
        start[good],
        end[good],
        days[good],
        np.full(int(good.sum()), reason, dtype=object),
    )
