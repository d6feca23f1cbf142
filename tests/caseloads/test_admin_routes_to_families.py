"""An administrator trying every route to a family: granting themselves a role that opens
families (web and command line), granting it to someone else and revoking it, the API, and break
glass. Each is refused, waits for a second person, or leaves the full trace in the audit trail, the
family access log and the principal social worker's inbox."""

from __future__ import annotations

import io
import sys
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.accounts.grants import role_grant, role_grant_decide
from thrive.accounts.models import BreakGlassUse, RoleAssignment, RoleGrantRequest
from thrive.accounts.services import api_token_create
from thrive.caseloads.models import Family
from thrive.cli import main
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent, OutboxMessage
from thrive.core.roles import FAMILY_REACHING_CAPS, GRANTS, Role, reaches_families
from thrive.people.models import Team


def f1_url(org: Any) -> str:
    return reverse("caseloads:family", args=[org.code, Family.objects.get(family_id="F1").pk])


def actions(org: Any) -> list[str]:
    return list(AuditEvent.objects.filter(organisation=org).values_list("action", flat=True))


def psw_mail(psw: Any) -> list[str]:
    return [m.subject for m in OutboxMessage.objects.all() if psw.email in m.to]


def test_roles_reaching_families_come_from_the_grants() -> None:
    for role, grants in GRANTS.items():
        assert reaches_families(role) == bool(FAMILY_REACHING_CAPS & set(grants)), role
    assert not reaches_families(Role.SYSTEM_ADMIN)
    assert reaches_families(Role.TEAM_MANAGER) and reaches_families(Role.PRACTITIONER)


@pytest.mark.django_db(transaction=True)
def test_admin_cannot_give_themselves_a_role_that_opens_families(
    client: Client, known: Any
) -> None:
    admin = make_user(known, Role.SYSTEM_ADMIN)
    psw = make_user(known, Role.PRINCIPAL_SOCIAL_WORKER)
    team = Team.objects.get(name="Assessment Team 1")
    client.force_login(admin)
    response = client.post(
        reverse("core:users", args=[known.code]),
        {"email": admin.email.upper(), "role": "team_manager", "team": team.pk},
    )
    assert b"You cannot give yourself the role Team manager" in response.content
    assert not RoleAssignment.objects.filter(user=admin, role="team_manager").exists()
    assert not RoleGrantRequest.objects.exists()
    assert client.get(f1_url(known)).status_code == 404
    assert {"role.self_grant_refused", "family.self_grant_refused"} <= set(actions(known))
    refused = AuditEvent.objects.get(action="family.self_grant_refused")
    assert refused.user == admin and refused.ip_address == "127.0.0.1"
    assert any("tried to give themselves" in s for s in psw_mail(psw))
    # A role opening no family is still theirs to take.
    client.post(
        reverse("core:users", args=[known.code]), {"email": admin.email, "role": "hr_recruitment"}
    )
    assert RoleAssignment.objects.filter(user=admin, role="hr_recruitment").exists()


