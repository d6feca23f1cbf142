"""What drives leaving: the Cox model's findings as sentences about factors (never people), a
chart of the hazard ratios with their table, and each team's stability from the same model
(leaders: every team; managers: their own), with an Excel download."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.intelligence.drivers import DriversResult
from thrive.intelligence.drivers_page import DRIVERS_PAGE
from thrive.intelligence.policy import measures_team_ids
from thrive.intelligence.workbooks import Table, tables_workbook, xlsx_response


def ratio_chart(result: DriversResult) -> SafeString:
    """Hazard ratios with 95% intervals on a log scale (a forest plot), one row a factor
    estimated; 1 (no difference) marked. The table beside it gives the same figures."""
    # Only estimates with a finite interval (one no leaver had cannot be drawn, and says so).
    shown = [
        f
        for f in result.findings
        if f.hazard_ratio and f.low is not None and f.high is not None
        if f.low > 0.001 and f.high < 1000
    ]
    if not shown:
        return mark_safe("")
    import math

    width, left, right, row_h, top = 640, 250, 24, 34, 28
    low = min(min(f.low or 1 for f in shown), 0.5)
    high = max(max(f.high or 1 for f in shown), 2.0)
    lo, hi = math.log(low), math.log(high)

    def x(v: float) -> float:
        return left + (width - left - right) * (math.log(v) - lo) / (hi - lo)

    height = top + row_h * len(shown) + 30
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-labelledby="drivers-chart-title" class="thrive-chart" focusable="false">',
        '<title id="drivers-chart-title">How much faster or slower people left, by factor '
        "(hazard ratio and 95% interval; the line at 1 is no difference)</title>",
        f'<line x1="{x(1):.1f}" y1="{top - 8}" x2="{x(1):.1f}" y2="{height - 26}" '
        'stroke="#0b0c0c" stroke-dasharray="4 3"/>',
    ]
    for tick in (0.25, 0.5, 1, 2, 4, 8):
        if low <= tick <= high:
            parts.append(
                f'<text x="{x(tick):.1f}" y="{height - 8}" text-anchor="middle" '
                f'font-size="13" fill="#0b0c0c">{tick:g}</text>'
            )
    for i, f in enumerate(shown):
        assert f.hazard_ratio is not None and f.low is not None and f.high is not None
        y = top + row_h * i + row_h / 2
        colour = "#1d70b8" if f.claimed else "#505a5f"
        label = escape(f.factor.words[:38] + ("…" if len(f.factor.words) > 38 else ""))
        parts += [
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="13" '
            f'fill="#0b0c0c">{label}</text>',
            f'<line x1="{x(f.low):.1f}" y1="{y:.1f}" x2="{x(f.high):.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="3"/>',
            f'<rect x="{x(f.hazard_ratio) - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" '
            f'fill="{colour}"/>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def _tables(result: DriversResult) -> list[Table]:
    factors = Table(
        "What drives leaving",
        f"What drives leaving: {result.people} social workers, {result.leavers} leavings, "
        f"to {result.on:%-d %B %Y}",
        [
            "Factor",
            "Hazard ratio",
            "Lower 95%",
            "Upper 95%",
            "People with it",
            "People without it",
            "Finding",
        ],
        [
            [
                f.factor.words,
                f.hazard_ratio,
                f.low,
                f.high,
                f.people_with,
                f.people_without,
                f.sentence(),
            ]
            for f in result.findings
        ],
        notes=[
            "A factor is reported only with five or more people on each side and ten leavers; "
            "an interval including 1 is no clear effect. About factors, never about a person."
        ],
    )
    claimed = [f for f in result.claimed if f.factor.binary]
    teams = Table(
        "Team stability",
        "Team stability: the leaving rate the model expects, against the council's (1 = the same)",
        [
            "Team",
            "In post",
            "Relative leaving rate",
            *[f"People {f.factor.words}" for f in claimed],
            "Note",
        ],
        [
            [
                t.team,
                t.people if t.people is not None else "fewer than 5",
                t.relative_rate,
                *[t.exposed.get(f.factor.column) for f in claimed],
                t.note,
            ]
            for t in result.teams
        ],
        chart="bar",
        chart_columns=(3, 3),
    )
    return [factors, teams]


@org_view(Cap.MEASURES_VIEW)
def drivers(request: AuthedRequest) -> HttpResponse:
    """The model worked out by a background job (``drivers_page``) for the day and the teams
    the person may see: the page asks for it (a button), shows how far it has got, then the
    result kept for the council's data version. It never fits the model itself."""
    org = request.organisation
    on = clock.today()
    try:
        on = date.fromisoformat(request.GET.get("on", "")) if request.GET.get("on") else on
    except ValueError:
        on = clock.today()
    team_ids = measures_team_ids(request.access)
    page = DRIVERS_PAGE.page(request, on=on, team_ids=team_ids, waiting={"on": on})
    if isinstance(page, HttpResponse):
        return page
    result = DriversResult.from_dict(page.data)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            tables_workbook(_tables(result)), f"drivers_{org.code}_{on.isoformat()}.xlsx"
        )
    claimed = [f for f in result.claimed if f.factor.binary]
    context: dict[str, Any] = {
        "result": result,
        "on": on,
        "chart": ratio_chart(result),
        "claimed": claimed,
        "team_rows": [
            (t, [t.exposed.get(f.factor.column, "–") for f in claimed]) for t in result.teams
        ],
        "job": page.job,
    }
    return render(request, "intelligence/drivers.html", context)
