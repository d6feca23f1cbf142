"""Exporting the register in exactly the staff import's columns: an export re-imports unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from thrive.people.imports.staff import STAFF_COLUMNS
from thrive.people.models import EmploymentSpell, Organisation

STAFF_EXPORT_COLUMNS = [c.name for c in STAFF_COLUMNS]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Stop a spreadsheet running a cell as a formula (CSV/formula injection)."""
    if value and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return neutralise(str(value))


def staff_spells(organisation: Organisation) -> QuerySet[EmploymentSpell]:
    return (
        EmploymentSpell.objects.for_org(organisation)
        .select_related("person", "team", "line_manager")
        .order_by("person__staff_id", "start_date")
    )


def staff_rows(spells: Iterable[EmploymentSpell]) -> Iterator[list[str]]:
    for s in spells:
        p = s.person
        values = {
            "staff_id": p.staff_id,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "profession": s.profession,
            "contract": s.contract,
            "team": s.team.name,
            "fte": s.fte,
            "start_date": s.start_date,
            "end_date": s.end_date,
            "job_title": s.job_title,
            "org_role": s.org_role,
            "swe_number": p.swe_number,
            "date_of_birth": p.date_of_birth,
            "gender": p.gender,
            "ethnicity": p.ethnicity,
            "qualification_level": p.qualification_level,
            "qualification_institution": p.qualification_institution,
            "qualified_on": p.qualified_on,
            "step_up_grad": p.step_up_grad,
            "frontline_grad": p.frontline_grad,
            "start_origin": s.start_origin,
            "leaving_reason": s.leaving_reason,
            "leaver_destination": s.leaver_destination,
            "line_manager_staff_id": s.line_manager.staff_id if s.line_manager else None,
            "agency_name": s.agency_name,
            "hourly_rate": s.hourly_rate,
            "cfkss_status": p.cfkss_status,
        }
        yield [cell(values[c]) for c in STAFF_EXPORT_COLUMNS]


def write_csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(header: list[str], rows: Iterable[list[str]], sheet: str = "Staff") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(sheet)
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_staff(organisation: Organisation, fmt: str = "csv") -> bytes:
    rows = staff_rows(staff_spells(organisation).iterator(chunk_size=2000))
    if fmt == "xlsx":
        return write_xlsx(STAFF_EXPORT_COLUMNS, rows)
    return write_csv(STAFF_EXPORT_COLUMNS, rows)
