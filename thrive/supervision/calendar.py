"""Supervision sessions as iCalendar: one file per session, and a person's feed (built by the
shared builder in ``thrive/core/invitations.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from thrive.core.invitations import CalendarEvent, calendar_ics
from thrive.supervision.models import Session


def session_event(session: Session) -> CalendarEvent:
    """Who and when, never what was discussed: calendars are shared more widely than records."""
    who = session.supervisee.full_name if session.supervisee else "group"
    return CalendarEvent(
        uid=f"supervision-{session.pk}",
        summary=f"{session.get_kind_display()}: {session.supervisor.full_name} and {who}",
        starts=session.starts_at,
        ends=session.starts_at + timedelta(minutes=session.planned_minutes),
        stamp=session.updated_at,
        location=session.location,
        cancelled=session.status == "cancelled",
        sequence=session.version,
    )


def calendar_of(
    sessions: Iterable[Session],
    name: str,
    *,
    method: str = "",
    organizer: str = "",
    attendees: Iterable[str] = (),
) -> bytes:
    """An iCalendar document with one event per session. With *method* (``REQUEST`` or
    ``CANCEL``, RFC 5546) it is an invitation, from *organizer* to *attendees*."""
    return calendar_ics(
        (session_event(s) for s in sessions),
        name,
        method=method,
        organizer=organizer,
        attendees=attendees,
        product="Supervision",
    )
