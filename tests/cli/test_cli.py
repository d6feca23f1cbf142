"""The `thrive` command's administration contract (formats.md, "Other commands")."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest

from thrive.accounts.models import RoleAssignment, User
from thrive.cli import main
from thrive.people.models import Organisation


def run(
    argv: list[str], capsys: Any, stdin: str | None = None, monkeypatch: Any = None
) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_commands(capsys: Any) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    for command in ("migrate", "org", "user", "seed", "serve"):
        assert command in out


@pytest.mark.django_db
def test_org_add_and_list(capsys: Any) -> None:
    code, out, _ = run(
        ["org", "add", "--code", "331", "--name", "Coventry", "--region", "West Midlands"], capsys
    )
    assert code == 0 and "Coventry" in out
    code, out, _ = run(["org", "list", "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out) == [
        {"code": "331", "name": "Coventry", "region": "West Midlands", "ons_code": ""}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["--code", "33", "--name", "X", "--region", "London"], "3-digit"),
        (["--code", "331", "--name", "X", "--region", "Mercia"], "not an English region"),
    ],
)
def test_org_add_refuses_bad_input(capsys: Any, argv: list[str], reason: str) -> None:
    code, _, err = run(["org", "add", *argv], capsys)
    assert code == 1
    assert reason in err
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_duplicate_org_is_refused(capsys: Any) -> None:
    args = ["org", "add", "--code", "331", "--name", "Coventry", "--region", "west midlands"]
    assert run(args, capsys)[0] == 0
    code, _, err = run(args, capsys)
    assert code == 1 and "already exists" in err


def test_usage_error_exits_2(capsys: Any) -> None:
    code, _, _ = run(["org", "add", "--code", "331"], capsys)
    assert code == 2


@pytest.mark.django_db
def test_user_add_with_password_stdin_then_another_role(capsys: Any, monkeypatch: Any) -> None:
    run(["org", "add", "--code", "331", "--name", "Coventry", "--region", "West Midlands"], capsys)
    code, out, err = run(
        [
            "user",
            "add",
            "--email",
            "pat@example.test",
            "--org",
            "331",
            "--role",
            "team_manager",
            "--password-stdin",
        ],
        capsys,
        stdin="Strong-Pass-123\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    user = User.objects.get(email="pat@example.test")
    assert user.check_password("Strong-Pass-123")
    code, _, _ = run(
        ["user", "add", "--email", "pat@example.test", "--org", "331", "--role", "senior_leader"],
        capsys,
    )
    assert code == 0
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == {
        "team_manager",
        "senior_leader",
    }


@pytest.mark.django_db
def test_user_add_refusals(capsys: Any, monkeypatch: Any) -> None:
    code, _, err = run(
        ["user", "add", "--email", "a@example.test", "--org", "999", "--role", "practitioner"],
        capsys,
    )
    assert code == 1 and "no council with code 999" in err
    run(["org", "add", "--code", "331", "--name", "Coventry", "--region", "West Midlands"], capsys)
    code, _, err = run(
        [
            "user",
            "add",
            "--email",
            "a@example.test",
            "--org",
            "331",
            "--role",
            "practitioner",
            "--password-stdin",
        ],
        capsys,
        stdin="weak\n",
        monkeypatch=monkeypatch,
    )
    assert code == 1 and "not strong enough" in err
    assert not User.objects.exists()
    code, _, _ = run(
        ["user", "add", "--email", "a@example.test", "--org", "331", "--role", "wizard"], capsys
    )
    assert code == 2


@pytest.mark.demo
def test_seed_demo_gives_every_role_and_is_repeatable(capsys: Any, seeded_demo: Any) -> None:
    from thrive.core.roles import Role

    # One council (seeding is the slow part; the region's other councils are seeded the same way),
    # seeded once for the session by the same function the command runs; the command then
    # completes it, adding nothing, and prints the sign-ins.
    seeded_demo(seed=11)
    users = User.objects.count()
    code, out, _ = run(["seed", "demo", "--orgs", "1", "--seed", "11"], capsys)
    assert code == 0
    assert "Thrive-Demo-2026" in out
    assert Organisation.objects.count() == 1
    for org in Organisation.objects.all():
        roles = set(RoleAssignment.objects.filter(organisation=org).values_list("role", flat=True))
        assert roles == set(Role.values)
    assert User.objects.count() == users
