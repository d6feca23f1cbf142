"""The test factories make data through the app's services: the same rules, the same audit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import (
    OrganisationFactory,
    StaffFactory,
    TeamFactory,
    UserFactory,
    make_org,
    make_staff,
    make_team,
    make_user,
)
from thrive.accounts.models import RoleAssignment
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import EmploymentSpell, Organisation
from thrive.workbook.models import PracticeTool


@pytest.mark.django_db
def test_a_council_starts_with_its_lists_and_is_given_once() -> None:
    org = make_org("331", "Coventry")
    assert PracticeTool.objects.for_org(org).exists()  # organisation_add's starting lists
    assert make_org("331", "Coventry") == org
    assert OrganisationFactory.create(code="331").pk == org.pk
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_a_user_is_given_their_role_with_an_audit_entry(org: Any) -> None:
    team = make_team(org, "Assessment Team 1", service="Safeguarding")
    assert team.service is not None and team.service.name == "Safeguarding"
    assert make_team(org, "Assessment Team 1") == team
    user = make_user(org, Role.TEAM_MANAGER, team=team)
    assert user.email.startswith("team.manager.") and user.email.endswith("@331.test")
    assert user.check_password("Correct-Horse-42")
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.team) == (Role.TEAM_MANAGER, team)
    assert AuditEvent.objects.filter(action="role.granted", object_id=str(assignment.pk)).exists()
    # The same person given another role keeps one account.
    assert make_user(org, Role.PRACTITIONER, email=user.email) == user
    assert RoleAssignment.objects.filter(user=user).count() == 2


@pytest.mark.django_db
def test_a_member_of_staff_is_added_by_the_register_service(org: Any) -> None:
    person = make_staff(org, first_name="Nia")
    spell = EmploymentSpell.objects.get(person=person)
    assert (spell.profession, spell.contract, spell.fte) == ("social_worker", "permanent", 1)
    assert AuditEvent.objects.filter(
        action="register.person_added", object_id=str(person.pk)
    ).exists()
    # The service's rules hold for test data too.
    with pytest.raises(ThriveError, match="Social Work England number"):
        StaffFactory.create(organisation=org, swe_number="")
    with pytest.raises(ThriveError, match="already in the register"):
        make_staff(org, staff_id=person.staff_id)


def test_build_makes_unsaved_objects_without_the_database() -> None:
    team = TeamFactory.build(
        organisation=OrganisationFactory.build(code="999"), service=None, name="T"
    )
    assert team.pk is None and team.name == "T"
    user = UserFactory.build(organisation=OrganisationFactory.build(code="998"))
    assert user.pk is None and user.email.endswith("@998.test")
