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


# Writes a seeder may not make by hand: the demo calls the services a user's action would.
WRITES = {"save", "delete", "update", "bulk_create", "bulk_update", "create", "get_or_create"}


def _demo_modules() -> list[Path]:
    return [
        p
        for p in _python_files("thrive")
        if "migrations" not in p.parts and ("demo" in p.parent.parts[-1:] or p.name == "demo.py")
    ]


def _orm_writes(source: str, name: str) -> list[str]:
    """``x.save()``, ``Model.objects.create(...)``, ``qs.update(...)`` and the like: a call of a
    write method on anything but an app's ``services`` module."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
            and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "services")
        ):
            found.append(f"{name}:{node.lineno} .{node.func.attr}()")
    return found


def test_the_demo_writes_through_services() -> None:
    """The demo seeder calls services (and imports) for every record a user could create, so it
    obeys the same rules and writes the same audit trail."""
    found = [
        write
        for path in _demo_modules()
        for write in _orm_writes(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not found, "Written by hand in the demo:\n" + "\n".join(found)
    assert {
        "thrive/academy/demo/__init__.py",
        "thrive/agency/demo.py",
        "thrive/recruitment/demo.py",
    } <= {str(p.relative_to(ROOT)) for p in _demo_modules()}


def test_the_write_check_sees_a_hand_written_write_but_not_a_service() -> None:
    source = (
        "def f(post, org):\n"
        "    post.save(update_fields=['holder'])\n"
        "    Post.objects.create(organisation=org)\n"
        "    services.placement_extend(placement=post)\n"
    )
    assert _orm_writes(source, "probe.py") == ["probe.py:2 .save()", "probe.py:3 .create()"]


def _module_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_app_imports_the_shell_command() -> None:
    """Each app adds its commands through the small context object (``core.commands``), so no
    app imports ``thrive/cli.py`` (which once imported three apps' ``cli.py`` and they it)."""
    found = [
        str(path.relative_to(ROOT))
        for path in _python_files("thrive")
        if path != ROOT / "thrive" / "cli.py" and "thrive.cli" in _module_imports(path)
    ]
    assert not found, "These import thrive/cli.py:\n" + "\n".join(found)


def test_mail_leaves_only_through_the_outbox() -> None:
    """Email is sent by the outbox after the commit; no other module sends it (accounts/forms.py
    overrides Django's password-reset ``send_mail`` to hand the message to the outbox)."""
    senders = {"send_mail", "send_mass_mail", "EmailMessage", "EmailMultiAlternatives"}
    allowed = {"thrive/core/outbox.py", "thrive/accounts/forms.py"}
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _python_files("thrive")
        if str(path.relative_to(ROOT)) not in allowed
        for name in senders
        if re.search(rf"\b{name}\b", path.read_text(encoding="utf-8"))
    ]
    assert not found, "Mail sent outside the outbox:\n" + "\n".join(found)
    assert "outbox" in (ROOT / "thrive/accounts/forms.py").read_text(encoding="utf-8")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The modules *path* imports when it is loaded (not inside functions, not for type
    checking), with the packages each import loads on the way."""
    is_package = path.name == "__init__.py"
    imported: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + is_package]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            imported.add(module)
            imported.update(f"{module}.{alias.name}" for alias in node.names)
    with_parents = imported | {
        ".".join(m.split(".")[:k]) for m in imported for k in range(1, m.count(".") + 1)
    }
    return {m for m in with_parents if m in known and m != name and not name.startswith(m + ".")}


def test_no_modules_import_each_other_when_loaded() -> None:
    """No circle of module-level imports (the review found ``thrive/cli.py`` and three apps'
    ``cli.py`` importing each other): a circle breaks as soon as one of them is loaded first."""
    paths = {
        _module_name(p): p
        for p in _python_files("thrive", "analytics")
        if "migrations" not in p.parts
    }
    graph = {name: _top_level_imports(path, name, set(paths)) for name, path in paths.items()}
    circles = []
    state: dict[str, int] = {}  # 1: on the path being followed, 2: done

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                circles.append(" -> ".join([*trail[trail.index(other) :], other]))
            elif other not in state:
                visit(other, [*trail, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not circles, "Modules importing each other:\n" + "\n".join(circles)


# Calls with a write method's name that write no record, each with what it is.
NOT_RECORD_WRITES = {
    "thrive/academy/views.py .update()": "the page's context, a dict",
    "thrive/engagement/views.py .save()": "an openpyxl workbook written to the response",
}


def test_views_endpoints_and_commands_write_only_through_services() -> None:
    """A page, an API endpoint or a ``thrive`` command changes a record only by calling a
    service, so all three obey the same rules and write the same audit trail."""
    paths = [
        p
        for p in _python_files("thrive")
        if "migrations" not in p.parts
        and (p in _views() or p.name == "cli.py" or p == ROOT / "thrive" / "cli.py")
    ]
    found = [
        write
        for path in paths
        for write in _orm_writes(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        if f"{write.split(':')[0]} {write.split()[-1]}" not in NOT_RECORD_WRITES
    ]
    assert not found, "Written outside a service:\n" + "\n".join(found)
