"""The projections page: fan charts (10th–90th percentiles) with their tables for the council
as now, the scenarios side by side with their cost and the year each target is met, and the
backtest's error."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from analytics.measures import census_year_bounds
from analytics.projection import LABELS, QUANTITIES, year_target_met
from thrive.core import clock
from thrive.core.cache import cached
from thrive.core.charts import Series, line_chart
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.intelligence.dashboard import latest_census_year
from thrive.intelligence.policy import measures_team_ids, measures_whole_council
from thrive.intelligence.projection import projection_backtest, projection_scenarios

PAGE_RUNS = 5_000
PAGE_SEED = 2026
YEARS = 5
AGENCY_TARGET = 10.0  # % of social workers
CASELOAD_TARGET = 15.0


def _fan(chart_id: str, quantity: str, rows: list[dict[str, Any]], start: int) -> Any:
    return line_chart(
        chart_id=chart_id,
        title=LABELS[quantity],
        categories=[str(start + r["year"]) for r in rows],
        series=[
            Series(
                f"{p}th percentile" if p != "50" else "Median", [r[quantity][f"p{p}"] for r in rows]
            )
            for p in ("90", "50", "10")
        ],
        description=f"{LABELS[quantity]} projected each year: the median and the 10th and 90th "
        "percentiles of the runs (eight in ten runs fall between them). The first year is "
        "today's register.",
    )


@org_view(Cap.MEASURES_VIEW)
def projection(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    today = clock.today()
    team_ids = measures_team_ids(request.access)
    # Once per council data version, day and set of teams in this process: a second visit, or
    # a colleague with the same teams, reads it. The full projection (any years, runs and seed)
    # is prepared in the background from the button on the page, with its progress.
    inputs, results, region = cached(
        "projection_page",
        org,
        (today, tuple(team_ids) if team_ids is not None else None),
        lambda: projection_scenarios(
            org, on=today, years=YEARS, runs=PAGE_RUNS, seed=PAGE_SEED, team_ids=team_ids
        ),
    )
    base = results[0]
    rows = base.year_rows()
    fans = [
        {"quantity": q, "label": LABELS[q], "chart": _fan(f"fan-{q}", q, rows, today.year)}
        for q in QUANTITIES
    ]
    compared = []
    for p in results:
        last = p.year_rows()[-1]
        agency_share = p.bands["agency_fte"][:, 1] / (
            p.bands["agency_fte"][:, 1] + p.bands["inpost_fte"][:, 1]
        ).clip(min=1e-9)
        met_agency = next(
            (y for y, share in enumerate(agency_share) if 100 * share <= AGENCY_TARGET), None
        )
        compared.append(
            {
                "name": p.scenario.name,
                "inpost": last["inpost_fte"]["p50"],
                "vacancy": last["vacancy_fte"]["p50"],
                "agency": last["agency_fte"]["p50"],
                "caseload": last["caseload"]["p50"],
                "cost": sum(r["agency_cost"]["p50"] or 0 for r in p.year_rows()[1:]),
                "agency_met": None if met_agency is None else today.year + met_agency,
                "caseload_met": (
                    None
                    if (y := year_target_met(p, "caseload", CASELOAD_TARGET)) is None
                    else today.year + y
                ),
            }
        )
    if request.GET.get("format") == "xlsx":
        from thrive.intelligence.exports import projection_tables
        from thrive.intelligence.workbooks import tables_workbook, xlsx_response

        return xlsx_response(
            tables_workbook(projection_tables(compared, rows, today.year)),
            f"projection_{org.code}_{today.isoformat()}.xlsx",
        )
    fitted_year = latest_census_year(today) - 1
    bt = None
    if measures_whole_council(request.access):
        bt = cached(
            "projection_backtest",
            org,
            (fitted_year,),
            lambda: projection_backtest(
                org, fitted_year=fitted_year, runs=PAGE_RUNS, seed=PAGE_SEED
            ),
        )
    return render(
        request,
        "intelligence/projection.html",
        {
            "inputs": inputs,
            "fans": fans,
            "rows": rows,
            "quantities": QUANTITIES,
            "labels": LABELS,
            "start_year": today.year,
            "compared": compared,
            "region": region,
            "runs": PAGE_RUNS,
            "backtest": bt,
            "fitted_on": census_year_bounds(fitted_year)[1],
            "agency_target": AGENCY_TARGET,
            "caseload_target": CASELOAD_TARGET,
            "teams_only": team_ids is not None,
        },
    )
