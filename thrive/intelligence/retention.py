"""Retention of a council's permanent social workers (``analytics.retention``) for the page, the
CLI and the API, and its Excel workbook."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from analytics.retention import (
    BY_FIELDS,
    BY_LABELS,
    HORIZONS,
    Retention,
    exit_reasons_by_group,
    survival,
    tenures_from_spells,
)
from thrive.intelligence.selectors import register_observed_from, retention_spells

ROW_HEADER = [
    "Group",
    "People",
    "Leavers",
    "Still in post",
    *[f"Retained {h} year{'s' if h > 1 else ''} (%)" for h in HORIZONS],
    "Median tenure (years)",
    "Early leavers (within 12 months, %)",
    "Notes",
]


def retention_for(
    organisation: Any, *, by: str, on: date, team_ids: list[int] | None = None
) -> Retention:
    """Kaplan–Meier retention of *organisation*'s permanent social workers on *on* (three
    queries), narrowed to *team_ids* when given; with the main reasons leavers gave in their exit
    conversations, by the same groups (one more), and how many came back (one more)."""
    from thrive.engagement.exits import exit_reason_labels, exit_reasons_by_leaving, returners

    tenures = tenures_from_spells(retention_spells(organisation, team_ids))
    observed_from = register_observed_from(organisation)
    result = survival(tenures, on=on, by=by, observed_from=observed_from)
    result.exit_reasons = exit_reasons_by_group(
        tenures,
        exit_reasons_by_leaving(organisation),
        exit_reason_labels(),
        on=on,
        by=by,
        observed_from=observed_from,
    )
    result.returners = sum(
        1
        for _, _, back in returners(organisation)
        if back.start_date <= on and (team_ids is None or back.team_id in team_ids)
    )
    return result


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def retention_rows(result: Retention) -> list[dict[str, Any]]:
    """One row per group for the table beside the chart (percentages to one decimal place)."""
    rows = []
    for g in result.groups:
        notes = [g.suppressed] if g.suppressed else []
        notes += sorted({n for n in g.at_note.values() if n and n != g.suppressed})
        if g.median_note:
            notes.append(f"median {g.median_note}")
        rows.append(
            {
                "group": g.group,
                "people": None if g.suppressed else g.people,
                "leavers": None if g.suppressed else g.leavers,
                "in_post": None if g.suppressed else g.in_post,
                "at": [_pct(e.estimate) if (e := g.at.get(h)) else None for h in HORIZONS],
                "limits": [
                    (_pct(e.low), _pct(e.high)) if (e := g.at.get(h)) else None for h in HORIZONS
                ],
                "median": g.median_years,
                "early": g.early_rate,
                "notes": "; ".join(notes),
            }
        )
    return rows


def retention_workbook(organisation: Any, result: Retention) -> bytes:
    """Retention as a formatted workbook: the table by group (with 95% limits), the curves
    (with a chart), and where leavers went and why."""
    from openpyxl import Workbook
    from openpyxl.chart import Reference, ScatterChart
    from openpyxl.chart import Series as ChartSeries
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Retention"
    sheet.append(
        [
            f"Retention of permanent social workers, {organisation.name}, on "
            f"{result.on:%-d %B %Y}, by {BY_LABELS[result.by].lower()}"
        ]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    header = ROW_HEADER[:4]
    for h in HORIZONS:
        header += [f"Retained {h}y (%)", f"{h}y lower 95%", f"{h}y upper 95%"]
    header += ROW_HEADER[-3:]
    sheet.append(header)
    for c in sheet[2]:
        c.font = Font(bold=True)
    for row in retention_rows(result):
        cells: list[Any] = [row["group"], row["people"], row["leavers"], row["in_post"]]
        for value, limits in zip(row["at"], row["limits"], strict=True):
            cells += [value, *(limits or (None, None))]
        cells += [row["median"], row["early"], row["notes"]]
        sheet.append(cells)
    for col in sheet.iter_cols(min_col=5, max_col=len(header) - 1, min_row=3):
        for c in col:
            c.number_format = "0.0"
    sheet.freeze_panes = "B3"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions[sheet.cell(2, len(header)).column_letter].width = 50

    curves = book.create_sheet("Curves")
    curves.append(["Group", "Years since starting", "Still in post (%)", "Lower 95%", "Upper 95%"])
    for c in curves[1]:
        c.font = Font(bold=True)
    chart = ScatterChart()
    chart.title = "Still in post by years since starting (%)"
    chart.x_axis.title = "Years since starting"
    chart.y_axis.title = "%"
    for g in result.groups:
        if g.suppressed or not g.curve:
            continue
        first = curves.max_row + 1
        for t, s, lo, hi in g.curve:
            curves.append([g.group, t, _pct(s), _pct(lo), _pct(hi)])
        last = curves.max_row
        series = ChartSeries(
            Reference(curves, min_col=3, min_row=first, max_row=last),
            Reference(curves, min_col=2, min_row=first, max_row=last),
            title=g.group[:30],
        )
        chart.series.append(series)
    for col in curves.iter_cols(min_col=2, max_col=5, min_row=2):
        for c in col:
            c.number_format = "0.00" if c.column == 2 else "0.0"
    curves.freeze_panes = "A2"
    curves.column_dimensions["A"].width = 40
    curves.add_chart(chart, "G2")

    leavers = book.create_sheet("Leavers")
    leavers.append(["Where leavers went (census destination)", "Leavers"])
    leavers["A1"].font = leavers["B1"].font = Font(bold=True)
    for d in result.destinations:
        leavers.append([d.label, "fewer than 5" if d.count is None else d.count])
    leavers.append([])
    leavers.append(["Why they left (census reason)", "Leavers"])
    for r in result.reasons:
        leavers.append([r.label, "fewer than 5" if r.count is None else r.count])
    said = result.exit_reasons
    if said is not None and said.reasons:
        leavers.append([])
        leavers.append(["What leavers said in their exit conversations (main reason)"])
        leavers.cell(leavers.max_row, 1).font = Font(bold=True)
        leavers.append(
            ["Group", "Leavers with a conversation", *[label for _, label in said.reasons]]
        )
        for c in leavers[leavers.max_row]:
            c.font = Font(bold=True)
        hidden = "hidden"
        for group, n, cells in said.rows:
            leavers.append(
                [group, hidden if n is None else n, *[hidden if v is None else v for v in cells]]
            )
        leavers.append(
            ["All", hidden if said.conversations is None else said.conversations,
             *[hidden if v is None else v for v in said.totals]]
        )  # fmt: skip
        leavers.append(["'hidden': fewer than five, or would let one under five be worked out."])
    leavers.column_dimensions["A"].width = 60
    leavers.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = ["BY_FIELDS", "retention_for", "retention_rows", "retention_workbook"]
