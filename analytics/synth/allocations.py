"""Allocations: children, in families, allocated to case-holding workers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.synth.constants import CASE_TYPES, OPEN, Arr, Rng
from analytics.synth.helpers import _Calendar
from analytics.synth.reference import _FAMILY_SIZE_P, _TEAM_CASES


def _lognormal_days(rng: Rng, median: Arr, sigma: float = 0.55) -> Arr:
    return np.maximum(np.exp(np.log(median) + sigma * rng.standard_normal(len(median))), 7).astype(
        np.int64
    )


def _family_sizes(rng: Rng, case_type: Arr) -> Arr:
    out = np.ones(len(case_type), dtype=np.int64)
    for ct, p in _FAMILY_SIZE_P.items():
        sel = case_type == ct
        out[sel] = rng.choice(np.arange(1, 6), int(sel.sum()), p=p)
    return out


def _split_cases(rng: Rng, cases: Arr, case_type: Arr) -> tuple[Arr, Arr]:
    """Each worker's cases on the census date as families: (worker index, family size)."""
    if len(cases) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    m = int(cases.max())
    sizes = np.ones((len(cases), m), dtype=np.int64)
    for ct, p in _FAMILY_SIZE_P.items():
        sel = case_type == ct
        sizes[sel] = rng.choice(np.arange(1, 6), (int(sel.sum()), m), p=p)
    cum = np.cumsum(sizes, axis=1)
    before = cum - sizes
    keep = before < cases[:, None]
    trimmed = np.minimum(sizes, cases[:, None] - before)
    worker = np.nonzero(keep)[0]
    return worker, trimmed[keep]


@dataclass
class _Workers:
    """Spells that carry cases: one row per spell."""

    person: Arr
    start: Arr
    end: Arr
    team_type: Arr
    window_start: Arr
    window_end: Arr  # OPEN: holding cases on the census date
    open_cases: Arr  # cases on the census date (open windows)
    n_slots: Arr  # families carried at once (closed windows)


def _slot_case_types(rng: Rng, team_type: Arr) -> tuple[Arr, Arr]:
    ct = np.zeros(len(team_type), dtype=np.int64)
    med = np.zeros(len(team_type), dtype=float)
    for tt, (types, p, medians) in _TEAM_CASES.items():
        sel = team_type == tt
        k = int(sel.sum())
        if k:
            i = rng.choice(len(types), k, p=p)
            ct[sel] = np.array(types)[i]
            med[sel] = np.array(medians, dtype=float)[i]
    return ct, med


