"""Imports of HR and case-management files (formats.md): staff, posts, absences, allocations.

Every import reads the whole file, validates every row, and writes nothing unless every row is
valid; then it writes in bulk, in one transaction, keeping history of what changed. Other apps add
their own kinds in their ``imports`` module's ``IMPORT_KINDS`` (see ``registry.py``).
"""

from thrive.people.imports.allocations import AllocationsImporter, families_from_allocations
from thrive.people.imports.base import ImportReport
from thrive.people.imports.establishment import AbsencesImporter, PostsImporter
from thrive.people.imports.registry import (
    ImportKind,
    ImportOption,
    import_kinds,
    run_import,
)
from thrive.people.imports.staff import StaffImporter

IMPORT_KINDS = [
    ImportKind(StaffImporter, label="Staff: one row per person per employment spell"),
    ImportKind(PostsImporter, label="Posts: the funded establishment"),
    ImportKind(AbsencesImporter, label="Absences"),
    ImportKind(
        AllocationsImporter,
        label="Allocations of children to workers",
        after=families_from_allocations,
    ),
]

__all__ = [
    "IMPORT_KINDS",
    "ImportKind",
    "ImportOption",
    "ImportReport",
    "import_kinds",
    "run_import",
]
