"""Earlier census dates with published figures: who holds cases on each, and how many cases
are held there, adjusted in place after the register is assembled."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analytics.synth.constants import Arr, Rng
from analytics.synth.helpers import _Calendar
from analytics.synth.hours import HoursChanges


def _history_case_holders(
    sw: dict[str, Arr],
    practitioner: Arr,
    cases_d: Arr,
    window_start: Arr,
    window_end: Arr,
    plan: Any,
    cal: _Calendar,
    rng: Rng,
    hours: HoursChanges,
) -> None:
    """Who holds cases on each earlier census date with published case holders (in place):
    windows of holding cases start later or run over that date until the holders' FTE is the
    year's published figure (latest year first; a window never newly reaches a later date)."""
    start, end = sw["start"], sw["end"]
    for year in cal.history:
        wanted = plan.history.get(year, {}).get("case_holders_fte")
        if wanted is None:
            continue
        day = cal.bounds(year)[1]
        fte = hours.on(day)  # each spell's FTE that day
        nxt = cal.bounds(year + 1)[1]
        target = int(round(wanted * 100))
        working = (start <= day) & (end > day)
        holds = working & (window_start <= day) & (window_end > day) & (window_end > window_start)
        current = int(fte[holds].sum())
        if current > target:
            for row in rng.permutation(np.flatnonzero(holds)):
                if current <= target:
                    break
                latest = min(int(window_end[row]), cal.d - 14, nxt) - 1
                first = day + 1
                if latest < first:
                    continue
                window_start[row] = first + int(rng.integers(0, min(120, latest - first) + 1))
                current -= int(fte[row])
        else:
            idle = working & ~holds & practitioner & (start + 14 <= day)
            for row in rng.permutation(np.flatnonzero(idle)):
                if current >= target:
                    break
                had = window_end[row] > window_start[row]
                if had and window_start[row] <= day:  # a window that ended before the day
                    window_end[row] = min(day + 1 + int(rng.integers(30, 200)), end[row], nxt)
                elif had:  # a window that starts after the day: it starts earlier
                    window_start[row] = max(start[row] + 7, day - int(rng.integers(30, 300)))
                else:
                    window_start[row] = max(start[row] + 7, day - int(rng.integers(30, 300)))
                    window_end[row] = min(day + 1 + int(rng.integers(30, 200)), end[row], nxt)
                    if cases_d[row] > 0 or window_end[row] <= day:
                        continue
                current += int(fte[row])


def _history_cases(
    allocations: pd.DataFrame,
    sw: dict[str, Arr],
    person_of: Arr,
    plan: Any,
    cal: _Calendar,
    rng: Rng,
    hours: HoursChanges,
) -> pd.DataFrame:
    """Each earlier census date with published cases holds that many (whole register): some
    children's episodes there close on the day, or children are newly allocated around it to
    the day's case holders; nothing reaches a later census date, and no holder is left with none."""
    years = [y for y in cal.history if plan.history.get(y, {}).get("cases") is not None]
    if not years or allocations.empty:
        return allocations
    a_start = allocations["start_date"].to_numpy(dtype=np.int64).copy()
    a_end = allocations["end_date"].to_numpy(dtype=np.int64).copy()
    a_person = allocations["person_key"].to_numpy(dtype=np.int64)
    added: list[tuple[int, int, int]] = []  # person, start, end
    for year in years:
        day, nxt = cal.bounds(year)[1], cal.bounds(year + 1)[1]
        on = (sw["start"] <= day) & (sw["end"] > day)
        spell_of = {
            int(person_of[r]): (int(sw["start"][r]), int(sw["end"][r])) for r in np.flatnonzero(on)
        }
        held = (a_start <= day) & (a_end > day) & np.isin(a_person, list(spell_of))
        held_new = [p for p, s, e in added if s <= day < e]
        current = int(held.sum()) + len(held_new)
        target = int(round(plan.history[year]["cases"]))
        published_holders = plan.history[year].get("case_holders_fte")
        if published_holders:
            # the published caseload over the day's own case holders (whose FTE is within
            # tolerance of theirs): the caseload is the figure a reader compares
            fte_day = hours.on(day)
            fte_on = {int(person_of[r]): int(fte_day[r]) for r in np.flatnonzero(on)}
            holding = {int(p) for p in a_person[held]} | set(held_new)
            holders_fte = sum(fte_on.get(p, 0) for p in holding) / 100
            target = int(round(target / published_holders * holders_fte))
        if current > target:
            counts: dict[int, int] = {}
            for p in a_person[held]:
                counts[int(p)] = counts.get(int(p), 0) + 1
            for row in rng.permutation(np.flatnonzero(held & (a_end <= nxt) & (a_start < day))):
                if current <= target:
                    break
                p = int(a_person[row])
                if counts[p] > 1:
                    a_end[row] = day
                    counts[p] -= 1
                    current -= 1
        elif current < target:
            holders = np.array(sorted({int(p) for p in a_person[held]} | set(held_new)))
            if len(holders) == 0:
                continue
            for p in rng.choice(holders, target - current):
                s0, e0 = spell_of[int(p)]
                a = max(day - int(rng.integers(10, 200)), s0 + 7)
                b = min(day + 1 + int(rng.integers(10, 250)), nxt, e0)
                if a <= day < b:
                    added.append((int(p), a, b))
    out = allocations.copy()
    out["start_date"], out["end_date"] = a_start, a_end
    return _with_children(out, added, rng)


