"""Moving a session that has not started: a new date, time or place. Everyone with a place gets
the updated calendar invitation (the same event, a higher SEQUENCE, ``METHOD:REQUEST``), so
their calendar moves it rather than adding a second; the waiting list is told by email. Academy
recall days are learning sessions, so moving one moves it in each newly qualified worker's
calendar too."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from thrive.core import clock
from thrive.core.changes import versioned_change
from thrive.core.errors import ThriveError
from thrive.learning.models import BookingStatus, LearningSession
from thrive.learning.services.common import _invite, _mail


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%A %-d %B %Y, %H:%M}"


def session_move(
    *,
    session: LearningSession,
    starts_at: datetime,
    ends_at: datetime,
    venue: str,
    online: bool,
    actor: Any,
    version: int | None = None,
) -> int:
    """Move *session* (not started, not cancelled) to *starts_at*–*ends_at* at *venue*. Refuses a
    stale edit, a time already past and one that ends before it starts. Returns how many people
    were told (a place: the updated invitation; the waiting list: an email)."""
    venue = (venue or "").strip()
    with versioned_change(
        session,
        version=version,
        actor=actor,
        action="learning.session_moved",
        stale="Someone else changed this session while you were looking; look again.",
        related=("item",),
    ) as change:
        locked = change.obj
        if locked.cancelled:
            raise ThriveError("This session is cancelled: there is nothing to move.")
        if locked.starts_at <= clock.now():
            raise ThriveError("This session has started: it cannot be moved.")
        if starts_at <= clock.now():
            raise ThriveError("Choose a date and time still to come.", field="day")
        if ends_at <= starts_at:
            raise ThriveError("The session must end after it starts.", field="end_time")
        unchanged = (
            locked.starts_at == starts_at
            and locked.ends_at == ends_at
            and locked.venue == venue
            and locked.online == online
        )
        if unchanged:
            raise ThriveError("Nothing has changed: give a new date, time or place.")
        was = locked.starts_at
        locked.starts_at, locked.ends_at = starts_at, ends_at
        locked.venue, locked.online = venue, online
        change.fields = ["starts_at", "ends_at", "venue", "online"]
        where = "Online" if online else (venue or "to follow")
        title = locked.item.title
        subject = f"Moved: {title}, now {timezone.localtime(starts_at):%-d %B %Y}"
        lines = [
            f"{title} has moved from {_when(was)} to {_when(starts_at)} "
            f"(until {timezone.localtime(ends_at):%H:%M}).",
            f"Where: {where}.",
        ]
        told = 0
        for booked in locked.bookings.filter(
            status__in=[BookingStatus.BOOKED, BookingStatus.WAITING]
        ).select_related("user", "person__user"):
            if not booked.address:
                continue
            booked.session = locked
            if booked.status == BookingStatus.BOOKED:
                # The session's version rises with this change: the update's SEQUENCE with it.
                _invite(
                    booked,
                    "REQUEST",
                    subject,
                    [
                        *lines,
                        "The updated invitation is attached: open it to move the session "
                        "in your calendar.",
                    ],
                    later=1,
                )
            else:
                _mail(
                    [booked.address],
                    subject,
                    [*lines, "You are still on the waiting list."],
                    locked.organisation,
                )
            told += 1
        change.summary = f"Moved {title} from {_when(was)} to {_when(starts_at)}; {told} told"
        change.detail = {"from": was.isoformat(), "to": starts_at.isoformat(), "venue": venue}
    return told
