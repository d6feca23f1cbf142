"""``thrive/core`` imports no other Thrive app: every app may lean on core, core leans on none,
so an app can be added or removed without touching core. Core finds what apps add (URLs, menu
items, commands) by looking in the installed apps (``thrive/core/areas.py``).

Names under ``if TYPE_CHECKING:`` are allowed: they are type hints, never run (``AuthedRequest``
names the user and organisation models)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "thrive" / "core"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """Every module imported by *tree* (a module of *package*), outside ``if TYPE_CHECKING:``."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for statement in node.orelse:
                visit(statement)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _offences(source: str, package: str = "thrive.core") -> list[str]:
    tree = ast.parse(source)
    return [
        f"line {line}: {name}"
        for line, name in _imported(tree, package)
        if name.startswith("thrive.")
        and not (name == "thrive.core" or name.startswith("thrive.core."))
    ]


def test_no_module_under_core_imports_another_app() -> None:
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE.parent.parent).with_suffix("")
        package = ".".join(relative.parts[:-1])  # a package's __init__ too
        offenders += [f"{path.relative_to(CORE)} {o}" for o in _offences(path.read_text(), package)]
    assert offenders == []


@pytest.mark.parametrize(
    "source",
    [
        "from thrive.people.models import Organisation",
        "import thrive.accounts.models",
        "from thrive import cli",
        "def f():\n    from thrive.learning import selectors\n",
        "from ..people import models",
        "if TYPE_CHECKING:\n    pass\nelse:\n    from thrive.people import models\n",
    ],
)
def test_the_check_sees_an_import_of_an_app(source: str) -> None:
    assert _offences(source, package="thrive.core") != []


@pytest.mark.parametrize(
    "source",
    [
        "from thrive.core import clock",
        "from thrive.core.roles import Cap",
        "from . import clock",
        "from .models import AuditEvent",
        "import django.apps",
        "if TYPE_CHECKING:\n    from thrive.people.models import Organisation\n",
    ],
)
def test_the_check_lets_core_import_core(source: str) -> None:
    assert _offences(source, package="thrive.core") == []
