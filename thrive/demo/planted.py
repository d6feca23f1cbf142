"""An effect planted in the demo register for ``thrive drivers`` to find: social workers carrying
more than the caseload cap for the last months before they leave.

For about one in ten permanent social workers who leave the council, children held by their
teammates during the six months before they leave are handed to them for those months (and back
after), so that they hold ``cap + 2`` children throughout. The team's children, and so its
caseload measures, do not change; only who holds them does. Other people are over the cap at
times too (as generated), so the effect is a realistic one: on the demo's councils the model finds
leavers over the cap left about twice as fast (Coventry 2.1, Birmingham 1.9 times; Solihull, the
smallest, too few to say; ``docs/retention.md``), where two in five gave five to seven times. The
other effect planted is supervision's (:mod:`thrive.demo.supervision`); learning and the rest are
as generated, with nothing in them that depends on who later left, and the model claims nothing
for them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd

PLANTED_SHARE = 0.1
WINDOW_DAYS = 182
OVER_BY = 2


def plant_caseload_effect(register: Any, *, cap: int, seed: int) -> int:
    """Rewrite ``register.allocations`` in place; returns the number of leavers planted on."""
    rng = np.random.default_rng(seed)
    spells = register.spells
    alloc = register.allocations.reset_index(drop=True).copy()
    far = pd.Timestamp("2200-01-01")
    a_start = pd.to_datetime(alloc["start_date"])
    a_end = pd.to_datetime(alloc["end_date"]).fillna(far)
    sw = spells[(spells["profession"] == "social_worker")].copy()
    sw["start_date"] = pd.to_datetime(sw["start_date"])
    sw["end_date"] = pd.to_datetime(sw["end_date"])
    sw = sw.sort_values(["person_key", "start_date"])
    following = sw.groupby("person_key")["start_date"].shift(-1)
    leaving = (
        (sw["contract"] == "permanent")
        & sw["end_date"].notna()
        & ~(following.notna() & ((following - sw["end_date"]).dt.days <= 1))
        & (sw["end_date"] > a_start.min() + timedelta(days=WINDOW_DAYS))
    )
    leavers = sw[leaving]
    chosen = leavers[rng.random(len(leavers)) < PLANTED_SHARE]
    team_of = sw[["person_key", "team_key", "start_date", "end_date"]]
    new_rows: list[dict[str, Any]] = []
    planted = 0
    taken = np.zeros(len(alloc), dtype=bool)
    for row in chosen.itertuples(index=False):
        end = row.end_date
        begin = max(end - timedelta(days=WINDOW_DAYS), row.start_date)
        mates = team_of[
            (team_of["team_key"] == row.team_key)
            & (team_of["person_key"] != row.person_key)
            & (team_of["start_date"] <= begin)
            & (team_of["end_date"].isna() | (team_of["end_date"] >= end))
        ]["person_key"]
        own = (alloc["person_key"] == row.person_key) & (a_start <= begin) & (a_end > end)
        need = cap + OVER_BY - int(own.sum())
        if need <= 0:
            continue
        spare = np.flatnonzero(
            alloc["person_key"].isin(set(mates)).to_numpy()
            & (a_start <= begin).to_numpy()
            & (a_end >= end).to_numpy()
            & ~taken
        )
        # At most two children from any one teammate, so no one is left holding none (the
        # team's case-holders, and so its caseload measure, stay as they were).
        picked: list[int] = []
        per_mate: dict[Any, int] = {}
        for i in rng.permutation(spare):
            who = alloc.at[int(i), "person_key"]
            if per_mate.get(who, 0) < 2:
                per_mate[who] = per_mate.get(who, 0) + 1
                picked.append(int(i))
            if len(picked) == need:
                break
        if len(picked) < need:
            continue
        for i in picked:
            taken[i] = True
            source = alloc.iloc[i].to_dict()
            pieces = [
                (source["person_key"], a_start[i], begin),
                (row.person_key, begin, end),
                (source["person_key"], end, None if a_end[i] == far else a_end[i]),
            ]
            for who, start, stop in pieces:
                if stop is not None and stop <= start:
                    continue
                new_rows.append(
                    {
                        **source,
                        "person_key": who,
                        "start_date": start.date(),
                        "end_date": None if stop is None else stop.date(),
                    }
                )
        planted += 1
    if new_rows:
        kept = alloc[~taken]
        register.allocations = pd.concat(
            [kept, pd.DataFrame(new_rows, columns=alloc.columns)], ignore_index=True
        )
    return planted
