"""The evidence pack's comparison: every statutory measure DfE publishes as a rate or an average
(comparable between councils of any size), for the pack's five census years — this register,
the council's published figure, its region, its statistical neighbours (average) and England —
from the published data package. A year without a figure is a gap with its reason, never 0."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from analytics.published import SYMBOLS
from thrive.core.charts import Series, line_chart
from thrive.intelligence.benchmarks import published_comparison
from thrive.intelligence.dashboard import LABELS
from thrive.intelligence.pack_sections import Part

# The published measures a council can be set beside others by: rates and averages (counts of
# FTE or people depend on the council's size, so they are in the profile, not compared).
COMPARED = (
    "turnover_rate_fte",
    "vacancy_rate_fte",
    "agency_rate_fte",
    "agency_cover_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
)
SOURCES = ("This register", "Published", "Region", "Neighbours", "England")


def _gap_reasons(
    y: int, own_gap: str | None, values: list[Any], symbol: str | None, last_published: int
) -> str:
    """Why each blank in a row is blank, in words ("" where nothing is)."""
    reasons = []
    if values[0] is None:
        reasons.append(f"this register: {own_gap or 'no figure worked out'}")
    missing = [SOURCES[i].lower() for i in range(1, 5) if values[i] is None]
    if missing and y > last_published:
        reasons.append(f"{y} not published by DfE yet")
    elif missing:
        for name in missing:
            why = ""
            if name == "published" and symbol:
                why = f" ({SYMBOLS.get(symbol, symbol).lower()})"
            elif name == "neighbours":
                why = " (no statistical neighbours loaded, or none published)"
            reasons.append(f"{name}: no published figure{why}")
    return "; ".join(reasons)


def comparison_part(
    organisation: Any, years: list[int], own: dict[str, list[float | None]], coverage: Any
) -> Part:
    """A row per measure and year with the five figures and, where any is blank, why. *own*
    holds the register's figure for each measure and year (None in a year it does not cover,
    ``coverage.gap(year)`` saying why)."""
    region = organisation.region or "Region"
    found = published_comparison(
        la_code=organisation.code,
        region_name=organisation.region,
        measures=list(COMPARED),
        years=years,
    )
    published_years = [
        y
        for y in years
        if any(
            c.england.get(y) is not None or c.region.get(y) is not None or y in c.published
            for c in found.values()
        )
    ]
    last_published = max(published_years, default=years[0] - 1)
    rows: list[list[Any]] = []
    charts: list[SafeString] = []
    for m in COMPARED:
        c = found[m]
        lines = []
        for i, y in enumerate(years):
            values = [
                own[m][i],
                c.published.get(y),
                c.region.get(y),
                c.neighbours.get(y),
                c.england.get(y),
            ]
            lines.append(values)
            why = _gap_reasons(y, coverage.gap(y), values, c.symbols.get(y), last_published)
            rows.append([LABELS[m], y, *values, why])
        charts.append(
            format_html(
                '<div class="chart-cell"><h3 class="chart-title">{}</h3>{}</div>',
                LABELS[m],
                line_chart(
                    chart_id=f"pack-compare-{m}",
                    title=f"{LABELS[m]}, {years[0]} to {years[-1]}",
                    categories=[str(y) for y in years],
                    series=[
                        Series(label, [v[i] for v in lines])
                        for i, label in enumerate(
                            [
                                "This register",
                                f"{organisation.name} (published)",
                                region,
                                "Statistical neighbours",
                                "England",
                            ]
                        )
                    ],
                    unit="%" if "rate" in m else "",
                    height=200,
                    description=f"{LABELS[m]} each census year: this register, the council's "
                    f"published figure, {region}, the statistical neighbours' average and England; "
                    "a year without a figure is a gap, its reason in the table",
                ),
            )
        )
    return Part(
        [
            "Measure",
            "Census year",
            "This register",
            f"{organisation.name} (published)",
            region,
            "Statistical neighbours (average)",
            "England",
            "Why a figure is blank",
        ],
        rows,
        _sentence(rows, region),
        chart=format_html('<div class="chart-grid">{}</div>', mark_safe("".join(charts))),  # noqa: S308 - each piece is escaped markup
        notes=(
            []
            if published_years
            else ["The published figures are not loaded: load DfE's data package to compare."]
        )
        + [
            "Counts (FTE in post, starters, leavers) depend on a council's size: they are in "
            "the profile, not compared.",
        ],
    )


def _sentence(rows: list[list[Any]], region: str) -> str:
    """The latest year with the council's published figure and the region's, for each measure:
    above, below or level, in one sentence."""
    said = []
    for m in COMPARED:
        mine = [r for r in rows if r[0] == LABELS[m] and r[3] is not None and r[4] is not None]
        if not mine:
            continue
        r = mine[-1]
        word = "above" if r[3] > r[4] else "below" if r[3] < r[4] else "level with"
        said.append(f"{LABELS[m].split(' (')[0].lower()} {r[3]} ({word} {r[4]})")
    if not said:
        return "Published figures to compare with are not available for these years."
    latest = max(r[1] for r in rows if r[3] is not None)
    return f"Published figures to {latest}, against {region}: " + "; ".join(said) + "."
