"""What the projections page shows, worked out by the background job ``projection_page`` (never
in a web request): the standard scenarios side by side, the council (or a manager's teams) as
now with its fan charts' rows, and for the whole council the backtest."""

from __future__ import annotations

from typing import Any

from analytics.projection import year_target_met
from thrive.intelligence.dashboard import latest_census_year
from thrive.intelligence.projection import (
    backtest_as_dict,
    projection_backtest,
    projection_scenarios,
)

PAGE_RUNS = 5_000
PAGE_SEED = 2026
YEARS = 5
AGENCY_TARGET = 10.0  # % of social workers
CASELOAD_TARGET = 15.0


def page_data(
    org: Any, *, on: Any, team_ids: list[int] | None, progress: Any = None
) -> dict[str, Any]:
    """Everything the projections page shows, as JSON-able data: worked out by the background job
    ``projection_page`` (never in a web request), for the council or a manager's teams."""
    step = progress or (lambda *a, **k: None)
    step(0, 2, f"Running the scenarios, {PAGE_RUNS:,} runs each")
    inputs, results, region = projection_scenarios(
        org, on=on, years=YEARS, runs=PAGE_RUNS, seed=PAGE_SEED, team_ids=team_ids
    )
    compared = []
    for p in results:
        last = p.year_rows()[-1]
        agency_share = p.bands["agency_fte"][:, 1] / (
            p.bands["agency_fte"][:, 1] + p.bands["inpost_fte"][:, 1]
        ).clip(min=1e-9)
        met_agency = next(
            (y for y, share in enumerate(agency_share) if 100 * share <= AGENCY_TARGET), None
        )
        caseload_met = year_target_met(p, "caseload", CASELOAD_TARGET)
        compared.append(
            {
                "name": p.scenario.name,
                "inpost": last["inpost_fte"]["p50"],
                "vacancy": last["vacancy_fte"]["p50"],
                "agency": last["agency_fte"]["p50"],
                "caseload": last["caseload"]["p50"],
                "cost": float(sum(r["agency_cost"]["p50"] or 0 for r in p.year_rows()[1:])),
                "agency_met": None if met_agency is None else on.year + int(met_agency),
                "caseload_met": None if caseload_met is None else on.year + int(caseload_met),
            }
        )
    backtest = None
    fitted_year = latest_census_year(on) - 1
    if team_ids is None:  # the whole council's backtest
        step(1, 2, "Checking the model against last year")
        backtest = backtest_as_dict(
            projection_backtest(org, fitted_year=fitted_year, runs=PAGE_RUNS, seed=PAGE_SEED)
        )
    step(2, 2, "Written")
    return {
        "on": on.isoformat(),
        "rows": results[0].year_rows(),
        "compared": compared,
        "region": list(region) if region else None,
        "backtest": backtest,
        "fitted_year": fitted_year,
        "sources": {
            "agency_cost_per_fte": inputs.agency_cost_per_fte,
            "agency_cost_basis": inputs.agency_cost_basis,
            "academy_intake": inputs.academy_intake,
            "academy_planned": [int(n) for n in inputs.academy_planned],
            "academy_first_year_heads": inputs.academy_first_year_heads,
            "academy_completion": (
                None
                if inputs.academy_completion is None
                else round(100 * inputs.academy_completion, 1)
            ),
            "academy_finished": inputs.academy_finished,
        },
    }
