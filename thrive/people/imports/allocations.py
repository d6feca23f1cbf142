"""The allocations import: children allocated to workers, from the case-management system.

Set-based from end to end: the columns are parsed at once (``Importer.parse``), the rules checked
on whole columns, and the rows written through a staging table (``COPY`` on PostgreSQL) merged by
a handful of statements; the families and children they describe follow in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from thrive.caseloads.models import Allocation
from thrive.core import clock
from thrive.people.imports.base import Importer, ImportReport, Row
from thrive.people.imports.fields import Column, choice, identifier, parse_date, text
from thrive.people.imports.merge import Compared
from thrive.people.models import CaseType


class AllocationsImporter(Importer):
    kind = "allocations"
    same_file_changes_nothing = True
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
        staged_rows = zip(
            parsed["child_id"],
            parsed["family_id"],
            (workers[s] for s in parsed["staff_id"]),
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
