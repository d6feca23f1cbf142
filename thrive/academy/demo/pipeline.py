"""The demo's leadership pipeline: an aspiring-managers cohort, career conversations, the talent
pool, and (after recruitment's demo) a manager vacancy with the pool's shortlist offered."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from thrive.academy.models import PoolMember
from thrive.core import clock
from thrive.people.models import EmploymentSpell, Organisation

# Readiness after the aspiring-managers programme, in the order of its participants.
CONVERSATIONS = [
    ("ready_now", ["child_protection"], ""),
    ("ready_now", ["assessment", "child_protection"], ""),
    ("ready_12", ["children_in_care"], ""),
    ("ready_12", ["child_protection"], ""),
    ("ready_12", [], ""),
    ("other_path", [], "Advanced practitioner in adolescent exploitation"),
]


def experienced(org: Organisation, today: date, years: int) -> list[EmploymentSpell]:
    return list(
        EmploymentSpell.objects.for_org(org)
        .current(today)
        .filter(
            profession="social_worker",
            contract="permanent",
            org_role__in=(4, 5),
            start_date__lt=today - timedelta(days=years * 365),
        )
        .select_related("person", "team")
        .order_by("-start_date", "person__staff_id")
    )


def pipeline(org: Organisation, lead: Any, today: date) -> int:
    """An aspiring-managers cohort that ended three months ago, a career conversation with each
    (two ready now, three in 12 months, one another path) and one earlier pool member appointed."""
    from thrive.academy.services.pipeline import career_conversation_record, pool_outcome_record
    from thrive.learning.programmes import participant_add, programme_create

    people = [s.person for s in experienced(org, today, 3)[: len(CONVERSATIONS) + 1]]
    if len(people) < len(CONVERSATIONS) + 1:
        return 0
    programme = programme_create(
        organisation=org,
        actor=lead,
        name="Aspiring managers programme (seven weeks)",
        kind="leadership",
        description="Six to eight weeks for social workers who want to manage: a cohort a year.",
        starts_on=today - timedelta(days=140),
        ends_on=today - timedelta(days=140 - 6 * 7 - 4),
    )
    for person in people:
        participant_add(
            programme=programme, person=person, joined_on=programme.starts_on, actor=lead
        )
    _programme_sessions(org, lead, programme, people)
    earlier, cohort = people[0], people[1:]
    career_conversation_record(
        person=earlier,
        held_on=programme.ends_on + timedelta(days=3),
        readiness="ready_now",
        interest=["assessment"],
        programme=programme,
        actor=lead,
    )
    member = earlier.talent_pool.get()  # type: ignore[attr-defined]
    pool_outcome_record(
        member=member,
        status="appointed",
        on=programme.ends_on + timedelta(days=40),
        note="Team manager, assessment (appointed without advertising)",
        version=member.version,
        actor=lead,
    )
    for person, (readiness, interest, path) in zip(cohort, CONVERSATIONS, strict=True):
        career_conversation_record(
            person=person,
            held_on=programme.ends_on + timedelta(days=7),
            readiness=readiness,
            interest=interest,
            other_path=path,
            programme=programme,
            notes="After the aspiring managers programme.",
            actor=lead,
        )
    return len(cohort) + 1


def _programme_sessions(org: Organisation, lead: Any, programme: Any, people: list[Any]) -> None:
    """The cohort's seven weekly sessions planned as the programme's course (learning sessions
    of one learning item), each attended by the cohort (so they are in everyone's learning
    record and CPD)."""
    from datetime import time

    from thrive.academy.services.courses import course_sessions_plan
    from thrive.core.working_days import working_day_on_or_after
    from thrive.learning.models import Booking
    from thrive.learning.services import bookings_history_add

    days = [
        min(working_day_on_or_after(programme.starts_on + timedelta(weeks=week)), programme.ends_on)
        for week in range(7)
    ]
    sessions = course_sessions_plan(
        programme=programme,
        days=sorted(set(days)),
        starts=time(9, 30),
        ends=time(16, 30),
        venue="Aspiring managers programme",
        capacity=len(people) + 2,
        actor=lead,
    )
    bookings_history_add(
        bookings=[
            Booking(session=s, person=p, user=p.user, attended=True)
            for s in sessions
            for p in people
        ],
        actor=lead,
    )


def seed_talent_offer(org: Organisation, *, lead_email: str, recruiter_email: str) -> str:
    """After recruitment's demo (which seeds only a council without vacancies): a team manager
    post in a child protection team raised by the recruiter, not yet advertised, and the talent
    pool's shortlist for it offered to them."""
    from thrive.academy.services.pipeline import shortlist_offer
    from thrive.accounts.models import User
    from thrive.people.models import Team, TeamType
    from thrive.recruitment.services import vacancy_raise

    lead = User.objects.filter(email=lead_email).first()
    recruiter = User.objects.filter(email=recruiter_email).first()
    team = (
        Team.objects.for_org(org)
        .filter(team_type=TeamType.CHILD_PROTECTION)
        .order_by("name")
        .first()
    )
    if recruiter is None or team is None or not PoolMember.objects.for_org(org).exists():
        return ""
    vacancy = vacancy_raise(
        organisation=org,
        actor=recruiter,
        grade="Grade 11",
        salary_min=52_000,
        salary_max=57_000,
        closing_date=clock.today() + timedelta(days=42),
        tests=["Leading practice", "Supporting staff", "Courage and honesty"],
        team=team,
        title="Team manager, child protection",
    )
    offer = shortlist_offer(vacancy=vacancy, on=clock.today(), actor=lead)
    return f"a talent-pool shortlist of {len(offer.shortlist)} offered for {vacancy.title}"
