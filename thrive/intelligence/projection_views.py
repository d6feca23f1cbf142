"""The projections page: fan charts (10th–90th percentiles) with their tables for the council
as now, the scenarios side by side with their cost and the year each target is met, and the
backtest's error."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from analytics.measures import census_year_bounds
from analytics.projection import LABELS, QUANTITIES
from thrive.core import clock
from thrive.core.cache import data_version
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
from thrive.jobs.selectors import projection_page_job
from thrive.jobs.services import job_prepare


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


def page_params(org: Any, on: Any, team_ids: list[int] | None) -> dict[str, Any]:
    """What names one page's job: the day, the council's data version and the teams (so a write
    to the register, or another day, asks for a new one)."""
    teams = ",".join(str(t) for t in sorted(team_ids)) if team_ids is not None else ""
    return {"on": on.isoformat(), "version": data_version(org), "teams": teams}


@org_view(Cap.MEASURES_VIEW)
def projection(request: AuthedRequest) -> HttpResponse:
    """The projection worked out by a background job for the person's scope (the council, or
    their teams) today: the page asks for it (a button), then shows it once the job is done."""
    org = request.organisation
    today = clock.today()
    team_ids = measures_team_ids(request.access)
    params = page_params(org, today, team_ids)
    if request.method == "POST":
        if team_ids is not None and not team_ids:
            raise PermissionDenied(Cap.MEASURES_VIEW)
        job = job_prepare(
            kind="projection_page",
            title=f"Projections and scenarios, {today:%-d %B %Y}"
            + (f", {len(team_ids)} team{'s' if len(team_ids) != 1 else ''}" if team_ids else ""),
            organisation=org,
            params=params,
            user=request.user,
        )
        return redirect("jobs:job", org_code=org.code, job_id=job.pk)
    found = projection_page_job(org, params)
    data = found_data(found)
    if data is None:
        return render(
            request,
            "intelligence/projection.html",
            {"waiting": found, "runs": PAGE_RUNS, "teams_only": team_ids is not None},
        )
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
            "job": found,
        },
    )


def found_data(found: Any) -> dict[str, Any] | None:
    if found is None or found.status != "succeeded" or not found.output:
        return None
    return json.loads(bytes(found.output))  # type: ignore[no-any-return]
