"""The Ofsted workforce evidence pack for a council on a date: each section a chart, its table
and a sentence of commentary (written from the figures; the council replaces it with its own),
as a PDF (WeasyPrint, with a contents page and page numbers) and as an Excel workbook (a sheet
a section, with the chart)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string

from analytics.measures import compute_measures_series
from analytics.projection import LABELS as PROJECTION_LABELS
from thrive.core.charts import Series, line_chart
from thrive.intelligence.dashboard import (
    LABELS,
    latest_census_year,
    register_coverage,
)
from thrive.intelligence.drivers import drivers_for
from thrive.intelligence.models import PackSection
from thrive.intelligence.pack_compare import COMPARED, comparison_part
from thrive.intelligence.pack_sections import (
    Part,
    academy_part,
    agency_part,
    engagement_part,
    learning_part,
    supervision_part,
)
from thrive.intelligence.pack_teams import caseloads_part, progression_part
from thrive.intelligence.projection import projection_scenarios
from thrive.intelligence.retention import retention_for, retention_rows
from thrive.intelligence.retention_views import retention_chart
from thrive.intelligence.selectors import pack_commentary, register_frames

PROFILE_MEASURES = [
    "inpost_fte",
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
]
SECTION_KEYS = tuple(PackSection.values)
TITLES = dict(PackSection.choices)


@dataclass
class Section:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    commentary: str
    chart: str = ""
    notes: list[str] = field(default_factory=list)
    chart_columns: tuple[int, int] | None = None  # for the workbook's chart: first and last


@dataclass
class Pack:
    organisation: Any
    on: date
    sections: list[Section]


# Sections whose table is a series over years (or cohorts) the workbook draws as a line chart.
CHARTED = ("profile", "learning", "projection")


def _dash(value: Any) -> Any:
    return "–" if value is None else value


def ofsted_pack(organisation: Any, *, on: date, commentary: dict[str, str] | None = None) -> Pack:
    """Build the pack's sections. Each sentence is the council's saved commentary in force on
    *on* where it wrote one, else one written from the figures; *commentary* (by section key)
    replaces either for this pack only."""
    mine = {k: c.text for k, c in pack_commentary(organisation, on).items() if c.text.strip()}
    mine.update({k: v for k, v in (commentary or {}).items() if v and v.strip()})
    latest = latest_census_year(on)
    years = list(range(latest - 4, latest + 1))
    frames = register_frames(organisation)
    coverage = register_coverage(frames, on)
    trend = compute_measures_series(
        frames.spells, frames.posts, frames.absences, frames.allocations, years
    )
    sections: list[Section] = []

    # 1. The workforce profile over five census years, with the reason for any gap.
    rows, notes = [], []
    for y in years:
        gap = coverage.gap(y)
        if gap:
            notes.append(f"{y}: {gap}")
        rows.append([y, *[None if gap else _num(trend.loc[y, m]) for m in PROFILE_MEASURES]])
    last = rows[-1]
    sections.append(
        Section(
            "profile",
            TITLES["profile"],
            ["Census year", *[LABELS[m] for m in PROFILE_MEASURES]],
            rows,
            mine.get("profile")
            or (
                f"On 30 September {latest} the council had {_dash(last[1])} FTE social workers in "
                f"post; turnover was {_dash(last[2])}% and agency workers were {_dash(last[3])}% "
                "of the workforce."
            ),
            chart=line_chart(
                chart_id="pack-profile",
                title="Turnover, agency and vacancy rates (%)",
                categories=[str(y) for y in years],
                series=[
                    Series(LABELS[m], [r[1 + PROFILE_MEASURES.index(m)] for r in rows])
                    for m in ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte")
                ],
                unit="%",
                description="The council's turnover, agency and vacancy rates each census year.",
            ),
            notes=notes,
        )
    )

    def add(key: str, part: Part) -> None:
        sections.append(
            Section(
                key,
                TITLES[key],
                part.header,
                part.rows,
                mine.get(key) or part.sentence,
                chart=part.chart,
                notes=part.notes,
            )
        )

    # 2. Every published rate and average against the region, statistical neighbours and
    # England, and 3. caseloads by team on the pack's date.
    own = {m: [_own(trend, coverage, y, m) for y in years] for m in COMPARED}
    add("benchmarks", comparison_part(organisation, years, own, coverage))
    add("caseloads", caseloads_part(organisation, on))
    add("supervision", supervision_part(organisation, on))
    add("learning", learning_part(organisation, years))
    add("academy", academy_part(organisation, on))
    add("progression", progression_part(organisation, on, years))

    # 3. Retention by where people came from.
    retention = retention_for(organisation, by="start_origin", on=on)
    r_rows = retention_rows(retention)
    sections.append(
        Section(
            "retention",
            TITLES["retention"],
            [
                "Where they came from",
                "People",
                "Leavers",
                "1 year (%)",
                "2 years (%)",
                "3 years (%)",
                "5 years (%)",
                "Median tenure (years)",
                "Notes",
            ],
            [
                [
                    r["group"],
                    _dash(r["people"]),
                    _dash(r["leavers"]),
                    *[_dash(v) for v in r["at"]],
                    _dash(r["median"]),
                    r["notes"],
                ]
                for r in r_rows
            ],
            mine.get("retention") or _retention_sentence(r_rows),
            chart=retention_chart(retention, chart_id="pack-retention"),
        )
    )

    # 4. Where leavers went and why.
    sections.append(
        Section(
            "leavers",
            TITLES["leavers"],
            ["Census destination or reason", "Leavers"],
            [
                [c.label, "fewer than 5" if c.count is None else c.count]
                for c in retention.destinations
            ]
            + [
                [f"Reason: {c.label}", "fewer than 5" if c.count is None else c.count]
                for c in retention.reasons
            ]
            + [
                [f"Said in the exit conversation: {label}", "fewer than 5" if n is None else n]
                for (_, label), n in _said(retention)
            ],
            mine.get("leavers")
            or f"{retention.leavers_counted} permanent social workers left in the period the "
            "register covers.",
        )
    )

    add(
        "agency",
        agency_part(
            organisation,
            on,
            years,
            [_own(trend, coverage, y, "agency_rate_fte") for y in years],
        ),
    )
    add("engagement", engagement_part(organisation))

    # 5. Projections and scenarios.
    inputs, results, _ = projection_scenarios(organisation, on=on, runs=5000, seed=2026)
    p_rows = []
    for p in results:
        end = p.year_rows()[-1]
        p_rows.append(
            [
                p.scenario.name,
                end["inpost_fte"]["p50"],
                end["vacancy_fte"]["p50"],
                end["agency_fte"]["p50"],
                _dash(end["caseload"]["p50"]),
                sum(r["agency_cost"]["p50"] or 0 for r in p.year_rows()[1:]),
            ]
        )
    base = results[0].year_rows()
    sections.append(
        Section(
            "projection",
            TITLES["projection"],
            [
                "Scenario (medians in year 5)",
                "In post (FTE)",
                "Vacancies (FTE)",
                "Agency (FTE)",
                "Cases per case-holder",
                "Agency cost over five years (£)",
            ],
            p_rows,
            mine.get("projection")
            or (
                f"As now, the median projection has {base[-1]['inpost_fte']['p50']} FTE in post in "
                f"five years (eight in ten runs between {base[-1]['inpost_fte']['p10']} and "
                f"{base[-1]['inpost_fte']['p90']})."
            ),
            chart=line_chart(
                chart_id="pack-projection",
                title=PROJECTION_LABELS["inpost_fte"],
                categories=[str(on.year + r["year"]) for r in base],
                series=[
                    Series(name, [r["inpost_fte"][key] for r in base])
                    for name, key in (
                        ("90th percentile", "p90"),
                        ("Median", "p50"),
                        ("10th percentile", "p10"),
                    )
                ],
                description="Social workers in post projected five years ahead as now: the median "
                "and the 10th and 90th percentiles of 5,000 runs.",
            ),
        )
    )

    # 6. What drives leaving.
    found = drivers_for(organisation, on=on)
    sections.append(
        Section(
            "drivers",
            TITLES["drivers"],
            ["Factor", "Hazard ratio", "95% interval", "Finding"],
            [
                [
                    f.factor.words,
                    _dash(f.hazard_ratio),
                    "–" if f.low is None else f"{f.low}–{f.high}",
                    f.sentence(),
                ]
                for f in found.findings
            ],
            mine.get("drivers")
            or f"A model of {found.people} social workers' months in post and {found.leavers} "
            "leavings; factors are reported only where enough people share them, never about "
            "a named person.",
        )
    )
    return Pack(organisation, on, sections)


def _num(value: Any) -> float | None:
    return None if value is None or value != value else float(value)


def _own(trend: Any, coverage: Any, year: int, measure: str) -> float | None:
    return None if coverage.gap(year) else _num(trend.loc[year, measure])


def _said(retention: Any) -> list[tuple[tuple[str, str], int | None]]:
    """The exit conversations' main reasons and their council-wide counts (None: hidden)."""
    said = retention.exit_reasons
    return list(zip(said.reasons, said.totals, strict=True)) if said else []


