"""No role's name is written outside ``thrive/core/roles.py``: code refers to ``Role`` (or asks
a capability), so renaming or splitting a role is one edit. Migrations keep the literals they
were written with. The figure is pinned: it only goes down."""

from __future__ import annotations

import ast
from pathlib import Path

from thrive.core.roles import Role

ROOT = Path(__file__).resolve().parents[2] / "thrive"
ROLES = set(Role.values)
# "partner" is also a field (a booking's partner, a family member's relationship): it counts as
# the role's name where a role is given (``role=``, ``role__in=``, ``role_assignments__role=``).
SHARED = {"partner"}
# The same word meaning something else, by file, each with why.
NOT_A_ROLE: dict[tuple[str, str], str] = {
    ("thrive/agency/models.py", "team_manager"): "DfE's agency job type, whose price cap differs",
    ("thrive/recruitment/post_kinds.py", "practitioner"): "a vacancy's kind of post (VacancyRole)",
    ("thrive/recruitment/post_kinds.py", "team_manager"): "a vacancy's kind of post (VacancyRole)",
    ("thrive/recruitment/post_kinds.py", "service_manager"): "a vacancy's kind of post",
}
PINNED = 0  # was 6 (the demo's sign-ins and lookups); 34 before the policy modules


def _literals_in(tree: ast.AST) -> list[ast.Constant]:
    """The role names written as strings in *tree* (a shared word only where a role is given)."""
    given = {
        id(k.value)
        for k in ast.walk(tree)
        if isinstance(k, ast.keyword) and "role" in (k.arg or "")
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and node.value in ROLES
        and (node.value not in SHARED or id(node) in given)
    ]


def _role_literals() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or path == ROOT / "core" / "roles.py":
            continue
        name = path.relative_to(ROOT.parent).as_posix()
        for node in _literals_in(ast.parse(path.read_text(), filename=str(path))):
            if (name, node.value) in NOT_A_ROLE:
                continue
            found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.value!r}")
    return found


def test_role_names_are_written_only_in_roles_py() -> None:
    found = _role_literals()
    assert len(found) == PINNED, "\n".join(found)


def test_every_word_that_is_not_a_role_is_still_there_and_says_why() -> None:
    for (name, word), reason in NOT_A_ROLE.items():
        assert f"{word!r}" in (ROOT.parent / name).read_text().replace('"', "'"), name
        assert reason.strip()


def test_the_count_finds_a_role_literal() -> None:
    # The check can fail: a role's name written as a string is found, and a field named like a
    # role ("partner") only where a role is given.
    source = 'f(role="team_manager")\ng(role_assignments__role="partner")\nh(partner="partner")\n'
    hits = [str(node.value) for node in _literals_in(ast.parse(source))]
    assert sorted(hits) == ["partner", "team_manager"]
