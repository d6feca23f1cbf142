"""Workforce projections: a vectorised Monte Carlo of a council's (or a team's) social workers
over one to five years, and scenarios side by side.

Each run steps a year at a time; every run is one row of a numpy array, so 10,000 runs × 5 years
is a handful of array operations per year (``benchmarks/projection_speed.py``).

One year, in each run
    1. *Leaving.* People in their first year leave with probability ``p_first`` (one minus the
       fitted one-year retention); everyone else with ``p_after`` (the fitted retention after
       the first year, or the council's turnover). Each run draws its own rates from a Beta
       distribution as wide as the evidence they were fitted on (``rate_evidence`` people), so
       the fan shows what we do not know about the rates as well as chance.
    2. *Demand.* Cases grow by ``demand_growth`` a year, with a run-to-run spread
       (``demand_sd``). With a caseload cap, the establishment grows to hold the cases at the
       cap (posts are added, not removed).
    3. *Starters.* The academy's newly qualified intake starts first (up to the posts vacant:
       the places recorded for the year, else the academy's intake a year), then each
       remaining vacancy is filled within the year with probability ``fill_rate`` (from the
       council's other starters against its vacancies and leavers). In their first year the
       academy's starters leave with one minus the academy's historic completion rate, where
       it is known; other first-years with ``p_first``.
    4. *Agency.* Vacancies are covered by agency workers at today's cover rate, up to the
       agency cap (a share of all social workers) where a scenario sets one.

Year 0 is today's register exactly (no randomness). For each year and quantity the 10th, 50th
and 90th percentiles over the runs are reported; the same seed gives the same answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

QUANTITIES = (
    "inpost_fte",
    "vacancy_fte",
    "agency_fte",
    "newly_qualified_share",
    "caseload",
    "agency_cost",
)
LABELS = {
    "inpost_fte": "Social workers in post (FTE)",
    "vacancy_fte": "Vacancies (FTE)",
    "agency_fte": "Agency social workers (FTE)",
    "newly_qualified_share": "Newly qualified (first year) share (%)",
    "caseload": "Cases per case-holding FTE",
    "agency_cost": "Agency cost in the year (£)",
}
PERCENTILES = (10, 50, 90)
# Used only where a council has neither agency placements nor a default rate recorded.
ASSUMED_AGENCY_COST = 80_000.0


@dataclass(frozen=True)
class Inputs:
    """Today's register and the rates fitted from it."""

    inpost_fte: float
    heads: int
    establishment_fte: float
    agency_fte: float
    cases: float
    case_holder_share: float = 0.8
    first_year_heads: int = 0
    p_first: float = 0.2
    p_after: float = 0.12
    rate_evidence: int = 100
    fill_rate: float = 0.6
    nq_share_of_hires: float = 0.3
    academy_intake: float = 0.0  # newly qualified starters through the academy a year
    # Places already recorded for the first projected years (year 1 first); later years take
    # ``academy_intake``.
    academy_planned: tuple[float, ...] = ()
    # Of ``first_year_heads``, those in the academy's assessed year now.
    academy_first_year_heads: int = 0
    # The academy's historic completion rate (passed ÷ finished), and how many finished: an
    # academy starter leaves in their first year with 1 − this (None: as other first-years).
    academy_completion: float | None = None
    academy_finished: int = 0
    academy_qualifying: int = 0  # in their assessed year, expected to finish within a year
    demand_growth: float = 0.02
    demand_sd: float = 0.03
    agency_cover: float = 0.8
    agency_cost_per_fte: float = ASSUMED_AGENCY_COST
    agency_cost_basis: str = ""  # where the cost came from (placements, a default rate …)

    def academy_intake_in(self, year: int) -> float:
        """The academy's intake in projected *year* (1 = the first)."""
        if 1 <= year <= len(self.academy_planned):
            return self.academy_planned[year - 1]
        return self.academy_intake

    @property
    def fte_per_head(self) -> float:
        return self.inpost_fte / self.heads if self.heads else 1.0


