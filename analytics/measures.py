"""The DfE statutory children's social work workforce measures, computed from a register.

Column names are DfE's own (``domain-facts.md`` §1), so figures can be laid beside the published
ones. The rules are those of ``formats.md`` ("The workforce measures"):

- only ``profession == "social_worker"`` counts;
- *in post* on the census date D: ``start_date <= D < end_date`` (or no end), permanent or fixed
  term; a person counts once in a headcount;
- *starter* / *leaver*: a permanent or fixed-term spell starting / ending inside the census year
  (1 October to 30 September, both inclusive);
- *agency*: an agency spell covering D;
- *vacancy*: a funded social work post (``funded_from <= D <= funded_to``) not held on D by a
  permanent or fixed-term social worker in post; *agency cover*: such a post held by an agency
  social worker on D (a holder holds the post for the whole of each of their spells);
- *case holders*: social workers in post or agency on D with at least one child allocated on D
  (``start_date <= D < end_date``); *cases*: the children allocated to them on D;
- *working days lost*: ``SIC`` absences of permanent or fixed-term social workers, the part inside
  the census year pro rata by calendar days (both ends inclusive).

Inputs are DataFrames (dates as ``datetime.date`` or datetime64; missing end dates as None/NaT):

``spells``: person_id, profession, contract, fte, start_date, end_date, and optionally
valid_from, valid_to when a spell is given as several dated states (see below)
``posts``: post_id, fte, social_work_post, funded_from, funded_to, holder_person_id
``absences``: person_id, reason, start_date, end_date, working_days
``allocations``: child_id, person_id, start_date, end_date
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

MEASURES: list[str] = [
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "agency_cover_fte",
    "agency_cover_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
]
COUNT_MEASURES = {
    "inpost_headcount",
    "starters_headcount",
    "leavers_headcount",
    "agency_headcount",
    "cases",
}
RATE_MEASURES = {m for m in MEASURES if "rate" in m} | {"caseload_fte"}
EMPLOYEE = ("permanent", "fixed_term")
WORKING_DAYS_PER_YEAR = 253

Measures = dict[str, float | int | None]


def census_year_bounds(year: int) -> tuple[date, date]:
    """The census year ending 30 September *year*: (1 October year-1, 30 September year)."""
    return date(year - 1, 10, 1), date(year, 9, 30)


def _dates(series: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return series
    return pd.to_datetime(series, errors="coerce")


def _covers(start: pd.Series, end: pd.Series, day: pd.Timestamp) -> pd.Series:
    """Held on *day*: started on or before it and not ended on or before it."""
    return (start <= day) & (end.isna() | (end > day))


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else numerator / denominator * 100


def rates_from_components(c: dict[str, float]) -> dict[str, float | None]:
    """The published rates from their (unrounded) components."""
    caseload = None if c["case_holders_fte"] == 0 else c["cases"] / c["case_holders_fte"]
    return {
        "turnover_rate_fte": _ratio(c["leavers_fte"], c["inpost_fte"]),
        "agency_rate_fte": _ratio(c["agency_fte"], c["agency_fte"] + c["inpost_fte"]),
        "agency_cover_rate_fte": _ratio(c["agency_cover_fte"], c["agency_fte"]),
        "vacancy_rate_fte": _ratio(c["vacancy_fte"], c["vacancy_fte"] + c["inpost_fte"]),
        "vacancy_agency_cover_rate_fte": _ratio(c["agency_cover_fte"], c["vacancy_fte"]),
        "caseload_fte": caseload,
        "absence_rate_fte": _ratio(
            c["working_days_lost_fte"], c["inpost_fte"] * WORKING_DAYS_PER_YEAR
        ),
    }


def round_half_up(value: float, places: int = 1) -> float:
    """Round as the published figures are (12.25 -> 12.3), not to even."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_measures(raw: dict[str, float | None]) -> Measures:
    """Round as DfE publishes: FTEs and rates to one decimal place, counts whole."""
    out: Measures = {}
    for name in MEASURES:
        value = raw.get(name)
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out[name] = None
        elif name in COUNT_MEASURES:
            out[name] = int(round(value))
        else:
            out[name] = round_half_up(float(value))
    return out