def _allocations(w: _Workers, cal: _Calendar, rng: Rng) -> pd.DataFrame:
    d, t0 = cal.d, cal.t0
    # slots open on the census date: one per family, sizes summing to the worker's cases
    open_w = np.flatnonzero(w.window_end >= OPEN)
    ct_w, _ = _slot_case_types(rng, w.team_type[open_w])
    widx, wsize = _split_cases(rng, w.open_cases[open_w], ct_w)
    open_worker = open_w[widx]
    closed_w = np.flatnonzero((w.window_end < OPEN) & (w.window_end > w.window_start))
    closed_worker = np.repeat(closed_w, w.n_slots[closed_w])
    slot_worker = np.concatenate([open_worker, closed_worker])
    is_open = np.arange(len(slot_worker)) < len(open_worker)
    slot_ct, slot_med = _slot_case_types(rng, w.team_type[slot_worker])
    ws = np.where(is_open, np.minimum(w.window_start[slot_worker], d), w.window_start[slot_worker])
    lb = np.maximum(ws, t0 - 730)
    ns = len(slot_worker)

    ep_slot: list[Arr] = []
    ep_start: list[Arr] = []
    ep_end: list[Arr] = []
    ep_first: list[Arr] = []
    # the latest episode of each slot
    dur = _lognormal_days(rng, slot_med)
    age = (rng.random(ns) * dur).astype(np.int64)
    end0 = np.where(is_open, OPEN, w.window_end[slot_worker])
    start0 = np.where(is_open, np.maximum(d - age, ws), np.maximum(end0 - dur, lb))
    valid = is_open | (end0 > lb)
    idx = np.flatnonzero(valid)
    ep_slot.append(idx)
    ep_start.append(start0[idx])
    ep_end.append(end0[idx])
    ep_first.append(np.ones(len(idx), bool))
    cursor = start0.copy()
    active = valid & (start0 > lb)
    while active.any():
        idx = np.flatnonzero(active)
        gap = np.where(rng.random(len(idx)) < 0.4, 0, rng.integers(1, 30, len(idx)))
        end = cursor[idx] - gap
        ok = end > lb[idx]
        idx, end = idx[ok], end[ok]
        st = np.maximum(end - _lognormal_days(rng, slot_med[idx]), lb[idx])
        ep_slot.append(idx)
        ep_start.append(st)
        ep_end.append(end)
        ep_first.append(np.zeros(len(idx), bool))
        cursor[idx] = st
        active[:] = False
        active[idx[st > lb[idx]]] = True
    slot = np.concatenate(ep_slot)
    e_start, e_end, first = (
        np.concatenate(ep_start),
        np.concatenate(ep_end),
        np.concatenate(ep_first),
    )
    keep = e_end >= t0
    slot, e_start, e_end, first = slot[keep], e_start[keep], e_end[keep], first[keep]
    worker = slot_worker[slot]
    ctype = slot_ct[slot]
    size = _family_sizes(rng, ctype)
    open_first = first & is_open[slot]
    size[open_first] = wsize[slot[open_first]]
    # hand-overs: a worker's last families pass to a colleague; some assessments step up
    team_type = w.team_type[worker]
    natural = ~first & (
        (np.isin(team_type, ["assessment", "front_door"]) & (rng.random(len(slot)) < 0.2))
        | ((ctype == 2) & (rng.random(len(slot)) < 0.1))
    )
    giver = ((first & ~is_open[slot]) | natural) & (e_end >= t0) & (e_end <= d)
    n_ep = len(slot)
    family = np.arange(n_ep, dtype=np.int64)
    child_base = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
    person = w.person[worker]
    spell_start, spell_end = w.start[worker], w.end[worker]
    for k in range(1, 6):
        g = np.flatnonzero(giver & (size == k))
        r = np.flatnonzero((size == k) & (e_start >= t0))
        if len(g) == 0 or len(r) == 0:
            continue
        g = g[np.argsort(e_end[g], kind="stable")]
        r = r[np.argsort(e_start[r], kind="stable")]
        r_start = e_start[r]
        used = np.zeros(len(r), bool)
        for gi in g:
            e = e_end[gi]
            j = int(np.searchsorted(r_start, e, "left"))
            steps = 0
            while j < len(r) and r_start[j] <= e + 30 and steps < 40:
                ri = r[j]
                if (
                    not used[j]
                    and person[ri] != person[gi]
                    and spell_start[ri] <= e < spell_end[ri]
                    and e < e_end[ri]
                ):
                    used[j] = True
                    e_start[ri] = e
                    family[ri] = family[gi]
                    child_base[ri] = child_base[gi]
                    break
                j += 1
                steps += 1
    rows = np.repeat(np.arange(n_ep), size)
    offset = np.arange(len(rows)) - np.repeat(np.cumsum(size) - size, size)
    child = child_base[rows] + offset
    # renumber so that identifiers run in order of first appearance
    order = np.argsort(e_start[rows], kind="stable")
    _, child_first = np.unique(child[order], return_index=True)
    child_rank = np.empty(int(child.max()) + 1 if len(child) else 0, dtype=np.int64)
    child_rank[np.unique(child[order])] = np.argsort(np.argsort(child_first))
    _, fam_first = np.unique(family[rows][order], return_index=True)
    fam_rank = np.empty(n_ep, dtype=np.int64)
    fam_rank[np.unique(family[rows][order])] = np.argsort(np.argsort(fam_first))
    return pd.DataFrame(
        {
            "child_id": [f"CH{x + 100001:07d}" for x in child_rank[child]],
            "family_id": [f"FA{x + 10001:06d}" for x in fam_rank[family[rows]]],
            "person_key": person[rows],
            "case_type": np.array(CASE_TYPES, dtype=object)[ctype[rows]],
            "start_date": e_start[rows],
            "end_date": e_end[rows],
        }
    )
