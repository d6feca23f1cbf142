"""Workforce projections and scenarios for a council (or the teams a manager may see), fitted
from its register (``analytics.projection`` and ``analytics.projection_inputs``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from analytics.measures import census_year_bounds
from analytics.projection import Backtest, Inputs, Projection, Scenario, backtest, project
from analytics.projection import scenarios as run_scenarios
from analytics.projection_inputs import fit_inputs, state_on
from thrive.intelligence.retention import retention_for
from thrive.intelligence.selectors import region_median, register_frames, retention_spells

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
    return fit_inputs(
        frames.spells,
        frames.posts,
        frames.allocations,
        on,
        survival_at=survival_at,
        retention_people=people,
        start_origins=origins,
    )


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
    region = region_median("turnover_rate_fte", organisation.region)
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


__all__ = ["MAX_RUNS", "project", "projection_backtest", "projection_inputs"]
