"""The allocations import: children allocated to workers, from the case-management system.

Set-based from end to end: the columns are parsed at once (``Importer.parse``), the rules checked
on whole columns, and the rows written through a staging table (``COPY`` on PostgreSQL) merged by
a handful of statements; the families and children they describe follow in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import connection

from thrive.caseloads.models import Allocation
from thrive.core import clock
from thrive.core.staging import dialect, execute, now_value, staged
from thrive.people.imports.base import Importer, ImportReport, Row
from thrive.people.imports.fields import Column, choice, identifier, parse_date, text
from thrive.people.models import CaseType, RegisterRevision, StaffMember


class AllocationsImporter(Importer):
    kind = "allocations"
    columns = [
        Column("child_id", identifier, required=True),
        Column("family_id", identifier),
        Column("staff_id", identifier, required=True),
        Column("case_type", choice(CaseType.values, "case type")),
        Column("start_date", parse_date, required=True),
        Column("end_date", parse_date),
        # Thrive's extension: the child's first name and date of birth, when the case system
        # gives them (the family record shows them; files without them import as before).
        Column("child_first_name", text(100)),
        Column("child_date_of_birth", parse_date),
    ]
    # After a written import: child ID -> (first name, date of birth), for the family records.
    child_details: dict[str, tuple[str, object]]

    def check(self, rows: Sequence[Row], report: ImportReport) -> None:
        import numpy as np
        import pandas as pd

        parsed, numbers = self.parsed, self.numbers
        # Days as numpy dates (blank is NaT, which compares false), any year a date can have.
        start, end, born = (
            np.array(parsed[name], dtype="datetime64[D]")
            for name in ("start_date", "end_date", "child_date_of_birth")
        )
        keys = pd.DataFrame(
            {"child": parsed["child_id"], "staff": parsed["staff_id"], "start": start}
        )
        repeats = keys.duplicated(keep="first").to_numpy()
        if repeats.any():
            first = pd.Series(numbers).groupby([keys[c] for c in keys]).transform("first")
            for index in repeats.nonzero()[0]:
                report.problem(
                    numbers[index],
                    "start_date",
                    f"the same child_id, staff_id and start_date repeats row {first.iloc[index]}",
                )
        staff_ids = parsed["staff_id"]
        self.worker_ids: dict[str, int] = dict(
            StaffMember.objects.for_org(self.organisation)
            .filter(staff_id__in=list(set(staff_ids)))
            .values_list("staff_id", "pk")
        )
        unknown = ~pd.Series(staff_ids, dtype=object).isin(list(self.worker_ids)).to_numpy()
        for index in unknown.nonzero()[0]:
            report.problem(
                numbers[index],
                "staff_id",
                f"'{staff_ids[index]}' is not in the register (import staff first)",
            )
        ends_early = end < start
        unborn = born > np.datetime64(clock.today(), "D")
        for index in (ends_early | unborn).nonzero()[0]:
            row = rows[int(index)]
            if ends_early[index]:
                self.end_not_before_start(row, report)
            if unborn[index]:
                born_on = row["child_date_of_birth"]
                report.problem(row.number, "child_date_of_birth", f"{born_on} is in the future")

    def apply(self, rows: Sequence[Row], report: ImportReport, write: bool) -> None:
        """One staging table and a set-based merge: count what is new and changed, and when
        *write*, keep a revision of each changed allocation, update them and insert the new."""
        parsed = self.parsed
        self.child_details = {
            child: (name or "", born)
            for child, name, born in zip(
                parsed["child_id"],
                parsed["child_first_name"],
                parsed["child_date_of_birth"],
                strict=True,
            )
            if name or born
        }
        workers = self.worker_ids
        staged_rows = zip(
            parsed["child_id"],
            parsed["family_id"],
            (workers[s] for s in parsed["staff_id"]),
            parsed["case_type"],
            parsed["start_date"],
            parsed["end_date"],
            strict=True,
        )
        with staged("allocation", STAGE_COLUMNS, staged_rows) as stage:
            counts = merge_allocations(
                stage=stage,
                organisation_id=self.organisation.pk,
                write=write,
                source=f"import: {self.source}"[:200],
                user_id=self.user.pk if getattr(self.user, "is_authenticated", False) else None,
                today=self.today,
            )
        report.new += counts["new"]
        report.changed += counts["changed"]
        report.unchanged += len(rows) - counts["new"] - counts["changed"]


STAGE_COLUMNS = [
    ("child_id", "varchar(64)"),
    ("family_id", "varchar(64)"),
    ("worker_id", "bigint"),
    ("case_type", "varchar(16)"),
    ("start_date", "date"),
    ("end_date", "date"),
]
# The compared fields: (name in the revision, the allocation's column, the staged value).
COMPARED = [
    ("family_id", "a.family_id", "COALESCE(s.family_id, '')"),
    ("case_type", "a.case_type", "COALESCE(s.case_type, '')"),
    ("end_date", "a.end_date", "s.end_date"),
]


def merge_allocations(
    *,
    stage: str,
    organisation_id: int,
    write: bool,
    source: str,
    user_id: int | None,
    today: date,
) -> dict[str, int]:
    """Merge the staged allocations into the council's: a set-based diff finds the new and the
    changed (an unchanged file writes nothing); then one statement each keeps the revisions
    (the old values of the changed fields), updates the changed and inserts the new."""
    sql = dialect()
    table = Allocation._meta.db_table
    revisions = RegisterRevision._meta.db_table
    key = (
        "a.organisation_id = %s AND a.child_id = s.child_id AND a.worker_id = s.worker_id "
        "AND a.start_date = s.start_date"
    )
    differs = [sql.distinct(old, new) for _, old, new in COMPARED]
    any_differs = "(" + " OR ".join(differs) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) - COUNT(a.id), "  # noqa: S608 (names from the models, values as parameters)
            f"COALESCE(SUM(CASE WHEN a.id IS NOT NULL AND {any_differs} THEN 1 ELSE 0 END), 0) "
            f"FROM {stage} s LEFT JOIN {table} a ON {key}",
            [organisation_id],
        )
        new, changed = cursor.fetchone()
    counts = {"new": int(new), "changed": int(changed)}
    if not write or not (new or changed):
        return counts
    now = now_value()
    if changed:
        names = sql.json_names([name for name, _, _ in COMPARED], differs)
        before = sql.json_object([(name, old) for name, old, _ in COMPARED], differs)
        execute(
            f"INSERT INTO {revisions} (organisation_id, kind, record_id, effective_date, "  # noqa: S608 (names from the models, values as parameters)
            f'recorded_at, source, user_id, changed, "before") '
            f"SELECT %s, 'allocation', a.id, %s, %s, %s, %s, {names}, {before} "
            f"FROM {stage} s JOIN {table} a ON {key} WHERE {any_differs}",
            [
                organisation_id,
                connection.ops.adapt_datefield_value(today),
                now,
                source,
                user_id,
                organisation_id,
            ],
        )
        execute(
            f"UPDATE {table} AS a SET family_id = COALESCE(s.family_id, ''), "  # noqa: S608 (names from the models, values as parameters)
            "case_type = COALESCE(s.case_type, ''), end_date = s.end_date, "
            f"version = a.version + 1, updated_at = %s FROM {stage} s "
            f"WHERE {key} AND {any_differs}",
            [now, organisation_id],
        )
    if new:
        execute(
            f"INSERT INTO {table} (organisation_id, child_id, family_id, worker_id, case_type, "  # noqa: S608 (names from the models, values as parameters)
            "start_date, end_date, created_at, updated_at, version) "
            "SELECT %s, s.child_id, COALESCE(s.family_id, ''), s.worker_id, "
            "COALESCE(s.case_type, ''), s.start_date, s.end_date, %s, %s, 1 "
            f"FROM {stage} s WHERE NOT EXISTS (SELECT 1 FROM {table} a WHERE {key})",
            [organisation_id, now, now, organisation_id],
        )
    return counts


def families_from_allocations(importer: Importer, report: ImportReport) -> None:
    """Once allocations are written (in the same transaction): the case system's allocations
    also say which children belong to which family, and may carry the children's names and dates
    of birth."""
    from thrive.caseloads.services import children_details_set, families_sync

    organisation = importer.organisation
    # The families follow from the allocations: a file that changed none leaves them as they are
    # (so a re-import of the same file writes nothing).
    synced = (
        families_sync(organisation=organisation)
        if report.new or report.changed
        else {"families": 0, "children": 0}
    )
    named = children_details_set(
        organisation=organisation, details=getattr(importer, "child_details", {})
    )
    if named:
        noun = "child" if named == 1 else "children"
        report.notes.append(f"Names or dates of birth recorded for {named} {noun}.")
    if synced["families"] or synced["children"]:
        report.notes.append(
            f"{synced['families']} new families and {synced['children']} new children "
            "recorded from the allocations."
        )
