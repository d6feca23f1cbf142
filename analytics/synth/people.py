"""People: names, demographics, qualifications."""

from __future__ import annotations

import numpy as np

from analytics.synth.constants import YEAR, Arr, Rng
from analytics.synth.helpers import _choice_idx
from analytics.synth.reference import (
    _ETHNICITY_P,
    _FIRST_F,
    _FIRST_M,
    _LAST,
    _NAME_POOL,
    _OVERSEAS_UNIVERSITIES,
    _UNIVERSITIES,
)


def _names(rng: Rng, ethnicity: Arr, gender: Arr) -> tuple[Arr, Arr]:
    n = len(ethnicity)
    pools = np.array([_NAME_POOL[e] for e in ethnicity], dtype=object)
    concrete = list(_FIRST_F)
    anyp = rng.choice(concrete, n, p=[0.55, 0.05, 0.1, 0.1, 0.1, 0.07, 0.03])
    mixed_b = np.where(rng.random(n) < 0.5, "white", "caribbean")
    mixed_a = np.where(rng.random(n) < 0.5, "white", "south_asian")
    first_pool = np.where(pools == "any", anyp, pools)
    first_pool = np.where(first_pool == "mixed_black", mixed_b, first_pool)
    first_pool = np.where(first_pool == "mixed_asian", mixed_a, first_pool)
    last_pool = np.where(
        pools == "mixed_black", np.where(rng.random(n) < 0.5, "white", "caribbean"), first_pool
    )
    last_pool = np.where(
        pools == "mixed_asian", np.where(rng.random(n) < 0.5, "white", "south_asian"), last_pool
    )
    female = (gender == 2) | ((gender != 1) & (rng.random(n) < 0.5))
    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    u1, u2 = rng.random(n), rng.random(n)
    for pool in concrete:
        sel = first_pool == pool
        for is_f, lists in ((True, _FIRST_F), (False, _FIRST_M)):
            s = sel & (female == is_f)
            options = lists[pool]
            first[s] = np.array(options, dtype=object)[(u1[s] * len(options)).astype(int)]
        s = last_pool == pool
        options = _LAST[pool]
        last[s] = np.array(options, dtype=object)[(u2[s] * len(options)).astype(int)]
    return first, last


def _people(
    n: int,
    first_start: Arr,
    last_day: Arr,
    social_worker: Arr,
    first_agency: Arr,
    nq: Arr,
    overseas: Arr,
    retired_at: Arr,
    senior: Arr,
    rng: Rng,
) -> dict[str, Arr]:
    """Personal details, qualifications and SWE numbers for *n* people (arrays by person)."""
    gender = np.where(
        social_worker,
        rng.choice([2, 1, 9, 0], n, p=[0.82, 0.16, 0.01, 0.01]),
        rng.choice([2, 1, 9, 0], n, p=[0.7, 0.28, 0.01, 0.01]),
    )
    codes = list(_ETHNICITY_P)
    p = np.array([_ETHNICITY_P[c] for c in codes])
    ethnicity = np.array(codes, dtype=object)[_choice_idx(rng, p, n)]
    first, last = _names(rng, ethnicity, gender)
    level = rng.choice([1, 2, 3], n, p=[0.58, 0.38, 0.04])
    # years of post-qualifying experience at first start
    exp = rng.gamma(2.0, 3.5, n) + 0.5 + senior
    exp = np.where(first_agency, np.maximum(exp, 3.2), exp)
    exp = np.where(nq, 0.0, exp)
    age_q = np.where(level == 2, 24 + rng.gamma(2.0, 3.0, n), 21 + rng.gamma(1.5, 3.0, n))
    age_start = np.where(social_worker, age_q + exp, 19 + rng.gamma(2.0, 6.0, n))
    span = (last_day - first_start) / YEAR
    max_age = 66.0 - span
    age_start = np.minimum(age_start, np.maximum(max_age, 21.5))
    retiring = retired_at > 0
    age_start = np.where(retiring, np.maximum(rng.uniform(60, 66, n) - span, 21.5), age_start)
    exp = np.clip(np.minimum(exp, age_start - 21.0), 0, None)
    exp = np.where(nq, 0.0, exp)
    dob = first_start - (age_start * YEAR).astype(np.int64)
    qualified = (
        first_start
        - (exp * YEAR).astype(np.int64)
        - np.where(nq, rng.integers(30, 150, n), rng.integers(0, 120, n))
    )
    qualified = np.maximum(qualified, dob + int(21 * YEAR))
    qualified_year = 1970 + qualified / YEAR
    u = rng.random(n)
    frontline = social_worker & (qualified_year >= 2015) & (u < 0.07)
    step_up = social_worker & (qualified_year >= 2011) & (u >= 0.07) & (u < 0.11)
    level = np.where(frontline | step_up, 2, level)
    inst = np.array(_UNIVERSITIES, dtype=object)[rng.integers(0, len(_UNIVERSITIES), n)]
    abroad = np.array(_OVERSEAS_UNIVERSITIES, dtype=object)[
        rng.integers(0, len(_OVERSEAS_UNIVERSITIES), n)
    ]
    inst = np.where(overseas, abroad, inst)
    # SWE registration numbers: unique, issued in order of qualification
    swe = np.full(n, None, dtype=object)
    idx = np.flatnonzero(social_worker)
    numbers = np.sort(rng.choice(990_000, len(idx), replace=False)) + 10_000
    ranked = idx[np.argsort(qualified[idx], kind="stable")]
    swe[ranked] = np.array([f"SW{x:06d}" for x in numbers], dtype=object)
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "gender": gender,
        "ethnicity": ethnicity,
        "qualification_level": level,
        "qualification_institution": inst,
        "qualified_on": qualified,
        "step_up_grad": step_up,
        "frontline_grad": frontline,
        "swe_number": swe,
    }
