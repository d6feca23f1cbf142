"""What supervision's pages share: the reader, and opening a record (every opening logged, a
refusal too)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thrive.core.audit import audit_log
from thrive.core.http import AuthedRequest
from thrive.people.models import StaffMember
from thrive.people.selectors import staff_member_for
from thrive.supervision.models import Kind, Session
from thrive.supervision.selectors import may_read, supervision_session


def reader(request: AuthedRequest) -> tuple[Any, Any, StaffMember | None]:
    """The council, the reader's access, and the reader's own record in its register."""
    org = request.organisation
    return org, request.access, staff_member_for(request.user, org)


def refused(request: AuthedRequest, session: Session, why: str) -> None:
    """A refusal to open or change *session*, in the audit trail against the record."""
    audit_log(
        action="supervision.refused",
        user=request.user,
        organisation=request.organisation,
        obj=session,
        summary=why,
        request=request,
    )


def session_or_404(
    request: AuthedRequest,
    pk: int,
    what: str = "Read",
    *,
    writer: bool = False,
    group: bool = False,
) -> Session:
    """A session whose record the reader may read, the reading logged; a refusal is logged and
    answers "not found", so nobody learns that the record exists.

    With *writer*, only the session's supervisor (the chair of a group session, with *group*) may
    open it; anyone else who may read it is refused (403), and that refusal is logged too, instead
    of the read."""
    org, access = request.organisation, request.access
    session = supervision_session(org, pk)
    if session is None:
        raise Http404
    if not may_read(access, session):
        refused(request, session, "Asked for a supervision record they may not read")
        raise Http404
    if writer and session.supervisor.user_id != request.user.pk:
        refused(request, session, "Asked to write a supervision record they do not supervise")
        raise PermissionDenied
    if group and session.kind != Kind.GROUP:
        refused(request, session, "Asked to write a one-to-one record as a group session")
        raise PermissionDenied
    audit_log(
        action="supervision.read",
        user=request.user,
        organisation=org,
        obj=session,
        summary=f"{what} {session}",
        request=request,
    )
    return session
