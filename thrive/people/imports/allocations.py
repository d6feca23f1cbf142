"""The allocations import: children allocated to workers, from the case-management system."""

from __future__ import annotations

from thrive.caseloads.models import Allocation
from thrive.core import clock
from thrive.people.imports.base import Importer, ImportReport, Row
from thrive.people.imports.establishment import require_known_staff, staff_lookup
from thrive.people.imports.fields import Column, choice, identifier, parse_date, text
from thrive.people.models import CaseType

ALLOCATION_FIELDS = ["child_id", "family_id", "worker", "case_type", "start_date", "end_date"]


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

    def check(self, rows: list[Row], report: ImportReport) -> None:
        self.duplicate_keys(
            rows,
            lambda r: (r["child_id"], r["staff_id"], r["start_date"]),
            report,
            "start_date",
            "the same child_id, staff_id and start_date",
        )
        self.workers = staff_lookup(self.organisation, {r["staff_id"] for r in rows})
        require_known_staff(rows, "staff_id", self.workers, report)
        today = clock.today()
        for row in rows:
            self.end_not_before_start(row, report)
            born = row["child_date_of_birth"]
            if born and born > today:
                report.problem(row.number, "child_date_of_birth", f"{born} is in the future")

    def apply(self, rows: list[Row], report: ImportReport, write: bool) -> None:
        incoming = {
            (row["child_id"], row["staff_id"], row["start_date"]): {
                "child_id": row["child_id"],
                "family_id": row["family_id"] or "",
                "worker": self.workers[row["staff_id"]],
                "case_type": row["case_type"] or "",
                "start_date": row["start_date"],
                "end_date": row["end_date"],
            }
            for row in rows
        }
        self.child_details = {
            r["child_id"]: (r["child_first_name"] or "", r["child_date_of_birth"])
            for r in rows
            if r["child_first_name"] or r["child_date_of_birth"]
        }
        child_ids = {r["child_id"] for r in rows}
        existing = {
            (a.child_id, a.worker.staff_id, a.start_date): a
            for a in Allocation.objects.for_org(self.organisation)
            .filter(child_id__in=list(child_ids))
            .select_related("worker")
        }
        self.sync(
            model=Allocation,
            kind="allocation",
            incoming=incoming,
            existing=existing,  # type: ignore[arg-type]
            fields=ALLOCATION_FIELDS,
            report=report,
            write=write,
        )


def families_from_allocations(importer: Importer, report: ImportReport) -> None:
    """Once allocations are written: the case system's allocations also say which children
    belong to which family, and may carry the children's names and dates of birth."""
    from thrive.caseloads.services import children_details_set, families_sync

    organisation = importer.organisation
    synced = families_sync(organisation=organisation)
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
