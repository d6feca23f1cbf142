"""Any intelligence table as a formatted Excel workbook: a title, bold headers, number formats,
frozen panes, notes under the table and, where the page draws one, the chart (openpyxl)."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    name: str  # the sheet's name (31 characters at most)
    title: str
    header: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    # The chart the page shows: "line" or "bar", over these columns (1-based, inclusive) with
    # the first column as the categories.
    chart: str = ""
    chart_columns: tuple[int, int] | None = None


def tables_workbook(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for t in tables:
        sheet = book.create_sheet(t.name[:31])
        sheet.append([t.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(t.header)
        for c in sheet[2]:
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for row in t.rows:
            sheet.append(["" if v is None else v for v in row])
        for col in sheet.iter_cols(min_row=3, max_row=2 + len(t.rows)):
            for c in col:
                if isinstance(c.value, float):
                    c.number_format = "#,##0.0#"
                elif isinstance(c.value, int):
                    c.number_format = "#,##0"
        for note in t.notes:
            sheet.append([note])
        sheet.freeze_panes = "B3"
        sheet.column_dimensions["A"].width = 42
        for i in range(2, len(t.header) + 1):
            sheet.column_dimensions[sheet.cell(2, i).column_letter].width = 16
        if t.chart and t.rows:
            low, high = t.chart_columns or (2, len(t.header))
            chart: Any = LineChart() if t.chart == "line" else BarChart()
            chart.title = t.title[:80]
            chart.add_data(
                Reference(sheet, min_col=low, max_col=high, min_row=2, max_row=2 + len(t.rows)),
                titles_from_data=True,
            )
            chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=2 + len(t.rows)))
            sheet.add_chart(chart, f"A{5 + len(t.rows) + len(t.notes)}")
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(data: bytes, filename: str) -> Any:
    from django.http import HttpResponse

    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
