"""Giving and removing roles, API tokens."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from thrive.accounts.models import ApiToken, RoleAssignment, User
from thrive.core.models import AuditEvent
from thrive.core.roles import Role


@pytest.mark.django_db
def test_admin_gives_a_role_and_it_is_audited(client: Client, org: Any) -> None:
    team = make_team(org, "Assessment Team 1")
    admin = make_user(org, Role.SYSTEM_ADMIN)
    client.force_login(admin)
    response = client.post(
        reverse("core:users", args=[org.code]),
        {
            "email": "New.Person@example.test",
            "full_name": "New Person",
            "role": "team_manager",
            "team": team.pk,
        },
        follow=True,
    )
    # Team manager opens families, so it waits for a second person (tests/caseloads/
    # test_admin_routes_to_families.py); a role that opens none is granted at once.
    assert b"once a principal social worker or senior leader approves it" in response.content
    assert not RoleAssignment.objects.filter(user__email="new.person@example.test").exists()
    response = client.post(
        reverse("core:users", args=[org.code]),
        {"email": "New.Person@example.test", "full_name": "New Person", "role": "hr_recruitment"},
        follow=True,
    )
    assert b"now has the role HR and recruitment" in response.content
    assignment = RoleAssignment.objects.get(user__email="new.person@example.test")
    assert assignment.team is None
    assert AuditEvent.objects.filter(action="role.granted", user=admin).exists()


@pytest.mark.django_db
def test_bad_role_form_keeps_what_was_typed(client: Client, org: Any) -> None:
    client.force_login(make_user(org, Role.SYSTEM_ADMIN))
    response = client.post(
        reverse("core:users", args=[org.code]),
        {"email": "not-an-email", "full_name": "Kept Name", "role": "practitioner"},
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="Kept Name"' in page
    assert 'value="not-an-email"' in page


@pytest.mark.django_db
def test_team_from_another_council_cannot_be_given(
    client: Client, org: Any, other_org: Any
) -> None:
    foreign_team = make_team(other_org, "Their Team")
    client.force_login(make_user(org, Role.SYSTEM_ADMIN))
    response = client.post(
        reverse("core:users", args=[org.code]),
        {"email": "x@example.test", "role": "team_manager", "team": foreign_team.pk},
    )
    assert b"There is a problem" in response.content
    assert not User.objects.filter(email="x@example.test").exists()


@pytest.mark.django_db
def test_admin_removes_a_role(client: Client, org: Any) -> None:
    client.force_login(make_user(org, Role.SYSTEM_ADMIN))
    target = make_user(org, Role.PRACTITIONER)
    assignment = target.role_assignments.get()
    client.post(reverse("core:user_role_revoke", args=[org.code, assignment.pk]))
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.filter(action="role.revoked").exists()


@pytest.mark.django_db
def test_token_is_shown_once_and_only_its_hash_kept(client: Client, org: Any) -> None:
    user = make_user(org, Role.HR_RECRUITMENT)
    client.force_login(user)
    page = client.post("/account/", {"name": "Power BI"}).content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.prefix in page
    import re

    key = re.search(r'id="new-token">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    assert key not in token.key_hash
    assert key not in client.get("/account/").content.decode()


@pytest.mark.django_db
def test_nobody_can_revoke_someone_elses_token(client: Client, org: Any) -> None:
    owner = make_user(org, Role.HR_RECRUITMENT)
    client.force_login(owner)
    client.post("/account/", {"name": "Mine"})
    token = ApiToken.objects.get(user=owner)
    client.force_login(make_user(org, Role.SYSTEM_ADMIN))
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


@pytest.mark.django_db
def test_many_accounts_given_one_password_share_one_hash_computed_once(org: Any) -> None:
    from django.contrib.auth.hashers import make_password

    from thrive.accounts.services import user_add

    encoded = make_password("Thrive-Demo-2026")
    users = [
        user_add(
            email=f"person{i}@example.test",
            organisation=org,
            role=Role.PRACTITIONER,
            encoded_password=encoded,
        )[0]
        for i in range(3)
    ]
    for user in users:
        user.refresh_from_db()
        assert user.password == encoded and user.check_password("Thrive-Demo-2026")
    # Someone without a usable password (added without one) gets it with another role; one who
    # has a password keeps it.
    plain = user_add(email="plain@example.test", organisation=org, role=Role.PRACTITIONER)[0]
    user_add(
        email="plain@example.test",
        organisation=org,
        role=Role.HR_RECRUITMENT,
        encoded_password=encoded,
    )
    plain.refresh_from_db()
    assert plain.check_password("Thrive-Demo-2026")
    user_add(
        email="person0@example.test",
        organisation=org,
        role=Role.HR_RECRUITMENT,
        encoded_password=make_password("Another-Password-99"),
    )
    users[0].refresh_from_db()
    assert users[0].password == encoded
