"""The shape docs/architecture.md promises, checked on the code itself: views read through
selectors and write through services (no ORM call in a view), and no module grows past a
screenful of unrelated things without saying why."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LONGEST_MODULE = 600
# A long module says why in its docstring, with these words.
LONG_REASON = re.compile(r"\bis long because\b", re.IGNORECASE)


def _python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def _views() -> list[Path]:
    return [
        p
        for p in _python_files("thrive")
        if "migrations" not in p.parts
        and (p.name.startswith("views") or p.name == "apis.py" or p.parent.name == "views")
    ]


def test_no_view_or_endpoint_calls_the_orm() -> None:
    """``Model.objects`` in a view or an API endpoint is a read or write that belongs in a
    selector or a service, where it is scoped by organisation and shared by web, API and CLI."""
    found = []
    for path in _views():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "ORM calls in views:\n" + "\n".join(found)


def test_no_module_is_over_600_lines_without_a_reason() -> None:
    found = []
    for path in _python_files("thrive", "analytics"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if lines > LONGEST_MODULE and not LONG_REASON.search(docstring):
            found.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not found, (
        "Split these by sub-area, or say in the docstring why the module "
        "'is long because ...':\n" + "\n".join(found)
    )
