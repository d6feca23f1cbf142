"""The council-wide learning views as CSV and Excel: the same rows as the pages, by team and by
person; and the training needs analysis as CSV. Excel sheets have a bold header row, frozen
panes and number formats."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thrive.learning.selectors.needs import Priority
from thrive.learning.team_reports import CpdReport, CpdRow, CpdTeam, GapsReport, TeamGaps
from thrive.people.exports import cell, write_csv

GAPS_TEAM_HEADER = [
    "Team",
    "Mandatory item",
    "Why it is mandatory",
    "People it applies to",
    "Missing (never done or run out)",
    "Running out in 60 days",
]
GAPS_PEOPLE_HEADER = ["staff_id", "name", "team", "stage", "missing", "running_out"]
CPD_TEAM_HEADER = [
    "Team",
    "Social workers",
    "On track",
    "Of whom met the rule",
    "At risk",
    "Not started",
]
CPD_PEOPLE_HEADER = [
    "Staff ID",
    "Name",
    "Team",
    "CPD records",
    "Reflected on with a peer",
    "Status",
    "Still needed",
    "Days to the year's end",
]


def gaps_team_rows(report: GapsReport) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for team in report.teams:
        for item, count in zip(report.items, team.cells(report.items), strict=True):
            if count.applies:
                rows.append(
                    [
                        team.team.name,
                        item.title,
                        report.rules[item.pk],
                        count.applies,
                        count.missing,
                        count.running_out,
                    ]
                )
    return rows


def gaps_people_rows(teams: Iterable[TeamGaps]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for team in teams:
        for p in team.people:
            missing = [i.title for i in p.missing] + [
                f"{i.title} (ran out {d:%-d %b %Y})" for i, d in p.lapsed
            ]
            rows.append(
                [
                    p.person.staff_id,
                    p.person.full_name,
                    team.team.name,
                    p.stage,
                    "; ".join(missing),
                    "; ".join(f"{i.title} ({d})" for i, d in p.running_out),
                ]
            )
    return rows


def cpd_team_rows(report: CpdReport) -> list[list[Any]]:
    def row(t: CpdTeam) -> list[Any]:
        return [t.team.name, len(t.rows), t.on_track, t.met, t.at_risk, t.not_started]

    return [*(row(t) for t in report.teams), row(report.total)]


def cpd_people_rows(rows: Iterable[CpdRow]) -> list[list[Any]]:
    return [
        [
            r.person.staff_id,
            r.person.full_name,
            r.spell.team.name,
            r.check.records,
            r.check.peer_reflected,
            r.check.status_label,
            " and ".join(r.check.missing),
            r.check.days_to_deadline,
        ]
        for r in rows
    ]


def csv_bytes(header: list[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return write_csv(header, ([cell(v) for v in row] for row in rows))


def _sheet(
    book: Workbook, title: str, header: list[str], rows: list[list[Any]], freeze: str = "B2"
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for c in sheet[1]:
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([v if isinstance(v, int | date) else cell(v) for v in row])
    sheet.freeze_panes = freeze
    for index, name in enumerate(header, start=1):
        values = [name, *(str(r[index - 1]) for r in rows)]
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(60, max(10, *(len(v) for v in values)) + 2)
        numeric = rows and all(isinstance(r[index - 1], int) for r in rows)
        for c in sheet[letter][1:]:
            if numeric:
                c.number_format = "#,##0"
            elif isinstance(c.value, date):
                c.number_format = "d mmm yyyy"


def _book(sheets: list[tuple[str, list[str], list[list[Any]], str]]) -> bytes:
    book = Workbook()
    default = book.active
    assert default is not None
    book.remove(default)
    for title, header, rows, freeze in sheets:
        _sheet(book, title, header, rows, freeze)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def gaps_workbook(report: GapsReport, teams: Iterable[TeamGaps]) -> bytes:
    """Two sheets: missing and running-out counts per team and mandatory item (with the rule),
    and the people with what each lacks."""
    people_header = ["Staff ID", "Name", "Team", "Stage", "Missing", "Running out"]
    return _book(
        [
            ("By team", GAPS_TEAM_HEADER, gaps_team_rows(report), "C2"),
            ("People", people_header, gaps_people_rows(teams), "C2"),
            (
                "Rules",
                ["Mandatory item", "Why it is mandatory"],
                [[i.title, r] for i, r in report.item_rules()],
                "A2",
            ),
        ]
    )


def cpd_workbook(report: CpdReport, rows: Iterable[CpdRow]) -> bytes:
    """Three sheets: status counts per team (and all teams), the people, and what each status
    means for this registration year."""
    from thrive.learning.registration import CPD_STATUSES

    return _book(
        [
            ("By team", CPD_TEAM_HEADER, cpd_team_rows(report), "B2"),
            ("People", CPD_PEOPLE_HEADER, cpd_people_rows(rows), "C2"),
            (
                "Definitions",
                ["Status", f"Meaning, registration year {report.year_label}"],
                [[CPD_STATUSES[k], v] for k, v in report.definitions.items()],
                "A2",
            ),
        ]
    )


NEEDS_HEADER = [
    "rank",
    "topic",
    "score",
    "agreement",
    "voices",
    "sources",
    "teams",
    "items",
    "unmet",
]


def needs_csv(priorities: Iterable[Priority]) -> bytes:
    """The needs analysis, one row a topic in rank order, as CSV for commissioning."""
    body = (
        [
            cell(v)
            for v in (
                rank,
                p.topic,
                p.score,
                p.agreement,
                "; ".join(p.voices),
                "; ".join(n.source for n in p.needs),
                "; ".join(sorted({t.name for n in p.needs for t in n.teams.all()})),
                "; ".join(i.title for i in p.items),
                "yes" if p.unmet else "no",
            )
        ]
        for rank, p in enumerate(priorities, start=1)
    )
    return write_csv(NEEDS_HEADER, body)
