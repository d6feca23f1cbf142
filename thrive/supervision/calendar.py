"""Supervision sessions as iCalendar: one file per session, and a person's feed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from icalendar import Calendar, Event

from thrive.supervision.models import Session


def calendar_of(
    sessions: Iterable[Session],
    name: str,
    *,
    method: str = "",
    organizer: str = "",
    attendees: Iterable[str] = (),
) -> bytes:
    """An iCalendar document with one event per session. It says who and when, never what was
    discussed: calendars are shared more widely than records. With *method* (``REQUEST`` or
    ``CANCEL``, RFC 5546) it is an invitation, from *organizer* to *attendees* (email addresses)."""
    cal = Calendar()
    cal.add("prodid", "-//Thrive//Supervision//EN")
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "thrive"
    for session in sessions:
        event = Event()
        event.add("uid", f"supervision-{session.pk}@{host}")
        who = session.supervisee.full_name if session.supervisee else "group"
        event.add(
            "summary", f"{session.get_kind_display()}: {session.supervisor.full_name} and {who}"
        )
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.starts_at + timedelta(minutes=session.planned_minutes))
        event.add("dtstamp", session.updated_at)
        if session.location:
            event.add("location", session.location)
        event.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
        event.add("sequence", session.version)
        if method:
            event.add("organizer", f"mailto:{organizer}")
            for address in attendees:
                event.add("attendee", f"mailto:{address}", parameters={"ROLE": "REQ-PARTICIPANT"})
        cal.add_component(event)
    return cal.to_ical()
