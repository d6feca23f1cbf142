"""The days after the census date for :func:`analytics.synth_forward.continue_register`: families
close and new ones are allocated, a leaver's cases pass to a colleague, starters build up a
caseload, and people are off sick at the council's rate.

A plain library: numpy, pandas and :mod:`analytics.synth` only, never Django.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from analytics.measures import WORKING_DAYS_PER_YEAR
from analytics.synth.absences import _busdays, _other_absences, _sickness
from analytics.synth.constants import OPEN, YEAR
from analytics.synth.helpers import _day, _to_dates

Arr = Any
_EMPLOYEE = ("permanent", "fixed_term")
# Median length of a child's episode with one worker, by case type (days).
_CASE_DAYS = {"early_help": 130, "cin": 120, "cp": 300, "cla": 450, "care_leaver": 500}


def _days(values: pd.Series) -> Arr:
    """Dates (``datetime.date`` or None) as day numbers, OPEN for None."""
    out = np.full(len(values), OPEN, dtype=np.int64)
    for i, v in enumerate(values.to_numpy()):
        if v is not None and not (isinstance(v, float) and np.isnan(v)) and v is not pd.NaT:
            out[i] = _day(v if isinstance(v, date) else pd.Timestamp(v).date())
    return out


def _number(text: str) -> int:
    match = re.search(r"(\d+)$", str(text))
    return int(match.group(1)) if match else 0


def _allocations(
    allocations: pd.DataFrame,
    spells: pd.DataFrame,
    ends: dict[int, int],
    person: Arr,
    starters: list[dict[str, Any]],
    d: int,
    end: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Families open on the census date close in their own time and the worker is given a new
    one; a leaver's families pass to a colleague in the team; a starter builds up a caseload."""
    alloc = allocations.copy()
    a_end = _days(alloc["end_date"])
    open_rows = np.flatnonzero(a_end >= OPEN)
    # Who works in which team, and until when (social workers holding cases: roles 4 and 5).
    sw = spells[(spells["profession"] == "social_worker") & spells["org_role"].isin([4, 5])]
    w_start, w_end = _days(sw["start_date"]), _days(sw["end_date"])
    team_of = dict(zip(sw["person_key"], sw["team_key"], strict=False))
    employed: dict[int, tuple[int, int]] = {}
    for key, a, b in zip(sw["person_key"].to_numpy(), w_start, w_end, strict=True):
        lo, hi = employed.get(int(key), (a, b))
        employed[int(key)] = (min(lo, int(a)), max(hi, int(b)))
    by_team: dict[Any, list[int]] = {}
    for key, team in team_of.items():
        by_team.setdefault(team, []).append(int(key))
    leaves_on = {int(person[row]): day for row, day in ends.items()}

    def last_day(key: int) -> int:
        return min(employed.get(key, (0, OPEN))[1], leaves_on.get(key, OPEN))

    holding = set(alloc["person_key"].to_numpy()[open_rows].tolist())
    holding |= {s["key"] for s in starters}
    caseload = len(open_rows) / max(len(holding), 1)

    def colleague(key: int, day: int) -> int | None:
        team = team_of.get(key)
        options = [
            k
            for k in by_team.get(team, [])
            if k != key and k in holding and employed[k][0] <= day and last_day(k) > day + 30
        ]
        return int(options[int(rng.integers(len(options)))]) if options else None

    next_child = max((_number(c) for c in alloc["child_id"]), default=100_000) + 1
    next_family = max((_number(f) for f in alloc["family_id"]), default=10_000) + 1
    rows: list[tuple[str, str, int, str, int, int]] = []
    new_end = a_end.copy()
    # A unit of work: a family (its children) with a worker from a day, for some days.
    work: list[tuple[list[str], str, int, str, int, int, bool]] = []
    groups = alloc.iloc[open_rows].groupby(["family_id", "person_key", "case_type"], sort=True)
    for (family, key, case_type), group in groups:
        close = d + 1 + int(rng.exponential(_CASE_DAYS.get(str(case_type), 200)))
        work.append(
            (list(group["child_id"]), str(family), int(key), str(case_type), d + 1, close, True)  # type: ignore[call-overload]
        )
    open_index = {
        (c, int(k)): alloc.index.get_loc(i)
        for i, c, k in zip(
            alloc.index[open_rows],
            alloc["child_id"].to_numpy()[open_rows],
            alloc["person_key"].to_numpy()[open_rows],
            strict=True,
        )
    }
    types = list(_CASE_DAYS)
    for starter in starters:
        start, key = starter["start"], starter["key"]
        if starter["role"] not in (4, 5):
            continue
        load = max(2, round(caseload * starter["fte"] * rng.uniform(0.5, 0.9)))
        for _ in range(load):
            day = start + 14 + int(rng.integers(0, 120))
            case_type = str(rng.choice(types, p=[0.1, 0.45, 0.25, 0.15, 0.05]))
            work.append(
                (
                    [],
                    "",
                    key,
                    case_type,
                    day,
                    day + int(rng.exponential(_CASE_DAYS[case_type])),
                    False,
                )
            )
    guard = 0
    while work and guard < 500_000:
        guard += 1
        children, family, key, case_type, start, close, existing = work.pop()
        if start > end:
            continue
        if not children:
            size = int(rng.choice([1, 1, 1, 2, 2, 3]))
            children = [f"CH{next_child + i:07d}" for i in range(size)]
            next_child += size
            family = f"FA{next_family:06d}"
            next_family += 1
        stop = last_day(key)
        if start >= stop and not existing:
            continue
        finish = min(close, stop)
        ends_here = finish if finish <= end else OPEN
        if existing:
            for child in children:
                new_end[open_index[(child, key)]] = ends_here
        else:
            for child in children:
                rows.append((child, family, key, case_type, start, ends_here))
        if ends_here >= OPEN:
            continue
        if finish == stop and stop < close:
            # The worker leaves: their colleague takes the family on.
            other = colleague(key, stop)
            if other is not None:
                work.append((children, family, other, case_type, stop, close, False))
        elif rng.random() < 0.97 and close + 1 < stop:
            # The case closes: the worker is given a new family within a few weeks.
            nxt = close + 1 + int(rng.integers(0, 30))
            new_type = str(rng.choice(types, p=[0.1, 0.45, 0.25, 0.15, 0.05]))
            work.append(
                (
                    [],
                    "",
                    key,
                    new_type,
                    nxt,
                    nxt + int(rng.exponential(_CASE_DAYS[new_type])),
                    False,
                )
            )
    alloc["end_date"] = _to_dates(new_end)
    added = pd.DataFrame(
        {
            "child_id": [r[0] for r in rows],
            "family_id": [r[1] for r in rows],
            "person_key": np.array([r[2] for r in rows], dtype=np.int64),
            "case_type": [r[3] for r in rows],
            "start_date": _to_dates(np.array([r[4] for r in rows], dtype=np.int64)),
            "end_date": _to_dates(np.array([r[5] for r in rows], dtype=np.int64)),
        }
    )
    out = pd.concat([alloc, added], ignore_index=True) if len(added) else alloc
    return out.sort_values(["start_date", "child_id"], kind="stable").reset_index(drop=True)


