"""The allocations import: children allocated to workers, from the case-management system.

Set-based from end to end: the columns are parsed at once (``Importer.parse``), the rules checked
on whole columns, and the rows written through a staging table (``COPY`` on PostgreSQL) merged by
a handful of statements; the families and children they describe follow in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from thrive.caseloads.models import Allocation
from thrive.core import clock
from thrive.people.imports.base import Importer, ImportReport, Row
from thrive.people.imports.fields import Column, choice, identifier, parse_date, text
from thrive.people.imports.merge import Compared
from thrive.people.models import CaseType


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

        parsed = self.parsed
        self.repeats(
            report,
            ["child_id", "staff_id", "start_date"],
            "start_date",
            "the same child_id, staff_id and start_date",
        )
        self.worker_ids = self.staff_known("staff_id")
        self.in_row_order(report, [self.not_in_register("staff_id", self.worker_ids)])
        born = parsed["child_date_of_birth"]
        self.in_row_order(
            report,
            [
                self.ends_before_starts(),
                (
                    self.dates("child_date_of_birth") > np.datetime64(clock.today(), "D"),
                    "child_date_of_birth",
                    lambda i: f"{born[i]} is in the future",
                ),
            ],
        )

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
        worker_ids = [workers[s] for s in parsed["staff_id"]]
        if unchanged_by_digest(self.organisation.pk, parsed, worker_ids):
            # The council holds exactly the file's allocations: nothing to stage or merge.
            report.unchanged += len(worker_ids)
            return
        staged_rows = zip(
            parsed["child_id"],
            parsed["family_id"],
            worker_ids,
            parsed["case_type"],
            parsed["start_date"],
            parsed["end_date"],
            strict=True,
        )
        self.merge(
            "allocation",
            STAGE_COLUMNS,
            staged_rows,
            model=Allocation,
            kind="allocation",
            key=KEY,
            fields=COMPARED,
            write=write,
            report=report,
        )


STAGE_COLUMNS = [
    ("child_id", "varchar(64)"),
    ("family_id", "varchar(64)"),
    ("worker_id", "bigint"),
    ("case_type", "varchar(16)"),
    ("start_date", "date"),
    ("end_date", "date"),
]
# The allocation's unique key (its constraint's columns) and the fields compared and written.
KEY = [
    ("organisation_id", "%(org)s"),
    ("child_id", "s.child_id"),
    ("worker_id", "s.worker_id"),
    ("start_date", "s.start_date"),
]
COMPARED = [
    Compared("family_id", "family_id", "COALESCE(s.family_id, '')"),
    Compared("case_type", "case_type", "COALESCE(s.case_type, '')"),
    Compared("end_date", "end_date", "s.end_date", "date"),
]


def _digest(text: str) -> tuple[int, int]:
    """Two 40-bit numbers from a row's text (the first 20 hex digits of its MD5)."""
    hexed = hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
    return int(hexed[:10], 16), int(hexed[10:20], 16)


def _sqlite_h40(text: str | None, part: int) -> int | None:
    return None if text is None else _digest(text)[part]


# A row of the allocation table as text, as the file's rows are written in ``unchanged_by_digest``
# (blank family and case type are empty text, as the merge writes them).
_ROW_TEXT = (
    "child_id || '|' || COALESCE(family_id, '') || '|' || CAST(worker_id AS text) || '|' || "
    "COALESCE(case_type, '') || '|' || CAST(start_date AS text) || '|' || "
    "COALESCE(CAST(end_date AS text), '')"
)


def unchanged_by_digest(
    organisation_id: int, parsed: dict[str, list[Any]], worker_ids: list[int]
) -> bool:
    """Whether the council's allocations are exactly the file's rows, found without staging
    them: the same number of rows and the same sums of two 40-bit hashes of every row's values
    (computed here for the file and in one SQL aggregate for the table). The file's keys are
    unique (checked), as the table's are, so equal sums mean every row is there unchanged (a
    chance of about one in 2^80 otherwise); when they differ the import stages and merges."""
    from django.db import connection

    table = Allocation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} WHERE organisation_id = %s",  # noqa: S608 (names from the models)
            [organisation_id],
        )
        (count,) = cursor.fetchone()
    if not worker_ids or int(count) != len(worker_ids):
        return False
    sums = [0, 0]
    for child, family, worker, case_type, start, end in zip(
        parsed["child_id"],
        parsed["family_id"],
        worker_ids,
        parsed["case_type"],
        parsed["start_date"],
        parsed["end_date"],
        strict=True,
    ):
        first, second = _digest(
            f"{child}|{family or ''}|{worker}|{case_type or ''}|{start.isoformat()}|"
            f"{end.isoformat() if end else ''}"
        )
        sums[0] += first
        sums[1] += second
    if connection.vendor == "postgresql":
        parts = [
            f"SUM(('x' || substr(md5({_ROW_TEXT}), {start}, 10))::bit(40)::bigint)"
            for start in (1, 11)
        ]
    else:
        connection.ensure_connection()
        connection.connection.create_function("thrive_h40", 2, _sqlite_h40, deterministic=True)
        parts = [f"SUM(thrive_h40({_ROW_TEXT}, {part}))" for part in (0, 1)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(parts)} FROM {table} WHERE organisation_id = %s",  # noqa: S608 (names from the models)
            [organisation_id],
        )
        found = cursor.fetchone()
    return [int(v or 0) for v in found] == sums


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
