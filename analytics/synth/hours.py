"""Changes of contracted hours: continuing social workers who moved between part-time and
full-time, as dated FTE changes of their spells (the register's "change from a date").

DfE counts a starter and a leaver by the role's start and end dates (``RoleStartDate``,
``RoleEndDate``) and in post by the FTE on the census date, so a worker whose hours change stays
in the same role: neither a starter nor a leaver, and in post at the FTE of the day. That is how
a council's published in post on one census date can differ from the one before plus the year's
starters less its leavers; the register records it as a spell's dated FTE (valid from the change,
the earlier FTE kept), which :func:`analytics.measures.compute_measures` reads as dated states.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analytics.synth.constants import _AGENCY, Arr, Rng
from analytics.synth.helpers import _Calendar

# FTEs a worker moves between (hundredths): full time and the common part-time contracts.
_HOURS = np.array([50, 60, 70, 75, 80, 90, 100], dtype=np.int64)
_HOURS_P = np.array([0.15, 0.2, 0.08, 0.07, 0.25, 0.1, 0.15])


class HoursChanges:
    """Dated FTE changes of the social workers' spells: ``row`` (of the spells' arrays),
    ``day`` (the day the new FTE takes effect) and ``before`` (the FTE until then)."""

    def __init__(self, fte: Arr, end: Arr) -> None:
        self.fte = fte
        self.end = end
        self.row: list[int] = []
        self.day: list[int] = []
        self.before: list[int] = []

    def on(self, day: int) -> Arr:
        """Each spell's FTE on *day* (hundredths): the FTE before its earliest later change."""
        out = np.array(self.fte, dtype=np.int64, copy=True)
        order = np.argsort(-np.array(self.day, dtype=np.int64), kind="stable")
        for k in order:
            if self.day[k] > day:
                out[self.row[k]] = self.before[k]
        return out

    def add(self, row: int, day: int, before: int) -> None:
        self.row.append(row)
        self.day.append(day)
        self.before.append(before)


def _hours_changes(sw: dict[str, Arr], plan: Any, cal: _Calendar, rng: Rng) -> HoursChanges:
    """Changes of hours that make each earlier year's starters, then in post on each earlier
    census date, its published figure (latest year first). A change takes effect in the year
    after the census date it corrects, so it leaves every later census date as it was.

    Starters: a starter's FTE is the FTE at start, so some of the year's starters who stay
    change their hours in the next year. In post: only spells that began before the register's
    first census year change, so no year's starters move; and a leaver's FTE is the one at
    leaving, after the change, so no year's leavers move either."""
    changes = HoursChanges(sw["fte"], sw["end"])
    start, end = sw["start"], sw["end"]
    employee = sw["contract"] != _AGENCY
    for year in cal.history:
        wanted = plan.history.get(year, {}).get("starters_fte")
        if wanted is None:
            continue
        ys, ye = cal.bounds(year)
        began = employee & (start >= ys) & (start <= ye)
        need = int(round(wanted * 100)) - int(sw["fte"][began].sum())
        stay = np.flatnonzero(began & (end > ye + 1))
        _shift(changes, rng.permutation(stay), sw["fte"], need, ye, cal.bounds(year + 1)[1], rng)
    settled = employee & (start < cal.t0)
    for year in cal.history:
        wanted = plan.history.get(year, {}).get("inpost_fte")
        if wanted is None:
            continue
        day, nxt = cal.bounds(year)[1], cal.bounds(year + 1)[1]
        on = changes.on(day)
        working = employee & (start <= day) & (end > day)
        need = int(round(wanted * 100)) - int(on[working].sum())
        rows = rng.permutation(np.flatnonzero(settled & working & (end > day + 1)))
        _shift(changes, rows, on, need, day, nxt, rng)
    return changes


def _shift(
    changes: HoursChanges, rows: Arr, now: Arr, need: int, day: int, nxt: int, rng: Rng
) -> int:
    """Give *rows* (in turn) other hours until *day*, from a day after it up to *nxt*, until
    their FTE on *day* has moved by *need* hundredths (to within a tenth of an FTE); what is
    left is returned."""
    end = changes.end
    for row in rows:
        if abs(need) < 10:
            break
        step = _HOURS - int(now[row])
        fits = (np.sign(step) == np.sign(need)) & (np.abs(step) <= abs(need))
        if not fits.any():
            continue
        p = _HOURS_P * fits * np.abs(step)  # the larger moves first: fewer people change
        before = int(_HOURS[rng.choice(len(_HOURS), p=p / p.sum())])
        last = min(nxt, int(end[row]) - 1)
        changes.add(int(row), day + 1 + int(rng.integers(0, last - day)), before)
        need -= before - int(now[row])
    return need


def _changes_frame(changes: HoursChanges, person: Arr, start: Arr) -> pd.DataFrame:
    """The changes as the register holds them: the spell (``person_key`` and its
    ``start_date``), ``effective_date`` and the ``fte`` before it (day numbers)."""
    rows = np.array(changes.row, dtype=np.int64)
    return pd.DataFrame(
        {
            "person_key": person[rows],
            "start_date": start[rows],
            "effective_date": np.array(changes.day, dtype=np.int64),
            "fte": np.array(changes.before, dtype=np.int64) / 100,
        }
    )


def spell_states(spells: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """*spells* as dated states (``valid_from``, ``valid_to``; the form
    :func:`analytics.measures.compute_measures` reads) given their FTE *changes*: each change
    ends the state before it, whose FTE it holds; a spell's last state is its own FTE."""
    out = spells.assign(
        valid_from=spells["start_date"],
        valid_to=pd.Series(pd.NaT, index=spells.index, dtype="datetime64[ns]"),
    )
    if changes.empty:
        return out
    key = ["person_key", "start_date"]
    ch = changes.sort_values([*key, "effective_date"], kind="stable")
    where = {k: i for i, k in enumerate(zip(out["person_key"], out["start_date"], strict=True))}
    records: list[dict[str, Any]] = []
    changed: list[int] = []
    for (person, begun), group in ch.groupby(key, sort=False):
        i = where[(person, begun)]
        changed.append(i)
        spell = {str(k): v for k, v in out.iloc[i].to_dict().items()}
        frm = spell["start_date"]
        for day, fte in zip(group["effective_date"], group["fte"], strict=True):
            records.append({**spell, "fte": fte, "valid_from": frm, "valid_to": day})
            frm = day
        records.append({**spell, "valid_from": frm, "valid_to": pd.NaT})
    kept = out.drop(index=out.index[changed])
    states = pd.DataFrame.from_records(records, columns=out.columns).astype(out.dtypes.to_dict())
    return pd.concat([kept, states], ignore_index=True)
