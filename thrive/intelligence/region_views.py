"""The regional view page (and its workbook): the councils of the region side by side."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.charts import Series, line_chart
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.intelligence.dashboard import LABELS
from thrive.intelligence.region import REGION_MEASURES, RegionalView, regional_view
from thrive.intelligence.workbooks import Table, tables_workbook, xlsx_response


def _spread_rows(view: RegionalView) -> list[list[object]]:
    return [
        [
            LABELS[s.measure],
            s.councils,
            s.low,
            s.lower_quartile,
            s.median,
            s.upper_quartile,
            s.high,
            view.region_values.get(s.measure),
            view.england.get(s.measure),
            None if view.partnership_register is None else view.partnership_register[s.measure],
        ]
        for s in view.spreads
    ]


RECRUITMENT = ("applications", "shortlisted", "offered", "starters")
SPREAD_HEADER = [
    "Measure",
    "Councils",
    "Lowest",
    "Lower quartile",
    "Median",
    "Upper quartile",
    "Highest",
    "Region",
    "England",
    "Partnership's registers added together",
]


def _workbook(view: RegionalView) -> bytes:
    header, rows = view.table()
    trend_rows = [[y, *[view.trend[k].get(y) for k in view.trend]] for y in view.trend_years]
    return tables_workbook(
        [
            Table(
                "Councils",
                f"{view.region}: the councils' published measures, {view.year}",
                header,
                rows,
                notes=["Rank 1 is the lowest value in the region."],
            ),
            Table(
                "Spread",
                f"{view.region}: the spread across councils",
                SPREAD_HEADER,
                _spread_rows(view),
                notes=[view.partnership_note],
            ),  # fmt: skip
            Table(
                "Turnover trend",
                "Turnover rate (%), five years",
                ["Census year", *view.trend],
                trend_rows,
                chart="line",
            ),
            Table(
                "Recruitment",
                "Recruitment across the region's councils in Thrive",
                ["Channel", "Councils", "Applications", "Shortlisted", "Offered", "Starters"],
                [
                    [r.kind, r.councils, *[r.region[m] for m in RECRUITMENT]]
                    for r in view.recruitment
                ],
                notes=["A blank is 1 to 4 (or would show another council's 1 to 4)."],
            ),
            Table(
                "Learning",
                "The regional learning offer: sessions in the next three months",
                ["Session", "Type", "Council", "Starts", "Online", "Places", "Places free"],
                [
                    [
                        r.title,
                        r.kind,
                        r.council,
                        r.starts.date(),
                        "Yes" if r.online else "",
                        r.places,
                        r.free,
                    ]
                    for r in view.learning
                ],  # fmt: skip
            ),
        ]
    )


LEARNING_SHOWN = 25


@org_view(Cap.REGION_VIEW)
def region(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    view = regional_view(org, request.user, on=clock.today())
    audit_log(
        action="intelligence.region_viewed",
        user=request.user,
        organisation=org,
        summary=f"Regional view: {view.region}",
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_workbook(view), f"region_{org.code}_{view.year}.xlsx")
    header, rows = view.table()
    chart = line_chart(
        chart_id="region-trend",
        title="Turnover rate (%), five years",
        categories=[str(y) for y in view.trend_years],
        series=[Series(k, [v.get(y) for y in view.trend_years]) for k, v in view.trend.items()],
        unit="%",
        description="Turnover each census year: the region, England, the median of the "
        "region's councils and this council; a year without figures is a gap",
    )
    return render(
        request,
        "intelligence/region.html",
        {
            "view": view,
            "measures": [(m, LABELS[m]) for m in REGION_MEASURES],
            "rows": [
                (c, [(c.published.get(m), c.ranks.get(m)) for m in REGION_MEASURES])
                for c in view.councils
            ],
            "register_rows": [
                (c, [c.register.get(m) for m in REGION_MEASURES])
                for c in view.councils
                if c.member and c.register is not None
            ],
            "members": [c for c in view.councils if c.member],
            "spread_header": SPREAD_HEADER,
            "spread_rows": _spread_rows(view),
            "chart": chart,
            "recruitment_rows": [(r, [r.region[m] for m in RECRUITMENT]) for r in view.recruitment],
            "learning_free": [r for r in view.learning if r.free][:LEARNING_SHOWN],
            "trend_keys": list(view.trend),
            "trend_rows": [
                (y, [view.trend[k].get(y) for k in view.trend]) for y in view.trend_years
            ],
        },
    )
