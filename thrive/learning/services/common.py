"""What learning's writes share: an email to people, with a link to learning, and a booking's
calendar invitation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from thrive.core.invitations import CalendarEvent, invitation_on_commit
from thrive.core.outbox import email_on_commit
from thrive.people.models import Organisation


def _mail(to: Iterable[str], subject: str, lines: list[str], organisation: Organisation) -> None:
    body = "\n".join(
        [*lines, "", f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{organisation.code}/learning/"]
    )
    email_on_commit(
        to=to, subject=subject, body=body, organisation=organisation, kind="learning.sessions"
    )


def _invite(booking: Any, method: str, subject: str, lines: list[str], *, later: int = 0) -> None:
    """Email the person with *booking* their calendar invitation (``REQUEST``) or its
    cancellation (``CANCEL``). The event is the booking's own (one UID a place), so a place
    given up and booked again is a new event; the SEQUENCE rises with the session's and the
    booking's versions (*later*: a change about to be counted)."""
    session = booking.session
    address = booking.address  # the colleague's, for a place a partner booked for them
    if not address:
        return
    organisation = session.organisation
    where = session.venue or ("Online" if session.online else "")
    invitation_on_commit(
        event=CalendarEvent(
            uid=f"learning-booking-{booking.pk}",
            summary=session.item.title,
            starts=session.starts_at,
            ends=session.ends_at,
            sequence=session.version + booking.version + later,
            location=where,
        ),
        to=[address],
        subject=subject,
        body="\n".join(
            [*lines, "", f"Open Thrive: {settings.THRIVE_BASE_URL}/o/{organisation.code}/learning/"]
        ),
        organisation=organisation,
        kind="learning.sessions",
        method=method,
        name="Learning",
    )
