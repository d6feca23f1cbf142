"""The workforce dashboard for an organisation (or the teams a manager may see) and for a team."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from analytics.measures import MEASURES, compute_measures_series
from analytics.published import SYMBOLS
from thrive.core import clock
from thrive.core.cache import cached
from thrive.core.charts import Series, line_chart
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.intelligence.benchmarks import has_published_data, published_comparison
from thrive.intelligence.dashboard import (
    LABELS,
    build_dashboard,
    census_year_of,
    latest_census_year,
    latest_year_with_activity,
    register_coverage,
    year_span,
)
from thrive.intelligence.policy import measures_whole_council
from thrive.intelligence.selectors import (
    indicators_load,
    measures_team,
    measures_teams_by_name,
    register_frames,
    statistical_neighbours,
)


def _year(request: AuthedRequest) -> int:
    latest = latest_census_year(clock.today())
    default = latest_year_with_activity(request.organisation, latest)
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= census_year_of(clock.today()) else default


def _year_choices() -> list[tuple[int, str]]:
    """The census years to choose from, newest first: the one still running (year to date),
    then the last nine that have ended."""
    today = clock.today()
    latest, current = latest_census_year(today), census_year_of(today)
    choices = [(current, f"{current} (year to date)")] if current > latest else []
    return choices + [(y, str(y)) for y in range(latest, latest - 9, -1)]


@org_view(Cap.MEASURES_VIEW)
def workforce(request: AuthedRequest) -> HttpResponse:
    access = request.access
    org = request.organisation
    year = _year(request)
    teams = measures_teams_by_name(access)
    whole_org = measures_whole_council(access)

    def compute() -> Any:
        frames = register_frames(org)
        coverage = register_coverage(frames, clock.today())
        if not whole_org:
            frames = frames.for_teams([t.pk for t in teams])
        return build_dashboard(frames, year=year, teams=teams, coverage=coverage)

    # Built (charts too) once per change of the register, per year and set of teams.
    board = cached("workforce", org, (year, whole_org, tuple(t.pk for t in teams)), compute)
    if whole_org and has_published_data():
        comparison = published_comparison(
            la_code=org.code, region_name=org.region, measures=MEASURES, years=[year]
        )
        for row in board.rows:
            c = comparison[row["name"]]
            row["published"] = c.published.get(year)
            row["symbol"] = c.symbols.get(year, "")
            row["region"] = c.region.get(year)
            row["neighbours"] = c.neighbours.get(year)
            row["neighbours_range"] = c.neighbours_range.get(year)
            row["england"] = c.england.get(year)
    if request.GET.get("format") == "xlsx":
        from thrive.intelligence.exports import dashboard_tables
        from thrive.intelligence.workbooks import tables_workbook, xlsx_response

        tables = dashboard_tables(
            board, title=org.name, benchmarked=whole_org and has_published_data()
        )
        return xlsx_response(tables_workbook(tables), f"workforce_{org.code}_{year}.xlsx")
    return render(
        request,
        "intelligence/workforce.html",
        {
            "board": board,
            "whole_org": whole_org,
            "year_choices": _year_choices(),
            "benchmarked": whole_org and has_published_data(),
            "symbols": SYMBOLS,
        },
    )


@org_view(Cap.MEASURES_VIEW)
def benchmarks(request: AuthedRequest) -> HttpResponse:
    """One measure over the years: own figure, published, region, neighbours and England."""
    access = request.access
    org = request.organisation
    if not measures_whole_council(access):
        raise PermissionDenied
    measure = request.GET.get("measure", "turnover_rate_fte")
    if measure not in MEASURES:
        measure = "turnover_rate_fte"
    today = clock.today()
    latest = latest_census_year(today)
    years = list(range(2017, latest + 1))

    def compute() -> Any:
        frames = register_frames(org)
        return register_coverage(frames, today), compute_measures_series(
            frames.spells, frames.posts, frames.absences, frames.allocations, years
        )

    coverage, trend = cached("measures-trend", org, (tuple(years),), compute)
    c = published_comparison(
        la_code=org.code, region_name=org.region, measures=[measure], years=years
    )[measure]
    own = {y: None if coverage.gap(y) else _clean(trend.loc[y, measure]) for y in years}
    lines = [
        ("Thrive (this register)", own),
        (f"{org.name} (published)", c.published),
        (f"{org.region} (published)", c.region),
        ("Statistical neighbours (average)", c.neighbours),
        ("England (published)", c.england),
    ]
    # Every gap is said in words: the register's years without data, and each published
    # series' years without a figure (with DfE's symbol where it gave one).
    notes: dict[int, list[str]] = {y: [] for y in years}
    gap_notes: list[str] = []
    own_gaps = [y for y in years if coverage.gap(y)]
    for reason in sorted({coverage.gap(y) or "" for y in own_gaps}):
        span = [y for y in own_gaps if coverage.gap(y) == reason]
        gap_notes.append(f"Thrive (this register): {reason} ({year_span(span)})")
        for y in span:
            notes[y].append(f"Thrive: {reason}")
    published_years = [y for y in years if any(v.get(y) is not None for _, v in lines[1:])]
    last_published = max(published_years, default=years[0] - 1)
    not_yet = [y for y in years if y > last_published]
    if not_yet:
        gap_notes.append(f"DfE has not published {year_span(not_yet)} yet")
    for y in not_yet:
        notes[y].append("Not published yet")
    for label, values in lines[1:]:
        missing = [y for y in years if values.get(y) is None and y <= last_published]
        if not missing:
            continue
        gap_notes.append(f"{label}: no published figure for {year_span(missing)}")
        for y in missing:
            symbol = c.symbols.get(y) if values is c.published else None
            why = f" ({SYMBOLS.get(symbol, symbol).lower()})" if symbol else ""
            notes[y].append(f"{label}: no published figure{why}")
    gaps_said = ". Gaps in a line are years without a figure: " + "; ".join(gap_notes)
    chart = line_chart(
        chart_id="benchmark",
        title=f"{LABELS[measure]}, {years[0]} to {years[-1]}",
        categories=[str(y) for y in years],
        series=[Series(label, [values.get(y) for y in years]) for label, values in lines],
        description=f"{LABELS[measure]} each census year for this council, its published "
        "figure, its region, its ten statistical neighbours and England"
        + (gaps_said if gap_notes else ""),
    )
    table = [
        {
            "year": y,
            "values": [values.get(y) for _, values in lines],
            "symbol": c.symbols.get(y),
            "range": c.neighbours_range.get(y),
            "notes": notes[y],
        }
        for y in years
    ]
    if request.GET.get("format") == "xlsx":
        from thrive.intelligence.exports import benchmark_tables
        from thrive.intelligence.workbooks import tables_workbook, xlsx_response

        return xlsx_response(
            tables_workbook(
                benchmark_tables(measure, [label for label, _ in lines], table, gap_notes)
            ),
            f"benchmarks_{org.code}_{measure}.xlsx",
        )
    return render(
        request,
        "intelligence/benchmarks.html",
        {
            "measure": measure,
            "measure_choices": [(m, LABELS[m]) for m in MEASURES],
            "chart": chart,
            "headers": [label for label, _ in lines],
            "table": table,
            "gap_notes": gap_notes,
            "loaded": indicators_load(),
            "has_data": has_published_data(),
            "neighbours": statistical_neighbours(org.code),
            "symbols": SYMBOLS,
        },
    )


def _clean(value: Any) -> float | None:
    return None if value is None or value != value else float(value)


@org_view(Cap.MEASURES_VIEW)
def team_workforce(request: AuthedRequest, pk: int) -> HttpResponse:
    access = request.access
    team = measures_team(access, pk)
    if team is None:
        raise Http404
    year = _year(request)

    def compute() -> Any:
        whole = register_frames(request.organisation)
        return build_dashboard(
            whole.for_teams([team.pk]),
            year=year,
            chart_prefix=f"team{team.pk}",
            coverage=register_coverage(whole, clock.today()),
        )

    board = cached("team-workforce", request.organisation, (year, team.pk), compute)
    if request.GET.get("format") == "xlsx":
        from thrive.intelligence.exports import dashboard_tables
        from thrive.intelligence.workbooks import tables_workbook, xlsx_response

        tables = dashboard_tables(board, title=team.name, benchmarked=False)
        return xlsx_response(tables_workbook(tables), f"team_{team.pk}_{year}.xlsx")
    return render(
        request,
        "intelligence/team_workforce.html",
        {"board": board, "team": team, "year_choices": _year_choices()},
    )


def census_fix_links(
    request: AuthedRequest, problems: list[Any], year: int
) -> list[tuple[Any, str | None]]:
    """Each problem with the address of the form that fixes it: one form per record, asking for
    exactly the items its problems name that a person can fill in (none for, say, a clash)."""
    from urllib.parse import urlencode

    from thrive.people.services import CENSUS_PERSON_ITEMS, CENSUS_SPELL_ITEMS

    org = request.organisation  # type: ignore[attr-defined]
    if not request.access.can(Cap.REGISTER_EDIT):  # type: ignore[attr-defined]
        return [(p, None) for p in problems]
    fixable = {*CENSUS_PERSON_ITEMS, *CENSUS_SPELL_ITEMS}
    wanted: dict[tuple[str, str], list[str]] = {}
    for p in problems:
        if p.ref and p.field in fixable:
            items = wanted.setdefault((p.ref, p.spell_ref), [])
            if p.field not in items:
                items.append(p.field)
    out: list[tuple[Any, str | None]] = []
    back = reverse("intelligence:census", args=[org.code]) + f"?year={year}"
    for p in problems:
        asked = wanted.get((p.ref, p.spell_ref))
        url = None
        if asked and p.field in asked:
            query = {"items": ",".join(asked), "spell": p.spell_ref, "next": back}
            url = reverse("people:census_fix", args=[org.code, p.ref]) + "?" + urlencode(query)
        out.append((p, url))
    return out


@org_view(Cap.CENSUS_MANAGE)
def census(request: AuthedRequest) -> HttpResponse:
    """The census return: every problem linked to the person to fix, and the XML download."""
    from thrive.intelligence.census import census_return, census_year_default, schema_path

    org = request.organisation
    latest = census_year_default(clock.today())
    try:
        year = int(request.GET.get("year", latest))
    except ValueError:
        year = latest
    result = census_return(org, year)
    if request.GET.get("download"):
        if result.problems and not request.GET.get("allow_errors"):
            raise PermissionDenied("The return has problems")
        response = HttpResponse(result.xml(), content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="CSWW_{org.code}_{year}.xml"'
        return response
    people_with_problems = len({p.ref for p in result.problems if p.ref})
    return render(
        request,
        "intelligence/census.html",
        {
            "result": result,
            "problems": census_fix_links(request, result.problems, year),
            "year": year,
            "year_choices": range(latest, latest - 6, -1),
            "people_with_problems": people_with_problems,
            "schema_checked": schema_path() is not None,
        },
    )