def _with_children(
    allocations: pd.DataFrame, added: list[tuple[int, int, int]], rng: Rng
) -> pd.DataFrame:
    """*allocations* and a new child (in a family of their own) for each (person, start, end)."""
    if not added:
        return allocations
    out = allocations
    top = max(int(str(c)[2:]) for c in out["child_id"]) + 1
    fam = max(int(str(f)[2:]) for f in out["family_id"]) + 1
    extra = pd.DataFrame(
        {
            "child_id": [f"CH{top + i:07d}" for i in range(len(added))],
            "family_id": [f"FA{fam + i:06d}" for i in range(len(added))],
            "person_key": np.array([p for p, _, _ in added], dtype=np.int64),
            "case_type": rng.choice(["cin", "cp", "cla"], len(added), p=[0.55, 0.25, 0.2]),
            "start_date": np.array([a for _, a, _ in added], dtype=np.int64),
            "end_date": np.array([b for _, _, b in added], dtype=np.int64),
        }
    )
    return pd.concat([out, extra], ignore_index=True)


def _history_holders(
    allocations: pd.DataFrame,
    sw: dict[str, Arr],
    person_of: Arr,
    practitioner: Arr,
    plan: Any,
    cal: _Calendar,
    rng: Rng,
    hours: HoursChanges,
) -> pd.DataFrame:
    """Case holders on each earlier census date with published case holders, as the children
    allocated make them (in place of the windows' estimate, which gaps between a worker's
    families and handovers blur): a holder's children there are allocated from the day after
    instead, or a practitioner without children is allocated one around the day, until the
    holders' FTE is the published figure. Latest year first: a change reaches no later date."""
    if allocations.empty:
        return allocations
    a_start = allocations["start_date"].to_numpy(dtype=np.int64).copy()
    a_end = allocations["end_date"].to_numpy(dtype=np.int64).copy()
    a_person = allocations["person_key"].to_numpy(dtype=np.int64)
    added: list[tuple[int, int, int]] = []
    for year in cal.history:
        wanted = plan.history.get(year, {}).get("case_holders_fte")
        if wanted is None:
            continue
        day, nxt = cal.bounds(year)[1], cal.bounds(year + 1)[1]
        on = np.flatnonzero((sw["start"] <= day) & (sw["end"] > day))
        fte_day = hours.on(day)
        fte_of: dict[int, int] = {}
        for r in on:
            fte_of[int(person_of[r])] = fte_of.get(int(person_of[r]), 0) + int(fte_day[r])
        held = (a_start <= day) & (a_end > day) & np.isin(a_person, list(fte_of))
        holding = {int(p) for p in a_person[held]} | {p for p, a, b in added if a <= day < b}
        need = int(round(wanted * 100)) - sum(fte_of[p] for p in holding)
        if need < -25:
            for p in rng.permutation(np.array(sorted(holding), dtype=np.int64)):
                if need >= -25 or fte_of[int(p)] > -need + 25:
                    continue
                rows = np.flatnonzero(held & (a_person == p))
                if any(pp == p and a <= day < b for pp, a, b in added):
                    continue
                late = a_end[rows] > day + 1
                a_start[rows[late]] = day + 1
                a_end[rows[~late]] = np.maximum(a_start[rows[~late]], day)
                need += fte_of[int(p)]
        elif need > 25:
            idle = [
                int(r)
                for r in on
                if practitioner[r] and int(person_of[r]) not in holding and sw["start"][r] + 7 < day
            ]
            for r in rng.permutation(np.array(idle, dtype=np.int64)):
                p = int(person_of[r])
                if need <= 25 or p in holding or fte_of[p] > need + 25:
                    continue
                a = max(day - int(rng.integers(10, 200)), int(sw["start"][r]) + 7)
                b = min(day + 1 + int(rng.integers(10, 250)), nxt, int(sw["end"][r]))
                if a <= day < b:
                    added.append((p, a, b))
                    holding.add(p)
                    need -= fte_of[p]
    out = allocations.copy()
    out["start_date"], out["end_date"] = a_start, a_end
    return _with_children(out, added, rng)
