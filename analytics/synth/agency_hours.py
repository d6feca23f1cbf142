"""Agency assignments' hours on earlier census dates: agency FTE and agency cover of vacancies
made the year's published figures to the hundredth of an FTE.

Whole assignments place a year's agency FTE and its cover to within about an FTE, which on a
few dozen agency FTE is more than the one-point tolerance of the cover rates. Agency workers
are often engaged part-time (a few days a week covering a caseload, or an assessment block);
an assignment that runs over one census date only (none of the years before or after) can take
any FTE without touching another year's figures, so those hours are set: the covering
assignments' until the cover is published cover, then the others' until the agency FTE is
published agency FTE (the cover is unchanged by them). DfE's cover is the agency workers' FTE
(``formats.md``), not the posts', so a post covered part-time stays wholly vacant."""

from __future__ import annotations

from typing import Any

import numpy as np

from analytics.synth.constants import _AGENCY, Arr, Rng
from analytics.synth.helpers import _Calendar, _concat, _partition
from analytics.synth.spells import _block

_LEAST = 20  # an assignment of at least a fifth of full time (a day a week)


def _settle(rows: Arr, fte: Arr, need: int) -> int:
    """Change the FTEs of *rows* (in place, each within 0.2-1.0) by *need* hundredths in
    total, spread over them as evenly as their bounds allow; the part that does not fit is
    returned."""
    for _ in range(2):  # a second pass takes up what a row at its bound left
        for k, row in enumerate(rows):
            if need == 0:
                return 0
            step = int(round(need / (len(rows) - k)))
            now = int(fte[row])
            new = min(max(now + step, _LEAST), 100)
            fte[row] = new
            need -= new - now
    return need


def _agency_hours(
    sw: dict[str, Arr],
    posts: list[tuple[int, int, int, int, int, int]],
    plan: Any,
    cal: _Calendar,
    rng: Rng,
) -> dict[str, Arr]:
    """Each earlier year's agency FTE and agency cover made its published figures (in place
    where hours change; returned with any assignment added): first the hours of assignments
    running over that census date alone; where those cannot move far enough, such an
    assignment takes up a post standing vacant and unfilled that day (or lets one go), one is
    added around the day, or one ends the day before (``posts`` changes in place)."""
    extra: list[tuple[int, int, int]] = []  # (start, end, fte) of assignments added
    for year in cal.history:
        published = plan.history.get(year, {})
        day = cal.bounds(year)[1]
        bounds = (cal.bounds(year - 1)[1], cal.bounds(year + 1)[1])
        if published.get("vacancy_fte") is not None:
            _vacancy(sw, posts, day, bounds, int(round(published["vacancy_fte"] * 100)), rng)
        if published.get("agency_fte") is None:
            continue
        if published.get("agency_cover_fte") is not None:
            want = int(round(published["agency_cover_fte"] * 100))
            _cover(sw, posts, day, bounds, want, rng)
        on, alone, covering = _on_day(sw, posts, day, bounds)
        need = int(round(published["agency_fte"] * 100)) - int(sw["fte"][on].sum())
        free = np.flatnonzero(on & ~covering & alone)
        need = _settle(rng.permutation(free), sw["fte"], need)
        # still too many: an assignment ended the day before, or began the day after (one
        # running on to later census dates only begins later)
        later = np.flatnonzero(on & ~covering & ~alone & (sw["start"] > bounds[0]))
        for row in [*rng.permutation(free), *rng.permutation(later)]:
            if need >= -_LEAST // 2:
                break
            if alone[row] and day - sw["start"][row] >= 14:
                sw["end"][row] = day
            elif sw["end"][row] - day - 1 >= 14:
                sw["start"][row] = day + 1
            else:
                continue
            need += int(sw["fte"][row])
        if need > _LEAST // 2:
            for part in _partition(need, rng, 0.3):
                a = max(day - int(rng.integers(14, 200)), bounds[0] + 1)
                extra.append((a, min(day + 1 + int(rng.integers(14, 200)), bounds[1]), part))
            need = 0
        if need < 0:
            _settle(rng.permutation(np.flatnonzero(on & ~covering & alone)), sw["fte"], need)
    if not extra:
        return sw
    arr = np.array(extra, dtype=np.int64)
    n = len(arr)
    role = rng.choice([3, 4, 5, 6], n, p=[0.15, 0.15, 0.6, 0.1])
    blk = _block("hist_ag_non", arr[:, 2], arr[:, 0], arr[:, 1], np.full(n, _AGENCY), role=role)
    blk["team"] = rng.choice(np.unique(sw["team"][sw["team"] >= 0]), n)
    return _concat([sw, {**blk, "nq": np.zeros(n, bool)}])


