"""The known council (tests/data/known) imported, and a user linked to one of its staff."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import make_user
from thrive.people.imports import run_import
from thrive.people.models import StaffMember

KNOWN = Path(__file__).resolve().parents[1] / "data" / "known"


@pytest.fixture
def known(org: Any) -> Any:
    for kind in ["staff", "posts", "absences", "allocations"]:
        report = run_import(
            kind=kind,
            organisation=org,
            filename=f"{kind}.csv",
            content=(KNOWN / f"{kind}.csv").read_bytes(),
        )
        assert report.ok
    return org


def linked_user(org: Any, staff_id: str, role: str, **kw: Any) -> Any:
    """A user with *role* who is the register's *staff_id*."""
    user = make_user(org, role, **kw)
    person = StaffMember.objects.get(organisation=org, staff_id=staff_id)
    person.user = user
    person.save()
    return user
