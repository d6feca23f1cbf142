"""What drives leaving: a Cox proportional-hazards model with time-varying covariates
(lifelines ``CoxTimeVaryingFitter``) over the council's own records, reported as hazard ratios
with 95% intervals in plain words.

The data are *intervals*: one row per person per period (a month, say) with ``id``, ``start``
and ``stop`` (months since the tenure began), ``event`` (1 if they left at ``stop``) and the
covariates as they stood in that period (months over their caseload cap, supervision
compliance in the last six months, learning hours, team turnover …).

What is claimed, and what is not
    A factor is reported only when the evidence is big enough to say anything: at least
    :data:`SMALLEST_GROUP` people on each side of it (for a yes/no factor: people with it at
    some time, and without it) and :data:`MIN_EVENTS` leavers in all; otherwise it says "not
    enough people". A factor whose 95% interval includes 1 is "no clear effect" — no ratio is
    put in a sentence. Nothing here scores a named person: the output is about factors, never
    about anyone in the data.

Calendar time
    Length of service is the model's clock, so two people are compared at the same month of
    service, which may fall in different years. A council loses more people in some years
    than in others, and anything that also changes from year to year (the team's turnover
    over the last year, learning recorded only in recent years) would then stand in for the
    year and look like a cause. Where the intervals carry a ``period`` (the census year, October
    to September, that the interval starts in; :func:`person_months` gives it), the baseline
    is stratified by it: each leaver is compared only with those in post in the same census
    year. Each interval's factors are measured on the day it starts, counted in days from the
    start of the tenure, so always before the person left: never from the leaving itself or
    after it.

Proportional hazards
    For each factor the model is fitted again with the factor × log(time) added; a small p-value
    for that term (< 0.05) says the factor's effect changes with length of service, and the
    sentence says so ("the ratio is an average over time").
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

SMALLEST_GROUP = 5
MIN_EVENTS = 10
ALPHA = 0.05
PERIOD = "period"
MONTH_DAYS = 30.4375


@dataclass(frozen=True)
class Factor:
    """A covariate and how to say it: ``"people over their cap for three months or more"``;
    ``unit`` is for a number ("each 10 hours of learning"), ``scale`` its size."""

    column: str
    words: str
    binary: bool = True
    scale: float = 1.0
    unit: str = ""


def _first_up(text: str) -> str:
    """The first letter a capital, the rest as written (so "ASYE" stays)."""
    return text[:1].upper() + text[1:]


@dataclass
class Finding:
    factor: Factor
    hazard_ratio: float | None = None
    low: float | None = None
    high: float | None = None
    p_value: float | None = None
    ph_p_value: float | None = None
    people_with: int = 0
    people_without: int = 0
    status: str = ""  # "effect", "no clear effect", "not enough people"

    @property
    def claimed(self) -> bool:
        return self.status == "effect"

    def sentence(self) -> str:
        f = self.factor
        if self.status == "not enough people":
            return f"{_first_up(f.words)}: not enough people to say."
        if self.hazard_ratio is None or self.low is None or self.high is None:
            return f"{_first_up(f.words)}: no estimate."
        if self.status == "no clear effect" and not (self.low > 0.001 and self.high < 1000):
            return (
                f"{_first_up(f.words)}: the records cannot tell (no one who left had it, or "
                "everyone who left did)."
            )
        if self.status == "no clear effect":
            return (
                f"{_first_up(f.words)}: no clear effect on leaving (the 95% interval, "
                f"{self.low:.1f} to {self.high:.1f} times as fast, includes no difference)."
            )
        hr = self.hazard_ratio
        how = (
            f"left {hr:.1f} times as fast ({self.low:.1f}–{self.high:.1f})"
            if hr >= 1
            else f"left at {hr:.2f} times the rate ({self.low:.2f}–{self.high:.2f}): "
            f"{(1 - hr) * 100:.0f}% slower"
        )
        subject = f.words if f.binary else f"{f.words}, for each {f.scale:g} {f.unit}".strip()
        text = f"{_first_up(subject)} {how}."
        if self.ph_p_value is not None and self.ph_p_value < ALPHA:
            text += " The effect changes with length of service: the ratio is an average over time."
        return text


def _strata(data: pd.DataFrame) -> list[str]:
    """The baseline is stratified by :data:`PERIOD` where the intervals carry it and it varies:
    people are compared only with others in post in the same census year."""
    return [PERIOD] if PERIOD in data.columns and data[PERIOD].nunique() > 1 else []


def _fit(data: pd.DataFrame, columns: Sequence[str]) -> object:
    from lifelines import CoxTimeVaryingFitter

    strata = _strata(data)
    model = CoxTimeVaryingFitter(penalizer=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(
            data[["id", "start", "stop", "event", *strata, *columns]],
            id_col="id",
            start_col="start",
            stop_col="stop",
            event_col="event",
            strata=strata or None,
            show_progress=False,
        )
    return model


def drivers(intervals: pd.DataFrame, factors: Sequence[Factor]) -> list[Finding]:
    """Fit the Cox model with every factor big enough, and say what each shows."""
    findings = {f.column: Finding(f) for f in factors}
    events = int(intervals.groupby("id")["event"].max().sum()) if len(intervals) else 0
    usable = []
    for f in factors:
        finding = findings[f.column]
        if f.binary:
            ever = intervals.groupby("id")[f.column].max() > 0
            never = intervals.groupby("id")[f.column].min() <= 0
            finding.people_with, finding.people_without = int(ever.sum()), int(never.sum())
        else:
            finding.people_with = finding.people_without = int(intervals["id"].nunique())
        spread = intervals[f.column].std() if len(intervals) else 0.0
        if (
            finding.people_with < SMALLEST_GROUP
            or finding.people_without < SMALLEST_GROUP
            or events < MIN_EVENTS
            or not spread
            or math.isnan(spread)
        ):
            finding.status = "not enough people"
            continue
        usable.append(f)
    if not usable:
        return [findings[f.column] for f in factors]
    data = intervals.copy()
    for f in usable:
        if not f.binary:
            data[f.column] = data[f.column] / f.scale
    # A factor almost no leaver had can leave the model with no solution (a singular matrix):
    # then the factor with the fewest people having it is set aside, and so on.
    while True:
        try:
            model = _fit(data, [f.column for f in usable])
            break
        except Exception:  # noqa: BLE001 - lifelines raises several kinds when it cannot fit
            if len(usable) <= 1:
                for f in usable:
                    findings[f.column].status = "not enough people"
                return [findings[f.column] for f in factors]
            weakest = min(usable, key=lambda f: findings[f.column].people_with)
            findings[weakest.column].status = "not enough people"
            usable.remove(weakest)
    summary = model.summary  # type: ignore[attr-defined]
    for f in usable:
        row = summary.loc[f.column]
        finding = findings[f.column]
        finding.hazard_ratio = round(float(row["exp(coef)"]), 2)
        finding.low = round(float(row["exp(coef) lower 95%"]), 2)
        finding.high = round(float(row["exp(coef) upper 95%"]), 2)
        finding.p_value = float(row["p"])
        claimed = finding.p_value < ALPHA and not (finding.low <= 1 <= finding.high)
        finding.status = "effect" if claimed else "no clear effect"
        finding.ph_p_value = _ph_test(data, [g.column for g in usable], f.column)
    return [findings[f.column] for f in factors]


def _ph_test(data: pd.DataFrame, columns: list[str], column: str) -> float | None:
    """The p-value of *column* × log(time): small when the effect changes over time."""
    term = f"{column}__x_log_time"
    trial = data.copy()
    trial[term] = trial[column] * np.log(trial["stop"].clip(lower=1e-3))
    try:
        model = _fit(trial, [*columns, term])
    except Exception:  # noqa: BLE001 - a model that cannot be fitted tells us nothing here
        return None
    return float(model.summary.loc[term, "p"])  # type: ignore[attr-defined]


def monthly_intervals(people: pd.DataFrame, covariates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Split each tenure into months.

    *people*: ``id``, ``months`` (length of tenure observed, in months), ``event`` (1 if they
    left at its end). *covariates*: ``id``, ``month`` (0-based month of tenure) and columns;
    a month without a row carries the last value on (0 before the first).
    """
    rows = []
    for pid, months, event in people[["id", "months", "event"]].itertuples(index=False):
        whole = int(math.ceil(months))
        for m in range(whole):
            stop = min(m + 1, months)
            if stop <= m:
                continue
            rows.append((pid, m, float(stop), int(event and m == whole - 1)))
    frame = pd.DataFrame(rows, columns=["id", "start", "stop", "event"])
    if covariates is None or covariates.empty:
        return frame
    merged = frame.merge(
        covariates.rename(columns={"month": "start"}), on=["id", "start"], how="left"
    ).sort_values(["id", "start"])
    value_columns = [c for c in covariates.columns if c not in ("id", "month")]
    merged[value_columns] = merged.groupby("id")[value_columns].ffill().fillna(0)
    return merged.reset_index(drop=True)