def compute_measures_raw(
    spells: pd.DataFrame,
    posts: pd.DataFrame,
    absences: pd.DataFrame,
    allocations: pd.DataFrame,
    year: int,
) -> dict[str, float | None]:
    """Every measure for census *year*, unrounded (for aggregation and charts)."""
    year_start, year_end = (pd.Timestamp(d) for d in census_year_bounds(year))
    day = year_end

    sw = spells[spells["profession"] == "social_worker"]
    s_start, s_end = _dates(sw["start_date"]), _dates(sw["end_date"])
    fte = sw["fte"].astype(float)
    employee = sw["contract"].isin(EMPLOYEE)
    agency = sw["contract"] == "agency"
    # A spell whose FTE, team or contract changed is given as dated states: rows sharing the
    # spell's start and end, each valid from ``valid_from`` until the next one's (``valid_to``,
    # exclusive). Starters count the first state, leavers the last, the census date the one then.
    if "valid_from" in sw.columns:
        v_from, v_to = _dates(sw["valid_from"]), _dates(sw["valid_to"])
    else:
        v_from, v_to = s_start, pd.Series(pd.NaT, index=sw.index)
    first_state, last_state = v_from <= s_start, v_to.isna()
    covers = _covers(s_start, s_end, day) & _covers(v_from, v_to, day)

    inpost = employee & covers
    starters = employee & first_state & (s_start >= year_start) & (s_start <= year_end)
    leavers = employee & last_state & s_end.notna() & (s_end >= year_start) & (s_end <= year_end)
    on_agency = agency & covers

    c: dict[str, float] = {
        "inpost_fte": float(fte[inpost].sum()),
        "inpost_headcount": float(sw.loc[inpost, "person_id"].nunique()),
        "starters_fte": float(fte[starters].sum()),
        "starters_headcount": float(sw.loc[starters, "person_id"].nunique()),
        "leavers_fte": float(fte[leavers].sum()),
        "leavers_headcount": float(sw.loc[leavers, "person_id"].nunique()),
        "agency_fte": float(fte[on_agency].sum()),
        "agency_headcount": float(sw.loc[on_agency, "person_id"].nunique()),
    }

    # Vacancies: funded social work posts not held by an employed social worker in post on D.
    employed_ids = set(sw.loc[inpost, "person_id"])
    agency_ids = set(sw.loc[on_agency, "person_id"])
    swp = posts[posts["social_work_post"].astype(bool)]
    funded = (_dates(swp["funded_from"]) <= day) & (
        _dates(swp["funded_to"]).isna() | (_dates(swp["funded_to"]) >= day)
    )
    funded_posts = swp[funded]
    holder = funded_posts["holder_person_id"]
    vacant = ~holder.isin(employed_ids) | holder.isna()
    post_fte = funded_posts["fte"].astype(float)
    c["vacancy_fte"] = float(post_fte[vacant].sum())
    c["agency_cover_fte"] = float(post_fte[vacant & holder.isin(agency_ids)].sum())

    # Case holders: social workers in post or agency on D holding a case on D.
    working = sw[inpost | on_agency]
    held = allocations[
        _covers(_dates(allocations["start_date"]), _dates(allocations["end_date"]), day)
        & allocations["person_id"].isin(set(working["person_id"]))
    ].drop_duplicates(["child_id", "person_id"])
    holders = set(held["person_id"])
    c["case_holders_fte"] = float(
        working.loc[working["person_id"].isin(holders), "fte"].astype(float).sum()
    )
    c["cases"] = float(len(held))

    # Working days lost: sickness while a permanent or fixed-term social worker, pro rata by
    # calendar days for the part inside the census year.
    sick = absences[absences["reason"] == "SIC"].reset_index(drop=True)
    sick = sick.assign(
        _absence=np.arange(len(sick)),
        _a_start=_dates(sick["start_date"]),
        _a_end=_dates(sick["end_date"]),
    )
    employee_spells = pd.DataFrame(
        {
            "person_id": sw.loc[employee, "person_id"],
            "_s_start": s_start[employee],
            "_s_end": s_end[employee],
        }
    )
    joined = sick.merge(employee_spells, on="person_id", how="inner")
    overlapping = (joined["_s_start"] <= joined["_a_end"]) & (
        joined["_s_end"].isna() | (joined["_s_end"] >= joined["_a_start"])
    )
    sick = joined[overlapping].drop_duplicates("_absence")
    a_start, a_end = sick["_a_start"], sick["_a_end"]
    overlap_start = a_start.where(a_start > year_start, year_start)
    overlap_end = a_end.where(a_end < year_end, year_end)
    overlap_days = ((overlap_end - overlap_start).dt.days + 1).clip(lower=0)
    total_days = ((a_end - a_start).dt.days + 1).clip(lower=1)
    c["working_days_lost_fte"] = float(
        (sick["working_days"].astype(float) * overlap_days / total_days).sum()
    )

    raw: dict[str, float | None] = {**c}
    raw.update(rates_from_components(c))
    return {name: raw[name] for name in MEASURES}


def compute_measures(
    spells: pd.DataFrame,
    posts: pd.DataFrame,
    absences: pd.DataFrame,
    allocations: pd.DataFrame,
    year: int,
) -> Measures:
    """Every measure for census *year*, rounded as published."""
    return round_measures(compute_measures_raw(spells, posts, absences, allocations, year))


def compute_measures_series(
    spells: pd.DataFrame,
    posts: pd.DataFrame,
    absences: pd.DataFrame,
    allocations: pd.DataFrame,
    years: list[int],
) -> pd.DataFrame:
    """One row of rounded measures per census year, indexed by year (for trend charts)."""
    rows = [compute_measures(spells, posts, absences, allocations, y) for y in years]
    return pd.DataFrame(rows, index=pd.Index(years, name="year"), columns=MEASURES)
