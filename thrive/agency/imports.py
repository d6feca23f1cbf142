"""`thrive import placements FILE --org CODE` and `thrive import agency_caps FILE` (formats.md).

Both go through the register's import machinery: every row validated before anything is written,
problems as ``row N, column C: reason``, re-importing the same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

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
from thrive.people.imports.registry import ImportKind
from thrive.people.models import Post, Region, StaffMember

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
        org = self.organisation
        teams = self.teams_named(rows, report, write)
        workers = {
            s.staff_id: s
            for s in StaffMember.objects.for_org(org).filter(
                staff_id__in={r["staff_id"] for r in rows}
            )
        }
        posts = {
            p.post_id: p
            for p in Post.objects.for_org(org).filter(
                post_id__in={r["covers_post_id"] for r in rows if r["covers_post_id"]}
            )
        }
        unknown_staff = sorted({r["staff_id"] for r in rows} - set(workers))
        if unknown_staff:
            report.notes.append(
                f"{len(unknown_staff)} staff_id(s) not in the register yet (linked when imported): "
                + ", ".join(unknown_staff[:10])
            )
        unknown_posts = sorted(
            {r["covers_post_id"] for r in rows if r["covers_post_id"]} - set(posts)
        )
        if unknown_posts:
            report.notes.append(
                f"{len(unknown_posts)} covers_post_id(s) not in the establishment: "
                + ", ".join(unknown_posts[:10])
            )
        incoming = {
            row["placement_id"]: {
                "placement_id": row["placement_id"],
                "staff_id": row["staff_id"],
                "worker": workers.get(row["staff_id"]),
                "agency": row["agency"],
                "job_type": row["job_type"],
                "team": teams[row["team"].casefold()],
                "covers_post_id": row["covers_post_id"] or "",
                "covered_post": posts.get(row["covers_post_id"] or ""),
                "start_date": row["start_date"],
                "planned_end_date": row["planned_end_date"],
                "notice_weeks": row["notice_weeks"],
                "substantive_notice_weeks": row["substantive_notice_weeks"],
                "hourly_pay": row["hourly_pay"],
                "employer_ni_and_levy": row["employer_ni_and_levy"],
                "hourly_charge": row["hourly_charge"],
                "hours_per_week": row["hours_per_week"],
                "project_team": bool(row["project_team"]),
                "qualified_on": row["qualified_on"],
                "pq_experience_years": row["pq_experience_years"],
                "last_permanent_la_code": row["last_permanent_la_code"] or "",
                "left_permanent_on": row["left_permanent_on"],
                "reference_given": row["reference_given"],
                "reference_obtained": row["reference_obtained"],
            }
            for row in rows
        }
        existing = {
            p.placement_id: p
            for p in Placement.objects.for_org(org).filter(placement_id__in=list(incoming))
        }
        old_ends = {key: p.planned_end_date for key, p in existing.items()}
        result = self.sync(
            model=Placement,
            kind="placement",
            incoming=incoming,
            existing=existing,  # type: ignore[arg-type]
            fields=PLACEMENT_FIELDS,
            report=report,
            write=write,
        )
        extensions = []
        for key, old_end in old_ends.items():
            placement = result[key]
            assert isinstance(placement, Placement)
            if placement.planned_end_date > old_end:
                effective = max(
                    min(self.today, old_end + timedelta(days=1)),
                    placement.start_date + timedelta(days=1),
                )
                extensions.append(
                    PlacementChange(
                        organisation=org,
                        placement=placement,
                        effective_on=effective,
                        planned_end_date=placement.planned_end_date,
                        hourly_pay=placement.hourly_pay,
                        employer_ni_and_levy=placement.employer_ni_and_levy,
                        hourly_charge=placement.hourly_charge,
                        hours_per_week=placement.hours_per_week,
                        reason=f"extended by import: {self.source}"[:300],
                    )
                )
        if extensions:
            report.notes.append(f"{len(extensions)} placement(s) extended.")
            if write:
                PlacementChange.objects.bulk_create(extensions)


REGIONS = [str(r) for r in Region.values]


class AgencyCapsImporter(Importer):
    """Regional price caps. Not one council's: ``--org`` may be left out."""

    kind = "agency_caps"
    capability = Cap.AGENCY_MANAGE
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
