"""Reads for supervision records: the council's settings, who may read a record and its personal
parts, the records someone may read, and what a record's pages show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from thrive.caseloads.models import Allocation, Family
from thrive.caseloads.selectors import families_visible_to, family_choices
from thrive.core import clock
from thrive.core.permissions import Access
from thrive.core.roles import Cap, Scope
from thrive.people.models import Organisation, StaffMember
from thrive.people.policy import managed_services, managed_teams, manages_team
from thrive.supervision.models import (
    Action,
    Addendum,
    Attendance,
    FamilyDiscussed,
    Kind,
    PersonalAccess,
    PracticeSkill,
    Session,
    SupervisionPolicy,
    SupervisionSettings,
)
from thrive.supervision.policy import reads_personal_where_the_council_allows


def settings_for(organisation: Organisation) -> SupervisionSettings:
    found = SupervisionSettings.objects.for_org(organisation).first()
    return found or SupervisionSettings(organisation=organisation)


def invitation_recipients(session: Session) -> list[str]:
    """The email addresses a session's calendar invitation (and its update or cancellation) goes
    to: the supervisor, the supervisee and everyone attending, each once, in that order; people
    without an address are left out. A session whose time has come invites nobody (one recorded
    afterwards, or one cancelled once it was past): there is nothing left to put in a calendar.
    The invitations and the API's count of those told both read it, so they cannot disagree."""
    if session.starts_at < clock.now():
        return []
    people = [session.supervisor, session.supervisee]
    people += [
        a.person for a in Attendance.objects.filter(session=session).select_related("person__user")
    ]
    found = [getattr(p.user, "email", "") for p in people if p is not None]
    return list(dict.fromkeys(a for a in found if a))


def _manages(access: Access, session: Session) -> bool:
    return manages_team(access, session.team)


def may_read(access: Access, session: Session) -> bool:
    """The record (not its personal parts): the people in it, the supervisee's managers, and
    those who oversee supervision across the council."""
    if session.organisation_id != access.organisation.pk:
        return False
    user_id = access.user.pk
    if user_id in {session.supervisor.user_id, getattr(session.supervisee, "user_id", None)}:
        return True
    if session.kind == Kind.GROUP and session.attendance.filter(person__user_id=user_id).exists():
        return True
    if access.scope(Cap.SUPERVISION_VIEW) >= Scope.ORG:
        return True
    return _manages(access, session)


def may_read_personal(access: Access, session: Session) -> bool:
    """The wellbeing and personal parts: the two people, and whoever the council's setting adds."""
    user_id = access.user.pk
    if user_id in {session.supervisor.user_id, getattr(session.supervisee, "user_id", None)}:
        return True
    setting = settings_for(access.organisation).personal_access
    if setting == PersonalAccess.THE_TWO:
        return False
    if _manages(access, session):
        return True
    return setting == PersonalAccess.MANAGERS_AND_PSW and reads_personal_where_the_council_allows(
        access
    )


def sessions_visible_to(access: Access) -> QuerySet[Session]:
    """Sessions whose record *access*'s person may read (see ``may_read``)."""
    qs = Session.objects.for_org(access.organisation)
    if access.scope(Cap.SUPERVISION_VIEW) >= Scope.ORG:
        return qs
    user_id = access.user.pk
    condition = (
        Q(supervisor__user_id=user_id)
        | Q(supervisee__user_id=user_id)
        | Q(attendance__person__user_id=user_id)
    )
    if teams := managed_teams(access):
        condition |= Q(team_id__in=teams)
    if services := managed_services(access):
        condition |= Q(team__service_id__in=services)
    return qs.filter(condition).distinct()


def supervision_session(organisation: Organisation, pk: int) -> Session | None:
    """One of the council's supervision sessions, with the people in it (whether the reader may
    read it is :func:`may_read`'s question)."""
    return (
        Session.objects.for_org(organisation)
        .select_related("supervisor", "supervisee", "team")
        .filter(pk=pk)
        .first()
    )


def sessions_of_person(
    organisation: Organisation, person: StaffMember, limit: int = 12
) -> list[Session]:
    """The person's own sessions (supervised, or at a group session), newest first."""
    return list(
        Session.objects.for_org(organisation)
        .filter(Q(supervisee=person) | Q(attendance__person=person))
        .select_related("supervisor", "supervisee")
        .distinct()
        .order_by("-starts_at")[:limit]
    )


