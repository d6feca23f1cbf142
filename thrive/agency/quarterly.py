"""The DfE quarterly agency data return, built from the placements: one row per placement in force
at any time in the quarter, a summary, and the problems to put right before sending it.

Quarters are calendar quarters named ``YYYY-QN`` (2025-Q4 is October to December 2025). The layout
is Thrive's reading of DfE's agency data and price caps operational guidance: the council, the
quarter, each assignment's worker (SWE number), agency, job type, team, whether it covers a vacancy
or is a project team, its dates, rates, the cap and whether it is above it with sign-off, and the
rules it breaks; see docs/agency.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from thrive.agency.rules import cap_on, cost_between
from thrive.core.errors import ThriveError

RETURN_COLUMNS = [
    "la_code",
    "quarter_start",
    "quarter_end",
    "placement_id",
    "swe_number",
    "agency",
    "job_type",
    "team",
    "project_team",
    "covers_vacancy",
    "start_date",
    "planned_end_date",
    "end_date",
    "new_in_quarter",
    "extended_in_quarter",
    "hours_per_week",
    "hourly_pay",
    "employer_ni_and_levy",
    "hourly_charge",
    "price_cap",
    "above_cap",
    "cap_signed_off",
    "breaches",
    "days_in_quarter",
    "spend_in_quarter",
]
HOURS_FULL_TIME = Decimal(37)


def quarter_bounds(name: str) -> tuple[date, date]:
    """``2025-Q4`` -> (1 October 2025, 31 December 2025)."""
    match = re.fullmatch(r"(\d{4})-Q([1-4])", name.strip().upper())
    if not match:
        raise ThriveError(f"'{name}' is not a quarter: write it as YYYY-QN, like 2025-Q4.")
    year, q = int(match.group(1)), int(match.group(2))
    start = date(year, 3 * q - 2, 1)
    end = date(year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def last_complete_quarter(today: date) -> str:
    start, _ = quarter_bounds(quarter_of(today))
    return quarter_of(start - timedelta(days=1))


@dataclass
class QuarterlyReturn:
    organisation: Any
    quarter: str
    start: date
    end: date
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    def table(self) -> list[list[str]]:
        from thrive.people.exports import cell

        return [[cell(row[c]) for c in RETURN_COLUMNS] for row in self.rows]


def build_return(
    organisation: Any, quarter: str, checks: list[Any], caps: list[Any]
) -> QuarterlyReturn:
    """The return for *quarter* from *checks* (the placements in it, checked up to its end)."""
    start, end = quarter_bounds(quarter)
    result = QuarterlyReturn(organisation, quarter, start, end)
    in_force_at_end = Decimal(0)
    headcount_at_end = 0
    spend = Decimal(0)
    for check in checks:
        p = check.placement
        p_end = p.end_on()
        if p.start_date > end or p_end < start:
            continue
        from thrive.agency.selectors import terms_of

        terms = terms_of(p)
        at = min(end, p_end)
        current = [t for t in terms if t.effective_on <= at][-1]
        cap = cap_on(caps, organisation.region, p.job_type, at)
        capped = current.capped_hourly
        above = cap is not None and capped is not None and capped > cap.max_hourly
        first, last = max(start, p.start_date), min(end, p_end)
        cost = cost_between(terms, first, last)
        spend += cost
        if p_end >= end:
            headcount_at_end += 1
            in_force_at_end += current.hours_per_week / HOURS_FULL_TIME
        swe = p.worker.swe_number if p.worker is not None else ""
        row = {
            "la_code": organisation.code,
            "quarter_start": start,
            "quarter_end": end,
            "placement_id": p.placement_id,
            "swe_number": swe,
            "agency": p.agency,
            "job_type": p.job_type,
            "team": p.team.name,
            "project_team": p.project_team,
            "covers_vacancy": bool(p.covers_post_id),
            "start_date": p.start_date,
            "planned_end_date": p.planned_end_date,
            "end_date": p_end if p_end <= end else None,
            "new_in_quarter": start <= p.start_date <= end,
            "extended_in_quarter": any(start <= t.effective_on <= end for t in terms[1:]),
            "hours_per_week": current.hours_per_week,
            "hourly_pay": current.hourly_pay,
            "employer_ni_and_levy": current.employer_ni_and_levy,
            "hourly_charge": current.hourly_charge,
            "price_cap": cap.max_hourly if cap else None,
            "above_cap": above,
            "cap_signed_off": p.signed_off if above else None,
            "breaches": "; ".join(f"{b.rule} ({b.source})" for b in check.result.breaches),
            "days_in_quarter": (last - first).days + 1,
            "spend_in_quarter": cost,
        }
        result.rows.append(row)
        result.problems.extend(_problems(row, p, cap, capped))
    result.rows.sort(key=lambda r: (r["start_date"], r["placement_id"]))
    result.summary = {
        "placements": len(result.rows),
        "new": sum(1 for r in result.rows if r["new_in_quarter"]),
        "ended": sum(1 for r in result.rows if r["end_date"]),
        "in_force_at_end": headcount_at_end,
        "fte_at_end": in_force_at_end.quantize(Decimal("0.01")),
        "covering_vacancies": sum(1 for r in result.rows if r["covers_vacancy"]),
        "project_team": sum(1 for r in result.rows if r["project_team"]),
        "above_cap": sum(1 for r in result.rows if r["above_cap"]),
        "above_cap_signed_off": sum(1 for r in result.rows if r["cap_signed_off"]),
        "with_breaches": sum(1 for r in result.rows if r["breaches"]),
        "spend": spend.quantize(Decimal("0.01")),
    }
    return result


def _problems(row: dict[str, Any], p: Any, cap: Any, capped: Any) -> list[dict[str, str]]:
    found = []

    def add(column: str, reason: str) -> None:
        found.append(
            {"placement_id": p.placement_id, "pk": str(p.pk), "column": column, "reason": reason}
        )

    if not row["swe_number"]:
        add(
            "swe_number",
            "no Social Work England number: the worker is not in the register or has none recorded",
        )
    if capped is None:
        add("hourly_pay", "hourly pay or employer NI and levy not recorded")
    if cap is None:
        add("price_cap", f"no {p.organisation.region} price cap entered for {p.job_type}")
    if row["above_cap"] and not row["cap_signed_off"]:
        add("above_cap", "above the price cap without the DCS's and chief executive's sign-off")
    if row["breaches"]:
        add("breaches", f"breaks: {row['breaches']}")
    return found
