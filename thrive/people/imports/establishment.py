"""The posts import (the funded establishment) and the absences import."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from thrive.people.imports.base import Importer, ImportReport, Row
from thrive.people.imports.fields import (
    Column,
    boolean,
    choice,
    decimal,
    identifier,
    parse_date,
    text,
)
from thrive.people.models import Absence, AbsenceReason, Post, StaffMember

POST_FIELDS = ["team", "title", "fte", "social_work_post", "funded_from", "funded_to", "holder"]
ABSENCE_FIELDS = ["person", "reason", "start_date", "end_date", "working_days"]


def staff_lookup(organisation: Any, staff_ids: set[str]) -> dict[str, StaffMember]:
    return {
        p.staff_id: p
        for p in StaffMember.objects.for_org(organisation).filter(staff_id__in=list(staff_ids))
    }


def require_known_staff(
    rows: Sequence[Row], column: str, known: dict[str, StaffMember], report: ImportReport
) -> None:
    for row in rows:
        staff_id = row[column]
        if staff_id and staff_id not in known:
            report.problem(
                row.number, column, f"'{staff_id}' is not in the register (import staff first)"
            )


class PostsImporter(Importer):
    kind = "posts"
    columns = [
        Column("post_id", identifier, required=True),
        Column("team", text(200), required=True),
        Column("title", text(200), required=True),
        Column(
            "fte",
            decimal(minimum=Decimal(0), maximum=Decimal(1), exclusive_min=True),
            required=True,
        ),
        Column("social_work_post", boolean, required=True),
        Column("funded_from", parse_date, required=True),
        Column("funded_to", parse_date),
        Column("holder_staff_id", identifier),
    ]

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        self.duplicate_keys(rows, lambda r: r["post_id"], report, "post_id", "the same post_id")
        for row in rows:
            self.end_not_before_start(row, report, "funded_from", "funded_to")
        self.holders = staff_lookup(
            self.organisation, {r["holder_staff_id"] for r in rows if r["holder_staff_id"]}
        )
        require_known_staff(rows, "holder_staff_id", self.holders, report)

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        org = self.organisation
        teams = self.teams_named(rows, report, write)
        incoming = {
            row["post_id"]: {
                "post_id": row["post_id"],
                "team": teams[row["team"].casefold()],
                "title": row["title"],
                "fte": row["fte"],
                "social_work_post": row["social_work_post"],
                "funded_from": row["funded_from"],
                "funded_to": row["funded_to"],
                "holder": self.holders.get(row["holder_staff_id"] or ""),
            }
            for row in rows
        }
        existing = {
            p.post_id: p for p in Post.objects.for_org(org).filter(post_id__in=list(incoming))
        }
        self.sync(
            model=Post,
            kind="post",
            incoming=incoming,
            existing=existing,  # type: ignore[arg-type]
            fields=POST_FIELDS,
            report=report,
            write=write,
        )


class AbsencesImporter(Importer):
    kind = "absences"
    columns = [
        Column("staff_id", identifier, required=True),
        Column("reason", choice(AbsenceReason.values, "census ReasonAbsence code"), required=True),
        Column("start_date", parse_date, required=True),
        Column("end_date", parse_date, required=True),
        Column("working_days", decimal(minimum=Decimal(0), places=2), required=True),
    ]

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        self.duplicate_keys(
            rows,
            lambda r: (r["staff_id"], r["reason"], r["start_date"]),
            report,
            "start_date",
            "the same staff_id, reason and start_date",
        )
        self.people = staff_lookup(self.organisation, {r["staff_id"] for r in rows})
        require_known_staff(rows, "staff_id", self.people, report)
        for row in rows:
            self.end_not_before_start(row, report)
            if row["start_date"] and row["end_date"] and row["working_days"] is not None:
                span = (row["end_date"] - row["start_date"]).days + 1
                if row["end_date"] >= row["start_date"] and row["working_days"] > span:
                    report.problem(
                        row.number,
                        "working_days",
                        f"{row['working_days']} is more than the absence's {span} calendar days",
                    )

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        incoming = {
            (row["staff_id"], row["reason"], row["start_date"]): {
                "person": self.people[row["staff_id"]],
                "reason": row["reason"],
                "start_date": row["start_date"],
                "end_date": row["end_date"],
                "working_days": row["working_days"],
            }
            for row in rows
        }
        existing = {
            (a.person.staff_id, a.reason, a.start_date): a
            for a in Absence.objects.for_org(self.organisation)
            .filter(person__in=list(self.people.values()))
            .select_related("person")
        }
        self.sync(
            model=Absence,
            kind="absence",
            incoming=incoming,
            existing=existing,  # type: ignore[arg-type]
            fields=ABSENCE_FIELDS,
            report=report,
            write=write,
        )
