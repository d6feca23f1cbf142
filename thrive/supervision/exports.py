"""Supervision compliance as an Excel workbook: the evidence an inspection asks for."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font

from thrive.people.exports import cell
from thrive.supervision.selectors import WINDOWS

HEADER = [
    "Team",
    "Window (months)",
    "People",
    "Supervised within policy",
    "Share within policy (%)",
    "Overdue now",
    "Average interval (days)",
    "Average minutes a month",
    "Below the minimum minutes",
]


def compliance_workbook(organisation: Any, report: dict[str, Any]) -> bytes:
    """Three sheets: compliance by team and window, the 12-month trend (with a chart), and
    everyone overdue on the date."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Compliance"
    sheet.append([f"Supervision compliance, {organisation.name}, on {report['on']:%-d %B %Y}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(HEADER)
    for c in sheet[2]:
        c.font = Font(bold=True)
    for row in [*report["rows"], report["total"]]:
        for months in WINDOWS:
            figures = row.windows[months]
            sheet.append(
                [
                    cell(row.label),
                    months,
                    figures.people,
                    figures.within_policy,
                    figures.share,
                    figures.overdue,
                    figures.average_interval_days,
                    figures.minutes_per_month_average,
                    figures.below_minimum,
                ]
            )
    trend = book.create_sheet("Trend")
    trend.append(["Month end", "Within policy over the previous 3 months (%)", "People"])
    for point in report["trend"]:
        trend.append([point["date"], point["compliance"].share, point["compliance"].people])
    for c in trend["A"][1:]:
        c.number_format = "d mmm yyyy"
    chart = LineChart()
    chart.title = "Share within policy (%)"
    chart.add_data(
        Reference(trend, min_col=2, min_row=1, max_row=len(report["trend"]) + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(trend, min_col=1, min_row=2, max_row=len(report["trend"]) + 1))
    trend.add_chart(chart, "E2")
    overdue = book.create_sheet("Overdue")
    overdue.append(["Staff ID", "Name", "Team", "Days overdue"])
    for spell, days in report["overdue"]:
        overdue.append(
            [
                cell(spell.person.staff_id),
                cell(spell.person.full_name),
                cell(spell.team.name if spell.team else ""),
                days,
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
