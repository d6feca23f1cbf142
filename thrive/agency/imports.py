"""`thrive import placements FILE --org CODE` and `thrive import agency_caps FILE` (formats.md).

Both go through the register's import machinery: every row validated before anything is written,
problems as ``row N, column C: reason``, re-importing the same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection

from thrive.core.roles import Cap
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
from thrive.people.imports.registry import ImportKind
from thrive.people.models import Post, Region

from .models import JobType, Placement, PlacementChange, PriceCap, RuleSet

PLACEMENT_FIELDS = [
    "placement_id",
    "staff_id",
    "worker",
    "agency",
    "job_type",
    "team",
    "covers_post_id",
    "covered_post",
    "start_date",
    "planned_end_date",
    "notice_weeks",
    "substantive_notice_weeks",
    "hourly_pay",
    "employer_ni_and_levy",
    "hourly_charge",
    "hours_per_week",
    "project_team",
    "qualified_on",
    "pq_experience_years",
    "last_permanent_la_code",
    "left_permanent_on",
    "reference_given",
    "reference_obtained",
]
MONEY = decimal(minimum=Decimal(0), maximum=Decimal(10000), places=2)


def whole_weeks(value: Any) -> int:
    number = decimal(minimum=Decimal(0), maximum=Decimal(52), places=2)(value)
    if number != number.to_integral_value():
        from thrive.people.imports.fields import CellError

        raise CellError(f"'{value}' is not a whole number of weeks")
    return int(number)


def la_code(value: Any) -> str:
    from thrive.people.imports.fields import CellError

    raw = identifier(value)
    if raw.isdigit() and len(raw) < 3:
        raw = raw.zfill(3)
    if not (raw.isdigit() and len(raw) == 3):
        raise CellError(f"'{raw}' is not a 3-digit DfE LA code")
    return raw


class PlacementsImporter(Importer):
    kind = "placements"
    capability = Cap.AGENCY_MANAGE
    columns = [
        Column("placement_id", identifier, required=True),
        Column("staff_id", identifier, required=True),
        Column("agency", text(200), required=True),
        Column("job_type", choice(JobType.values, "job type"), required=True),
        Column("team", text(200), required=True),
        Column("start_date", parse_date, required=True),
        Column("planned_end_date", parse_date, required=True),
        Column("notice_weeks", whole_weeks, required=True),
        Column("hourly_pay", MONEY, required=True),
        Column("employer_ni_and_levy", MONEY, required=True),
        Column("hourly_charge", MONEY, required=True),
        Column(
            "hours_per_week",
            decimal(minimum=Decimal(0), maximum=Decimal(168), exclusive_min=True, places=2),
            required=True,
        ),
        Column("covers_post_id", identifier),
        Column("qualified_on", parse_date),
        Column("pq_experience_years", decimal(minimum=Decimal(0), maximum=Decimal(60), places=1)),
        Column("last_permanent_la_code", la_code),
        Column("left_permanent_on", parse_date),
        Column("reference_given", boolean),
        Column("reference_obtained", boolean),
        Column("project_team", boolean),
        # An extension of formats.md: the notice period of the post covered, when shorter.
        Column("substantive_notice_weeks", whole_weeks),
    ]

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        self.duplicate_keys(
            rows, lambda r: r["placement_id"], report, "placement_id", "the same placement_id"
        )
        for row in rows:
            self.end_not_before_start(row, report, "start_date", "planned_end_date")
            if (
                row["qualified_on"]
                and row["start_date"]
                and row["qualified_on"] > row["start_date"]
            ):
                report.problem(
                    row.number,
                    "qualified_on",
                    f"{row['qualified_on']} is after start_date {row['start_date']}",
                )
            pay, ni, charge = row["hourly_pay"], row["employer_ni_and_levy"], row["hourly_charge"]
            if None not in (pay, ni, charge) and charge < pay + ni:
                report.notes.append(
                    f"Row {row.number}: hourly_charge £{charge} is less than hourly_pay plus "
                    f"employer_ni_and_levy (£{pay + ni})."
                )

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        """Set-based, as the register's imports: the rows staged and merged by the shared merge
        (``thrive/people/imports/merge.py``: a revision of each changed placement, the new and
        the changed written in one ``INSERT ... ON CONFLICT``); the placements the file extends
        found by one join on the staging table before the merge."""
        org = self.organisation
        parsed = self.parsed
        teams = self.teams_named(rows, report, write)
        workers = self.staff_known("staff_id")
        wanted_posts = {p for p in parsed["covers_post_id"] if p}
        council_posts = Post.objects.for_org(org)
        if len(wanted_posts) > 1000:  # the council's posts rather than thousands of IDs
            found = dict(council_posts.values_list("post_id", "pk"))
            posts = {p: found[p] for p in wanted_posts if p in found}
        else:
            posts = dict(
                council_posts.filter(post_id__in=list(wanted_posts)).values_list("post_id", "pk")
            )
        unknown_staff = sorted(set(parsed["staff_id"]) - set(workers))
        if unknown_staff:
            report.notes.append(
                f"{len(unknown_staff)} staff_id(s) not in the register yet (linked when imported): "
                + ", ".join(unknown_staff[:10])
            )
        unknown_posts = sorted(wanted_posts - set(posts))
        if unknown_posts:
            report.notes.append(
                f"{len(unknown_posts)} covers_post_id(s) not in the establishment: "
                + ", ".join(unknown_posts[:10])
            )
        staged_rows = zip(
            parsed["placement_id"],
            parsed["staff_id"],
            (workers.get(s) for s in parsed["staff_id"]),
            parsed["agency"],
            parsed["job_type"],
            (teams[name.casefold()].pk for name in parsed["team"]),
            (p or "" for p in parsed["covers_post_id"]),
            (posts.get(p) if p else None for p in parsed["covers_post_id"]),
            parsed["start_date"],
            parsed["planned_end_date"],
            parsed["notice_weeks"],
            parsed["substantive_notice_weeks"],
            parsed["hourly_pay"],
            parsed["employer_ni_and_levy"],
            parsed["hourly_charge"],
            parsed["hours_per_week"],
            (bool(v) for v in parsed["project_team"]),
            parsed["qualified_on"],
            parsed["pq_experience_years"],
            (code or "" for code in parsed["last_permanent_la_code"]),
            parsed["left_permanent_on"],
            parsed["reference_given"],
            parsed["reference_obtained"],
            strict=True,
        )
        extensions: list[PlacementChange] = []

        def extended(stage: str) -> None:
            extensions.extend(self._extensions(stage))

        self.merge(
            "placement",
            PLACEMENT_STAGE,
            staged_rows,
            model=Placement,
            kind="placement",
            key=PLACEMENT_KEY,
            fields=PLACEMENT_COMPARED,
            write=write,
            report=report,
            defaults=PLACEMENT_DEFAULTS,
            before=extended,
        )
        if extensions:
            report.notes.append(f"{len(extensions)} placement(s) extended.")
            if write:
                PlacementChange.objects.bulk_create(extensions)

    def _extensions(self, stage: str) -> list[PlacementChange]:
        """A dated change for each placement whose planned end the staged rows move later, with
        the file's terms: the placements read by one join on the staging table *stage*."""
        org = self.organisation
        index = {pid: i for i, pid in enumerate(self.parsed["placement_id"])}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT a.id, a.placement_id, a.planned_end_date FROM {stage} s "  # noqa: S608 (names from the models, values as parameters)
                f"JOIN {Placement._meta.db_table} a ON a.organisation_id = %s "
                "AND a.placement_id = s.placement_id WHERE s.planned_end_date > a.planned_end_date",
                [org.pk],
            )
            found = cursor.fetchall()
        parsed = self.parsed
        changes = []
        for pk, placement_id, old_end in sorted(found, key=lambda r: index[r[1]]):
            old = old_end if isinstance(old_end, date) else date.fromisoformat(old_end)
            i = index[placement_id]
            start, end = parsed["start_date"][i], parsed["planned_end_date"][i]
            changes.append(
                PlacementChange(
                    organisation=org,
                    placement_id=pk,
                    effective_on=max(
                        min(self.today, old + timedelta(days=1)), start + timedelta(days=1)
                    ),
                    planned_end_date=end,
                    hourly_pay=parsed["hourly_pay"][i],
                    employer_ni_and_levy=parsed["employer_ni_and_levy"][i],
                    hourly_charge=parsed["hourly_charge"][i],
                    hours_per_week=parsed["hours_per_week"][i],
                    reason=f"extended by import: {self.source}"[:300],
                )
            )
        return changes


