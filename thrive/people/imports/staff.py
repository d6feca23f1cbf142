"""The staff import: one row per person per employment spell (formats.md, "staff")."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from analytics.codes import (
    ALIASES,
    CFKSS_STATUS,
    ETHNICITY,
    GENDER,
    LEAVER_DESTINATION,
    ORG_ROLE,
    QUAL_LEVEL,
    REASON_LEAVE,
    START_ORIGIN,
)
from thrive.people.imports.base import Importer, ImportReport, Row
from thrive.people.imports.fields import (
    Column,
    boolean,
    choice,
    coded,
    decimal,
    identifier,
    parse_date,
    text,
)
from thrive.people.models import (
    Contract,
    EmploymentSpell,
    Profession,
    StaffMember,
)
from thrive.people.services import spells_added

PERSON_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "qualification_level",
    "qualification_institution",
    "qualified_on",
    "step_up_grad",
    "frontline_grad",
    "swe_number",
    "cfkss_status",
]
SPELL_FIELDS = [
    "person",
    "start_date",
    "end_date",
    "profession",
    "contract",
    "team",
    "fte",
    "job_title",
    "org_role",
    "start_origin",
    "leaving_reason",
    "leaver_destination",
    "line_manager",
    "agency_name",
    "hourly_rate",
]

FTE = decimal(minimum=Decimal(0), maximum=Decimal(1), exclusive_min=True)

STAFF_COLUMNS = [
    Column("staff_id", identifier, required=True),
    Column("first_name", text(100), required=True),
    Column("last_name", text(100), required=True),
    Column("profession", choice(Profession.values, "profession"), required=True),
    Column("contract", choice(Contract.values, "contract"), required=True),
    Column("team", text(200), required=True),
    Column("fte", FTE, required=True),
    Column("start_date", parse_date, required=True),
    Column("end_date", parse_date),
    Column("job_title", text(200)),
    Column(
        "org_role",
        coded(ORG_ROLE, numeric=True, what="census OrgRole", aliases=ALIASES["ORG_ROLE"]),
    ),
    Column("swe_number", text(20)),
    Column("date_of_birth", parse_date),
    Column("gender", coded(GENDER, numeric=True, what="census gender", aliases=ALIASES["GENDER"])),
    Column(
        "ethnicity",
        coded(ETHNICITY, numeric=False, what="census ethnicity", aliases=ALIASES["ETHNICITY"]),
    ),
    Column(
        "qualification_level",
        coded(QUAL_LEVEL, numeric=True, what="census QualLevel", aliases=ALIASES["QUAL_LEVEL"]),
    ),
    Column("qualification_institution", text(200)),
    Column("qualified_on", parse_date),
    Column("step_up_grad", boolean),
    Column("frontline_grad", boolean),
    Column(
        "start_origin",
        coded(
            START_ORIGIN, numeric=True, what="census StartOrigin", aliases=ALIASES["START_ORIGIN"]
        ),
    ),
    Column(
        "leaving_reason",
        coded(
            REASON_LEAVE, numeric=True, what="census ReasonLeave", aliases=ALIASES["REASON_LEAVE"]
        ),
    ),
    Column(
        "leaver_destination",
        coded(
            LEAVER_DESTINATION,
            numeric=True,
            what="census LeaverDestination",
            aliases=ALIASES["LEAVER_DESTINATION"],
        ),
    ),
    Column("line_manager_staff_id", identifier),
    Column("agency_name", text(200)),
    Column(
        "cfkss_status",
        coded(
            CFKSS_STATUS, numeric=True, what="census CFKSSstatus", aliases=ALIASES["CFKSS_STATUS"]
        ),
    ),
    Column("hourly_rate", decimal(minimum=Decimal(0), places=2)),
]


class StaffImporter(Importer):
    kind = "staff"
    columns = STAFF_COLUMNS

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        self.duplicate_keys(
            rows,
            lambda r: (r["staff_id"], r["start_date"]),
            report,
            "start_date",
            "the same staff_id and start_date (one spell)",
        )
        file_ids = {r["staff_id"] for r in rows}
        wanted = {r["line_manager_staff_id"] for r in rows if r["line_manager_staff_id"]}
        known = file_ids | set(
            StaffMember.objects.for_org(self.organisation)
            .filter(staff_id__in=wanted - file_ids)
            .values_list("staff_id", flat=True)
        )
        for row in rows:
            self.end_not_before_start(row, report)
            if row["profession"] == Profession.SOCIAL_WORKER:
                for column in ("org_role", "swe_number"):
                    if row[column] in (None, ""):
                        report.problem(row.number, column, "is required for a social worker")
            if row["end_date"] and row["leaving_reason"] is None:
                report.problem(
                    row.number, "leaving_reason", "is required when there is an end_date"
                )
            if row["contract"] != Contract.AGENCY:
                for column in ("agency_name", "hourly_rate"):
                    if row[column] not in (None, ""):
                        report.problem(row.number, column, "is only for agency contracts")
            manager = row["line_manager_staff_id"]
            if manager and manager not in known:
                report.problem(
                    row.number,
                    "line_manager_staff_id",
                    f"'{manager}' is not a staff_id in this file or the register",
                )
            if manager and manager == row["staff_id"]:
                report.problem(
                    row.number, "line_manager_staff_id", "a person cannot manage themselves"
                )

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        org = self.organisation
        # Teams named in the file: new names create teams (reported).
        teams = self.teams_named(rows, report, write)

        # People: person-level values come from each person's latest spell in the file.
        latest: dict[str, Row] = {}
        for row in sorted(rows, key=lambda r: r["start_date"]):
            latest[row["staff_id"]] = row
        people_in = {
            staff_id: {
                "staff_id": staff_id,
                **{f: _blank_to_default(f, row[f]) for f in PERSON_FIELDS},
            }
            for staff_id, row in latest.items()
        }
        existing_people = {
            p.staff_id: p
            for p in StaffMember.objects.for_org(org).filter(staff_id__in=list(people_in))
        }
        people = self.sync(
            model=StaffMember,
            kind="person",
            incoming=people_in,
            existing=existing_people,  # type: ignore[arg-type]
            fields=PERSON_FIELDS,
            report=None,
            write=write,
        )
        managers_needed = {
            r["line_manager_staff_id"] for r in rows if r["line_manager_staff_id"]
        } - set(people)
        people.update(
            {
                p.staff_id: p
                for p in StaffMember.objects.for_org(org).filter(staff_id__in=managers_needed)
            }
        )

        spells_in: dict[tuple[str, Any], dict[str, Any]] = {}
        for row in rows:
            spells_in[(row["staff_id"], row["start_date"])] = {
                "person": people[row["staff_id"]],
                "start_date": row["start_date"],
                "end_date": row["end_date"],
                "profession": row["profession"],
                "contract": row["contract"],
                "team": teams[row["team"].casefold()],
                "fte": row["fte"],
                "job_title": row["job_title"] or "",
                "org_role": row["org_role"],
                "start_origin": row["start_origin"],
                "leaving_reason": row["leaving_reason"],
                "leaver_destination": row["leaver_destination"],
                "line_manager": people.get(row["line_manager_staff_id"])
                if row["line_manager_staff_id"]
                else None,
                "agency_name": row["agency_name"] or "",
                "hourly_rate": row["hourly_rate"],
            }
        existing_spells = {
            (s.person.staff_id, s.start_date): s
            for s in EmploymentSpell.objects.for_org(org)
            .filter(person__staff_id__in=list(people_in))
            .select_related("person")
        }
        spells = self.sync(
            model=EmploymentSpell,
            kind="spell",
            incoming=spells_in,
            existing=existing_spells,  # type: ignore[arg-type]
            fields=SPELL_FIELDS,
            report=report,
            write=write,
        )
        if write:  # after the import commits, in one call for every new spell
            new = [s for key, s in spells.items() if key not in existing_spells]
            spells_added(spells=new, actor=self.user)  # type: ignore[arg-type]


def _blank_to_default(field_name: str, value: Any) -> Any:
    if value is None and field_name in {
        "ethnicity",
        "qualification_institution",
        "swe_number",
    }:
        return ""
    return value
