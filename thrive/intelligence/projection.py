"""Workforce projections and scenarios for a council (or the teams a manager may see), fitted
from its register (``analytics.projection`` and ``analytics.projection_inputs``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from analytics.measures import census_year_bounds
from analytics.projection import (
    REGION_SCENARIO,
    STANDARD_SCENARIOS,
    Backtest,
    Inputs,
    Projection,
    Scenario,
    backtest,
    project,
    region_scenario,
)
from analytics.projection import scenarios as run_scenarios
from analytics.projection_inputs import fit_inputs, state_on
from thrive.intelligence.retention import retention_for
from thrive.intelligence.selectors import (
    academy_places,
    region_median,
    register_frames,
    retention_spells,
)

MAX_RUNS = 100_000


def projection_inputs(organisation: Any, *, on: date, team_ids: list[int] | None = None) -> Inputs:
    """The projection's inputs from the register on *on* (about ten queries)."""
    frames = register_frames(organisation)
    if team_ids is not None:
        frames = frames.for_teams(team_ids)
    result = retention_for(organisation, by="all", on=on, team_ids=team_ids)
    survival_at: dict[int, float | None] = {}
    people = 0
    if result.groups and not result.groups[0].suppressed:
        g = result.groups[0]
        people = g.people
        survival_at = {h: (e.estimate if (e := g.at.get(h)) else None) for h in (1, 3)}
    origins = {s.person: s.start_origin for s in retention_spells(organisation, team_ids)}
    in_teams = None if team_ids is None else set(frames.spells["person_id"])
    return fit_inputs(
        frames.spells,
        frames.posts,
        frames.allocations,
        on,
        survival_at=survival_at,
        retention_people=people,
        start_origins=origins,
        academy=academy_places(organisation, in_teams),
        **agency_cost_inputs(organisation, on, team_ids),
    )


def agency_cost_inputs(organisation: Any, on: date, team_ids: list[int] | None) -> dict[str, Any]:
    """The agency cost per FTE and where it came from: the agency area's placements in the year,
    else the council's default rate, else Thrive's assumption (said so)."""
    from analytics.projection import ASSUMED_AGENCY_COST
    from thrive.agency.selectors import agency_cost_per_fte

    cost = agency_cost_per_fte(organisation, on, team_ids)
    if cost.annual is None:
        return {
            "agency_cost_per_fte": ASSUMED_AGENCY_COST,
            "agency_cost_basis": f"assumed £{ASSUMED_AGENCY_COST:,.0f} a year: no agency "
            "placements in the year and no default rate recorded (Agency rules page)",
        }
    return {"agency_cost_per_fte": cost.annual, "agency_cost_basis": cost.basis}


def projection_run(
    organisation: Any,
    *,
    on: date,
    years: int,
    runs: int,
    seed: int,
    scenario: Scenario | None = None,
    team_ids: list[int] | None = None,
) -> Projection:
    return project(
        projection_inputs(organisation, on=on, team_ids=team_ids),
        years=years,
        runs=runs,
        seed=seed,
        scenario=scenario,
    )


def projection_scenarios(
    organisation: Any,
    *,
    on: date,
    years: int = 5,
    runs: int = 10_000,
    seed: int = 0,
    team_ids: list[int] | None = None,
) -> tuple[Inputs, list[Projection], tuple[int, float] | None]:
    """The standard scenarios side by side, with the region's median turnover where the
    published figures are loaded."""
    inputs = projection_inputs(organisation, on=on, team_ids=team_ids)
    region = region_turnover(organisation)
    results = run_scenarios(
        inputs,
        years=years,
        runs=runs,
        seed=seed,
        region_turnover_rate=region[1] if region else None,
    )
    return inputs, results, region


def projection_backtest(
    organisation: Any, *, fitted_year: int, runs: int = 10_000, seed: int = 0
) -> Backtest | None:
    """Fit on the register at the end of census year *fitted_year*, project a year, and
    compare with the register a year later; None when that year has no one in post."""
    _, then = census_year_bounds(fitted_year)
    _, after = census_year_bounds(fitted_year + 1)
    inputs = projection_inputs(organisation, on=then)
    if inputs.heads == 0:
        return None
    frames = register_frames(organisation)
    actual = state_on(frames.spells, frames.posts, frames.allocations, after).inpost_fte
    return backtest(inputs, actual, fitted_year=fitted_year, runs=runs, seed=seed)


def region_turnover(organisation: Any) -> tuple[int, float] | None:
    """The census year and median turnover (FTE, %) of the published figures of the council's
    region, or None where they are not loaded."""
    return region_median("turnover_rate_fte", organisation.region)


def projection_result(
    organisation: Any,
    *,
    on: date,
    years: int,
    runs: int,
    seed: int,
    scenario: Scenario | None = None,
    team_ids: list[int] | None = None,
    backtest_year: int | None = None,
) -> dict[str, Any]:
    """The projection as the CLI and the API report it (one code path): the day, the fitted
    inputs, the scenario, per year the percentiles, and with *backtest_year* the backtest
    (of the whole council: refused for a manager's teams)."""
    from dataclasses import asdict

    from thrive.core.errors import ThriveError

    if backtest_year is not None and team_ids is not None:
        raise ThriveError(
            "The backtest is of the whole council's register; it is not shown for some teams."
        )
    inputs = projection_inputs(organisation, on=on, team_ids=team_ids)
    result = project(inputs, years=years, runs=runs, seed=seed, scenario=scenario)
    out: dict[str, Any] = {
        "on": on.isoformat(),
        "inputs": {
            k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(inputs).items()
        },
        **result.as_dict(start_year=on.year),
    }
    if backtest_year is not None:
        out["backtest"] = backtest_as_dict(
            projection_backtest(organisation, fitted_year=backtest_year, runs=runs, seed=seed)
        )
    return out


def scenario_named(organisation: Any, name: str) -> Scenario:
    """One of the scenarios the page shows, by name: the standard four, or turnover at the
    region's median (with or without its figure in brackets) where the region's figures are
    loaded. Anything else is refused, with the names it may be."""
    chosen = {s.name: s for s in STANDARD_SCENARIOS}
    if name in chosen:
        return chosen[name]
    region = region_turnover(organisation)
    if region is not None:
        scenario = region_scenario(region[1])
        if name in (REGION_SCENARIO, scenario.name):
            return scenario
        chosen[scenario.name] = scenario
    elif name.startswith(REGION_SCENARIO):
        raise ValueError(
            f"{REGION_SCENARIO} is not known: no published turnover figures for the councils "
            f"of {organisation.region or 'its region'} are loaded."
        )
    raise ValueError(f"scenario must be one of: {', '.join(chosen)}.")


def backtest_as_dict(bt: Backtest | None) -> dict[str, Any] | None:
    """The backtest as the page, the CLI and the API report it (None: nobody in post then)."""
    if bt is None:
        return None
    return {
        "fitted_year": bt.fitted_year,
        "compared_year": bt.compared_year,
        "quantity": bt.quantity,
        "actual": round(float(bt.actual), 1),
        "p10": float(bt.p10),
        "p50": float(bt.p50),
        "p90": float(bt.p90),
        "error": float(bt.error),
        "error_pct": bt.error_pct,
        "within_band": bool(bt.within_band),
    }


__all__ = ["MAX_RUNS", "project", "projection_backtest", "projection_inputs"]
