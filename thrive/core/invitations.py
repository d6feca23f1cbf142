"""Calendar invitations: one iCalendar builder for every area, and the email that carries one.

RFC 5546: an invitation is ``METHOD:REQUEST``; the same UID sent again with a higher SEQUENCE
updates the event in the person's calendar; ``METHOD:CANCEL`` with the UID removes it. An area
describes its event as a :class:`CalendarEvent` (supervision sessions, learning sessions and
academy recall days, recruitment panels) and sends it with :func:`invitation_on_commit`, which
goes through the outbox like every other message. The event says who, when and where, never what
was discussed: calendars are shared more widely than records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from icalendar import Calendar, Event

from thrive.core import clock
from thrive.core.models import OutboxMessage
from thrive.core.outbox import email_on_commit

METHODS = ("REQUEST", "CANCEL")


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable for the event's life, e.g. "learning-booking-12" (the host is added)
    summary: str
    starts: datetime | date  # a date: an all-day event
    ends: datetime | date  # exclusive: an all-day event on 1 May ends on 2 May
    sequence: int = 0  # higher each time the event changes
    stamp: datetime | None = None
    location: str = ""
    description: str = ""
    cancelled: bool = False


def _host() -> str:
    return settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "thrive"


def calendar_ics(
    events: Iterable[CalendarEvent],
    name: str,
    *,
    method: str = "",
    organizer: str = "",
    attendees: Iterable[str] = (),
    product: str = "Thrive",
) -> bytes:
    """An iCalendar document with *events*. With *method* (``REQUEST`` or ``CANCEL``) it is an
    invitation from *organizer* to *attendees* (email addresses); without, a download or feed."""
    if method and method not in METHODS:
        raise ValueError(f"An invitation's method is REQUEST or CANCEL, not {method!r}.")
    cal = Calendar()
    cal.add("prodid", f"-//Thrive//{product}//EN")
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    host = _host()
    attendees = list(attendees)
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("summary", item.summary)
        event.add("dtstart", item.starts)
        event.add("dtend", item.ends)
        event.add("dtstamp", item.stamp or clock.now())
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        cancelled = item.cancelled or method == "CANCEL"
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("sequence", item.sequence)
        if method:
            event.add("organizer", f"mailto:{organizer or settings.DEFAULT_FROM_EMAIL}")
            for address in attendees:
                event.add("attendee", f"mailto:{address}", parameters={"ROLE": "REQ-PARTICIPANT"})
        cal.add_component(event)
    return bytes(cal.to_ical())


def invitation_on_commit(
    *,
    event: CalendarEvent,
    to: Iterable[str],
    subject: str,
    body: str,
    organisation: Any,
    kind: str,
    method: str = "REQUEST",
    organizer: str = "",
    name: str = "Thrive",
) -> OutboxMessage | None:
    """Email *to* the invitation (or, with ``method="CANCEL"``, the cancellation) for *event*,
    attached as ``invite.ics`` / ``cancel.ics``, after the commit."""
    to = [a for a in dict.fromkeys(to) if a]
    if not to:
        return None
    ics = calendar_ics([event], name, method=method, organizer=organizer, attendees=to)
    cancelled = method == "CANCEL"
    return email_on_commit(
        to=to,
        subject=subject,
        body=body,
        organisation=organisation,
        kind=kind,
        attachments=[
            {
                "filename": "cancel.ics" if cancelled else "invite.ics",
                "mimetype": f"text/calendar; method={method}; charset=utf-8",
                "content": ics.decode(),
            }
        ],
    )