@dataclass(frozen=True)
class Scenario:
    """Changes to the inputs: any left as None keep the council's own."""

    name: str = "As now"
    academy_intake_delta: float = 0.0
    agency_cap_share: float | None = None
    caseload_cap: float | None = None
    turnover_rate: float | None = None  # % a year, for those past their first year

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scenario:
        """A scenario from its settings (a CLI file, the API's parameters): an unknown setting,
        a value that is not a number or one out of its range is refused, named."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(
                f"unknown scenario setting(s): {', '.join(unknown)}; "
                f"known: {', '.join(sorted(known))}"
            )
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "name":
                if not isinstance(value, str) or not value.strip():
                    raise ValueError("name must be some text")
                values[key] = value.strip()[:80]
                continue
            if value is None and key != "academy_intake_delta":
                values[key] = None
                continue
            low, high, what = SETTING_RANGES[key]
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"{key} must be a number, not {value!r}") from None
            if isinstance(value, bool) or not (low <= number <= high) or math.isnan(number):
                raise ValueError(f"{key} must be {what}, not {value!r}")
            values[key] = number
        return cls(**values)


# Each numeric setting's allowed range and how it is said.
SETTING_RANGES: dict[str, tuple[float, float, str]] = {
    "academy_intake_delta": (-500, 500, "from -500 to 500 people a year"),
    "agency_cap_share": (0, 0.9, "a share from 0 to 0.9 (0.1 for 10%)"),
    "caseload_cap": (1, 60, "from 1 to 60 cases"),
    "turnover_rate": (0, 100, "a percentage from 0 to 100"),
}


def region_scenario(region_turnover_rate: float) -> Scenario:
    """Turnover (after the first year) at the region's median published rate."""
    return Scenario(
        f"{REGION_SCENARIO} ({region_turnover_rate:.1f}%)", turnover_rate=region_turnover_rate
    )


REGION_SCENARIO = "Turnover at the region's median"


STANDARD_SCENARIOS = (
    Scenario(),
    Scenario("Academy intake +10 a year", academy_intake_delta=10),
    Scenario("Agency capped at 10%", agency_cap_share=0.10),
    Scenario("Caseload cap of 15", caseload_cap=15),
)


@dataclass
class Projection:
    scenario: Scenario
    years: int
    runs: int
    seed: int
    # quantity -> (years + 1, 3) array of p10, p50, p90
    bands: dict[str, np.ndarray] = field(default_factory=dict)

    def year_rows(self, start_year: int | None = None) -> list[dict[str, Any]]:
        rows = []
        for y in range(self.years + 1):
            row: dict[str, Any] = {"year": y}
            if start_year is not None:
                row["calendar_year"] = start_year + y
            for q, band in self.bands.items():
                row[q] = {f"p{p}": _round(q, band[y, i]) for i, p in enumerate(PERCENTILES)}
            rows.append(row)
        return rows

    def as_dict(self, start_year: int | None = None) -> dict[str, Any]:
        return {
            "scenario": asdict(self.scenario),
            "runs": self.runs,
            "seed": self.seed,
            "years": self.year_rows(start_year),
        }


def _round(quantity: str, value: float) -> float | None:
    if math.isnan(value):
        return None  # no one to share the cases between: no caseload, not zero
    if quantity == "agency_cost":
        return float(round(value, -2))
    return round(float(value), 1)


def _beta(rng: np.random.Generator, p: float, n: int, runs: int) -> np.ndarray:
    """Each run's rate, drawn as uncertain as a rate seen in *n* people."""
    p = min(max(p, 1e-4), 1 - 1e-4)
    n = max(n, 2)
    return rng.beta(p * n, (1 - p) * n, size=runs)