CASELOAD = Factor(
    "over_cap", "people over their caseload cap for three months or more of the last six"
)
SUPERVISION = Factor(
    "supervision_short", "people supervised fewer than three times in the last six months"
)
LEARNING = Factor(
    "learning_hours",
    "learning hours in the last 12 months",
    binary=False,
    scale=10,
    unit="hours",
)
ASYE = Factor("asye", "people in their assessed and supported year in employment (ASYE)")
TEAM_TURNOVER = Factor(
    "team_turnover",
    "turnover in the person's team over the last 12 months",
    binary=False,
    scale=10,
    unit="percentage points",
)
MANAGER_CHANGE = Factor("manager_changed", "people whose line manager changed in the last year")
AGENCY_SHARE = Factor(
    "agency_share",
    "the agency share of the person's team",
    binary=False,
    scale=10,
    unit="percentage points",
)
PROGRESSION = Factor(
    "progression_refused", "people whose progression a panel did not agree in the last year"
)
STANDARD_FACTORS = (CASELOAD, SUPERVISION)
# Every factor the council's records can give; one whose records are empty (no spread) says
# "not enough people" rather than guessing.
ALL_FACTORS = (
    CASELOAD,
    SUPERVISION,
    LEARNING,
    ASYE,
    TEAM_TURNOVER,
    MANAGER_CHANGE,
    AGENCY_SHARE,
    PROGRESSION,
)
EXTRA_COLUMNS = [
    "learning_hours",
    "asye",
    "team_turnover",
    "manager_changed",
    "agency_share",
    "progression_refused",
]


