"""Every role × page permission, written from the side of the person who must be refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from thrive.core.permissions import access_for
from thrive.core.roles import GRANTS, Cap, Role, Scope

# Every council page, with the capability that guards it.
ORG_PAGES = [
    ("core:org_home", Cap.HOME),
    ("core:organisation", Cap.ORG_VIEW),
    ("core:users", Cap.USERS_MANAGE),
    ("core:audit", Cap.AUDIT_VIEW),
    ("people:staff_list", Cap.REGISTER_VIEW),
    ("people:teams", Cap.REGISTER_VIEW),
    ("people:establishment", Cap.REGISTER_VIEW),
    ("people:imports", Cap.REGISTER_IMPORT),
    ("intelligence:workforce", Cap.MEASURES_VIEW),
    ("intelligence:census", Cap.CENSUS_MANAGE),
    ("caseloads:mine", Cap.CASELOAD_VIEW),
    ("caseloads:policy_add", Cap.CASELOAD_POLICY),
    ("caseloads:families", Cap.FAMILIES_VIEW),
    ("caseloads:access_log", Cap.ACCESS_LOG_VIEW),
    ("privacy:sar", Cap.SAR_EXPORT),
]
# Pages that need a capability at a wider scope than "at all".
MIN_SCOPE = {
    "intelligence:benchmarks": (Cap.MEASURES_VIEW, Scope.ORG),
    "caseloads:overview": (Cap.CASELOAD_VIEW, Scope.TEAM),
    "caseloads:policy": (Cap.CASELOAD_VIEW, Scope.TEAM),
}

CASES = [(role, url, cap) for role in Role.values for url, cap in ORG_PAGES]
SCOPED_CASES = [(role, url) for role in Role.values for url in MIN_SCOPE]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "url_name", "capability"), CASES)
def test_role_page_permission(
    client: Client, user_with_role: Any, role: str, url_name: str, capability: str
) -> None:
    user = user_with_role(role)
    client.force_login(user)
    response = client.get(
        reverse(url_name, kwargs={"org_code": user.role_assignments.first().organisation.code})
    )
    allowed = GRANTS[role].get(capability, Scope.NONE) > Scope.NONE
    assert response.status_code == (200 if allowed else 403), (role, url_name)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "url_name"), SCOPED_CASES)
def test_role_page_permission_needing_whole_council_scope(
    client: Client, user_with_role: Any, role: str, url_name: str
) -> None:
    user = user_with_role(role)
    client.force_login(user)
    org_code = user.role_assignments.first().organisation.code
    capability, scope = MIN_SCOPE[url_name]
    allowed = GRANTS[role].get(capability, Scope.NONE) >= scope
    response = client.get(reverse(url_name, kwargs={"org_code": org_code}))
    assert response.status_code == (200 if allowed else 403), (role, url_name)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize(("url_name", "capability"), ORG_PAGES)
def test_other_councils_pages_are_refused(
    client: Client, org: Any, other_org: Any, role: str, url_name: str, capability: str
) -> None:
    user = make_user(org, role)
    client.force_login(user)
    response = client.get(reverse(url_name, kwargs={"org_code": other_org.code}))
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content


@pytest.mark.django_db
def test_unknown_council_is_not_found(client: Client, user_with_role: Any) -> None:
    client.force_login(user_with_role(Role.SYSTEM_ADMIN))
    assert client.get("/o/999/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "capability"), ORG_PAGES)
def test_anonymous_is_sent_to_sign_in(
    client: Client, org: Any, url_name: str, capability: str
) -> None:
    response = client.get(reverse(url_name, kwargs={"org_code": org.code}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_revoking_a_role_is_refused_to_non_admins(client: Client, user_with_role: Any) -> None:
    target = user_with_role(Role.PRACTITIONER)
    assignment = target.role_assignments.get()
    for role in Role.values:
        if role == Role.SYSTEM_ADMIN:
            continue
        client.force_login(user_with_role(role))
        url = reverse("core:user_role_revoke", args=[assignment.organisation.code, assignment.pk])
        assert client.post(url).status_code == 403, role
    assert target.role_assignments.count() == 1


@pytest.mark.django_db
def test_admin_cannot_revoke_a_role_in_another_council(
    client: Client, org: Any, other_org: Any
) -> None:
    admin = make_user(org, Role.SYSTEM_ADMIN)
    make_user(other_org, Role.SYSTEM_ADMIN)  # an admin there, but not this person
    victim = make_user(other_org, Role.PRACTITIONER)
    assignment = victim.role_assignments.get()
    client.force_login(admin)
    # Through their own council's URL the other council's assignment is simply not there.
    url = reverse("core:user_role_revoke", args=[org.code, assignment.pk])
    assert client.post(url).status_code == 404
    url = reverse("core:user_role_revoke", args=[other_org.code, assignment.pk])
    assert client.post(url).status_code == 403
    assert victim.role_assignments.count() == 1


@pytest.mark.django_db
def test_object_level_scopes(org: Any) -> None:
    team = make_team(org, "Assessment Team 1")
    other_team = make_team(org, "Children in Care Team", service="Children in care")
    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    service_manager = make_user(org, Role.SERVICE_MANAGER, service=team.service)
    practitioner = make_user(org, Role.PRACTITIONER)

    access = access_for(manager, org)
    assert access.scope(Cap.REGISTER_VIEW) == Scope.TEAM
    assert access.allows(Cap.REGISTER_VIEW, team_id=team.pk)
    assert not access.allows(Cap.REGISTER_VIEW, team_id=other_team.pk)

    access = access_for(service_manager, org)
    assert access.allows(Cap.REGISTER_VIEW, service_id=team.service_id)
    assert not access.allows(Cap.REGISTER_VIEW, service_id=other_team.service_id)

    access = access_for(practitioner, org)
    assert access.allows(Cap.REGISTER_VIEW, user_id=practitioner.pk)
    assert not access.allows(Cap.REGISTER_VIEW, user_id=manager.pk)
    assert not access.allows(Cap.REGISTER_VIEW, team_id=team.pk)
    # Nobody's access reaches into another organisation.
    assert not access.allows(Cap.REGISTER_VIEW, user_id=practitioner.pk, organisation_id=org.pk + 1)


@pytest.mark.django_db
def test_scope_filter_narrows_querysets(org: Any, other_org: Any) -> None:
    from thrive.people.models import Team

    team = make_team(org, "Assessment Team 1")
    make_team(org, "Children in Care Team", service="Children in care")
    make_team(other_org, "Assessment Team 1")
    manager = make_user(org, Role.TEAM_MANAGER, team=team)
    admin = make_user(org, Role.SYSTEM_ADMIN)
    panel = make_user(org, Role.PANEL_MEMBER)

    visible = Team.objects.visible_to(access_for(manager, org), Cap.REGISTER_VIEW)
    assert list(visible) == [team]
    visible = Team.objects.visible_to(access_for(admin, org), Cap.REGISTER_VIEW)
    assert visible.count() == 2  # never the other council's team
    visible = Team.objects.visible_to(access_for(panel, org), Cap.REGISTER_VIEW)
    assert visible.count() == 0


@pytest.mark.django_db
def test_inactive_user_has_no_access(org: Any) -> None:
    user = make_user(org, Role.SYSTEM_ADMIN)
    user.is_active = False
    user.save()
    assert not access_for(user, org).is_member


@pytest.mark.django_db
def test_a_roles_team_widens_only_that_roles_grants(org: Any) -> None:
    """A team manager of team A who is also a practitioner placed in team B manages A only."""
    from thrive.accounts.models import RoleAssignment

    a, b = make_team(org, name="Team A"), make_team(org, name="Team B")
    user = make_user(org, Role.TEAM_MANAGER, team=a)
    RoleAssignment.objects.create(user=user, organisation=org, role=Role.PRACTITIONER, team=b)
    access = access_for(user, org)
    assert access.team_ids == {a.pk, b.pk}
    assert access.allows(Cap.ALLOCATE, team_id=a.pk)
    assert not access.allows(Cap.ALLOCATE, team_id=b.pk)
    assert access.teams_for(Cap.CASELOAD_VIEW) == {a.pk}
    assert access.teams_of(Role.TEAM_MANAGER) == {a.pk}