# Staged, then merged set-based (``thrive/people/imports/merge.py``), as the register's imports.
PLACEMENT_STAGE = [
    ("placement_id", "varchar(64)"),
    ("staff_id", "varchar(64)"),
    ("worker_id", "bigint"),
    ("agency", "varchar(200)"),
    ("job_type", "varchar(24)"),
    ("team_id", "bigint"),
    ("covers_post_id", "varchar(64)"),
    ("covered_post_id", "bigint"),
    ("start_date", "date"),
    ("planned_end_date", "date"),
    ("notice_weeks", "smallint"),
    ("substantive_notice_weeks", "smallint"),
    ("hourly_pay", "numeric(8,2)"),
    ("employer_ni_and_levy", "numeric(8,2)"),
    ("hourly_charge", "numeric(8,2)"),
    ("hours_per_week", "numeric(5,2)"),
    ("project_team", "boolean"),
    ("qualified_on", "date"),
    ("pq_experience_years", "numeric(4,1)"),
    ("last_permanent_la_code", "varchar(3)"),
    ("left_permanent_on", "date"),
    ("reference_given", "boolean"),
    ("reference_obtained", "boolean"),
]
PLACEMENT_KEY = [("organisation_id", "%(org)s"), ("placement_id", "s.placement_id")]
# How a revision keeps each field's old value (the names as PLACEMENT_FIELDS gives them).
_KIND = {
    "worker_id": "int",
    "team_id": "int",
    "covered_post_id": "int",
    "start_date": "date",
    "planned_end_date": "date",
    "notice_weeks": "int",
    "substantive_notice_weeks": "int",
    "hourly_pay": "decimal:2",
    "employer_ni_and_levy": "decimal:2",
    "hourly_charge": "decimal:2",
    "hours_per_week": "decimal:2",
    "project_team": "bool",
    "qualified_on": "date",
    "pq_experience_years": "decimal:1",
    "left_permanent_on": "date",
    "reference_given": "bool",
    "reference_obtained": "bool",
}
_COLUMN = {name: f"{name}_id" for name in ("worker", "team", "covered_post")}
PLACEMENT_COMPARED = [
    Compared(
        name,
        _COLUMN.get(name, name),
        f"s.{_COLUMN.get(name, name)}",
        _KIND.get(_COLUMN.get(name, name), "text"),
    )
    for name in PLACEMENT_FIELDS
    if name != "placement_id"  # the key
]
# Columns the file does not carry: set when a placement is created, left as they are after.
PLACEMENT_DEFAULTS = [("dcs_signed_off_by", "''"), ("ceo_signed_off_by", "''")]


