"""Planning: the census-year components split into disjoint groups (hundredths of an FTE), and
the council's teams."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.synth.constants import NATIONAL_2025, TEAM_TYPES, Rng
from analytics.synth.helpers import _cents, _choice_idx
from analytics.synth.reference import _AREAS, _HOMES, _TEAM_INFO
from analytics.synth.targets import Targets


@dataclass
class _Plan:
    groups: dict[str, int]
    cases: int
    days_lost: float
    turnover: float
    caseload: float
    cover_share: float
    vacancy_rate: float
    # Earlier census years' published components (FTEs, days lost), by year: what those years'
    # leavers, vacancies, agency cover and sickness are calibrated to where published.
    history: dict[int, dict[str, float]] = field(default_factory=dict)


def _plan(t: Targets, rng: Rng) -> _Plan:
    c = t.components()
    inpost, starters, leavers = (
        _cents(c[k]) for k in ("inpost_fte", "starters_fte", "leavers_fte")
    )
    agency, vacancy = _cents(c["agency_fte"]), _cents(c["vacancy_fte"])
    cover = min(_cents(c["agency_cover_fte"]), agency, vacancy)
    holders = min(_cents(c["case_holders_fte"]), inpost + agency)
    starters = min(starters, inpost + leavers)

    def nice(x: float, lo: int, hi: int) -> int:
        return int(min(max(round(x / 100) * 100, lo), hi))

    sl_hi = min(starters, leavers)
    sl = nice(sl_hi * rng.uniform(0.08, 0.2), max(0, starters - inpost), sl_hi)
    in_new, old_leavers = starters - sl, leavers - sl
    in_old = inpost - in_new
    ha = nice(agency * rng.uniform(0.75, 0.92), max(0, holders - inpost), min(agency, holders))
    hi = holders - ha
    his = nice(
        hi * in_new / inpost * rng.uniform(0.95, 1.1) if inpost else 0,
        max(0, hi - in_old),
        min(in_new, hi),
    )
    hac = nice(ha * cover / agency if agency else 0, max(0, ha - (agency - cover)), min(cover, ha))
    groups = {
        "in_old_ch": hi - his,
        "in_old_nch": in_old - (hi - his),
        "in_new_ch": his,
        "in_new_nch": in_new - his,
        "leave_old": old_leavers,
        "leave_new": sl,
        "ag_cov_ch": hac,
        "ag_cov_nch": cover - hac,
        "ag_non_ch": ha - hac,
        "ag_non_nch": agency - cover - (ha - hac),
        "vac_uncov": vacancy - cover,
    }
    cases = int(round(c["cases"]))
    return _Plan(
        groups=groups,
        cases=cases,
        days_lost=round(c["working_days_lost_fte"], 2) if inpost else 0.0,
        turnover=leavers / inpost if inpost else NATIONAL_2025["turnover_rate_fte"] / 100,
        caseload=cases / (holders / 100) if holders else NATIONAL_2025["caseload_fte"],
        cover_share=cover / vacancy if vacancy else 0.5,
        vacancy_rate=vacancy / (vacancy + inpost) if vacancy + inpost else 0.0,
    )


# ---------------------------------------------------------------------------------------------
# Teams
# ---------------------------------------------------------------------------------------------


def _make_teams(size_fte: float, rng: Rng) -> pd.DataFrame:
    n = int(np.clip(round(10 + size_fte / 55), 12, 25))
    extra_types = [t for t in TEAM_TYPES if _TEAM_INFO[t][3] > 0]
    w = np.array([_TEAM_INFO[t][3] for t in extra_types])
    chosen = list(TEAM_TYPES) + [extra_types[i] for i in _choice_idx(rng, w, n - len(TEAM_TYPES))]
    chosen.sort(key=TEAM_TYPES.index)
    rows = []
    homes = list(rng.permutation(_HOMES))
    for team_type in TEAM_TYPES:
        k = chosen.count(team_type)
        stem, service = _TEAM_INFO[team_type][:2]
        for i in range(k):
            if team_type == "residential":
                name = f"{homes[i % len(homes)]} {stem}"
            elif k > 1:
                name = f"{stem} {_AREAS[i % len(_AREAS)]}"
            else:
                name = stem
            rows.append((name, team_type, service))
    teams = pd.DataFrame(rows, columns=["name", "team_type", "service"])
    teams.insert(0, "team_key", np.arange(1, len(teams) + 1))
    return teams
