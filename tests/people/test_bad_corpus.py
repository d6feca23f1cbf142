"""Every file in the bad-input corpus is refused with its reasons, and nothing is written —
through the import service and through the `thrive import` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from thrive.caseloads.models import Allocation
from thrive.cli import main
from thrive.people.imports import run_import
from thrive.people.models import Absence, EmploymentSpell, Post, RegisterRevision, StaffMember, Team

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
EXPECTED: dict[str, dict[str, Any]] = json.loads((BAD / "expected.json").read_text())
GOOD_STAFF = (
    "staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,swe_number\n"
    "B1,Ann,Lee,social_worker,permanent,Team A,1,2020-01-01,5,SW1\n"
    "B2,Bob,Ray,social_worker,permanent,Team A,0.5,2021-01-01,5,SW2\n"
)


def counts() -> dict[str, int]:
    models = (StaffMember, EmploymentSpell, Post, Absence, Allocation, Team, RegisterRevision)
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture
def register(org: Any) -> Any:
    """A council with two people, so the other kinds of file have someone to refer to."""
    assert run_import(
        kind="staff", organisation=org, content=GOOD_STAFF.encode(), filename="good.csv"
    ).ok
    return org


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    assert len(EXPECTED) >= 25
    assert {e["kind"] for e in EXPECTED.values()} == {"staff", "posts", "absences", "allocations"}
    assert any(name.endswith(".xlsx") for name in EXPECTED)
    on_disk = {p.name for p in BAD.iterdir() if p.suffix in {".csv", ".xlsx"}}
    assert on_disk == set(EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_refused_with_its_reasons(register: Any, name: str) -> None:
    expected = EXPECTED[name]
    before = counts()
    try:
        report = run_import(
            kind=expected["kind"],
            organisation=register,
            content=(BAD / name).read_bytes(),
            filename=name,
        )
        problems = report.problems
        assert not report.ok
    except Exception as exc:  # a file that cannot be read at all is refused as a whole
        from thrive.core.errors import ThriveError

        assert isinstance(exc, ThriveError)
        problems = [str(exc)]
    for reason in expected["problems"]:
        assert any(reason in p for p in problems), (name, reason, problems)
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_refuses_bad_file_with_exit_1(register: Any, name: str, capsys: Any) -> None:
    before = counts()
    code = main(["import", EXPECTED[name]["kind"], str(BAD / name), "--org", register.code])
    err = capsys.readouterr().err
    assert code == 1
    for reason in EXPECTED[name]["problems"]:
        assert reason in err, (name, reason, err)
    assert counts() == before
