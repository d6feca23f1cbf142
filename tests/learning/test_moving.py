"""Moving a session (the learning lead): everyone with a place gets the updated calendar
invitation (the same event, a higher SEQUENCE, METHOD:REQUEST), the waiting list an email; a stale
edit, a time in the past and a session that has started are refused with what to do."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.learning.conftest import Org, item, session
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.learning.models import LearningSession
from thrive.learning.services import book, session_move


def _event(message: Any) -> Any:
    filename, content, mimetype = message.attachments[0]
    assert filename == "invite.ics" and mimetype.startswith("text/calendar; method=REQUEST")
    calendar = Calendar.from_ical(content)
    assert str(calendar["method"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    return event


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_the_lead_moves_a_session_and_each_calendar_moves_with_it(
    council: Org, client: Client
) -> None:
    s = session(item(council.org), capacity=1)
    book(session=s, user=council.nqsw_user, person=council.nqsw)
    book(session=s, user=council.senior_user, person=council.senior)  # the waiting list
    (booked,) = mail.outbox
    first = _event(booked)
    mail.outbox.clear()
    code = council.org.code
    client.force_login(council.lead)
    url = reverse("learning:session_move", args=[code, s.pk])
    assert (
        "Move the session"
        in client.get(reverse("learning:session", args=[code, s.pk])).content.decode()
    )
    page = client.get(url).content.decode()
    assert "Move the session" in page
    new_day = clock.today() + timedelta(days=14)
    form = {
        "day_0": new_day.day,
        "day_1": new_day.month,
        "day_2": new_day.year,
        "start_time": "13:30",
        "end_time": "12:00",
        "venue": "Room 4, Council House",
        "version": s.version,
    }
    bad = client.post(url, form)  # ends before it starts: said on the field, what was typed kept
    assert bad.status_code == 400
    assert "The end must be after the start" in bad.content.decode()
    assert 'value="Room 4, Council House"' in bad.content.decode()
    done = client.post(url, form | {"end_time": "16:30"}, follow=True).content.decode()
    assert "2 people were told" in done
    s.refresh_from_db()
    assert timezone.localtime(s.starts_at).date() == new_day and s.venue == "Room 4, Council House"
    update = next(m for m in mail.outbox if m.attachments)
    assert update.to == [council.nqsw_user.email] and update.subject.startswith("Moved:")
    event = _event(update)
    assert str(event["uid"]) == str(first["uid"])  # the same event, moved, not a second one
    assert event["sequence"] > first["sequence"]
    assert event.decoded("dtstart") == s.starts_at and str(event["location"]) == s.venue
    waiting = next(m for m in mail.outbox if not m.attachments)
    assert waiting.to == [council.senior_user.email] and "waiting list" in waiting.body
    # The page's version is now old: a second move from it is refused, nothing saved.
    stale = client.post(url, form | {"end_time": "17:00"})
    assert "Someone else changed this session" in stale.content.decode()


@pytest.mark.django_db
def test_a_move_into_the_past_or_of_a_started_session_is_refused(council: Org) -> None:
    s = session(item(council.org))
    yesterday = timezone.make_aware(
        datetime.combine(clock.today() - timedelta(days=1), datetime.min.time())
    )
    with pytest.raises(ThriveError, match="still to come"):
        session_move(
            session=s,
            starts_at=yesterday,
            ends_at=yesterday + timedelta(hours=2),
            venue="",
            online=True,
            actor=council.lead,
        )
    LearningSession.objects.filter(pk=s.pk).update(starts_at=clock.now() - timedelta(minutes=5))
    s.refresh_from_db()
    with pytest.raises(ThriveError, match="has started"):
        session_move(
            session=s,
            starts_at=s.starts_at + timedelta(days=3),
            ends_at=s.ends_at + timedelta(days=3),
            venue="",
            online=True,
            actor=council.lead,
        )
