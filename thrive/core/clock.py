"""The one place Thrive reads the calendar: pages, services, reminders, imports and the demo all ask
here, so they agree on what "today" is.

Today is the date in the council's time zone (``TIME_ZONE``, Europe/London), so a session at 00:30
on 1 December belongs to the new registration year even while UTC still says 30 November. Tests move
this clock with time-machine (``tests/conftest.py``); nothing else in the code reads the system
clock.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    """The current moment, time-zone aware (UTC)."""
    return timezone.now()


def today() -> date:
    """Today's date in the council's time zone."""
    return timezone.localdate(timezone.now())
