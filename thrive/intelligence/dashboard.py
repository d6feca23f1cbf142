"""What the workforce dashboard shows: the measures for a year, their trend, and each team's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from analytics.measures import MEASURES, compute_measures, compute_measures_grouped, round_frame
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


def year_span(years: list[int]) -> str:
    """2017, 2018, 2019, 2020, 2023 -> "2017–2020 and 2023"."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _census_years(column: pd.Series) -> pd.Series:
    days = pd.to_datetime(column.dropna())
    return days.dt.year + (days.dt.month >= 10).astype(int)


@dataclass(frozen=True)
class Coverage:
    """Which census years the register holds data for, and which one is still running.

    The register's history is taken to start in the census year of its earliest recorded
    absence or ended allocation (a register loaded with people's start dates from long ago
    does not hold their colleagues who left back then), and to end in the census year of its
    latest recorded change. With neither absences nor ended allocations, every year counts.
    """

    first: int | None
    last: int | None
    current: int

    def gap(self, year: int) -> str | None:
        """Why the register has no figure for *year*, or None when it has one."""
        if self.first is not None and year < self.first:
            return f"no register data before {self.first}"
        if self.last is not None and self.last < year < self.current:
            return f"no register data after {self.last}"
        if year > self.current:
            return "the census year has not started"
        return None

    def year_to_date(self, year: int) -> bool:
        return year == self.current

    def note(self, year: int) -> str:
        """What the data table says about *year*: its gap, "year to date", or nothing."""
        gap = self.gap(year)
        if gap:
            return gap[0].upper() + gap[1:]
        if self.year_to_date(year):
            return f"{year}: year to date"
        return ""


def register_coverage(frames: RegisterFrames, today: date) -> Coverage:
    """The census years the register covers, from the frames already read (no queries)."""
    starts = [
        _census_years(frames.absences["start_date"]),
        _census_years(frames.allocations["end_date"]),
    ]
    firsts = [int(s.min()) for s in starts if not s.empty]
    stamp = pd.Timestamp(today)
    changes = [
        frames.spells["start_date"],
        frames.spells["end_date"],
        frames.absences["start_date"],
        frames.allocations["start_date"],
        frames.allocations["end_date"],
    ]
    lasts = [
        int(s.max())
        for s in (_census_years(c[pd.to_datetime(c) <= stamp]) for c in changes)
        if not s.empty
    ]
    return Coverage(
        first=min(firsts) if firsts else None,
        last=max(lasts) if lasts else None,
        current=census_year_of(today),
    )


def register_coverage_many(
    frames: RegisterFrames, today: date, *, by: str = "organisation_id"
) -> dict[Any, Coverage]:
    """:func:`register_coverage` for every council in *frames* at once (grouped by *by*)."""
    stamp = pd.Timestamp(today)
    current = census_year_of(today)

    def years(frame: pd.DataFrame, column: str, upto: bool) -> pd.DataFrame:
        days = frame[column]
        keep = days.notna() & (days <= stamp) if upto else days.notna()
        kept = days[keep]
        return pd.DataFrame(
            {by: frame.loc[keep, by], "y": kept.dt.year + (kept.dt.month >= 10).astype(int)}
        )

    firsts = pd.concat(
        [years(frames.absences, "start_date", False), years(frames.allocations, "end_date", False)]
    )
    lasts = pd.concat(
        [
            years(frames.spells, "start_date", True),
            years(frames.spells, "end_date", True),
            years(frames.absences, "start_date", True),
            years(frames.allocations, "start_date", True),
            years(frames.allocations, "end_date", True),
        ]
    )
    first = firsts.groupby(by)["y"].min().to_dict()
    last = lasts.groupby(by)["y"].max().to_dict()
    groups = set(first) | set(last) | set(frames.spells[by]) | set(frames.posts[by])
    return {
        g: Coverage(
            first=int(first[g]) if g in first else None,
            last=int(last[g]) if g in last else None,
            current=current,
        )
        for g in groups
    }


@dataclass
class Dashboard:
    year: int
    years: list[int]
    measures: dict[str, Any]
    trend: pd.DataFrame
    rows: list[dict[str, Any]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    teams: list[dict[str, Any]] = field(default_factory=list)
    gap: str | None = None
    year_to_date: bool = False
    gap_notes: list[str] = field(default_factory=list)


def build_dashboard(
    frames: RegisterFrames,
    *,
    year: int,
    teams: list[Any] | None = None,
    chart_prefix: str = "org",
    coverage: Coverage | None = None,
) -> Dashboard:
    """The measures for *year*, a five-year trend and each team's; a year the register holds
    no data for is a gap (no figure, and the reason), never a zero."""
    from thrive.core import clock

    coverage = coverage or register_coverage(frames, clock.today())
    years = list(range(year - 4, year + 1))
    f = frames
    # Each year once: the year shown is the trend's last.
    by_year = [compute_measures(f.spells, f.posts, f.absences, f.allocations, y) for y in years]
    measures = by_year[-1]
    trend = pd.DataFrame(by_year, index=pd.Index(years, name="year"), columns=MEASURES)
    gaps = [y for y in years if coverage.gap(y)]
    for y in gaps:
        trend.loc[y, :] = None
    board = Dashboard(year=year, years=years, measures=measures, trend=trend)
    board.gap = coverage.gap(year)
    board.year_to_date = coverage.year_to_date(year)
    if board.gap:
        measures = dict.fromkeys(measures)  # type: ignore[assignment]
        board.measures = measures
    if gaps:
        reasons = sorted({coverage.gap(y) or "" for y in gaps})
        board.gap_notes = [
            f"{year_span([y for y in gaps if coverage.gap(y) == r])}: {r}" for r in reasons
        ]
    board.rows = [{"name": m, "label": LABELS[m], "value": measures[m]} for m in MEASURES]
    cats = [f"{y} (to date)" if coverage.year_to_date(y) else str(y) for y in years]

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
            {
                "year": y,
                "values": [_cell(trend.loc[y, m]) for m in chart["measures"]],
                "note": coverage.note(y),
            }
            for y in years
        ]
        chart["notes"] = any(row["note"] for row in chart["table"])
        chart["headers"] = [LABELS[m] for m in chart["measures"]]
    if teams:
        # Every team in one pass, each as its own register (frames.for_teams of that team).
        t = frames.by_team()
        per_team = round_frame(
            compute_measures_grouped(
                t.spells,
                t.posts,
                t.absences,
                t.allocations,
                year,
                by="team_id",
                groups=[team.pk for team in teams],
            )
        )
        for team in teams:
            values = per_team[team.pk]
            board.teams.append({"team": team, "m": dict.fromkeys(values) if board.gap else values})
    return board
