"""``analytics`` is a plain library: no module in it imports Django, or Thrive (which does), so
it can be used and tested on its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ANALYTICS = Path(__file__).resolve().parents[2] / "analytics"
FORBIDDEN = ("django", "rest_framework", "thrive")


def _modules() -> list[Path]:
    return sorted(ANALYTICS.rglob("*.py"))


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module *path* imports, anywhere in it (inside functions too), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def test_the_package_has_its_modules() -> None:
    names = {p.relative_to(ANALYTICS).as_posix() for p in _modules()}
    assert {"measures.py", "synth/__init__.py", "published/__init__.py"} <= names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ANALYTICS).as_posix())
def test_no_module_imports_django(path: Path) -> None:
    bad = [
        f"line {line}: {name}" for line, name in _imports(path) if name.split(".")[0] in FORBIDDEN
    ]
    assert not bad, f"analytics/{path.relative_to(ANALYTICS)} imports {bad}"


def test_the_walk_finds_an_import_of_django(tmp_path: Path) -> None:
    """The check itself sees an import wherever it is: at the top, in a function, by name."""
    module = tmp_path / "m.py"
    module.write_text(
        "import numpy\n"
        "def f():\n"
        "    from django.db import models\n"
        "    import importlib\n"
        "    return importlib.import_module('thrive.core')\n",
        encoding="utf-8",
    )
    assert [name for _, name in _imports(module)] == [
        "numpy",
        "django.db",
        "importlib",
        "thrive.core",
    ]
