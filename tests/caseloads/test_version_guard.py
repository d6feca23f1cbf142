"""A guard (issue 14): every page that changes an existing family's or supervision record carries
the version the user saw, so two people editing at once never overwrite each other. A view in
the family, workbook and supervision areas that takes a record's ID and handles a POST must pass
a version to its service, or be listed here with why it needs none."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "thrive"
AREAS = ("caseloads", "workbook", "supervision")

# Views that take a record's ID and post, but change no existing record's fields: they add a
# new record (checked for duplicates under a lock) or act on the signed-in person's own things.
NO_VERSION_NEEDED = {
    "adult_add": "adds an adult to the family (a new record)",
    "specialist_assign": "adds an assignment (a duplicate is refused under the family's lock)",
}


def _views_without_a_version() -> list[str]:
    found = []
    for area in AREAS:
        for path in sorted((ROOT / area).rglob("views*.py")):
            text = path.read_text()
            for fn in ast.parse(text).body:
                if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
                    continue
                takes_a_record = any(
                    a.arg == "pk" or a.arg.endswith("_pk") for a in fn.args.args[1:]
                )
                source = ast.get_source_segment(text, fn) or ""
                posts = "POST" in source or "_record_form(" in source
                if takes_a_record and posts and "version" not in source:
                    found.append(fn.name)
    return found


def test_pages_changing_a_family_or_supervision_record_carry_its_version() -> None:
    missing = sorted(set(_views_without_a_version()) - set(NO_VERSION_NEEDED))
    assert not missing, (
        f"{missing} change a record without the version the user saw: pass "
        "version=posted_version(request) (or the form's version field) to the service, or list "
        "the view in NO_VERSION_NEEDED with why"
    )


def test_the_guard_sees_the_views_it_exempts() -> None:
    """The exemptions are real views the sweep finds (a renamed view must leave the list)."""
    assert set(NO_VERSION_NEEDED) <= set(_views_without_a_version())
