"""The projection's inputs, fitted from a council's register on a day (pure pandas).

``state_on`` reads the register as it stood on a day: employees (permanent and fixed-term
social workers) in post, their FTE and heads, those in their first year, the funded
social-work establishment, agency social workers, and the cases social workers hold (and the
FTE of those holding them). ``fit_inputs`` adds the rates from the year before the day and
from the fitted retention:

- ``p_first`` = 1 − S(1 year), ``p_after`` = 1 − (S(3)/S(1))^(1/2) from the Kaplan–Meier fit
  (with fewer than three years followed, or a group too small, the year's leavers over the
  heads in post at its start);
- ``case_holder_share`` = FTE of the social workers holding a case ÷ all social workers' FTE
  (employees and agency), so that year 0's caseload is DfE's ``caseload_fte``;
- ``fill_rate`` = starters in the year ÷ (posts vacant at its start + leavers in it), kept
  between 5% and 95%;
- ``nq_share_of_hires`` = newly qualified starters (start origin 1) ÷ starters;
- ``agency_cover`` = agency FTE ÷ vacant FTE on the day (at most 1);
- ``demand_growth`` = open cases on the day ÷ open cases a year before − 1 (0 without both);
- the academy (``academy_inputs``, from the academy area's enrolments): ``academy_intake`` =
  enrolments that started in the three years to the day ÷ the years the academy has been
  recording in them (at most three, at least one); ``academy_planned`` = places already
  recorded (by the day) to start in each of the years ahead (enrolments dated after it), which that
  year takes instead; ``academy_first_year_heads`` = enrolments in progress that started in
  the year to the day; ``academy_qualifying`` = those in progress whose expected qualifying
  day (a year from starting, or the extension's end) falls in the year after it (reported,
  not modelled);
  ``academy_completion`` = passed ÷ finished (passed, not passed or left before the year ended,
  by the day), used only with five or more finished. The academy's starters in the year are
  taken out of ``fill_rate`` (they are not filling vacancies by recruitment).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from analytics.projection import Inputs

EMPLOYEE = ("permanent", "fixed_term")
ACADEMY_YEARS = 3
ACADEMY_MIN_FINISHED = 5
FINISHED = ("passed", "failed", "left")


@dataclass(frozen=True)
class AcademyPlace:
    """One academy enrolment: the person, the day it started, its outcome (``in_progress``,
    ``extended``, ``passed``, ``failed``, ``left``), the day of the outcome and the expected
    qualifying day (a year from the start, or the extension's end)."""

    person: Any
    started_on: date
    outcome: str
    outcome_on: date | None
    expected_end: date
    recorded_on: date | None = None  # when the place was recorded (None: not known)


def academy_inputs(places: list[AcademyPlace], day: date, *, years: int = 5) -> dict[str, Any]:
    """The academy's intake, places recorded ahead, people in their assessed year now and the
    historic completion rate, on *day* (see the module docstring)."""
    started = [p for p in places if p.started_on <= day]
    window = day - timedelta(days=round(365.25 * ACADEMY_YEARS))
    recent = [p for p in started if p.started_on > window]
    first = min((p.started_on for p in started), default=None)
    span = 1.0
    if first is not None:
        span = min(max((day - first).days / 365.25, 1.0), float(ACADEMY_YEARS))
    # A place counts as planned only if it was recorded by the day: a backtest from a past day
    # must not know of places recorded since.
    ahead = [p for p in places if p.recorded_on is None or p.recorded_on <= day]
    planned = [
        sum(
            1
            for p in ahead
            if day + timedelta(days=365 * y) < p.started_on <= day + timedelta(days=365 * (y + 1))
        )
        for y in range(years)
    ]
    while planned and planned[-1] == 0:
        planned.pop()
    finished = [
        p for p in started if p.outcome in FINISHED and p.outcome_on and p.outcome_on <= day
    ]
    passed = sum(1 for p in finished if p.outcome == "passed")
    done_by_day = {id(p) for p in finished}
    going = [p for p in started if id(p) not in done_by_day]
    year_ago = day - timedelta(days=365)
    return {
        "academy_intake": round(len(recent) / span, 4),
        "academy_planned": tuple(float(n) for n in planned),
        "academy_first_year_heads": len({p.person for p in going if p.started_on > year_ago}),
        "academy_qualifying": sum(
            1 for p in going if day < p.expected_end <= day + timedelta(days=365)
        ),
        "academy_completion": (
            passed / len(finished) if len(finished) >= ACADEMY_MIN_FINISHED else None
        ),
        "academy_finished": len(finished),
    }


def _d(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce")


def _covers(start: pd.Series, end: pd.Series, day: pd.Timestamp) -> pd.Series:
    return (start <= day) & (end.isna() | (end > day))


@dataclass(frozen=True)
class State:
    day: date
    inpost_fte: float
    heads: int
    first_year_heads: int
    establishment_fte: float
    agency_fte: float
    cases: int
    case_holders_fte: float = 0.0


def state_on(
    spells: pd.DataFrame, posts: pd.DataFrame, allocations: pd.DataFrame, day: date
) -> State:
    """The register on *day* (columns as ``analytics.measures`` reads them)."""
    stamp = pd.Timestamp(day)
    sw = spells[spells["profession"] == "social_worker"]
    start, end = _d(sw["start_date"]), _d(sw["end_date"])
    covers = _covers(start, end, stamp)
    if "valid_from" in sw.columns:
        covers &= _covers(_d(sw["valid_from"]).fillna(start), _d(sw["valid_to"]), stamp)
    employee = sw["contract"].isin(EMPLOYEE) & covers
    agency = (sw["contract"] == "agency") & covers
    fte = sw["fte"].astype(float)
    year_ago = stamp - pd.Timedelta(days=365)
    posts_on = posts[
        posts["social_work_post"].astype(bool)
        & _covers(_d(posts["funded_from"]), _d(posts["funded_to"]), stamp)
    ]
    a_start, a_end = _d(allocations["start_date"]), _d(allocations["end_date"])
    workers = set(sw.loc[employee | agency, "person_id"])
    held = allocations[_covers(a_start, a_end, stamp) & allocations["person_id"].isin(workers)]
    holders = sw[(employee | agency) & sw["person_id"].isin(set(held["person_id"]))]
    return State(
        day=day,
        inpost_fte=round(float(fte[employee].sum()), 6),
        heads=int(sw.loc[employee, "person_id"].nunique()),
        first_year_heads=int(sw.loc[employee & (start > year_ago), "person_id"].nunique()),
        establishment_fte=round(float(posts_on["fte"].astype(float).sum()), 6),
        agency_fte=round(float(fte[agency].sum()), 6),
        cases=int(held["child_id"].nunique()),
        case_holders_fte=round(float(holders["fte"].astype(float).sum()), 6),
    )


def _clip(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def fit_inputs(
    spells: pd.DataFrame,
    posts: pd.DataFrame,
    allocations: pd.DataFrame,
    day: date,
    *,
    survival_at: dict[int, float | None] | None = None,
    retention_people: int = 0,
    start_origins: dict[Any, int | None] | None = None,
    academy: list[AcademyPlace] | None = None,
    **overrides: Any,
) -> Inputs:
    """Inputs for a projection from *day* (see the module docstring).

    *survival_at* is the fitted Kaplan–Meier S(t) at 1 and 3 years (None where not estimated);
    *start_origins* maps a spell's ``person_id`` to its census start origin.
    """
    now = state_on(spells, posts, allocations, day)
    before = state_on(spells, posts, allocations, day - timedelta(days=365))
    sw = spells[(spells["profession"] == "social_worker") & spells["contract"].isin(EMPLOYEE)]
    if "valid_from" in sw.columns:
        sw = sw[_d(sw["valid_from"]).isna() | (_d(sw["valid_from"]) <= _d(sw["start_date"]))]
    start, end = _d(sw["start_date"]), _d(sw["end_date"])
    stamp, year_ago = pd.Timestamp(day), pd.Timestamp(day) - pd.Timedelta(days=365)
    starters = sw[(start > year_ago) & (start <= stamp)]
    leavers = sw[end.notna() & (end > year_ago) & (end <= stamp)]
    s1 = (survival_at or {}).get(1)
    s3 = (survival_at or {}).get(3)
    turnover = len(leavers) / before.heads if before.heads else 0.12
    p_first = 1 - s1 if s1 is not None else turnover
    p_after = 1 - (s3 / s1) ** 0.5 if s1 and s3 is not None else turnover
    vacant_then = max(before.establishment_fte - before.inpost_fte, 0.0)
    fte_per_head = now.inpost_fte / now.heads if now.heads else 1.0
    places = academy or []
    academy_values = academy_inputs(places, day)
    through_academy = {
        p.person for p in places if year_ago.date() < p.started_on <= day
    }  # started through the academy in the year: not recruitment filling a vacancy
    recruited = sum(1 for p in starters["person_id"] if p not in through_academy)
    openings = vacant_then / fte_per_head + len(leavers) - (len(starters) - recruited)
    fill = recruited / openings if openings > 0 else 0.6
    academy_values["academy_first_year_heads"] = min(
        academy_values["academy_first_year_heads"], now.first_year_heads
    )
    origins = start_origins or {}
    nq = sum(1 for p in starters["person_id"] if origins.get(p) == 1)
    vacancy = max(now.establishment_fte - now.inpost_fte, 0.0)
    values: dict[str, Any] = {
        "inpost_fte": now.inpost_fte,
        "heads": now.heads,
        "first_year_heads": now.first_year_heads,
        "establishment_fte": now.establishment_fte,
        "agency_fte": now.agency_fte,
        "cases": float(now.cases),
        "case_holder_share": (
            now.case_holders_fte / (now.inpost_fte + now.agency_fte)
            if now.case_holders_fte and (now.inpost_fte + now.agency_fte)
            else 0.8
        ),
        "p_first": _clip(p_first, 0.01, 0.9),
        "p_after": _clip(p_after, 0.01, 0.9),
        "rate_evidence": max(retention_people, now.heads, 2),
        "fill_rate": _clip(fill, 0.05, 0.95),
        "nq_share_of_hires": nq / len(starters) if len(starters) else 0.3,
        "agency_cover": _clip(now.agency_fte / vacancy, 0.0, 1.0) if vacancy else 0.0,
        "demand_growth": (now.cases / before.cases - 1) if before.cases and now.cases else 0.0,
        **academy_values,
    }
    values.update(overrides)
    return Inputs(**values)