def _absences(
    absences: pd.DataFrame,
    spells: pd.DataFrame,
    d: int,
    end: int,
    sick_rate: float,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Sickness (at the calibrated year's rate), training and other absences after the census
    date, for everyone employed then; never overlapping an absence already running."""
    emp = spells[spells["contract"].isin(_EMPLOYEE)]
    key = emp["person_key"].to_numpy(dtype=np.int64)
    s, e = _days(emp["start_date"]), _days(emp["end_date"])
    busy_until: dict[int, int] = {}
    a_end = _days(absences["end_date"])
    for k, b in zip(absences["person_key"].to_numpy(dtype=np.int64), a_end, strict=True):
        if b > d:
            busy_until[int(k)] = max(busy_until.get(int(k), 0), int(b))
    w0 = np.maximum(s, d + 1)
    w0 = np.maximum(w0, np.array([busy_until.get(int(k), 0) + 1 for k in key], dtype=np.int64))
    w1 = np.minimum(e - 1, end)
    live = w1 >= w0
    key, w0, w1 = key[live], w0[live], w1[live]
    f = (emp["fte"].to_numpy(dtype=float)[live] * 100).astype(np.int64)
    sw = (emp["profession"] == "social_worker").to_numpy()[live]
    # Days lost per FTE-year in post, as the census measure counts them.
    fte_years = float(((w1 - w0 + 1) * f / 100)[sw].sum()) / YEAR if len(w0) else 0.0
    target = fte_years * WORKING_DAYS_PER_YEAR * sick_rate * rng.uniform(0.85, 1.05)
    parts = []
    p, a0, a1, wd = _sickness(key[sw], f[sw], w0[sw], w1[sw], round(target, 1), rng)
    parts.append((p, a0, a1, wd, np.full(len(p), "SIC", dtype=object)))
    other = ~sw
    worked_other = float((_busdays(w0, w1) * f / 100)[other].sum()) if len(w0) else 0.0
    p, a0, a1, wd = _sickness(
        key[other], f[other], w0[other], w1[other], round(worked_other * 0.045, 1), rng
    )
    parts.append((p, a0, a1, wd, np.full(len(p), "SIC", dtype=object)))
    for code, rate, most in (("TRN", 0.8, 3), ("OTH", 0.15, 5)):
        parts.append(_other_absences(key[sw], f[sw], w0[sw], w1[sw], code, rate, most, rng))
    added = pd.DataFrame(
        {
            "person_key": np.concatenate([x[0] for x in parts]).astype(np.int64),
            "reason": np.concatenate([x[4] for x in parts]),
            "start_date": _to_dates(np.concatenate([x[1] for x in parts])),
            "end_date": _to_dates(np.concatenate([x[2] for x in parts])),
            "working_days": np.concatenate([x[3] for x in parts]).astype(float),
        }
    )
    out = pd.concat([absences, added], ignore_index=True) if len(added) else absences
    return out.sort_values(["start_date", "person_key"], kind="stable").reset_index(drop=True)
