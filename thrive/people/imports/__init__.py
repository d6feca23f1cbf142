"""Imports of HR and case-management files (formats.md): staff, posts, absences, allocations.

Every import reads the whole file, validates every row, and writes nothing unless every row is
valid; then it writes in bulk, in one transaction, keeping history of what changed.
"""

from thrive.people.imports.base import ImportReport
from thrive.people.imports.registry import IMPORTERS, run_import

__all__ = ["IMPORTERS", "ImportReport", "run_import"]