REGIONS = [str(r) for r in Region.values]


class AgencyCapsImporter(Importer):
    """Regional price caps, entered by the region. Not one council's: ``--org`` may be left out
    by the operator; a person (``--as``) names the council where they hold their role, and may
    enter only that council's region's caps (``policy.enters_caps``)."""

    kind = "agency_caps"
    capability = Cap.AGENCY_SHARED_RULES
    regional = True
    columns = [
        Column("region", choice(REGIONS, "region as DfE names it"), required=True),
        Column("job_type", choice(JobType.values, "job type"), required=True),
        Column(
            "max_hourly",
            decimal(minimum=Decimal(0), maximum=Decimal(10000), exclusive_min=True, places=2),
            required=True,
        ),
        Column("effective_from", parse_date, required=True),
    ]

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        self.duplicate_keys(
            rows,
            lambda r: (r["region"], r["job_type"], r["effective_from"]),
            report,
            "effective_from",
            "the same region, job_type and effective_from",
        )
        if self.user is None:
            return  # the operator
        from thrive.agency.policy import enters_caps
        from thrive.core.permissions import access_for

        access = access_for(self.user, self.organisation) if self.organisation else None
        for row in rows:
            if access is None or not enters_caps(access, row["region"]):
                report.problem(
                    row.number,
                    "region",
                    f"you may not enter price caps for {row['region']}: a region's caps are "
                    "entered by that region's partnership lead",
                )

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        national = RuleSet.objects.filter(code="national").first()
        if national is None:
            national = RuleSet(code="national", name="DfE statutory guidance", source="DfE")
            if write:
                national.save()
        existing = {
            (c.region, c.job_type, c.effective_from): c
            for c in PriceCap.objects.filter(region__in={r["region"] for r in rows})
        }
        new, changed = [], []
        for row in rows:
            key = (row["region"], row["job_type"], row["effective_from"])
            cap = existing.get(key)
            if cap is None:
                new.append(
                    PriceCap(
                        region=row["region"],
                        job_type=row["job_type"],
                        max_hourly=row["max_hourly"],
                        effective_from=row["effective_from"],
                        rule_set=national,
                    )
                )
            elif cap.max_hourly != row["max_hourly"]:
                cap.max_hourly = row["max_hourly"]
                changed.append(cap)
        report.new += len(new)
        report.changed += len(changed)
        report.unchanged += len(rows) - len(new) - len(changed)
        if write:
            PriceCap.objects.bulk_create(new)
            PriceCap.objects.bulk_update(changed, ["max_hourly"])


# The kinds this app adds to `thrive import` (found by the register's import registry).
IMPORT_KINDS = [ImportKind(PlacementsImporter), ImportKind(AgencyCapsImporter)]
