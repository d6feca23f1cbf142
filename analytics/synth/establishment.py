"""The establishment (funded posts), with agency cover of vacancies."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.synth.constants import _AGENCY, OPEN, Arr, Rng
from analytics.synth.helpers import _Calendar, _choice_idx, _concat, _partition
from analytics.synth.plan import _Plan
from analytics.synth.spells import _GROUP_CODES, _block, _team_weights


def _rclass(role: int) -> int:
    return 0 if role in (1, 2, 3) else (2 if role == 6 else 1)


_ROLE_TITLE = {
    1: "Head of Service",
    2: "Service Manager",
    3: "Team Manager",
    4: "Senior Practitioner",
    5: "Social Worker",
    6: "Independent Reviewing Officer",
}


def _establishment(
    sw: dict[str, Arr], plan: _Plan, teams: pd.DataFrame, cal: _Calendar, rng: Rng
) -> tuple[dict[str, Arr], list[tuple[int, int, int, int, int, int]]]:
    """Chain employee spells into posts (seats); add vacancies and agency cover.

    Returns the spells with historical agency-cover spells appended, and post rows as
    ``(funded_from, funded_to, holder_row, fte, title_role, team)`` (``holder_row`` -1 = none).
    """
    d, _t0 = cal.d, cal.t0
    start, end, fte, team, role = sw["start"], sw["end"], sw["fte"], sw["team"], sw["role"]
    employee = np.flatnonzero(sw["contract"] != _AGENCY)
    # Vacancies on the census date: agency-covered ones (one per covering agent) and the rest.
    cover_rows = np.flatnonzero(
        np.isin(sw["grp"], [_GROUP_CODES["ag_cov_ch"], _GROUP_CODES["ag_cov_nch"]])
    )
    uncovered = _partition(plan.groups["vac_uncov"], rng, 0.05)
    n_vac = len(cover_rows) + len(uncovered)
    ended = employee[(end[employee] < OPEN) & (end[employee] >= d - 730)]
    k = min(len(ended), int(round(n_vac * rng.uniform(0.55, 0.85))))
    reserved: set[int] = set()
    if k:
        w = np.exp(-(d - end[ended]) / 300.0)
        reserved = {int(x) for x in rng.choice(ended, k, replace=False, p=w / w.sum())}

    seat_team: list[int] = []
    seat_class: list[int] = []
    seat_from: list[int] = []
    seat_occ: list[list[int]] = []
    seat_of = np.full(len(fte), -1, dtype=np.int64)
    pools: dict[tuple[int, int], list[tuple[int, int]]] = {}
    order = employee[np.argsort(start[employee], kind="stable")]
    ends = employee[end[employee] < OPEN]
    ends = ends[np.argsort(end[ends], kind="stable")]
    ptr = 0
    for i in order:
        s = int(start[i])
        while ptr < len(ends) and end[ends[ptr]] <= s - 7:
            j = int(ends[ptr])
            ptr += 1
            if j not in reserved and seat_of[j] >= 0:
                seat = int(seat_of[j])
                pools.setdefault((seat_team[seat], seat_class[seat]), []).append(
                    (int(end[j]), seat)
                )
        pool_key = (int(team[i]), _rclass(int(role[i])))
        pool = [p for p in pools.get(pool_key, []) if p[0] >= s - 365]
        pools[pool_key] = pool
        if pool:
            seat = pool.pop(int(rng.integers(len(pool))))[1]
            seat_occ[seat].append(int(i))
        else:
            seat = len(seat_team)
            seat_team.append(int(team[i]))
            seat_class.append(_rclass(int(role[i])))
            seat_from.append(s - int(rng.integers(14, 150)))
            seat_occ.append([int(i)])
        seat_of[i] = seat

    # vacancy seats on the census date: reserved leavers' seats, then newly funded posts
    vac_seats = [int(seat_of[j]) for j in sorted(reserved)]
    w_ch = _team_weights(teams, "ch") + 0.2
    while len(vac_seats) < n_vac:
        seat = len(seat_team)
        seat_team.append(int(_choice_idx(rng, w_ch, 1)[0]))
        seat_class.append(1)
        seat_from.append(d - int(rng.integers(30, 700)))
        seat_occ.append([])
        vac_seats.append(seat)
    vac_seats = [vac_seats[i] for i in rng.permutation(len(vac_seats))]
    vac_item: dict[int, tuple[int, int]] = {}  # seat -> (cover row or -1, fte)
    for seat, row in zip(vac_seats, cover_rows, strict=False):
        vac_item[seat] = (int(row), int(fte[row]))
        team[row] = seat_team[seat]
    for seat, f in zip(vac_seats[len(cover_rows) :], uncovered, strict=True):
        vac_item[seat] = (-1, int(f))

    posts: list[tuple[int, int, int, int, int, int]] = []
    new_agents: list[tuple[int, int, int, int, int, int]] = []  # start, end, fte, team, role, same

    def agent(a: int, b: int, f: int, seat: int, same: int = -1) -> int:
        cls = seat_class[seat]
        r = 3 if cls == 0 else (6 if cls == 2 else (4 if rng.random() < 0.15 else 5))
        new_agents.append((a, b, f, seat_team[seat], r, same))
        return len(fte) + len(new_agents) - 1

    def gap(seat: int, g0: int, g1: int, f: int, title: int, nxt: int) -> None:
        """A vacant stretch [g0, g1] (g1 = OPEN - 1: still vacant) of a seat."""
        tm = seat_team[seat]
        length = min(g1, d) - g0 + 1
        covered = length >= 60 and rng.random() < plan.cover_share * (1 if g1 < d else 0.5)
        if not covered:
            posts.append((g0, g1, -1, f, title, tm))
            return
        a = g0 + int(rng.integers(3, max(4, min(45, length // 3))))
        convert = nxt >= 0 and not sw["nq"][nxt] and g1 < d and rng.random() < 0.25
        if convert:
            b = g1 + 1
        else:
            limit = g1 + 1 if g1 < d else d - 30
            b = limit - int(rng.integers(0, 15))
        if b - a < 20:
            posts.append((g0, g1, -1, f, title, tm))
            return
        row = agent(a, b, f, seat, nxt if convert else -1)
        if convert:
            sw["origin"][nxt] = 4
        if a > g0:
            posts.append((g0, a - 1, -1, f, title, tm))
        posts.append((a, b - 1, row, f, title, tm))
        if b <= g1:
            posts.append((b, g1, -1, f, title, tm))

    for seat in range(len(seat_team)):
        occ = seat_occ[seat]
        tm = seat_team[seat]
        title = int(role[occ[0]]) if occ else 5
        first = int(start[occ[0]]) if occ else OPEN
        if occ and seat_from[seat] < first:
            gap(seat, seat_from[seat], first - 1, int(fte[occ[0]]), title, occ[0])
        for n_i, i in enumerate(occ):
            e = int(end[i])
            posts.append(
                (int(start[i]), e - 1 if e < OPEN else OPEN, int(i), int(fte[i]), int(role[i]), tm)
            )
            if n_i + 1 < len(occ):
                gap(seat, e, int(start[occ[n_i + 1]]) - 1, int(fte[i]), int(role[i]), occ[n_i + 1])
        last_end = int(end[occ[-1]]) if occ else seat_from[seat]
        if seat in vac_item:
            row, f = vac_item[seat]  # type: ignore[assignment]
            if row < 0:
                gap(seat, last_end, OPEN - 1, f, title, -1)
            else:
                a_d = min(max(int(start[row]), last_end), d)
                start[row] = a_d
                if a_d - last_end >= 120:
                    gap(seat, last_end, a_d - 1, f, title, -1)
                elif a_d > last_end:
                    posts.append((last_end, a_d - 1, -1, f, title, tm))
                posts.append((a_d, OPEN - 1, int(row), f, title, tm))
        elif occ and last_end < OPEN:
            defund = min(last_end + int(rng.integers(30, 365)), d - 1)
            if defund >= last_end:
                gap(seat, last_end, defund, int(fte[occ[-1]]), title, -1)
    # Earlier census dates: top vacancies up to a rate near the census year's, with posts
    # funded for a while around that date only (later filled or deleted).
    contract = sw["contract"]
    for year in cal.history:
        day = cal.bounds(year)[1]
        arr = np.array(posts, dtype=np.int64).reshape(-1, 6)
        funded = (arr[:, 0] <= day) & (arr[:, 1] >= day)
        h = arr[:, 2]
        hv = np.clip(h, 0, len(fte) - 1)
        held = (
            (h >= 0)
            & (h < len(fte))
            & (contract[hv] != _AGENCY)
            & (start[hv] <= day)
            & (end[hv] > day)
        )
        vacant = int(arr[funded & ~held, 3].sum())
        # vacant posts held by an agency worker there that day: agency cover
        agents_now = {
            int(r) for r in range(len(fte)) if contract[r] == _AGENCY and start[r] <= day < end[r]
        } | {len(fte) + k for k, (a, b, *_rest) in enumerate(new_agents) if a <= day < b}
        covered_now = int(
            sum(
                int(arr[i, 3])
                for i in np.flatnonzero(funded & ~held & (h >= 0))
                if int(h[i]) in agents_now
            )
        )
        employed = (contract != _AGENCY) & (start <= day) & (end > day)
        inpost = int(fte[employed].sum())
        rate = min(plan.vacancy_rate * rng.uniform(0.85, 1.2), 0.45)
        deficit = int(round(rate / (1 - rate) * inpost)) - vacant
        published = plan.history.get(year, {})
        cover_share = plan.cover_share
        if published.get("vacancy_fte") is not None:
            deficit = int(round(published["vacancy_fte"] * 100)) - vacant
            if published.get("agency_cover_fte") is not None and published["vacancy_fte"]:
                cover_share = min(published["agency_cover_fte"] / published["vacancy_fte"], 1.0)
        cover_left = (
            int(round(published["agency_cover_fte"] * 100)) - covered_now
            if published.get("agency_cover_fte") is not None
            else None
        )
        if published.get("vacancy_fte") is not None and deficit < -10:
            # More posts stand vacant on the day than were published: some were not funded
            # for a stretch around it (deleted while vacant), reaching no other census date.
            before, after = cal.bounds(year - 1)[1], cal.bounds(year + 1)[1]
            empty = [i for i, p in enumerate(posts) if p[2] < 0 and p[0] <= day <= p[1]]
            for i in rng.permutation(np.array(empty, dtype=np.int64)):
                if deficit >= -10:
                    break
                g0, g1, _, pf, ptitle, ptm = posts[int(i)]
                if pf > -deficit + 10:
                    continue
                c0 = max(g0, before + 1, day - int(rng.integers(30, 120)))
                c1 = min(g1, after - 1, day + int(rng.integers(30, 120)))
                pieces = [(g0, c0 - 1), (c1 + 1, g1)]
                kept = [(a, b) for a, b in pieces if b >= a]
                if kept:
                    posts[int(i)] = (kept[0][0], kept[0][1], -1, pf, ptitle, ptm)
                    for a, b in kept[1:]:
                        posts.append((a, b, -1, pf, ptitle, ptm))
                else:
                    posts[int(i)] = (g0, g0 - 1, -1, pf, ptitle, ptm)  # dropped below
                deficit += pf
        for f in _partition(deficit, rng, 0.05):
            seat = len(seat_team)
            seat_team.append(int(_choice_idx(rng, w_ch, 1)[0]))
            seat_class.append(1)
            seat_from.append(day - int(rng.integers(30, 300)))
            seat_occ.append([])
            g1 = min(day + int(rng.integers(1, 300)), d - 1)
            tm = seat_team[seat]
            covers = (
                rng.random() < cover_share
                if cover_left is None
                else int(f) <= cover_left + 50  # the year's published cover, to half an FTE
            )
            if covers:
                if cover_left is not None:
                    cover_left -= int(f)
                a = day - int(rng.integers(0, min(150, day - seat_from[seat]) + 1))
                b = day + 1 + int(rng.integers(0, g1 - day + 1))
                row = agent(a, b, int(f), seat)  # type: ignore[assignment]
                if a > seat_from[seat]:
                    posts.append((seat_from[seat], a - 1, -1, int(f), 5, tm))
                posts.append((a, b - 1, row, int(f), 5, tm))  # type: ignore[arg-type]
                if b <= g1:
                    posts.append((b, g1, -1, int(f), 5, tm))
            else:
                posts.append((seat_from[seat], g1, -1, int(f), 5, tm))
        # Still short of the year's published cover: agency workers take up posts vacant on
        # the day, for a stretch around it that reaches no other census date.
        if cover_left is not None and cover_left > 10:
            before, after = cal.bounds(year - 1)[1], cal.bounds(year + 1)[1]
            open_then = [
                i
                for i, p in enumerate(posts)
                if p[2] < 0 and p[0] <= day <= p[1] and int(p[3]) <= cover_left + 10
            ]
            for i in rng.permutation(np.array(open_then, dtype=np.int64)):
                if cover_left <= 10:
                    break
                g0, g1, _, pf, ptitle, ptm = posts[int(i)]
                if pf > cover_left + 10:
                    continue
                a = max(g0, day - int(rng.integers(20, 150)), before + 1)
                b = min(g1 + 1, day + 1 + int(rng.integers(20, 150)), after)
                if not (a <= day < b) or b - a < 20:
                    continue
                new_agents.append((a, b, pf, ptm, 5, -1))
                agent_row = int(len(fte) + len(new_agents) - 1)
                posts[int(i)] = (a, b - 1, agent_row, pf, ptitle, ptm)
                if a > g0:
                    posts.append((g0, a - 1, -1, pf, ptitle, ptm))
                if b <= g1:
                    posts.append((b, g1, -1, pf, ptitle, ptm))
                cover_left -= pf
    if new_agents:
        arr = np.array(new_agents, dtype=np.int64)
        blk = _block(
            "hist_ag_cover",
            arr[:, 2],
            arr[:, 0],
            arr[:, 1],
            np.full(len(arr), _AGENCY),
            role=arr[:, 4],
        )
        blk["team"] = arr[:, 3]
        blk["same_as"] = arr[:, 5]
        sw = _concat([sw, {**blk, "nq": np.zeros(len(arr), bool)}])
    return sw, posts


def _history_agency(
    sw: dict[str, Arr], plan: _Plan, teams: pd.DataFrame, cal: _Calendar, rng: Rng
) -> dict[str, Arr]:
    """Agency assignments not covering a vacancy (sickness, maternity, extra capacity)."""
    concurrent = (plan.groups["ag_non_ch"] + plan.groups["ag_non_nch"]) / 100
    mean = 180.0
    span = cal.d - 30 - (cal.t0 - int(mean))
    n = int(rng.poisson(concurrent * span / mean)) if concurrent > 0 else 0
    start = cal.t0 - int(mean) + rng.integers(0, span, n)
    end = np.minimum(start + np.clip(rng.exponential(mean, n), 30, 540).astype(np.int64), cal.d)
    f = np.where(rng.random(n) < 0.9, 100, rng.choice([50, 60, 80], n))
    published = {y: v["agency_fte"] for y, v in plan.history.items() if "agency_fte" in v}
    if published:
        # Years with published agency: the assignments above end before those census dates,
        # and assignments running over each one make up its published agency FTE exactly.
        for year in sorted(published):
            day = cal.bounds(year)[1]
            over = (start <= day) & (end > day)
            end = np.where(over, day, end)
        keep = end - start >= 14
        start, end, f = start[keep], end[keep], f[keep]
        agency = sw["contract"] == _AGENCY
        extra_s: list[int] = []
        extra_e: list[int] = []
        extra_f: list[int] = []
        for year in sorted(published):
            day = cal.bounds(year)[1]
            there = agency & (sw["start"] <= day) & (sw["end"] > day)
            have = int(sw["fte"][there].sum())
            for part in _partition(int(round(published[year] * 100)) - have, rng, 0.1):
                a = day - int(rng.integers(0, 200))
                extra_s.append(a)
                extra_e.append(day + 1 + int(rng.integers(0, 200)))
                extra_f.append(int(part))
        start = np.concatenate([start, np.array(extra_s, dtype=np.int64)])
        end = np.concatenate([end, np.array(extra_e, dtype=np.int64)])
        f = np.concatenate([f, np.array(extra_f, dtype=np.int64)])
        n = len(start)
    if n == 0:
        return sw
    role = rng.choice([3, 4, 5, 6], n, p=[0.15, 0.15, 0.6, 0.1])
    blk = _block("hist_ag_non", f, start, end, np.full(n, _AGENCY), role=role)
    w = np.where(np.isin(role, [4, 5]), 1, 0)[:, None] * _team_weights(teams, "ch")[None, :]
    w_any = _team_weights(teams, "any")
    blk["team"] = np.array(
        [_choice_idx(rng, w[i] if w[i].sum() else w_any, 1)[0] for i in range(n)], dtype=np.int64
    )
    return _concat([sw, {**blk, "nq": np.zeros(n, bool)}])
