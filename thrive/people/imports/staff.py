"""The staff import: one row per person per employment spell (formats.md, "staff")."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

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
from thrive.people.imports.merge import Compared
from thrive.people.models import (
    Contract,
    EmploymentSpell,
    Profession,
    StaffMember,
)
from thrive.people.services import spells_added

# Staged, then merged set-based (``merge.py``): people by staff ID, then their spells.
PERSON_STAGE = [
    ("staff_id", "varchar(64)"),
    ("first_name", "varchar(100)"),
    ("last_name", "varchar(100)"),
    ("date_of_birth", "date"),
    ("gender", "smallint"),
    ("ethnicity", "varchar(4)"),
    ("qualification_level", "smallint"),
    ("qualification_institution", "varchar(200)"),
    ("qualified_on", "date"),
    ("step_up_grad", "boolean"),
    ("frontline_grad", "boolean"),
    ("swe_number", "varchar(20)"),
    ("cfkss_status", "smallint"),
]
KINDS = {"date": "date", "smallint": "int", "boolean": "bool"}
PERSON_KEY = [("organisation_id", "%(org)s"), ("staff_id", "s.staff_id")]
PERSON_FIELDS = [Compared(n, n, f"s.{n}", KINDS.get(t, "text")) for n, t in PERSON_STAGE[1:]]
# Blank in the file is empty text in these.
BLANK_AS_EMPTY = {"ethnicity", "qualification_institution", "swe_number"}
SPELL_STAGE = [
    ("person_id", "bigint"),
    ("start_date", "date"),
    ("end_date", "date"),
    ("profession", "varchar(32)"),
    ("contract", "varchar(16)"),
    ("team_id", "bigint"),
    ("fte", "numeric(7,6)"),
    ("job_title", "varchar(200)"),
    ("org_role", "smallint"),
    ("start_origin", "smallint"),
    ("leaving_reason", "smallint"),
    ("leaver_destination", "smallint"),
    ("line_manager_id", "bigint"),
    ("agency_name", "varchar(200)"),
    ("hourly_rate", "numeric(8,2)"),
]
SPELL_KEY = [("person_id", "s.person_id"), ("start_date", "s.start_date")]
SPELL_FIELDS = [
    Compared("end_date", "end_date", "s.end_date", "date"),
    Compared("profession", "profession", "s.profession"),
    Compared("contract", "contract", "s.contract"),
    Compared("team", "team_id", "s.team_id", "int"),
    Compared("fte", "fte", "s.fte", "decimal:6"),
    Compared("job_title", "job_title", "s.job_title"),
    Compared("org_role", "org_role", "s.org_role", "int"),
    Compared("start_origin", "start_origin", "s.start_origin", "int"),
    Compared("leaving_reason", "leaving_reason", "s.leaving_reason", "int"),
    Compared("leaver_destination", "leaver_destination", "s.leaver_destination", "int"),
    Compared("line_manager", "line_manager_id", "s.line_manager_id", "int"),
    Compared("agency_name", "agency_name", "s.agency_name"),
    Compared("hourly_rate", "hourly_rate", "s.hourly_rate", "decimal:2"),
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
    same_file_changes_nothing = True
    columns = STAFF_COLUMNS

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        """The rules on whole columns; problems listed row by row, in the rules' order."""
        import pandas as pd

        self.repeats(
            report,
            ["staff_id", "start_date"],
            "start_date",
            "the same staff_id and start_date (one spell)",
        )
        parsed = self.parsed
        staff_ids = pd.Series(parsed["staff_id"], dtype=object)
        managers = pd.Series(parsed["line_manager_staff_id"], dtype=object)
        in_file = set(parsed["staff_id"])
        elsewhere = set(managers.dropna()) - in_file
        known = in_file | set(
            StaffMember.objects.for_org(self.organisation)
            .filter(staff_id__in=list(elsewhere))
            .values_list("staff_id", flat=True)
        )
        social_worker = (pd.Series(parsed["profession"]) == Profession.SOCIAL_WORKER).to_numpy()
        not_agency = (pd.Series(parsed["contract"]) != Contract.AGENCY).to_numpy()
        ended = ~self.blank("end_date")
        named = managers.notna().to_numpy()
        self.in_row_order(
            report,
            [
                self.ends_before_starts(),
                *(
                    (social_worker & self.blank(c), c, lambda _: "is required for a social worker")
                    for c in ("org_role", "swe_number")
                ),
                (
                    ended & self.blank("leaving_reason"),
                    "leaving_reason",
                    lambda _: "is required when there is an end_date",
                ),
                *(
                    (not_agency & ~self.blank(c), c, lambda _: "is only for agency contracts")
                    for c in ("agency_name", "hourly_rate")
                ),
                (
                    named & ~managers.isin(list(known)).to_numpy(),
                    "line_manager_staff_id",
                    lambda i: f"'{managers[i]}' is not a staff_id in this file or the register",
                ),
                (
                    named & (managers == staff_ids).to_numpy(),
                    "line_manager_staff_id",
                    lambda _: "a person cannot manage themselves",
                ),
            ],
        )

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        import numpy as np

        parsed = self.parsed
        teams = {name: team.pk for name, team in self.teams_named(rows, report, write).items()}
        staff_ids = parsed["staff_id"]

        # People: person-level values come from each person's latest spell in the file.
        latest: dict[str, int] = {}
        for index in np.argsort(self.dates("start_date"), kind="stable").tolist():
            latest[staff_ids[index]] = index
        # Column-wise: each person's values picked from each column at once.
        chosen = list(latest.values())
        people_columns = [list(latest)]
        for name, _ in PERSON_STAGE[1:]:
            column = parsed[name]
            picked = [column[i] for i in chosen]
            if name in BLANK_AS_EMPTY:
                picked = ["" if value is None else value for value in picked]
            people_columns.append(picked)
        people_rows = zip(*people_columns, strict=True)
        self.merge(
            "person",
            PERSON_STAGE,
            people_rows,
            model=StaffMember,
            kind="person",
            key=PERSON_KEY,
            fields=PERSON_FIELDS,
            write=write,
        )
        # Everyone the spells name, as written (a new person has no id in a dry run: their
        # spells are new).
        people = self.staff_known("staff_id", "line_manager_staff_id")
        spells_rows = zip(
            (people.get(staff_id) for staff_id in staff_ids),
            parsed["start_date"],
            parsed["end_date"],
            parsed["profession"],
            parsed["contract"],
            (teams[name.casefold()] for name in parsed["team"]),
            parsed["fte"],
            (title or "" for title in parsed["job_title"]),
            parsed["org_role"],
            parsed["start_origin"],
            parsed["leaving_reason"],
            parsed["leaver_destination"],
            (people.get(m) if m else None for m in parsed["line_manager_staff_id"]),
            (name or "" for name in parsed["agency_name"]),
            parsed["hourly_rate"],
            strict=True,
        )
        merged = self.merge(
            "spell",
            SPELL_STAGE,
            spells_rows,
            model=EmploymentSpell,
            kind="spell",
            key=SPELL_KEY,
            fields=SPELL_FIELDS,
            write=write,
            report=report,
            created_ids=True,
        )
        if write:  # after the import commits, in one call for every new spell
            spells_added(spell_ids=merged.created, actor=self.user)
