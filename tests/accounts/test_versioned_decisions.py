"""A grant decision and a break-glass review are versioned changes: the row is locked, a page
seen before someone else's change is refused, the version is bumped, and the audit trail and the
family access log both hold the step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.accounts.grants import break_glass_review, role_grant, role_grant_decide
from thrive.accounts.models import BreakGlassUse, RoleGrantRequest
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.people.models import Team

pytestmark = pytest.mark.django_db


def _actions(org: Any, suffix: str) -> list[str]:
    return sorted(
        AuditEvent.objects.filter(organisation=org, action__endswith=suffix).values_list(
            "action", flat=True
        )
    )


def test_a_grant_decided_on_a_stale_page_is_refused(client: Client, known: Any) -> None:
    leader = make_user(known, Role.SENIOR_LEADER)
    other = make_user(known, Role.SENIOR_LEADER)
    grant = role_grant(email="new@331.test", organisation=known, role="practitioner", actor=other)
    assert isinstance(grant, RoleGrantRequest) and grant.version == 1
    with pytest.raises(ThriveError, match="Someone else changed this"):
        role_grant_decide(grant=grant, actor=leader, approve=True, version=2)
    assert RoleGrantRequest.objects.get().status == "pending"
    assert _actions(known, ".grant_approved") == []
    # The page posts the version it showed; a second post of the same page is refused.
    client.force_login(leader)
    decide = reverse("core:grant_decide", args=[known.code, grant.pk])
    assert b'name="version" value="1"' in client.get(decide).content
    assert client.post(decide, {"decision": "approve", "version": 1}).status_code == 302
    grant.refresh_from_db()
    assert (grant.status, grant.version, grant.decided_by) == ("approved", 2, leader)
    assert _actions(known, ".grant_approved") == ["family.grant_approved", "role.grant_approved"]
    again = client.post(decide, {"decision": "refuse", "note": "No", "version": 1})
    assert again.status_code == 400 and b"Someone else changed this" in again.content
    assert RoleGrantRequest.objects.get().status == "approved"


def test_a_break_glass_review_is_versioned_and_logged_twice(known: Any) -> None:
    admin = make_user(known, Role.SYSTEM_ADMIN)
    psw = make_user(known, Role.PRINCIPAL_SOCIAL_WORKER)
    now = clock.now()
    use = BreakGlassUse.objects.create(
        organisation=known,
        user=admin,
        team=Team.objects.get(name="Assessment Team 1"),
        reason="A police call about a child at night.",
        started_at=now,
        ends_at=now + timedelta(hours=4),
    )
    with pytest.raises(ThriveError, match="Someone else changed this"):
        break_glass_review(use=use, actor=psw, note="Checked", version=5)
    with pytest.raises(ThriveError, match="Someone else must review"):
        break_glass_review(use=use, actor=admin, version=1)
    break_glass_review(use=use, actor=psw, note=" Checked ", version=1)
    use.refresh_from_db()
    assert (use.version, use.reviewed_by, use.review_note) == (2, psw, "Checked")
    events = AuditEvent.objects.filter(action__endswith="break_glass_reviewed")
    assert sorted(e.action for e in events) == [
        "family.break_glass_reviewed",
        "role.break_glass_reviewed",
    ]
    assert {e.detail["note"] for e in events} == {"Checked"}
    with pytest.raises(ThriveError, match="already been reviewed"):
        break_glass_review(use=use, actor=psw, version=2)
