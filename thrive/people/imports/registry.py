"""Which importer handles which kind of file, and the one entry point every caller uses."""

from __future__ import annotations

from typing import Any

from thrive.core.errors import ThriveError
from thrive.people.imports.allocations import AllocationsImporter
from thrive.people.imports.base import Importer, ImportReport
from thrive.people.imports.establishment import AbsencesImporter, PostsImporter
from thrive.people.imports.reading import read_table
from thrive.people.imports.staff import StaffImporter
from thrive.people.models import Organisation

IMPORTERS: dict[str, type[Importer]] = {
    "staff": StaffImporter,
    "posts": PostsImporter,
    "absences": AbsencesImporter,
    "allocations": AllocationsImporter,
}


def run_import(
    *,
    kind: str,
    organisation: Organisation,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    user: Any = None,
    progress: Any = None,
) -> ImportReport:
    """Validate every row of a file and, unless *dry_run* or any row is invalid, write it all."""
    if kind not in IMPORTERS:
        raise ThriveError(f"'{kind}' is not an import; use one of: {', '.join(IMPORTERS)}.")
    table = read_table(content, filename)
    importer = IMPORTERS[kind](organisation, user=user, source=filename)
    importer.progress = progress
    report = importer.run(table, dry_run=dry_run)
    if kind == "allocations" and report.written:
        # The case system's allocations also say which children belong to which family.
        from thrive.caseloads.services import children_details_set, families_sync

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
    return report