def open_actions(
    person: StaffMember, *, raised_elsewhere_than: Session | None = None
) -> list[Action]:
    """The person's actions not yet closed (not those raised in *raised_elsewhere_than*)."""
    actions = Action.objects.filter(person=person, closed_on__isnull=True)
    if raised_elsewhere_than is not None:
        actions = actions.exclude(raised_in=raised_elsewhere_than)
    return list(actions)


def records_visible_to(access: Access) -> QuerySet[Session]:
    """The records list: sessions *access*'s person may read, newest first."""
    return (
        sessions_visible_to(access)
        .select_related("supervisor", "supervisee")
        .order_by("-starts_at")
    )


@dataclass(frozen=True)
class SessionParts:
    """What a record's page shows beside the record itself (each read only if the page shows
    it, but the addenda, which are filtered here)."""

    actions_raised: QuerySet[Action]
    attendance: QuerySet[Attendance]
    addenda: list[Addendum]
    skills: QuerySet[PracticeSkill]


def session_parts(session: Session, *, personal: bool) -> SessionParts:
    """The actions a session raised, who came, its addenda (a personal addendum only for a reader
    of the personal parts: it is as confidential as the wellbeing part), and the skills seen."""
    return SessionParts(
        actions_raised=session.actions.all(),
        attendance=session.attendance.select_related("person").order_by(
            "person__last_name", "person__first_name"
        ),
        addenda=[a for a in session.addenda.select_related("author") if personal or not a.personal],
        skills=session.skills.all(),
    )


def families_discussed(
    session: Session, family_ids: Iterable[int] | None = None
) -> list[FamilyDiscussed]:
    """The families discussed in *session* (only those in *family_ids*, if given)."""
    discussed = session.families.select_related("family", "workbook_entry")
    if family_ids is not None:
        discussed = discussed.filter(family_id__in=list(family_ids))
    return list(discussed)


def families_seen_by(access: Access, on: date, family_ids: Iterable[int]) -> set[int]:
    """Which of *family_ids* *access*'s person may see on *on* (a family's own access rule)."""
    return set(
        families_visible_to(access, on).filter(pk__in=list(family_ids)).values_list("pk", flat=True)
    )


def supervisee_families(
    access: Access, session: Session, on: date, limit: int = 200
) -> list[tuple[str, str]]:
    """Families the supervisee holds on *on* that the supervisor may also see, as choices for the
    shared picker (name, ID and children's first names)."""
    assert session.supervisee is not None
    held = (
        Allocation.objects.for_org(access.organisation)
        .filter(worker=session.supervisee)
        .current(on)
        .values("family_id")
    )
    visible = families_visible_to(access, on).filter(family_id__in=held).order_by("family_id")
    return family_choices(visible[:limit])


def families_to_pick(access: Access, on: date, limit: int = 200) -> list[tuple[str, str]]:
    """Families *access*'s person may see, as choices for a group case supervision record."""
    return family_choices(families_visible_to(access, on).order_by("family_id")[:limit])


def families_by_id(organisation: Organisation, ids: Iterable[Any]) -> dict[int, Family]:
    """The council's families with these ids, by id."""
    return {f.pk: f for f in Family.objects.for_org(organisation).filter(pk__in=list(ids))}


def skills_available(organisation: Organisation, on: date) -> QuerySet[PracticeSkill]:
    """The practice skills a supervisor may record seeing on *on*."""
    return (
        PracticeSkill.objects.for_org(organisation)
        .filter(available_from__lte=on)
        .filter(Q(retired_on__isnull=True) | Q(retired_on__gt=on))
    )


def supervision_policies(organisation: Organisation) -> QuerySet[SupervisionPolicy]:
    return SupervisionPolicy.objects.for_org(organisation).select_related("person")


def invited_to(session: Session) -> QuerySet[Attendance]:
    """Who was invited to a group session (each with whether they came)."""
    return session.attendance.select_related("person").order_by(
        "person__last_name", "person__first_name"
    )


def skills_seen(session: Session) -> list[int]:
    """The ids of the practice skills recorded as seen in *session*."""
    return list(session.skills.values_list("pk", flat=True))