def project(
    inputs: Inputs,
    *,
    years: int = 5,
    runs: int = 10_000,
    seed: int = 0,
    scenario: Scenario | None = None,
) -> Projection:
    """Run the Monte Carlo; see the module's docstring for one year's steps."""
    if not 1 <= years <= 10:
        raise ValueError("years must be from 1 to 10")
    if not 1 <= runs <= 1_000_000:
        raise ValueError("runs must be from 1 to 1,000,000")
    sc = scenario or Scenario()
    rng = np.random.default_rng(seed)
    fte = inputs.fte_per_head
    p_after = inputs.p_after if sc.turnover_rate is None else sc.turnover_rate / 100
    p_first_run = _beta(rng, inputs.p_first, inputs.rate_evidence // 4 + 2, runs)
    p_after_run = _beta(rng, p_after, inputs.rate_evidence, runs)
    fill_run = _beta(rng, inputs.fill_rate, inputs.rate_evidence, runs)
    if inputs.academy_completion is None:
        p_academy_run = p_first_run
    else:
        p_academy_run = _beta(rng, 1 - inputs.academy_completion, inputs.academy_finished + 2, runs)

    academy_new = np.full(runs, inputs.academy_first_year_heads, dtype=np.int64)
    new = np.full(runs, inputs.first_year_heads - inputs.academy_first_year_heads, dtype=np.int64)
    old = np.full(runs, inputs.heads - inputs.first_year_heads, dtype=np.int64)
    cases = np.full(runs, float(inputs.cases))
    establishment = np.full(runs, float(inputs.establishment_fte))
    out = {q: np.empty((years + 1, runs)) for q in QUANTITIES}

    vacancy0 = max(inputs.establishment_fte - inputs.inpost_fte, 0.0)
    out["inpost_fte"][0] = inputs.inpost_fte
    out["vacancy_fte"][0] = vacancy0
    out["agency_fte"][0] = inputs.agency_fte
    out["newly_qualified_share"][0] = (
        100 * inputs.first_year_heads / inputs.heads if inputs.heads else 0.0
    )
    out["caseload"][0] = _caseload(cases, inputs.inpost_fte, inputs.agency_fte, inputs)
    out["agency_cost"][0] = inputs.agency_fte * inputs.agency_cost_per_fte

    for y in range(1, years + 1):
        left_new = rng.binomial(new, p_first_run)
        left_academy = rng.binomial(academy_new, p_academy_run)
        left_old = rng.binomial(old, p_after_run)
        old = old - left_old + (new - left_new) + (academy_new - left_academy)
        growth = rng.normal(inputs.demand_growth, inputs.demand_sd, size=runs)
        cases = cases * np.maximum(1 + growth, 0.5)
        if sc.caseload_cap:
            needed = cases / sc.caseload_cap / inputs.case_holder_share
            establishment = np.maximum(establishment, needed)
        open_heads = np.maximum(np.floor((establishment - old * fte) / fte + 1e-9), 0).astype(
            np.int64
        )
        intake = max(inputs.academy_intake_in(y) + sc.academy_intake_delta, 0.0)
        academy = np.minimum(np.int64(round(intake)), open_heads)
        external = rng.binomial(open_heads - academy, fill_run)
        nq_external = rng.binomial(external, inputs.nq_share_of_hires)
        academy_new, new = academy, external
        heads = old + new + academy_new
        inpost = heads * fte
        vacancy = np.maximum(establishment - inpost, 0.0)
        agency = vacancy * inputs.agency_cover
        if sc.agency_cap_share is not None:
            cap = inpost * sc.agency_cap_share / (1 - sc.agency_cap_share)
            agency = np.minimum(agency, cap)
        out["inpost_fte"][y] = inpost
        out["vacancy_fte"][y] = vacancy
        out["agency_fte"][y] = agency
        out["newly_qualified_share"][y] = np.where(
            heads > 0, 100 * (academy + nq_external) / np.maximum(heads, 1), 0.0
        )
        out["caseload"][y] = _caseload(cases, inpost, agency, inputs)
        out["agency_cost"][y] = agency * inputs.agency_cost_per_fte
    bands = {
        q: np.percentile(values, PERCENTILES, axis=1, method="linear").T
        for q, values in out.items()
    }
    return Projection(sc, years, runs, seed, bands)


def _caseload(cases: Any, inpost: Any, agency: Any, inputs: Inputs) -> Any:
    holders = (np.asarray(inpost) + np.asarray(agency)) * inputs.case_holder_share
    return np.where(holders > 0, np.asarray(cases) / np.maximum(holders, 1e-9), np.nan)


def scenarios(
    inputs: Inputs,
    *,
    years: int = 5,
    runs: int = 10_000,
    seed: int = 0,
    region_turnover_rate: float | None = None,
    extra: Sequence[Scenario] = (),
) -> list[Projection]:
    """The standard scenarios (and turnover at the region's median, when known) side by side,
    each with the same seed so that they differ only by what the scenario changes."""
    chosen = list(STANDARD_SCENARIOS)
    if region_turnover_rate is not None:
        chosen.append(region_scenario(region_turnover_rate))
    chosen += list(extra)
    return [project(inputs, years=years, runs=runs, seed=seed, scenario=s) for s in chosen]


def year_target_met(
    projection: Projection, quantity: str, target: float, *, below: bool = True
) -> int | None:
    """The first projected year whose median meets *target* (at or below it, or at or above
    with ``below=False``); None if none does."""
    band = projection.bands[quantity]
    for y in range(projection.years + 1):
        median = band[y, 1]
        if math.isnan(median):
            continue
        if (median <= target) if below else (median >= target):
            return y
    return None


@dataclass(frozen=True)
class Backtest:
    fitted_year: int
    compared_year: int
    quantity: str
    actual: float
    p10: float
    p50: float
    p90: float

    @property
    def error(self) -> float:
        return round(self.p50 - self.actual, 1)

    @property
    def error_pct(self) -> float | None:
        return round(100 * self.error / self.actual, 1) if self.actual else None

    @property
    def within_band(self) -> bool:
        return self.p10 <= self.actual <= self.p90


def backtest(
    inputs_then: Inputs,
    actual_next: float,
    *,
    fitted_year: int,
    quantity: str = "inpost_fte",
    runs: int = 10_000,
    seed: int = 0,
) -> Backtest:
    """Project one year from the inputs fitted at the end of *fitted_year* and compare the
    result with what happened a year later."""
    p = project(inputs_then, years=1, runs=runs, seed=seed)
    p10, p50, p90 = (float(v) for v in p.bands[quantity][1])
    return Backtest(
        fitted_year,
        fitted_year + 1,
        quantity,
        actual_next,
        round(p10, 1),
        round(p50, 1),
        round(p90, 1),
    )


def with_changes(inputs: Inputs, **changes: Any) -> Inputs:
    return replace(inputs, **changes)
