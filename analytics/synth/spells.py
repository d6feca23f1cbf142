"""Social workers' employment and agency spells: the census year's groups and the years before."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.synth.constants import (
    _AGENCY,
    _FIXED,
    _ORIGIN,
    _ORIGIN_P,
    _PERM,
    OPEN,
    YEAR,
    Arr,
    Rng,
)
from analytics.synth.helpers import _Calendar, _choice_idx, _concat, _partition
from analytics.synth.plan import _Plan
from analytics.synth.reference import _TEAM_INFO

_GROUP_CODES = {
    "in_old_ch": 0,
    "in_old_nch": 1,
    "in_new_ch": 2,
    "in_new_nch": 3,
    "leave_old": 4,
    "leave_new": 5,
    "ag_cov_ch": 6,
    "ag_cov_nch": 7,
    "ag_non_ch": 8,
    "ag_non_nch": 9,
    "hist_leave_old": 10,
    "hist_leave_new": 11,
    "hist_ag_cover": 12,
    "hist_ag_non": 13,
}


def _block(
    grp: str,
    fte: Arr,
    start: Arr,
    end: Arr,
    contract: Arr,
    ch: bool = False,
    role: Arr | None = None,
) -> dict[str, Arr]:
    n = len(fte)
    return {
        "grp": np.full(n, _GROUP_CODES[grp]),
        "fte": np.asarray(fte, dtype=np.int64),
        "start": np.asarray(start, dtype=np.int64),
        "end": np.asarray(end, dtype=np.int64),
        "contract": np.asarray(contract, dtype=np.int64),
        "ch": np.full(n, ch),
        "role": np.zeros(n, np.int64) if role is None else np.asarray(role, np.int64),
        "origin": np.zeros(n, np.int64),
        "team": np.full(n, -1, np.int64),
        "same_as": np.full(n, -1, np.int64),
    }


def _employee_contracts(rng: Rng, n: int) -> Arr:
    return np.where(rng.random(n) < 0.08, _FIXED, _PERM)


def _tenure(rng: Rng, n: int, mean_years: float) -> Arr:
    days = rng.exponential(mean_years * YEAR, n)
    return np.clip(days, 30, 35 * YEAR).astype(np.int64)


def _census_blocks(plan: _Plan, cal: _Calendar, rng: Rng, tenure: float) -> list[dict[str, Arr]]:
    g, y0, d = plan.groups, cal.y0, cal.d
    blocks = []
    for name, ch in (("in_old_ch", True), ("in_old_nch", False)):
        f = _partition(g[name], rng, 0.15)
        start = y0 - 1 - _tenure(rng, len(f), tenure)
        blocks.append(
            _block(name, f, start, np.full(len(f), OPEN), _employee_contracts(rng, len(f)), ch)
        )
    for name, ch in (("in_new_ch", True), ("in_new_nch", False)):
        f = _partition(g[name], rng, 0.1)
        last = d - 21 if ch else d
        start = y0 + rng.integers(0, last - y0 + 1, len(f))
        blocks.append(
            _block(name, f, start, np.full(len(f), OPEN), _employee_contracts(rng, len(f)), ch)
        )
    f = _partition(g["leave_old"], rng, 0.15)
    end = y0 + rng.integers(0, d - y0 + 1, len(f))
    start = y0 - 1 - _tenure(rng, len(f), tenure * 0.7)
    blocks.append(_block("leave_old", f, start, end, _employee_contracts(rng, len(f))))
    f = _partition(g["leave_new"], rng, 0.1)
    start = y0 + rng.integers(0, d - 60 - y0 + 1, len(f))
    end = start + 30 + (rng.random(len(f)) * (d - start - 30 + 1)).astype(np.int64)
    contracts = np.where(rng.random(len(f)) < 0.3, _FIXED, _PERM)
    blocks.append(_block("leave_new", f, start, end, contracts))
    for name, ch in (
        ("ag_cov_ch", True),
        ("ag_cov_nch", False),
        ("ag_non_ch", True),
        ("ag_non_nch", False),
    ):
        f = _partition(g[name], rng, 0.05)
        start = d - np.clip(rng.exponential(240, len(f)), 14, 900).astype(np.int64)
        blocks.append(_block(name, f, start, np.full(len(f), OPEN), np.full(len(f), _AGENCY), ch))
    return blocks


def _history_blocks(
    blocks: list[dict[str, Arr]], plan: _Plan, cal: _Calendar, rng: Rng, tenure: float
) -> list[dict[str, Arr]]:
    """Leavers of earlier census years, generated backwards from the census year."""
    blocks = list(blocks)
    for year in cal.history:
        ys, ye = cal.bounds(year)
        sw = _concat(blocks)
        employee = sw["contract"] != _AGENCY
        inpost = int(sw["fte"][employee & (sw["start"] <= ye) & (sw["end"] > ye)].sum())
        rate = float(np.clip(plan.turnover * rng.uniform(0.8, 1.25), 0.06, 0.3))
        total = int(round(inpost * rate))
        published = plan.history.get(year, {}).get("leavers_fte")
        if published is not None:
            total = int(round(published * 100))  # the year's published leavers, exactly
        sl = int(round(total * rng.uniform(0.08, 0.18)))
        f = _partition(total - sl, rng, 0.15)
        end = ys + rng.integers(0, ye - ys + 1, len(f))
        start = ys - 1 - _tenure(rng, len(f), tenure * 0.7)
        blocks.append(_block("hist_leave_old", f, start, end, _employee_contracts(rng, len(f))))
        f = _partition(sl, rng, 0.1)
        start = ys + rng.integers(0, ye - 60 - ys + 1, len(f))
        end = start + 30 + (rng.random(len(f)) * (ye - start - 30 + 1)).astype(np.int64)
        contracts = np.where(rng.random(len(f)) < 0.3, _FIXED, _PERM)
        blocks.append(_block("hist_leave_new", f, start, end, contracts))
    return blocks


def _date_starters(
    sw: dict[str, Arr], plan: _Plan, cal: _Calendar, rng: Rng, tenure: float
) -> None:
    """Earlier years' starters (in place): in each year with a starters target, latest first,
    employees still there at its census date are dated to start in that year until their FTE
    makes the target; the others there then started before it. (In post on each earlier census
    date follows: the census year's in post, less later starters, plus later leavers.)"""
    fixed = np.isin(
        sw["grp"],
        [_GROUP_CODES[g] for g in ("in_new_ch", "in_new_nch", "leave_new", "hist_leave_new")],
    )
    employee = sw["contract"] != _AGENCY
    start, end, fte = sw["start"], sw["end"], sw["fte"]
    for year in cal.history:
        wanted = plan.history.get(year, {}).get("starters_fte")
        if wanted is None:
            continue
        ys, ye = cal.bounds(year)
        already = int(fte[fixed & employee & (start >= ys) & (start <= ye)].sum())
        movable = np.flatnonzero(employee & ~fixed & (end > ye) & (start <= ye))
        movable = movable[rng.permutation(len(movable))]
        need = int(round(wanted * 100)) - already
        take = np.zeros(len(movable), bool)
        total = 0
        for k, row in enumerate(movable):
            if total >= need:
                break
            # the nearer of stopping short and going over
            if total + int(fte[row]) - need <= need - total:
                take[k] = True
                total += int(fte[row])
        chosen, others = movable[take], movable[~take]
        start[chosen] = ys + rng.integers(0, ye - ys + 1, len(chosen))
        late = others[start[others] >= ys]
        start[late] = ys - 1 - _tenure(rng, len(late), tenure)


def _assign_roles(sw: dict[str, Arr], n_teams: int, cal: _Calendar, rng: Rng) -> None:
    """OrgRole, newly-qualified origin and StartOrigin for every spell (in place)."""
    n = len(sw["fte"])
    grp, contract, start = sw["grp"], sw["contract"], sw["start"]
    employee = contract != _AGENCY
    # StartOrigin: about a third of employees started newly qualified.
    nq = employee & (rng.random(n) < np.where(start >= cal.t0, 0.35, 0.3))
    sw["origin"] = np.where(employee, np.where(nq, 1, rng.choice(_ORIGIN, n, p=_ORIGIN_P)), 0)
    role = np.full(n, 5, dtype=np.int64)
    # historical leavers: a typical mix
    hist = np.isin(
        grp,
        [
            _GROUP_CODES["hist_leave_old"],
            _GROUP_CODES["hist_leave_new"],
            _GROUP_CODES["leave_old"],
            _GROUP_CODES["leave_new"],
        ],
    )
    mix = rng.choice([1, 2, 3, 4, 5, 6], n, p=[0.01, 0.03, 0.08, 0.15, 0.69, 0.04])
    role[hist] = mix[hist]
    # case holders: practitioners
    ch = sw["ch"]
    role[ch & (rng.random(n) < 0.12)] = 4
    # agency not holding cases: interim managers, practitioners, reviewing officers
    ag_nch = (contract == _AGENCY) & ~ch
    role[ag_nch] = rng.choice([3, 4, 5, 6], n, p=[0.35, 0.1, 0.3, 0.25])[ag_nch]
    # in post on the census date without cases: the management structure first
    in_d = employee & (start <= cal.d) & (sw["end"] > cal.d)
    head = int(in_d.sum() + ((contract == _AGENCY) & (sw["end"] > cal.d)).sum())
    cand = np.flatnonzero(in_d & ~ch & ~nq)
    cand = cand[np.argsort(start[cand] + rng.integers(0, 400, len(cand)), kind="stable")]
    wanted = [
        (1, max(1, round(0.01 * head))),
        (2, max(1, round(0.03 * head))),
        (3, max(1, round(0.085 * head))),
        (6, round(0.035 * head)),
        (4, max(0, round(0.15 * head) - int((role[in_d & ch] == 4).sum()))),
    ]
    pos = 0
    for code, count in wanted:
        take = cand[pos : pos + count]
        role[take] = code
        pos += len(take)
    role[nq] = 5
    sw["role"] = role
    sw["nq"] = nq


def _team_weights(teams: pd.DataFrame, kind: str) -> Arr:
    types = teams["team_type"].to_numpy()
    if kind == "ch":
        return np.array([_TEAM_INFO[t][2] for t in types])
    if kind == "six":
        w6 = {
            "fostering": 3.0,
            "children_in_care": 2.0,
            "academy": 1.0,
            "front_door": 1.0,
            "child_protection": 1.0,
        }
        return np.array([w6.get(t, 0.0) for t in types])
    return np.array([_TEAM_INFO[t][2] + 0.5 for t in types])


def _assign_teams(sw: dict[str, Arr], teams: pd.DataFrame, cal: _Calendar, rng: Rng) -> None:
    n = len(sw["fte"])
    role, team = sw["role"], sw["team"]
    keys = np.arange(len(teams))
    w_ch, w_six, w_any = (_team_weights(teams, k) for k in ("ch", "six", "any"))
    practitioner = np.isin(role, [4, 5])
    team[:] = np.where(
        practitioner,
        _choice_idx(rng, w_ch, n),
        np.where(role == 6, _choice_idx(rng, w_six, n), _choice_idx(rng, w_any, n)),
    )
    # the census year's newly qualified starters: mostly the academy
    academy = keys[teams["team_type"].to_numpy() == "academy"]
    if len(academy):
        fresh = sw["nq"] & (sw["start"] >= cal.y0) & (rng.random(n) < 0.7)
        team[fresh] = academy[0]
    # first-line managers in post on the census date: every team has one
    in_d = (sw["contract"] != _AGENCY) & (sw["end"] > cal.d) & (role == 3)
    idx = np.flatnonzero(in_d)
    order = rng.permutation(keys)
    team[idx[: len(keys)]] = order[: len(idx)]