def _vacancy(
    sw: dict[str, Arr],
    posts: list[tuple[int, int, int, int, int, int]],
    day: int,
    bounds: Any,
    want: int,
    rng: Rng,
) -> None:
    """The vacant FTE on *day* made *want* hundredths where posts funded around that date
    alone allow (in place): their FTE (a vacant post advertised part-time, or full-time)."""
    start, end = sw["start"], sw["end"]
    employed = (sw["contract"] != _AGENCY) & (start <= day) & (end > day)
    vacant = [
        i
        for i, p in enumerate(posts)
        if p[0] <= day <= p[1] and (p[2] < 0 or p[2] >= len(start) or not employed[p[2]])
    ]
    if not vacant:
        return
    own = np.array([posts[i][3] for i in vacant], dtype=np.int64)
    need = want - int(own.sum())
    alone = [k for k, i in enumerate(vacant) if posts[i][0] > bounds[0] and posts[i][1] < bounds[1]]
    _settle(rng.permutation(np.array(alone, dtype=np.int64)), own, need)
    for k in alone:
        posts[vacant[k]] = (*posts[vacant[k]][:3], int(own[k]), *posts[vacant[k]][4:])


def _on_day(
    sw: dict[str, Arr], posts: list[tuple[int, int, int, int, int, int]], day: int, bounds: Any
) -> tuple[Arr, Arr, Arr]:
    """Agency assignments on *day*; those reaching no other census date; those holding a post
    funded that day (so covering a vacancy)."""
    start, end = sw["start"], sw["end"]
    on = (sw["contract"] == _AGENCY) & (start <= day) & (end > day)
    alone = on & (start > bounds[0]) & (end <= bounds[1])
    arr = np.array(posts, dtype=np.int64).reshape(-1, 6)
    held = arr[(arr[:, 0] <= day) & (arr[:, 1] >= day) & (arr[:, 2] >= 0), 2]
    holders = np.zeros(len(start), bool)
    holders[held[held < len(start)]] = True
    return on, alone, on & holders


def _cover(
    sw: dict[str, Arr],
    posts: list[tuple[int, int, int, int, int, int]],
    day: int,
    bounds: Any,
    want: int,
    rng: Rng,
) -> None:
    """The agency cover on *day* made *want* hundredths, where the assignments there alone
    allow: their hours, then one taking up an unfilled vacant post, or letting one go."""
    fte = sw["fte"]
    on, alone, covering = _on_day(sw, posts, day, bounds)
    need = _settle(
        rng.permutation(np.flatnonzero(covering & alone)), fte, want - int(fte[covering].sum())
    )
    if need > _LEAST // 2:
        unfilled = [i for i, p in enumerate(posts) if p[2] < 0 and p[0] <= day <= p[1]]
        agents = rng.permutation(np.flatnonzero(on & ~covering & alone))
        for i, row in zip(
            rng.permutation(np.array(unfilled, dtype=np.int64)), agents, strict=False
        ):
            if need <= _LEAST // 2:
                break
            g0, g1, _, pf, title, team = posts[int(i)]
            a, b = max(g0, int(sw["start"][row])), min(g1, int(sw["end"][row]) - 1)
            posts[int(i)] = (a, b, int(row), pf, title, team)
            posts.extend(
                (x, y, -1, pf, title, team) for x, y in ((g0, a - 1), (b + 1, g1)) if y >= x
            )
            need -= int(fte[row])
    elif need < -(_LEAST // 2):
        for row in rng.permutation(np.flatnonzero(covering & alone)):
            if need >= -(_LEAST // 2):
                break
            for i, p in enumerate(posts):
                if p[2] == row:
                    posts[i] = (p[0], p[1], -1, *p[3:])
            need += int(fte[row])
    if need:
        _on_day_now = _on_day(sw, posts, day, bounds)
        covering = _on_day_now[2]
        _settle(
            rng.permutation(np.flatnonzero(covering & _on_day_now[1])),
            fte,
            want - int(fte[covering].sum()),
        )
