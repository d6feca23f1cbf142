"""A small team: a manager who supervises an ASYE worker and an experienced worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.factories import link_user, make_staff, make_team, make_user
from thrive.caseloads.models import Allocation, Family
from thrive.caseloads.services import families_sync
from thrive.core.roles import Role
from thrive.people.models import EmploymentSpell, Organisation, StaffMember, Team


@dataclass
class Crew:
    org: Any
    team: Team
    manager: StaffMember
    asye: StaffMember
    senior: StaffMember
    manager_user: Any
    asye_user: Any
    senior_user: Any


def person(org: Any, team: Team, staff_id: str, first: str, **kw: Any) -> StaffMember:
    return make_staff(
        org,
        team=team,
        staff_id=staff_id,
        first_name=first,
        last_name="Test",
        swe_number=f"SW{staff_id}",
        **kw,
    )


@pytest.fixture
def crew(org: Any) -> Crew:
    return make_crew(org)


def make_crew(org: Any, domain: str = "example.test") -> Crew:
    """The team in *org*; its people sign in as maya@, noor@ and sam@ *domain*."""
    # The council has used Thrive since 2020, so supervision falls due from each person's start.
    Organisation.objects.filter(pk=org.pk).update(created_at=datetime(2020, 1, 1, tzinfo=UTC))
    org.refresh_from_db()
    team = make_team(org, "Assessment Team 1")
    manager = person(org, team, "100001", "Maya", org_role=3)
    asye = person(org, team, "100002", "Noor", start_date=date(2025, 9, 1), start_origin=1)
    senior = person(org, team, "100003", "Sam", org_role=4)
    EmploymentSpell.objects.filter(person__in=[asye, senior]).update(line_manager=manager)
    users = []
    for p, role in (
        (manager, Role.TEAM_MANAGER),
        (asye, Role.PRACTITIONER),
        (senior, Role.PRACTITIONER),
    ):
        kw = {"team": team} if role == Role.TEAM_MANAGER else {}
        user = make_user(org, role, email=f"{p.first_name.lower()}@{domain}", **kw)
        link_user(p, user)
        users.append(user)
    return Crew(org, team, manager, asye, senior, *users)


@pytest.fixture
def family(crew: Crew) -> Family:
    return make_family(crew)


def make_family(crew: Crew) -> Family:
    """Sam holds child K1 of family FAM1."""
    Allocation.objects.create(
        organisation=crew.org,
        child_id="K1",
        family_id="FAM1",
        worker=crew.senior,
        case_type="cp",
        start_date=date(2025, 1, 1),
    )
    families_sync(organisation=crew.org)
    return Family.objects.get(organisation=crew.org, family_id="FAM1")
