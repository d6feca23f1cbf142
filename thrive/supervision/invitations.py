"""Supervision invitations by email, with the session as an iCalendar attachment: METHOD:REQUEST
when booked (a calendar adds it, and updates it on a later REQUEST with a higher SEQUENCE),
METHOD:CANCEL when cancelled (a calendar removes it)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from thrive.core.invitations import invitation_on_commit
from thrive.supervision.calendar import session_event
from thrive.supervision.models import Session
from thrive.supervision.selectors.records import invitation_recipients


def invitation_send(session: Session, *, method: str = "REQUEST", moved: bool = False) -> None:
    """Email everyone in *session* its invitation (its update when *moved*: the same event, the
    session's higher version as the SEQUENCE; or its cancellation), after the commit. A session
    already past (one recorded afterwards) invites nobody: :func:`invitation_recipients` says
    who, and it is who the API counts as told."""
    to = invitation_recipients(session)
    if not to:
        return
    organizer = getattr(session.supervisor.user, "email", "") or to[0]
    when = timezone.localtime(session.starts_at)
    cancelled = method == "CANCEL"
    head = "Cancelled: " if cancelled else "Moved: " if moved else ""
    subject = f"{head}Supervision on {when:%-d %B %Y at %H:%M}"
    body = "\n".join(
        [
            f"{session.get_kind_display()} with {session.supervisor.full_name}"
            + (f" and {session.supervisee.full_name}" if session.supervisee else ""),
            f"{'Was' if cancelled else 'When'}: {when:%A %-d %B %Y, %H:%M} "
            f"({session.planned_minutes} minutes)",
            *([f"Where: {session.location}"] if session.location else []),
            "",
            "This session has been cancelled."
            if cancelled
            else "The session has moved: the updated invitation is attached; open it to move "
            "the session in your calendar."
            if moved
            else "The invitation is attached: open it to add the session to your calendar.",
            f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{session.organisation.code}/supervision/",
        ]
    )
    invitation_on_commit(
        event=session_event(session),
        to=to,
        subject=subject,
        body=body,
        organisation=session.organisation,
        kind="supervision.session",
        method=method,
        organizer=organizer,
        name="Supervision",
    )
