"""What supervision's pages share: the reader, and opening a record (every opening logged, a
refusal too)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from thrive.core.audit import audit_log
from thrive.core.http import AuthedRequest
from thrive.people.models import StaffMember
from thrive.people.selectors import staff_member_for
from thrive.supervision.models import Session
from thrive.supervision.selectors import may_read, supervision_session


def reader(request: AuthedRequest) -> tuple[Any, Any, StaffMember | None]:
    """The council, the reader's access, and the reader's own record in its register."""
    org = request.organisation
    return org, request.access, staff_member_for(request.user, org)


def session_or_404(request: AuthedRequest, pk: int, what: str = "Read") -> Session:
    """A session whose record the reader may read, the reading logged; a refusal is logged and
    answers "not found", so nobody learns that the record exists."""
    org, access = request.organisation, request.access
    session = supervision_session(org, pk)
    if session is None:
        raise Http404
    if not may_read(access, session):
        audit_log(
            action="supervision.refused",
            user=request.user,
            organisation=org,
            obj=session,
            summary="Asked for a supervision record they may not read",
            request=request,
        )
        raise Http404
    audit_log(
        action="supervision.read",
        user=request.user,
        organisation=org,
        obj=session,
        summary=f"{what} {session}",
        request=request,
    )
    return session
