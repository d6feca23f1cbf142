"""Staff who are not social workers: family support, residential, adult specialist and other
staff, seated in the teams their work needs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.synth.constants import _FIXED, _PERM, _SECONDEE, OPEN, PROFESSIONS, YEAR, Arr, Rng
from analytics.synth.helpers import _Calendar, _choice_idx


def _other_staff(teams: pd.DataFrame, n_sw: int, cal: _Calendar, rng: Rng) -> dict[str, Arr]:
    """Spells of family support, residential, adult specialist and other staff."""
    types = teams["team_type"].to_numpy()
    seats: list[tuple[int, str]] = []  # (team, profession)

    def of(kind: str) -> Arr:
        return np.flatnonzero(types == kind)

    fs_w = {
        "early_help": 4.5,
        "front_door": 1.0,
        "children_in_care": 1.5,
        "family_safeguarding": 2.0,
        "disabled_children": 1.0,
    }
    w = np.array([fs_w.get(t, 0.0) for t in types])
    n_fs = max(4, round(0.16 * n_sw))
    seats += [(int(t), "family_support") for t in _choice_idx(rng, w, n_fs)]
    scale = max(0.5, min(2.0, n_sw / 250))
    for t in of("residential"):
        seats += [(int(t), "residential")] * int(round(rng.integers(9, 16) * scale))
    for t in of("family_safeguarding"):
        seats += [(int(t), "domestic_abuse")] * int(rng.integers(1, 3))
        seats += [(int(t), "substance_misuse")] * int(rng.integers(1, 3))
        seats += [(int(t), "adult_mental_health")] * int(rng.integers(1, 3))
        seats += [(int(t), "probation")] * int(rng.integers(0, 2))
    for t in of("care_leavers"):
        seats += [(int(t), "other")] * int(round(rng.integers(2, 6) * scale))
    rows: list[tuple[int, int, int, int, int, int]] = []  # seat, team, prof, start, end, fte
    prof_idx = {p: i for i, p in enumerate(PROFESSIONS)}
    for s, (team, prof) in enumerate(seats):
        fte = 100 if rng.random() < 0.8 else int(rng.choice([50, 60, 80]))
        if rng.random() < 0.93:
            start = cal.d - int(np.clip(rng.exponential(5 * YEAR), 30, 30 * YEAR))
            end = OPEN
        else:
            end = cal.d - int(rng.integers(14, 200))
            start = end - int(np.clip(rng.exponential(4 * YEAR), 60, 30 * YEAR))
        rows.append((s, team, prof_idx[prof], start, end, fte))
        while start > cal.t0:
            end = start - int(rng.integers(20, 150))
            start = end - int(np.clip(rng.exponential(4 * YEAR), 60, 30 * YEAR))
            fte = 100 if rng.random() < 0.8 else int(rng.choice([50, 60, 80]))
            rows.append((s, team, prof_idx[prof], start, end, fte))
    arr = np.array(rows, dtype=np.int64).reshape(-1, 6)
    prof = arr[:, 2]  # type: ignore[assignment]
    contract = np.where(
        prof == prof_idx["probation"],
        _SECONDEE,
        np.where(rng.random(len(arr)) < 0.1, _FIXED, _PERM),
    )
    return {
        "seat": arr[:, 0],
        "team": arr[:, 1],
        "profession": prof,  # type: ignore[dict-item]
        "start": arr[:, 3],
        "end": arr[:, 4],
        "fte": arr[:, 5],
        "contract": contract,
    }
