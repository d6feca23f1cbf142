"""The aspiring-managers programme planned as one course: its sessions (learning sessions of one
learning item, in date order) and its cohort (the programme's participants) enrolled on each."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from thrive.academy.models import ProgrammeCourse
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError


def _course(programme: Any, actor: Any) -> ProgrammeCourse:
    from thrive.learning.services import item_publish, item_save

    course = ProgrammeCourse.objects.filter(programme=programme).select_related("item").first()
    if course is not None:
        return course
    item = item_save(
        organisation=programme.organisation,
        actor=actor,
        title=programme.name[:160],
        item_type="action_learning",
        provider_kind="in_house",
        description=programme.description or "The sessions of a leadership programme.",
        career_stages=["experienced", "senior"],
        cpd_hours=Decimal("6"),
    )
    item_publish(item=item, actor=actor)
    course = ProgrammeCourse(organisation=programme.organisation, programme=programme, item=item)
    course.save()
    return course


@transaction.atomic
def course_sessions_plan(
    *,
    programme: Any,
    days: list[date],
    starts: time,
    ends: time,
    actor: Any,
    venue: str = "",
    capacity: int | None = None,
) -> list[Any]:
    """Add the programme's sessions on *days* (within its dates, one a day), each from *starts*
    to *ends*; the first call makes the course's learning item. Returns the sessions added."""
    from thrive.learning.models import ProgrammeKind
    from thrive.learning.services import session_add

    if programme.kind != ProgrammeKind.LEADERSHIP:
        raise ThriveError("Sessions are planned here for leadership programmes only.")
    if not days:
        raise ThriveError("Give the dates of the sessions.", field="days")
    if ends <= starts:
        raise ThriveError("A session ends after it starts.", field="ends")
    outside = [d for d in days if not programme.starts_on <= d <= programme.ends_on]
    if outside:
        raise ThriveError(
            f"{outside[0]:%-d %B %Y} is outside the programme "
            f"({programme.starts_on:%-d %B %Y} to {programme.ends_on:%-d %B %Y}).",
            field="days",
        )
    course = _course(programme, actor)
    zone = ZoneInfo(settings.TIME_ZONE)
    taken = {s.starts_at.astimezone(zone).date() for s in course.item.sessions.all()}
    clash = sorted(set(days) & taken) or sorted(d for d in set(days) if days.count(d) > 1)
    if clash:
        raise ThriveError(f"There is already a session on {clash[0]:%-d %B %Y}.", field="days")
    size = capacity or max(programme.participants.count() + 2, 6)
    added = [
        session_add(
            item=course.item,
            starts_at=datetime.combine(day, starts, tzinfo=zone),
            ends_at=datetime.combine(day, ends, tzinfo=zone),
            capacity=size,
            venue=venue.strip() or f"{programme.name[:60]}, session",
            actor=actor,
        )
        for day in sorted(days)
    ]
    audit_log(
        action="academy.course_planned",
        user=actor,
        organisation=programme.organisation,
        obj=course,
        summary=f"{programme}: {len(added)} session{'s' if len(added) != 1 else ''} planned",
    )
    return added


@transaction.atomic
def course_cohort_enrol(*, programme: Any, actor: Any) -> int:
    """A place for each of the programme's participants on each of its sessions still to come
    (those already booked are left as they are). Returns the places booked."""
    from thrive.core import clock
    from thrive.learning.models import Booking, BookingStatus
    from thrive.learning.services import book

    course = ProgrammeCourse.objects.filter(programme=programme).select_related("item").first()
    if course is None:
        raise ThriveError("Plan the programme's sessions first.")
    sessions = list(
        course.item.sessions.filter(starts_at__gt=clock.now(), cancelled=False).order_by(
            "starts_at"
        )
    )
    if not sessions:
        raise ThriveError("The programme has no sessions still to come.")
    people = [p.person for p in programme.participants.select_related("person__user")]
    if not people:
        raise ThriveError("The programme has no participants yet.")
    held = set(
        Booking.objects.filter(session__in=sessions, person__in=people)
        .exclude(status=BookingStatus.CANCELLED)
        .values_list("session_id", "person_id")
    )
    booked = 0
    for session in sessions:
        for person in people:
            if (session.pk, person.pk) in held:
                continue
            book(session=session, user=person.user, person=person, nominated_by=actor)
            booked += 1
    audit_log(
        action="academy.course_enrolled",
        user=actor,
        organisation=programme.organisation,
        obj=course,
        summary=f"{programme}: {len(people)} people enrolled on {len(sessions)} sessions",
    )
    return booked
