"""What the workforce dashboard shows: the measures for a year, their trend, and each team's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from analytics.measures import MEASURES, compute_measures, compute_measures_series
from thrive.core.charts import Series, line_chart
from thrive.intelligence.selectors import RegisterFrames

LABELS: dict[str, str] = {
    "inpost_fte": "Social workers in post (FTE)",
    "inpost_headcount": "Social workers in post (headcount)",
    "starters_fte": "Starters (FTE)",
    "starters_headcount": "Starters (headcount)",
    "leavers_fte": "Leavers (FTE)",
    "leavers_headcount": "Leavers (headcount)",
    "turnover_rate_fte": "Turnover rate (%)",
    "agency_fte": "Agency social workers (FTE)",
    "agency_headcount": "Agency social workers (headcount)",
    "agency_rate_fte": "Agency rate (%)",
    "agency_cover_fte": "Agency workers covering vacancies (FTE)",
    "agency_cover_rate_fte": "Agency workers covering vacancies (%)",
    "vacancy_fte": "Vacancies (FTE)",
    "vacancy_rate_fte": "Vacancy rate (%)",
    "vacancy_agency_cover_rate_fte": "Vacancies covered by agency (%)",
    "case_holders_fte": "Case holders (FTE)",
    "cases": "Cases (children)",
    "caseload_fte": "Average caseload per case holder (FTE)",
    "working_days_lost_fte": "Working days lost to sickness",
    "absence_rate_fte": "Sickness absence rate (%)",
}

KEY_RATES = ["turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte"]


def _cell(value: Any) -> Any:
    return None if value is None or pd.isna(value) else value


def latest_census_year(today: date) -> int:
    """The most recent census year that has ended (years end on 30 September)."""
    return today.year if (today.month, today.day) >= (10, 1) else today.year - 1


def latest_year_with_activity(organisation: Any, latest: int) -> int:
    """The latest complete census year in which anyone started or left (a register loaded up to
    last year's census should open on that year, not on an empty one)."""
    from django.db.models import Max

    from thrive.people.models import EmploymentSpell

    found = EmploymentSpell.objects.for_org(organisation).aggregate(
        start=Max("start_date"), end=Max("end_date")
    )
    last = max([d for d in (found["start"], found["end"]) if d is not None], default=None)
    if last is None:
        return latest
    return min(latest, census_year_of(last))


def census_year_of(day: date) -> int:
    """The census year (1 October to 30 September) that contains *day*."""
    return day.year + 1 if (day.month, day.day) >= (10, 1) else day.year


@dataclass
class Dashboard:
    year: int
    years: list[int]
    measures: dict[str, Any]
    trend: pd.DataFrame
    rows: list[dict[str, Any]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    teams: list[dict[str, Any]] = field(default_factory=list)


def build_dashboard(
    frames: RegisterFrames, *, year: int, teams: list[Any] | None = None, chart_prefix: str = "org"
) -> Dashboard:
    years = list(range(year - 4, year + 1))
    f = frames
    measures = compute_measures(f.spells, f.posts, f.absences, f.allocations, year)
    trend = compute_measures_series(f.spells, f.posts, f.absences, f.allocations, years)
    board = Dashboard(year=year, years=years, measures=measures, trend=trend)
    board.rows = [{"name": m, "label": LABELS[m], "value": measures[m]} for m in MEASURES]
    cats = [str(y) for y in years]

    def col(name: str) -> list[float | None]:
        return [None if pd.isna(v) else float(v) for v in trend[name]]

    board.charts = [
        {
            "id": f"{chart_prefix}-rates",
            "title": f"Turnover, agency and vacancy rates, {years[0]} to {years[-1]}",
            "svg": line_chart(
                chart_id=f"{chart_prefix}-rates",
                title=f"Turnover, agency and vacancy rates, {years[0]} to {years[-1]}",
                categories=cats,
                series=[Series(LABELS[m].replace(" (%)", ""), col(m)) for m in KEY_RATES],
                unit="%",
                description="Percentages for each census year ending 30 September",
            ),
            "measures": KEY_RATES,
        },
        {
            "id": f"{chart_prefix}-caseload",
            "title": f"Average caseload and sickness absence, {years[0]} to {years[-1]}",
            "svg": line_chart(
                chart_id=f"{chart_prefix}-caseload",
                title=f"Average caseload and sickness absence, {years[0]} to {years[-1]}",
                categories=cats,
                series=[
                    Series("Caseload (children per case-holder FTE)", col("caseload_fte")),
                    Series("Sickness absence rate (%)", col("absence_rate_fte")),
                ],
                description="Children per case-holding FTE, and the sickness absence rate",
            ),
            "measures": ["caseload_fte", "absence_rate_fte"],
        },
    ]
    for chart in board.charts:
        chart["table"] = [
            {"year": y, "values": [_cell(trend.loc[y, m]) for m in chart["measures"]]}
            for y in years
        ]
        chart["headers"] = [LABELS[m] for m in chart["measures"]]
    for team in teams or []:
        t = frames.for_teams([team.pk])
        values = compute_measures(t.spells, t.posts, t.absences, t.allocations, year)
        board.teams.append({"team": team, "m": values})
    return board