def _retention_sentence(rows: list[dict[str, Any]]) -> str:
    shown = [r for r in rows if r["at"][0] is not None]
    if not shown:
        return "No group is large enough to show retention."
    best = max(shown, key=lambda r: r["at"][0])
    return f"{best['group']}: {best['at'][0]}% were still in post a year after starting."


def pack_document(pack: Pack) -> Any:
    """The pack laid out on A4 pages (a WeasyPrint document: its pages and bookmarks)."""
    from weasyprint import HTML

    html = render_to_string("intelligence/ofsted_pack_pdf.html", {"pack": pack})
    return HTML(string=html).render()


def pack_pdf(pack: Pack) -> bytes:
    return bytes(pack_document(pack).write_pdf())


def pack_workbook(pack: Pack) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    contents = book.active
    assert contents is not None
    contents.title = "Contents"
    contents.append([f"Workforce evidence pack, {pack.organisation.name}, {pack.on:%-d %B %Y}"])
    contents["A1"].font = Font(bold=True, size=14)
    for i, s in enumerate(pack.sections, start=1):
        contents.append([f"{i}. {s.title}", f"Sheet {i}"])
    contents.column_dimensions["A"].width = 70
    for i, s in enumerate(pack.sections, start=1):
        sheet = book.create_sheet(f"{i} {s.key}"[:31])
        sheet.append([s.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([s.commentary])
        sheet["A2"].alignment = Alignment(wrap_text=True)
        sheet.append(s.header)
        for c in sheet[3]:
            c.font = Font(bold=True)
        for row in s.rows:
            sheet.append(["" if v is None else v for v in row])
        for note in s.notes:
            sheet.append([note])
        for col in sheet.iter_cols(min_row=4, max_row=3 + len(s.rows)):
            for c in col:
                if isinstance(c.value, float):
                    c.number_format = "#,##0.0"
        sheet.freeze_panes = "B4"
        sheet.column_dimensions["A"].width = 45
        if s.key == "benchmarks":
            _measure_charts(sheet, s)
        if s.key in CHARTED and s.rows:
            chart = LineChart()
            chart.title = s.title
            chart.add_data(
                Reference(
                    sheet, min_col=2, max_col=len(s.header), min_row=3, max_row=3 + len(s.rows)
                ),
                titles_from_data=True,
            )
            chart.set_categories(Reference(sheet, min_col=1, min_row=4, max_row=3 + len(s.rows)))
            sheet.add_chart(chart, f"A{6 + len(s.rows) + len(s.notes)}")
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _measure_charts(sheet: Any, s: Section) -> None:
    """The comparison's sheet: a line chart for each measure (its five rows, a line for each
    of this register, the published figure, the region, the neighbours and England)."""
    from openpyxl.chart import LineChart, Reference
    from openpyxl.chart import Series as Line

    years = len({r[1] for r in s.rows}) or 1
    below = 6 + len(s.rows) + len(s.notes)
    for n, first in enumerate(range(0, len(s.rows), years)):
        chart = LineChart()
        chart.title = str(s.rows[first][0])
        chart.height, chart.width = 7, 16
        top, bottom = 4 + first, 3 + first + years
        for col in range(3, 8):
            chart.series.append(
                Line(
                    Reference(sheet, min_col=col, min_row=top, max_row=bottom),
                    title=str(s.header[col - 1]),
                )
            )
        chart.set_categories(Reference(sheet, min_col=2, min_row=top, max_row=bottom))
        sheet.add_chart(chart, f"A{below + 15 * n}")
