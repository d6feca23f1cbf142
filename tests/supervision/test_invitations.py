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


@pytest.mark.django_db
def test_moving_sends_the_same_event_with_a_higher_sequence(
    crew: Crew, django_capture_on_commit_callbacks: Any
) -> None:
    from django.test import Client

    access = access_for(crew.manager_user, crew.org)
    with django_capture_on_commit_callbacks(execute=True):
        session = session_book(
            access=access,
            supervisor=crew.manager,
            supervisee=crew.asye,
            starts_at=datetime(2099, 3, 4, 10, 0, tzinfo=LONDON),
            location="Room 2",
        )
    (_, booked) = _ics(mail.outbox[0])
    (first,) = booked.walk("VEVENT")
    url = f"/o/{crew.org.code}/supervision/sessions/{session.pk}/move/"
    supervisee = Client()
    supervisee.force_login(crew.asye_user)
    assert supervisee.get(url).status_code == 403  # the supervisor or a manager moves it
    client = Client()
    client.force_login(crew.manager_user)
    assert (
        "Move the session"
        in client.get(f"/o/{crew.org.code}/supervision/sessions/{session.pk}/").content.decode()
    )
    form = {
        "day_0": "5",
        "day_1": "3",
        "day_2": "2099",
        "start_time": "14:30",
        "planned_minutes": "60",
        "location": "Room 7",
        "version": session.version,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, form).status_code == 302
    moved = mail.outbox[1]
    assert moved.subject == "Moved: Supervision on 5 March 2099 at 14:30"
    assert sorted(moved.to) == ["maya@example.test", "noor@example.test"]
    mimetype, cal = _ics(moved)
    (event,) = cal.walk("VEVENT")
    assert mimetype.startswith("text/calendar; method=REQUEST") and cal["method"] == "REQUEST"
    assert str(event["uid"]) == str(first["uid"])
    assert int(str(event["sequence"])) > int(str(first["sequence"]))
    assert event.decoded("dtstart") == datetime(2099, 3, 5, 14, 30, tzinfo=LONDON)
    assert str(event["location"]) == "Room 7"
    stale = client.post(url, form | {"location": "Room 8"})  # the page's version is now old
    assert stale.status_code == 400 and "Someone else changed this session" in (
        stale.content.decode()
    )
    assert len(mail.outbox) == 2
