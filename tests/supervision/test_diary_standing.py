"""The diary counts each person one way, in one place: the header's "due" and the Due tags agree,
and a booking made for after the due date shows even though the person is overdue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from thrive.supervision.models import Session
from thrive.supervision.selectors.schedules import PersonSchedule

TODAY = date(2026, 12, 7)


def schedule(next_due: date, overdue_days: int | None = None, booked: Any = None) -> PersonSchedule:
    return PersonSchedule(
        spell=None,  # type: ignore[arg-type]
        periods=[],
        sessions=[],
        asye_start=None,
        last_session=None,
        next_due=next_due,
        overdue_days=overdue_days,
        booked=booked,
        rule=None,  # type: ignore[arg-type]
        on=TODAY,
    )


def test_each_person_has_one_standing_and_the_tag_follows_it() -> None:
    booking = Session(starts_at=datetime(2026, 12, 12, 10, tzinfo=ZoneInfo("Europe/London")))
    late_but_booked = schedule(date(2026, 12, 4), overdue_days=3, booked=booking)
    assert late_but_booked.standing == "overdue"
    assert late_but_booked.state == ("Overdue by 3 days; booked for 12 Dec", "orange")
    assert schedule(date(2026, 12, 4), overdue_days=1).state == ("Overdue by 1 day", "red")
    assert schedule(date(2026, 12, 10), booked=booking).state == ("Booked", "green")
    # Due within the diary's two weeks (21 December is the last such day); after that, not yet.
    assert schedule(date(2026, 12, 21)).state == ("Due", "yellow")
    later = schedule(date(2026, 12, 22))
    assert later.standing == "later" and later.state == ("Not due yet", "grey")
