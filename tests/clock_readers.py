"""Which tests read today: the ones the ``calendar`` marker sends to the awkward days of the year.

A test reads today when its own code, a function it calls or a fixture it uses reads
``thrive.core.clock`` (or the test clock): followed through the module's own functions and the
helpers it imports from ``tests``, each function on its own, so one dated test does not send its
whole module to the awkward days. A module that reads the clock outside any function (a
constant made from today) counts as a whole.
"""

from __future__ import annotations

import ast
import os
from functools import cache

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
SIGN = "clock."
MODULE = "*"  # the whole of a helper module imported as a module


class _Module:
    """One test module's functions: which read the clock themselves, which names each one uses,
    and where the names it imports from ``tests`` come from."""

    def __init__(self, path: str) -> None:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        tree = ast.parse(source)
        self.direct: dict[str, bool] = {}
        self.uses: dict[str, set[str]] = {}
        self.imported: dict[str, tuple[str, str]] = {}
        outside = source
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                text = ast.get_source_segment(source, node) or ""
                self.direct[node.name] = self.direct.get(node.name, False) or SIGN in text
                self.uses.setdefault(node.name, set()).update(
                    n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                )
                outside = outside.replace(text, "")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests"):
                target = _module_path(node.module or "")
                for alias in node.names:
                    submodule = _module_path(f"{node.module}.{alias.name}")
                    if submodule:  # a helper module: any of its functions may be used
                        self.imported[alias.asname or alias.name] = (submodule, MODULE)
                    elif target:
                        self.imported[alias.asname or alias.name] = (target, alias.name)
        # Module-level code (a constant made from today) makes every test in it a reader.
        self.whole = SIGN in outside


def _module_path(dotted: str) -> str | None:
    base = os.path.join(ROOT, *dotted.split("."))
    for candidate in (base + ".py", os.path.join(base, "__init__.py")):
        if os.path.exists(candidate):
            return candidate
    return None


@cache
def _module(path: str) -> _Module:
    return _Module(path)


def reads_clock(
    path: str | None, name: str, _seen: frozenset[tuple[str, str]] = frozenset()
) -> bool:
    """Whether function *name* of the test module at *path* reads the clock, itself or through
    the functions it uses there or imports from ``tests``."""
    if not path or not path.startswith(TESTS) or not path.endswith(".py"):
        return False
    if (path, name) in _seen:
        return False
    seen = _seen | {(path, name)}
    module = _module(path)
    if module.whole:
        return True
    if name == MODULE:
        return any(reads_clock(path, function, seen) for function in module.direct)
    if module.direct.get(name):
        return True
    for used in module.uses.get(name, ()):
        if used == name:
            continue
        if used in module.direct and reads_clock(path, used, seen):
            return True
        if used in module.imported and reads_clock(*module.imported[used], seen):
            return True
    return False
