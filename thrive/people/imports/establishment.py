"""The posts import (the funded establishment) and the absences import."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

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
from thrive.people.imports.merge import Compared
from thrive.people.models import Absence, AbsenceReason, Post

# Staged, then merged set-based (``merge.py``): the key columns and the compared fields.
POST_STAGE = [
    ("post_id", "varchar(64)"),
    ("team_id", "bigint"),
    ("title", "varchar(200)"),
    ("fte", "numeric(7,6)"),
    ("social_work_post", "boolean"),
    ("funded_from", "date"),
    ("funded_to", "date"),
    ("holder_id", "bigint"),
]
POST_KEY = [("organisation_id", "%(org)s"), ("post_id", "s.post_id")]
POST_FIELDS = [
    Compared("team", "team_id", "s.team_id", "int"),
    Compared("title", "title", "s.title"),
    Compared("fte", "fte", "s.fte", "decimal:6"),
    Compared("social_work_post", "social_work_post", "s.social_work_post", "bool"),
    Compared("funded_from", "funded_from", "s.funded_from", "date"),
    Compared("funded_to", "funded_to", "s.funded_to", "date"),
    Compared("holder", "holder_id", "s.holder_id", "int"),
]
ABSENCE_STAGE = [
    ("person_id", "bigint"),
    ("reason", "varchar(3)"),
    ("start_date", "date"),
    ("end_date", "date"),
    ("working_days", "numeric(7,2)"),
]
ABSENCE_KEY = [
    ("person_id", "s.person_id"),
    ("reason", "s.reason"),
    ("start_date", "s.start_date"),
]
ABSENCE_FIELDS = [
    Compared("end_date", "end_date", "s.end_date", "date"),
    Compared("working_days", "working_days", "s.working_days", "decimal:2"),
]


class PostsImporter(Importer):
    kind = "posts"
    same_file_changes_nothing = True
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
        self.repeats(report, ["post_id"], "post_id", "the same post_id")
        self.in_row_order(report, [self.ends_before_starts("funded_from", "funded_to")])
        self.holders = self.staff_known("holder_staff_id")
        self.in_row_order(report, [self.not_in_register("holder_staff_id", self.holders)])

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        parsed = self.parsed
        teams = {name: team.pk for name, team in self.teams_named(rows, report, write).items()}
        holders = self.holders
        staged_rows = zip(
            parsed["post_id"],
            (teams[name.casefold()] for name in parsed["team"]),
            parsed["title"],
            parsed["fte"],
            parsed["social_work_post"],
            parsed["funded_from"],
            parsed["funded_to"],
            (holders.get(holder) if holder else None for holder in parsed["holder_staff_id"]),
            strict=True,
        )
        self.merge(
            "post",
            POST_STAGE,
            staged_rows,
            model=Post,
            kind="post",
            key=POST_KEY,
            fields=POST_FIELDS,
            write=write,
            report=report,
        )


class AbsencesImporter(Importer):
    kind = "absences"
    same_file_changes_nothing = True
    columns = [
        Column("staff_id", identifier, required=True),
        Column("reason", choice(AbsenceReason.values, "census ReasonAbsence code"), required=True),
        Column("start_date", parse_date, required=True),
        Column("end_date", parse_date, required=True),
        Column("working_days", decimal(minimum=Decimal(0), places=2), required=True),
    ]

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        import numpy as np

        self.repeats(
            report,
            ["staff_id", "reason", "start_date"],
            "start_date",
            "the same staff_id, reason and start_date",
        )
        self.people = self.staff_known("staff_id")
        self.in_row_order(report, [self.not_in_register("staff_id", self.people)])
        start, end = self.dates("start_date"), self.dates("end_date")
        span = (end - start).astype("timedelta64[D]").astype(np.int64) + 1
        days = self.parsed["working_days"]
        worked = np.array([float(d) if d is not None else np.nan for d in days])
        self.in_row_order(
            report,
            [
                self.ends_before_starts(),
                (
                    (end >= start) & (worked > span),
                    "working_days",
                    lambda i: f"{days[i]} is more than the absence's {span[i]} calendar days",
                ),
            ],
        )

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        parsed = self.parsed
        staged_rows = zip(
            (self.people[staff_id] for staff_id in parsed["staff_id"]),
            parsed["reason"],
            parsed["start_date"],
            parsed["end_date"],
            parsed["working_days"],
            strict=True,
        )
        self.merge(
            "absence",
            ABSENCE_STAGE,
            staged_rows,
            model=Absence,
            kind="absence",
            key=ABSENCE_KEY,
            fields=ABSENCE_FIELDS,
            write=write,
            report=report,
        )
