"""Booking a supervision session emails its people an invitation with the session attached as
iCalendar METHOD:REQUEST; cancelling it, a METHOD:CANCEL for the same event, a higher sequence."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from icalendar import Calendar

from tests.supervision.conftest import Crew
from thrive.core.models import OutboxMessage
from thrive.core.permissions import access_for
from thrive.supervision.services import session_book, session_cancel

LONDON = ZoneInfo("Europe/London")


def _ics(message: Any) -> tuple[str, Calendar]:
    (filename, content, mimetype), *_ = message.attachments
    return mimetype, Calendar.from_ical(content)


@pytest.mark.django_db
def test_booking_invites_and_cancelling_cancels(
    crew: Crew, django_capture_on_commit_callbacks: Any
) -> None:
    access = access_for(crew.manager_user, crew.org)
    with django_capture_on_commit_callbacks(execute=True):
        session = session_book(
            access=access,
            supervisor=crew.manager,
            supervisee=crew.asye,
            starts_at=datetime(2099, 3, 4, 10, 0, tzinfo=LONDON),
            location="Room 2",
        )
    (invite,) = mail.outbox
    assert invite.to == ["maya@example.test", "noor@example.test"]
    assert invite.subject == "Supervision on 4 March 2099 at 10:00"
    mimetype, cal = _ics(invite)
    assert mimetype == "text/calendar; method=REQUEST; charset=utf-8"
    assert cal["method"] == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert event["organizer"] == "mailto:maya@example.test"
    attendees: Any = event["attendee"]
    assert sorted(str(a) for a in attendees) == [
        "mailto:maya@example.test",
        "mailto:noor@example.test",
    ]
    assert event.decoded("dtstart") == datetime(2099, 3, 4, 10, 0, tzinfo=LONDON)
    assert str(event["location"]) == "Room 2" and event["status"] == "CONFIRMED"
    uid, sequence = str(event["uid"]), int(str(event["sequence"]))
    assert OutboxMessage.objects.get().kind == "supervision.session"

    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(access=access, session=session, version=session.version)
    cancel = mail.outbox[1]
    assert cancel.subject == "Cancelled: Supervision on 4 March 2099 at 10:00"
    mimetype, cal = _ics(cancel)
    (event,) = cal.walk("VEVENT")
    assert cal["method"] == "CANCEL" and event["status"] == "CANCELLED"
    assert str(event["uid"]) == uid and int(str(event["sequence"])) > sequence