@pytest.mark.django_db(transaction=True)
def test_grant_to_someone_else_waits_for_a_second_person(client: Client, known: Any) -> None:
    admin = make_user(known, Role.SYSTEM_ADMIN)
    psw = make_user(known, Role.PRINCIPAL_SOCIAL_WORKER)
    leader = make_user(known, Role.SENIOR_LEADER)
    accomplice = make_user(known, Role.HR_RECRUITMENT)
    team = Team.objects.get(name="Assessment Team 1")
    client.force_login(admin)
    client.post(
        reverse("core:users", args=[known.code]),
        {"email": accomplice.email, "role": "team_manager", "team": team.pk},
    )
    grant = RoleGrantRequest.objects.get()
    assert grant.status == "pending" and grant.requested_by == admin
    assert not RoleAssignment.objects.filter(user=accomplice, role="team_manager").exists()
    # The administrator cannot reach the approval pages; nor can the person it is for.
    assert client.get(reverse("core:grant_approvals", args=[known.code])).status_code == 403
    decide = reverse("core:grant_decide", args=[known.code, grant.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    client.force_login(accomplice)
    assert client.get(f1_url(known)).status_code == 404
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    assert any("approve or refuse" in s for s in psw_mail(leader))
    # The second person approves: the role takes effect, and both steps are in the access log.
    client.force_login(leader)
    page = client.get(reverse("core:grant_approvals", args=[known.code]))
    assert accomplice.email.encode() in page.content
    response = client.post(decide, {"decision": "approve"}, follow=True)
    assert b"now has the role Team manager" in response.content
    client.force_login(accomplice)
    assert client.get(f1_url(known)).status_code == 200
    log = client.get(reverse("caseloads:access_log", args=[known.code]))
    assert log.status_code == 403  # the accomplice cannot read the access log
    client.force_login(psw)
    log = client.get(reverse("caseloads:access_log", args=[known.code]), {"format": "csv"})
    text = log.content.decode()
    assert "family.grant_requested" in text and "family.grant_approved" in text
    assert {"role.grant_requested", "role.grant_approved", "role.granted"} <= set(actions(known))
    assert any("approved" in s for s in psw_mail(psw))
    # Revoking it afterwards leaves the trace too, in both logs.
    client.force_login(admin)
    assignment = RoleAssignment.objects.get(user=accomplice, role="team_manager")
    client.post(reverse("core:user_role_revoke", args=[known.code, assignment.pk]))
    assert {"role.revoked", "family.revoked"} <= set(actions(known))


@pytest.mark.django_db
def test_nobody_approves_their_own_request_or_their_own_role(known: Any) -> None:
    leader = make_user(known, Role.SENIOR_LEADER)
    other_leader = make_user(known, Role.SENIOR_LEADER)
    grant = role_grant(
        email="someone@331.test", organisation=known, role="practitioner", actor=leader
    )
    assert isinstance(grant, RoleGrantRequest)
    with pytest.raises(ThriveError, match="second person"):
        role_grant_decide(grant=grant, actor=leader, approve=True)
    for_leader = role_grant(
        email=leader.email, organisation=known, role="practitioner", actor=other_leader
    )
    assert isinstance(for_leader, RoleGrantRequest)
    with pytest.raises(ThriveError, match="yourself"):
        role_grant_decide(grant=for_leader, actor=leader, approve=True)
    with pytest.raises(ThriveError, match="Say why"):
        role_grant_decide(grant=grant, actor=other_leader, approve=False)
    role_grant_decide(grant=grant, actor=other_leader, approve=False, note="Not a social worker")
    assert not RoleAssignment.objects.filter(user__email="someone@331.test").exists()
    assert "family.grant_refused" in actions(known)


def _cli(argv: list[str], capsys: Any) -> tuple[int, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.django_db(transaction=True)
def test_command_line_grant_waits_once_someone_can_approve(
    known: Any, capsys: Any, monkeypatch: Any
) -> None:
    admin = make_user(known, Role.SYSTEM_ADMIN)
    # No approver yet (a new council): granted, but logged as unapproved in both logs.
    code, out = _cli(
        [
            "user",
            "add",
            "--email",
            "first.psw@331.test",
            "--org",
            known.code,
            "--role",
            "principal_social_worker",
        ],
        capsys,
    )
    assert code == 0 and "has the role Principal social worker" in out
    assert "family.grant_unapproved" in actions(known)
    assert any(
        "from the command line" in s
        for s in psw_mail(type("U", (), {"email": "first.psw@331.test"}))
    )
    # Now a principal social worker can approve: the administrator's own team manager role waits.
    monkeypatch.setattr(sys, "stdin", io.StringIO("Correct-Horse-Battery-9\n"))
    code, out = _cli(
        [
            "user",
            "add",
            "--email",
            admin.email,
            "--org",
            known.code,
            "--role",
            "team_manager",
            "--team",
            "Assessment Team 1",
            "--password-stdin",
        ],
        capsys,
    )
    assert code == 0 and "once a principal social worker or senior leader approves" in out
    assert not RoleAssignment.objects.filter(user=admin, role="team_manager").exists()
    assert RoleGrantRequest.objects.get().requested_by is None
    assert "family.grant_requested" in actions(known)


@pytest.mark.django_db
def test_the_api_gives_an_administrator_no_family(client: Client, known: Any) -> None:
    admin = make_user(known, Role.SYSTEM_ADMIN)
    _, key = api_token_create(user=admin, name="probe")
    auth: Any = {"HTTP_AUTHORIZATION": f"Token {key}"}
    family = Family.objects.get(family_id="F1")
    base = f"/api/organisations/{known.code}/families/"
    listed = client.get(base, **auth)
    assert listed.status_code == 200 and listed.json()["results"] == []
    assert client.get(f"{base}{family.pk}/", **auth).status_code in (403, 404)
    # The API has no way to give a role.
    assert client.post("/api/me/", {"role": "team_manager"}, **auth).status_code in (403, 405)
    assert not RoleAssignment.objects.filter(user=admin).exclude(role="system_admin").exists()


@pytest.mark.django_db(transaction=True)
def test_break_glass_is_time_limited_logged_and_reviewed(client: Client, known: Any) -> None:
    admin = make_user(known, Role.SYSTEM_ADMIN)
    psw = make_user(known, Role.PRINCIPAL_SOCIAL_WORKER)
    team = Team.objects.get(name="Assessment Team 1")
    url = reverse("core:break_glass", args=[known.code])
    client.force_login(admin)
    response = client.post(url, {"team": team.pk, "reason": "urgent"})
    assert response.status_code == 400 and not BreakGlassUse.objects.exists()
    reason = "Police call at 02:00 about a child in F1; the team manager cannot be reached."
    response = client.post(url, {"team": team.pk, "reason": reason})
    assert response.status_code == 302
    use = BreakGlassUse.objects.get()
    assert use.ends_at - use.started_at == timedelta(hours=4)
    assert client.get(f1_url(known)).status_code == 200
    assert {"family.break_glass", "role.break_glass", "family.read"} <= set(actions(known))
    assert any("break glass" in s for s in psw_mail(psw))
    # The administrator cannot review their own use (nor see the list).
    uses = reverse("core:break_glass_uses", args=[known.code])
    assert client.get(uses).status_code == 403
    assert client.post(uses, {"use": use.pk}).status_code == 403
    # Four hours later the door shuts by itself.
    clock_now = clock.now()
    import time_machine

    with time_machine.travel(clock_now + timedelta(hours=4, minutes=1), tick=False):
        client.force_login(admin)
        assert client.get(f1_url(known)).status_code == 404
    # The principal social worker reviews it.
    client.force_login(psw)
    assert reason.encode() in client.get(uses).content
    client.post(uses, {"use": use.pk, "note": "Checked with the duty manager"})
    use.refresh_from_db()
    assert use.reviewed_by == psw
    assert "family.break_glass_reviewed" in actions(known)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.HR_RECRUITMENT])
def test_people_without_the_capability_are_refused_break_glass(
    client: Client, known: Any, role: str
) -> None:
    client.force_login(make_user(known, role, team=Team.objects.get(name="Assessment Team 1")))
    assert client.get(reverse("core:break_glass", args=[known.code])).status_code == 403
    assert client.get(reverse("core:grant_approvals", args=[known.code])).status_code == 403
    assert client.get(reverse("core:break_glass_uses", args=[known.code])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.SENIOR_LEADER, Role.SYSTEM_ADMIN, Role.PRINCIPAL_SOCIAL_WORKER]
)
def test_roles_that_approve_or_oversee_are_not_self_granted_either(known: Any, role: str) -> None:
    """Else an administrator could make themselves a senior leader and approve an accomplice."""
    admin = make_user(known, Role.HR_RECRUITMENT)
    make_user(known, Role.PRINCIPAL_SOCIAL_WORKER)
    with pytest.raises(ThriveError, match="cannot give yourself"):
        role_grant(email=admin.email, organisation=known, role=role, actor=admin)
    assert isinstance(
        role_grant(email="colleague@331.test", organisation=known, role=role, actor=admin),
        RoleGrantRequest,
    )
    assert not RoleAssignment.objects.filter(role=role, user=admin).exists()
