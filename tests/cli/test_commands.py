"""How ``thrive`` is put together: each installed app's ``cli.py`` adds its own commands through
``register(commands)``; ``thrive/cli.py`` names no app and no app imports it."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path
from typing import Any

import pytest

from thrive.cli import build_parser, main
from thrive.core.areas import area_modules
from thrive.core.commands import Commands, acting_user
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap, Role

THRIVE = Path(__file__).resolve().parents[2] / "thrive"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_no_app_imports_the_thrive_command() -> None:
    offenders = [
        str(path.relative_to(THRIVE))
        for path in THRIVE.rglob("*.py")
        if path != THRIVE / "cli.py" and {"thrive.cli", "thrive.cli.main"} & _imports(path)
    ]
    assert offenders == []


def test_the_thrive_command_names_no_app() -> None:
    apps = {p.name for p in THRIVE.iterdir() if (p / "apps.py").exists()} - {"core"}
    named = {
        name.split(".")[1]
        for name in _imports(THRIVE / "cli.py")
        if name.startswith("thrive.") and name.count(".") >= 1
    }
    assert named & apps == set()


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_each_app_adds_its_own_commands() -> None:
    owners = {app.label: module for app, module in area_modules("cli")}
    assert {"people", "accounts", "demo", "intelligence", "learning", "privacy"} <= set(owners)
    for label, module in owners.items():
        sub = argparse.ArgumentParser().add_subparsers()
        module.register(Commands(sub))
        assert sub.choices, f"{label}'s cli.register added no command"
    top = _commands(build_parser())
    assert {"migrate", "serve", "manage", "org", "user", "seed", "import", "metrics"} <= set(top)
    # Two apps add actions to one command: the register adds councils, accounts their 2FA rule
    # and single sign-on.
    assert {"add", "list", "mfa", "sso"} == set(_commands(top["org"]))


def test_a_group_is_shared_by_name_and_keeps_its_first_help() -> None:
    parser = argparse.ArgumentParser()
    commands = Commands(parser.add_subparsers(dest="command"))
    first = commands.add_group("thing", help="things")
    assert commands.add_group("thing", help="other words") is first
    first.add_parser("one").set_defaults(func=lambda args: 0)
    commands.add_group("thing", help="").add_parser("two").set_defaults(func=lambda args: 0)
    assert parser.parse_args(["thing", "two"]).thing_command == "two"
    with pytest.raises(SystemExit):
        parser.parse_args(["thing"])  # an action is required


@pytest.mark.django_db
def test_as_names_a_person_and_applies_their_permissions(org: Any, user_with_role: Any) -> None:
    practitioner = user_with_role(Role.PRACTITIONER)
    args = argparse.Namespace(as_user=practitioner.email.upper())
    assert acting_user(args, org, Cap.HOME) == practitioner
    with pytest.raises(ThriveError, match="is not allowed to do this"):
        acting_user(args, org, Cap.USERS_MANAGE)
    with pytest.raises(ThriveError, match="no person who signs in as"):
        acting_user(argparse.Namespace(as_user="nobody@example.test"), org, Cap.HOME)
    assert acting_user(argparse.Namespace(as_user=None), org, Cap.USERS_MANAGE) is None


def test_every_command_says_what_it_is_for(capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    listing = capsys.readouterr().out
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for choice in action._choices_actions:
        assert choice.help, f"{choice.dest} has no help"
        assert choice.dest in listing
