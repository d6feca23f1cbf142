"""The retention page: how long permanent social workers stay, by group, as a chart with its
table beside it, where leavers went and why, and the same as an Excel workbook."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render

from analytics.retention import BY_FIELDS, BY_LABELS, HORIZONS, Retention
from thrive.core import clock
from thrive.core.charts import Series, line_chart
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.intelligence.policy import measures_team_ids
from thrive.intelligence.retention import retention_for, retention_rows, retention_workbook

STEP_YEARS = 0.5


def _at(curve: list[tuple[float, float, float, float]], t: float) -> float | None:
    """The step curve's value (in %) at *t* years, None past its last point."""
    if not curve or t > curve[-1][0] + 1e-9:
        return None
    value = curve[0][1]
    for time, s, _, _ in curve:
        if time > t:
            break
        value = s
    return round(100 * value, 1)


def retention_chart(result: Retention, chart_id: str = "retention") -> str:
    shown = [g for g in result.groups if not g.suppressed and g.curve]
    longest = max((g.curve[-1][0] for g in shown), default=0.0)
    steps = [i * STEP_YEARS for i in range(int(longest / STEP_YEARS) + 1)]
    return line_chart(
        chart_id=chart_id,
        title="Still in post by years since starting (%)",
        categories=[f"{t:g}" for t in steps],
        series=[Series(g.group, [_at(g.curve, t) for t in steps]) for g in shown],
        unit="%",
        description="Kaplan–Meier estimate of the share of permanent social workers still in "
        f"post each half year after starting, by {BY_LABELS[result.by].lower()}. Each line stops "
        "at its group's longest follow-up; groups under five people are not drawn.",
    )


@org_view(Cap.MEASURES_VIEW)
def retention(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    by = request.GET.get("by", "start_origin")
    if by not in BY_FIELDS:
        by = "start_origin"
    on = clock.today()
    try:
        on = date.fromisoformat(request.GET.get("on", "")) if request.GET.get("on") else on
    except ValueError:
        on = clock.today()
    result = retention_for(org, by=by, on=on, team_ids=measures_team_ids(request.access))
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            retention_workbook(org, result),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="retention_{org.code}_{by}_{on.isoformat()}.xlsx"'
        )
        return response
    return render(
        request,
        "intelligence/retention.html",
        {
            "result": result,
            "by": by,
            "by_choices": [(b, BY_LABELS[b]) for b in BY_FIELDS],
            "by_label": BY_LABELS[by],
            "on": on,
            "rows": retention_rows(result),
            "horizons": HORIZONS,
            "chart": retention_chart(result),
        },
    )
