"""Reads for the leadership pipeline: the talent pool and what became of each person, the manager
vacancies within reach, each one's ranked shortlist (``analytics.matching``) with its reasons,
and the pipeline's figures, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Max, Q, QuerySet, When

from analytics.matching import PoolCandidate, Ranked, rank_shortlist
from thrive.academy.models import (
    CareerConversation,
    PoolMember,
    PoolStatus,
    ProgressionPlan,
    ProgressionStatus,
    Readiness,
    ShortlistOffer,
)
from thrive.core.permissions import Access, scope_filter
from thrive.core.roles import Cap
from thrive.people.models import EmploymentSpell, Organisation, StaffMember, TeamType

if TYPE_CHECKING:
    from thrive.learning.models import Programme
    from thrive.recruitment.models import Vacancy

# Groups under five people are never shown as figures.
MIN_GROUP = 5
OPEN_STATUSES = ("draft", "awaiting_approval", "open")


def is_manager_vacancy(vacancy: Any) -> bool:
    """A manager post: its kind is a practice, team or service manager."""
    from thrive.recruitment.models import MANAGER_ROLES

    return getattr(vacancy, "role", "") in MANAGER_ROLES


def _manager_roles() -> list[str]:
    from thrive.recruitment.models import MANAGER_ROLES

    return [str(r) for r in MANAGER_ROLES]


def manager_vacancies(access: Access) -> list[Vacancy]:
    """Manager vacancies not yet filled or closed, within the person's reach: all of them for
    the academy lead, those of their teams and services for a recruiter."""
    from thrive.academy.policy import runs_academy
    from thrive.recruitment.models import Vacancy

    rows = (
        Vacancy.objects.for_org(access.organisation)
        .filter(role__in=_manager_roles(), status__in=OPEN_STATUSES)
        .select_related("team", "raised_by")
        .order_by("closing_date", "title")
    )
    if not runs_academy(access):
        rows = scope_filter(rows, access, Cap.RECRUITMENT_VIEW)  # type: ignore[arg-type]
    return list(rows)


def manager_vacancies_of(organisation: Organisation) -> list[Vacancy]:
    """Every manager vacancy of the council not yet filled or closed (the CLI's batch)."""
    from thrive.recruitment.models import Vacancy

    return list(
        Vacancy.objects.for_org(organisation)
        .filter(role__in=_manager_roles(), status__in=OPEN_STATUSES)
        .select_related("team", "raised_by")
        .order_by("closing_date", "title")
    )


def manager_vacancy_for(access: Access, pk: int) -> Vacancy | None:
    return next((v for v in manager_vacancies(access) if v.pk == pk), None)


def pool(organisation: Organisation) -> QuerySet[PoolMember]:
    """Everyone who has been in the talent pool, those still in it first."""
    return (
        PoolMember.objects.for_org(organisation)
        .select_related("person", "appointed_to")
        .annotate(gone=Case(When(status=PoolStatus.IN_POOL, then=0), default=1))
        .order_by("gone", "person__last_name", "person__first_name", "-joined_on")
    )


def in_pool(organisation: Organisation) -> QuerySet[PoolMember]:
    """Those in the talent pool now."""
    return pool(organisation).filter(status=PoolStatus.IN_POOL)


def pool_member_of(organisation: Organisation, pk: int) -> PoolMember | None:
    return pool(organisation).filter(pk=pk).first()


def conversations_of(person: StaffMember) -> QuerySet[CareerConversation]:
    return (
        CareerConversation.objects.for_org(person.organisation)
        .filter(person=person)
        .select_related("programme", "held_by")
    )


def own_pool_place(access: Access) -> PoolMember | None:
    return (
        PoolMember.objects.for_org(access.organisation)
        .filter(person__user=access.user)
        .order_by("-joined_on")
        .first()
    )


def leadership_programmes(organisation: Organisation) -> QuerySet[Programme]:
    """Learning's leadership programmes (aspiring managers, Firstline-style): the cohorts a
    career conversation follows."""
    from thrive.learning.models import Programme, ProgrammeKind

    return Programme.objects.for_org(organisation).filter(kind=ProgrammeKind.LEADERSHIP)


def awaiting_conversation(organisation: Organisation, on: date) -> list[tuple[Any, Any]]:
    """How leadership programmes feed the pool: (participant's person, programme) for everyone
    still working here who finished a leadership programme in the last year and has had no
    career conversation since it ended."""
    from thrive.learning.models import Participant, ProgrammeKind

    finished = list(
        Participant.objects.for_org(organisation)
        .filter(
            programme__kind=ProgrammeKind.LEADERSHIP,
            programme__ends_on__lte=on,
            programme__ends_on__gt=on - timedelta(days=365),
        )
        .select_related("person", "programme")
        .order_by("programme__ends_on", "person__last_name")
    )
    ids = [p.person_id for p in finished]
    latest = dict(
        CareerConversation.objects.for_org(organisation)
        .filter(person_id__in=ids)
        .values("person_id")
        .annotate(last=Max("held_on"))
        .values_list("person_id", "last")
    )
    gone = last_days(ids, on)
    return [
        (p.person, p.programme)
        for p in finished
        if p.person_id not in gone
        and (latest.get(p.person_id) is None or latest[p.person_id] < p.programme.ends_on)
    ]


def programme_people(organisation: Organisation) -> QuerySet[StaffMember]:
    """People who may have a career conversation: anyone in the register now."""
    return (
        StaffMember.objects.for_org(organisation)
        .filter(spells__end_date__isnull=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def last_days(person_ids: list[int], on: date) -> dict[int, date]:
    """The last working day of each of these people who has no spell going on *on*."""
    spells = EmploymentSpell.objects.filter(person_id__in=person_ids, start_date__lte=on)
    current = set(
        spells.filter(Q(end_date__isnull=True) | Q(end_date__gte=on)).values_list(
            "person_id", flat=True
        )
    )
    ended = spells.exclude(person_id__in=current).values("person_id").annotate(last=Max("end_date"))
    return {row["person_id"]: row["last"] for row in ended if row["last"] is not None}


def _months(start: date, end: date) -> int:
    return max(0, (end - start).days) * 12 // 365


def candidates(organisation: Organisation, on: date) -> list[PoolCandidate]:
    """The people in the pool with what the shortlist weighs: readiness, interest, months in each
    type of team, and leadership programmes and progression panels completed."""
    from thrive.learning.models import Participant, ProgrammeKind

    members = list(
        PoolMember.objects.for_org(organisation)
        .filter(status=PoolStatus.IN_POOL)
        .select_related("person")
    )
    ids = [m.person_id for m in members]
    months: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for spell in EmploymentSpell.objects.filter(person_id__in=ids, start_date__lte=on).values(
        "person_id", "start_date", "end_date", "team__team_type"
    ):
        end = min(spell["end_date"] or on, on)
        months[spell["person_id"]][spell["team__team_type"]] += _months(spell["start_date"], end)
    development: dict[int, list[str]] = defaultdict(list)
    for row in (
        Participant.objects.filter(
            person_id__in=ids,
            programme__kind=ProgrammeKind.LEADERSHIP,
            programme__ends_on__lte=on,
        )
        .values("person_id", "programme__name", "programme__ends_on")
        .order_by("programme__ends_on")
    ):
        development[row["person_id"]].append(
            f"{row['programme__name']} ({row['programme__ends_on']:%Y})"
        )
    for plan in (
        ProgressionPlan.objects.filter(
            person_id__in=ids, status=ProgressionStatus.PROGRESSED, panel_on__lte=on
        )
        .values("person_id", "level__name", "panel_on")
        .order_by("panel_on")
    ):
        development[plan["person_id"]].append(
            f"a progression panel to {plan['level__name'].lower()} ({plan['panel_on']:%Y})"
        )
    return [
        PoolCandidate(
            person_id=m.person_id,
            name=m.person.full_name,
            readiness=m.readiness,
            interest=tuple(m.interest),
            months_by_team_type=dict(months[m.person_id]),
            development=tuple(development[m.person_id]),
        )
        for m in members
    ]


def shortlist(vacancy: Vacancy, on: date) -> list[Ranked]:
    """The pool ranked for a manager vacancy, with reasons in words."""
    team = vacancy.team
    return rank_shortlist(
        candidates(team.organisation, on),
        team_type=team.team_type,
        team_type_label=dict(TeamType.choices).get(team.team_type, "other"),
    )


def offers_for(vacancy_ids: list[int]) -> dict[int, ShortlistOffer]:
    return {
        o.vacancy_id: o
        for o in ShortlistOffer.objects.filter(vacancy_id__in=vacancy_ids).select_related(
            "offered_to"
        )
    }


@dataclass(frozen=True)
class PipelineFigures:
    ready_now: int
    ready_12: int
    appointed: int  # in the last 12 months
    left: int
    withdrawn: int
    manager_appointments: int  # in the last 12 months, through recruitment or from the pool
    from_pool: int

    @property
    def share_shown(self) -> bool:
        return self.manager_appointments >= MIN_GROUP

    @property
    def share(self) -> float | None:
        if not self.share_shown:
            return None
        return round(100 * self.from_pool / self.manager_appointments, 1)


def figures(organisation: Organisation, on: date) -> PipelineFigures:
    """The pool by readiness, what became of people, and the share of manager appointments in the
    last 12 months that came from the pool (not shown under five appointments)."""
    from thrive.recruitment.models import Application

    since = on - timedelta(days=365)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    appointed_vacancies: set[int | None] = set()
    pool_appointed = 0
    for row in PoolMember.objects.for_org(organisation).values(
        "status", "readiness", "outcome_on", "appointed_to_id"
    ):
        counts[(row["status"], row["readiness"])] += 1
        outcome_on = row["outcome_on"]
        if row["status"] == PoolStatus.APPOINTED and outcome_on and since < outcome_on <= on:
            pool_appointed += 1
            if row["appointed_to_id"] is not None:
                appointed_vacancies.add(row["appointed_to_id"])
    recruited = set(
        Application.objects.for_org(organisation)
        .filter(
            vacancy__role__in=_manager_roles(),
            accepted_on__gt=since,
            accepted_on__lte=on,
        )
        .values_list("vacancy_id", flat=True)
    )
    total = pool_appointed + len(recruited - appointed_vacancies)
    by_status: dict[str, int] = defaultdict(int)
    for (status, _), n in counts.items():
        by_status[status] += n
    return PipelineFigures(
        ready_now=counts[(PoolStatus.IN_POOL, Readiness.READY_NOW)],
        ready_12=counts[(PoolStatus.IN_POOL, Readiness.READY_12)],
        appointed=pool_appointed,
        left=by_status[PoolStatus.LEFT],
        withdrawn=by_status[PoolStatus.WITHDRAWN],
        manager_appointments=total,
        from_pool=pool_appointed,
    )


def conversation_people(access: Access) -> QuerySet[StaffMember]:
    """Whom the person signed in may record a career conversation with: anyone in the register
    for the academy lead, their own current staff for a line manager; never themselves."""
    from thrive.academy.policy import runs_academy

    people = programme_people(access.organisation).exclude(user=access.user)
    if runs_academy(access):
        return people
    return people.filter(
        spells__end_date__isnull=True, spells__line_manager__user=access.user
    ).distinct()


@dataclass(frozen=True)
class CourseSession:
    number: int
    session: Any
    booked: int
    attended: int


def course_sessions(programme: Programme) -> list[CourseSession]:
    """A leadership programme's sessions in date order, with places booked and attendance (two
    queries)."""
    from django.db.models import Count

    from thrive.academy.models import ProgrammeCourse
    from thrive.learning.models import LearningSession

    course = ProgrammeCourse.objects.filter(programme=programme).first()
    if course is None:
        return []
    rows = (
        LearningSession.objects.filter(item_id=course.item_id)
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status="booked"), distinct=True),
            came=Count("bookings", filter=Q(bookings__attended=True), distinct=True),
        )
        .order_by("starts_at")
    )
    return [
        CourseSession(n, s, s.booked, s.came)  # type: ignore[attr-defined]
        for n, s in enumerate(rows, start=1)
    ]


def leadership_programme_of(organisation: Organisation, pk: int) -> Programme | None:
    return leadership_programmes(organisation).filter(pk=pk).first()


def programme_cohort(programme: Programme) -> list[StaffMember]:
    """A programme's participants, by name."""
    return [
        p.person
        for p in programme.participants.select_related("person").order_by(  # type: ignore[attr-defined]
            "person__last_name", "person__first_name"
        )
    ]


def programmes_planned(organisation: Organisation) -> list[tuple[Programme, int]]:
    """The council's leadership programmes, newest first, with how many sessions each has."""
    from django.db.models import Count

    from thrive.academy.models import ProgrammeCourse

    sessions = dict(
        ProgrammeCourse.objects.for_org(organisation)
        .annotate(n=Count("item__sessions"))
        .values_list("programme_id", "n")
    )
    return [(p, sessions.get(p.pk, 0)) for p in leadership_programmes(organisation)]