def _interval_days(first: date, months: range) -> list[date]:
    """The day each interval (tenure month) starts: *first* plus whole days of
    :data:`MONTH_DAYS` months. Counted as the intervals are, so an interval's day is never after
    the tenure's end (a calendar month from *first* could be: a tenure of 8.02 months from
    1 March ends on 31 October, and its ninth calendar month would start on 1 November)."""
    return [first + timedelta(days=math.floor(m * MONTH_DAYS)) for m in months]


def census_year(day: date) -> int:
    """The census year (October to September) *day* falls in: 2025 for 1 October 2024 to
    30 September 2025."""
    return day.year + 1 if day.month >= 10 else day.year


def person_months(
    tenures: Sequence[Any],
    *,
    allocations: Sequence[tuple[Any, date, date | None]],
    sessions: Sequence[tuple[Any, Any]],
    cap: float,
    on: date,
    observed_from: date | None = None,
    learning: dict[Any, list[tuple[date, float]]] | None = None,
    asye_starts: dict[Any, date | None] | None = None,
    team_context: dict[tuple[Any, int, int], tuple[float, float]] | None = None,
    manager_changes: dict[Any, list[date]] | None = None,
    progression_refusals: dict[Any, list[date]] | None = None,
) -> pd.DataFrame:
    """Monthly intervals of each tenure (from when the register watched it) with the standard
    factors: ``over_cap`` (1 when, in this month and the five before, the person held more
    cases than *cap* at three or more month starts) and ``supervision_short`` (1 when fewer than
    three supervision sessions were held with them in the last six months, once they have been
    in post six months).

    With the optional records, also: ``learning_hours`` (hours of learning attended and CPD
    recorded in the last 12 months, from *learning*: person → [(day, hours)]); ``asye`` (1 in
    the year from the person's ASYE start, *asye_starts*); ``team_turnover`` and
    ``agency_share`` (percentages for the tenure's team in the calendar month, from
    *team_context*: (team, year, month) → (turnover, agency share)); ``manager_changed`` (1 when
    the line manager changed in the last 12 months, *manager_changes*: person → [days]);
    ``progression_refused`` (1 in the 12 months after a panel did not agree the person's
    progression, *progression_refusals*: person → [panel days]).

    Every factor is as it stood on the day the interval starts (:func:`_interval_days`), from
    records dated before that day, and that day is before the tenure's end; the team's turnover
    is of the calendar month before it, so a person's own leaving is never in their own
    factors. ``period`` is that day's census year, the stratum of the baseline."""
    by_worker: dict[Any, list[tuple[date, date | None]]] = {}
    for worker, start, end in allocations:
        by_worker.setdefault(worker, []).append((start, end))
    held: dict[Any, list[date]] = {}
    for person, when in sessions:
        held.setdefault(person, []).append(when.date() if hasattr(when, "date") else when)
    first_session = min((min(days) for days in held.values()), default=None)
    rows: list[tuple[Any, ...]] = []
    far = np.datetime64("9999-12-31")
    for t in tenures:
        begin = max(t.start, observed_from) if observed_from else t.start
        left = t.end is not None and t.end <= on
        end = t.end if left and t.end is not None else on
        if end <= begin:
            continue
        total = (end - t.start).days / MONTH_DAYS
        first_month = int((begin - t.start).days // MONTH_DAYS)
        months = int(math.ceil(total)) - first_month
        starts = _interval_days(t.start, range(first_month, first_month + months))
        days = np.array(starts, dtype="datetime64[D]")
        cases = by_worker.get(t.person, [])
        if cases:
            a_start = np.array([c[0] for c in cases], dtype="datetime64[D]")
            a_end = np.array([c[1] if c[1] else far for c in cases], dtype="datetime64[D]")
            held_counts = ((a_start[:, None] <= days) & (a_end[:, None] > days)).sum(axis=0)
        else:
            held_counts = np.zeros(len(starts))
        over = (held_counts > cap).astype(int)
        sessions_on = sorted(held.get(t.person, []))
        for i, m in enumerate(range(first_month, first_month + months)):
            window = over[max(0, i - 5) : i + 1].sum()
            day = starts[i]
            since = day - timedelta(days=183)
            recent = sum(1 for s in sessions_on if since <= s < day)
            # Supervision is judged only where it is recorded: once at least half the six months
            # lies after the council's first session in Thrive, and for people with any session
            # recorded (a register older than the supervision records is not "unsupervised").
            recorded = bool(sessions_on) and (
                first_session is None or day - timedelta(days=92) >= first_session
            )
            short = int(m >= 6 and recent < 3 and recorded)
            stop = min(m + 1.0, total)
            if stop <= m:
                continue
            event = int(left and m + 1 >= total)
            year_ago = day - timedelta(days=365)
            hours = sum(h for d, h in (learning or {}).get(t.person, ()) if year_ago <= d < day)
            asye_from = (asye_starts or {}).get(t.person)
            in_asye = int(asye_from is not None and asye_from <= day < asye_from + timedelta(365))
            turnover, agency = (team_context or {}).get((t.team, day.year, day.month), (0.0, 0.0))
            changed = int(
                any(year_ago <= d < day for d in (manager_changes or {}).get(t.person, ()))
            )
            refused = int(
                any(year_ago <= d < day for d in (progression_refusals or {}).get(t.person, ()))
            )
            rows.append(
                (
                    f"{t.person}:{t.start}",
                    m,
                    stop,
                    event,
                    int(window >= 3),
                    short,
                    float(hours),
                    in_asye,
                    float(turnover),
                    changed,
                    float(agency),
                    refused,
                    census_year(day),
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "start",
            "stop",
            "event",
            "over_cap",
            "supervision_short",
            *EXTRA_COLUMNS,
            PERIOD,
        ],
    )


def team_context(
    spells: Sequence[tuple[Any, str, float, date, date | None]],
    leavings: Sequence[tuple[Any, date]],
    months: Sequence[tuple[int, int]],
) -> dict[tuple[Any, int, int], tuple[float, float]]:
    """Each team's turnover over the 12 months before the first of each of *months* (permanent
    leavers as a percentage of the permanent headcount then) and its agency share (agency FTE as
    a percentage of all social-worker FTE in post then).

    *spells*: (team, contract, fte, start, end) of social workers; *leavings*: (team, day) of
    each permanent social worker's leaving the council."""
    by_team: dict[Any, list[tuple[str, float, date, date | None]]] = {}
    for team, contract, fte, start, end in spells:
        by_team.setdefault(team, []).append((contract, float(fte), start, end))
    left: dict[Any, list[date]] = {}
    for team, day in leavings:
        left.setdefault(team, []).append(day)
    far = np.datetime64("9999-12-31")
    days = np.array([date(y, m, 1) for y, m in months], dtype="datetime64[D]")
    out: dict[tuple[Any, int, int], tuple[float, float]] = {}
    for team, rows in by_team.items():
        kinds = np.array([r[0] for r in rows])
        ftes = np.array([r[1] for r in rows])
        starts = np.array([r[2] for r in rows], dtype="datetime64[D]")
        ends = np.array([r[3] or far for r in rows], dtype="datetime64[D]")
        in_post = (starts[:, None] <= days) & (ends[:, None] > days)
        total = (ftes[:, None] * in_post).sum(axis=0)
        agency = (ftes[:, None] * in_post * (kinds == "agency")[:, None]).sum(axis=0)
        heads = (in_post * (kinds == "permanent")[:, None]).sum(axis=0)
        gone = np.array(left.get(team, []), dtype="datetime64[D]")
        a_year = np.timedelta64(365, "D")
        recent = (
            ((gone[:, None] < days) & (gone[:, None] >= days - a_year)).sum(axis=0)
            if len(gone)
            else np.zeros(len(days))
        )
        for i, (y, m) in enumerate(months):
            out[(team, y, m)] = (
                round(100 * recent[i] / heads[i], 1) if heads[i] else 0.0,
                round(100 * agency[i] / total[i], 1) if total[i] else 0.0,
            )
    return out
