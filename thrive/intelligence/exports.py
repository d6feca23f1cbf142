"""The intelligence pages' tables as workbooks (``workbooks.tables_workbook``): the workforce
measures with their benchmarks, the trends with their charts and each team's; one measure
against the published figures; the projections and scenarios."""

from __future__ import annotations

from typing import Any

from analytics.measures import MEASURES
from analytics.projection import LABELS as PROJECTION_LABELS
from analytics.projection import QUANTITIES
from thrive.intelligence.dashboard import KEY_RATES, LABELS
from thrive.intelligence.workbooks import Table

TEAM_MEASURES = ["inpost_fte", *KEY_RATES, "caseload_fte", "absence_rate_fte"]


def dashboard_tables(board: Any, *, title: str, benchmarked: bool) -> list[Table]:
    header = ["Measure", f"{board.year}"]
    if benchmarked:
        header += ["Published", "Region", "Statistical neighbours (average)", "England"]
    rows = []
    for r in board.rows:
        row = [r["label"], r["value"]]
        if benchmarked:
            row += [r.get("published"), r.get("region"), r.get("neighbours"), r.get("england")]
        rows.append(row)
    notes = [f"{board.year}: {board.gap}"] if board.gap else []
    tables = [Table("Measures", f"{title}: the statutory measures, {board.year}", header, rows,
                    notes=notes)]  # fmt: skip
    for i, chart in enumerate(board.charts, start=1):
        tables.append(
            Table(
                f"Trend {i}",
                chart["title"],
                ["Census year", *chart["headers"], "Note"],
                [[t["year"], *t["values"], t["note"] or ""] for t in chart["table"]],
                chart="line",
                chart_columns=(2, 1 + len(chart["headers"])),
            )
        )
    if board.teams:
        tables.append(
            Table(
                "Teams",
                f"Each team, {board.year}",
                ["Team", *[LABELS[m] for m in TEAM_MEASURES]],
                [[t["team"].name, *[t["m"].get(m) for m in TEAM_MEASURES]] for t in board.teams],
            )
        )
    return tables


def benchmark_tables(measure: str, headers: list[str], table: list[dict[str, Any]],
                     gap_notes: list[str]) -> list[Table]:  # fmt: skip
    return [
        Table(
            "Benchmarks",
            f"{LABELS[measure]} against the published figures",
            ["Census year", *headers, "Notes"],
            [[r["year"], *r["values"], "; ".join(r["notes"])] for r in table],
            notes=gap_notes,
            chart="line",
            chart_columns=(2, 1 + len(headers)),
        )
    ]


def projection_tables(compared: list[dict[str, Any]], rows: list[dict[str, Any]],
                      start_year: int) -> list[Table]:  # fmt: skip
    tables = [
        Table(
            "Scenarios",
            "Scenarios side by side: medians in year 5",
            [
                "Scenario",
                "In post (FTE)",
                "Vacancies (FTE)",
                "Agency (FTE)",
                "Cases per case-holder",
                "Agency cost over five years (£)",
                "Agency at 10% or less in",
                "Caseload at 15 or less in",
            ],
            [
                [
                    c["name"],
                    c["inpost"],
                    c["vacancy"],
                    c["agency"],
                    c["caseload"],
                    c["cost"],
                    c["agency_met"],
                    c["caseload_met"],
                ]  # fmt: skip
                for c in compared
            ],
        )
    ]
    for q in QUANTITIES:
        tables.append(
            Table(
                q[:31],
                f"{PROJECTION_LABELS[q]}: 10th, 50th and 90th percentiles",
                ["Year", "10th percentile", "Median", "90th percentile"],
                [[start_year + r["year"], r[q]["p10"], r[q]["p50"], r[q]["p90"]] for r in rows],
                chart="line",
            )
        )
    return tables


__all__ = ["MEASURES", "benchmark_tables", "dashboard_tables", "projection_tables"]
