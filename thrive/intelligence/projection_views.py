"""The projections page: fan charts (10th–90th percentiles) with their tables for the council
as now, the scenarios side by side with their cost and the year each target is met, and the
backtest's error."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from analytics.measures import census_year_bounds
from analytics.projection import LABELS, QUANTITIES
from thrive.core import clock
from thrive.core.charts import Series, line_chart
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.intelligence.policy import measures_team_ids
from thrive.intelligence.projection_page import (
    AGENCY_TARGET,
    CASELOAD_TARGET,
    PAGE_RUNS,
)
from thrive.jobs.pages import JobPageKind


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


PROJECTION_PAGE = JobPageKind(
    "projection_page", "intelligence/projection.html", "Projections and scenarios, {on:%-d %B %Y}"
)


@org_view(Cap.MEASURES_VIEW)
def projection(request: AuthedRequest) -> HttpResponse:
    """The projection worked out by a background job for the person's scope (the council, or
    their teams) today: the page asks for it (a button), then shows it once the job is done."""
    org = request.organisation
    today = clock.today()
    team_ids = measures_team_ids(request.access)
    page = PROJECTION_PAGE.page(request, on=today, team_ids=team_ids, waiting={"runs": PAGE_RUNS})
    if isinstance(page, HttpResponse):
        return page
    data = page.data
    rows, compared = data["rows"], data["compared"]
    if request.GET.get("format") == "xlsx":
        from thrive.intelligence.exports import projection_tables
        from thrive.intelligence.workbooks import tables_workbook, xlsx_response

        return xlsx_response(
            tables_workbook(projection_tables(compared, rows, today.year)),
            f"projection_{org.code}_{today.isoformat()}.xlsx",
        )
    fans = [
        {"quantity": q, "label": LABELS[q], "chart": _fan(f"fan-{q}", q, rows, today.year)}
        for q in QUANTITIES
    ]
    return render(
        request,
        "intelligence/projection.html",
        {
            "data": data,
            "fans": fans,
            "rows": rows,
            "quantities": QUANTITIES,
            "labels": LABELS,
            "start_year": today.year,
            "compared": compared,
            "region": data["region"],
            "runs": PAGE_RUNS,
            "backtest": data["backtest"],
            "fitted_on": census_year_bounds(data["fitted_year"])[1],
            "agency_target": AGENCY_TARGET,
            "caseload_target": CASELOAD_TARGET,
            "teams_only": team_ids is not None,
            "job": page.job,
        },
    )
