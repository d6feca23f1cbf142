"""Writes for supervision sessions: booking and cancelling, with the checks every record write
shares (who may record, the version the writer saw, a session that can be recorded)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log, audit_log_many
from thrive.core.changes import lock_checked, versioned_change
from thrive.core.errors import ThriveError
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import EmploymentSpell, Organisation, StaffMember, Team
from thrive.people.services import full_clean_or_raise
from thrive.supervision.models import (
    Attendance,
    Kind,
    Session,
    SessionStatus,
)


def _current_spell(person: StaffMember, on: date) -> EmploymentSpell | None:

    return person.spells.current(on).select_related("team").order_by("-start_date").first()


def _may_record(
    access: Access, supervisor: StaffMember, team_id: int | None, service_id: int | None
) -> bool:
    if supervisor.user_id == access.user.pk and access.can(Cap.SUPERVISION_RECORD):
        return True
    # Managers book and cancel for their team or service (SELF scope never reaches others).
    return access.allows(Cap.SUPERVISION_RECORD, team_id=team_id, service_id=service_id)


def _check_people(
    organisation_id: int,
    kind: str,
    supervisor: StaffMember,
    supervisee: StaffMember | None,
    attendees: Sequence[StaffMember] = (),
) -> None:
    """Who a session is between: people of this council, someone supervised (unless a group),
    and never a person supervising themselves."""
    for person in [supervisor, supervisee, *attendees]:
        if person is not None and person.organisation_id != organisation_id:
            raise ThriveError("Everyone in a session must work for this council.")
    if kind != Kind.GROUP and supervisee is None:
        raise ThriveError("Choose who is being supervised.", field="supervisee")
    if supervisee is not None and supervisee.pk == supervisor.pk:
        raise ThriveError("A person cannot supervise themselves.", field="supervisee")


@transaction.atomic
def session_book(
    *,
    access: Access,
    supervisor: StaffMember,
    starts_at: datetime,
    kind: str = Kind.ONE_TO_ONE,
    supervisee: StaffMember | None = None,
    planned_minutes: int = 90,
    location: str = "",
    attendees: Sequence[StaffMember] = (),
) -> Session:
    """Book a session. The supervisor books their own, or a manager books for their team."""
    organisation = access.organisation
    _check_people(organisation.pk, kind, supervisor, supervisee, attendees)
    anchor = supervisee or supervisor
    spell = _current_spell(anchor, clock.today()) or _current_spell(anchor, starts_at.date())
    team = spell.team if spell else None
    if not _may_record(
        access, supervisor, team.pk if team else None, team.service_id if team else None
    ):
        raise ThriveError("You cannot book supervision for these people.")
    session = Session(
        organisation=organisation,
        kind=kind,
        supervisor=supervisor,
        supervisee=supervisee,
        team=team,
        starts_at=starts_at,
        planned_minutes=planned_minutes,
        location=location,
    )
    full_clean_or_raise(session)
    session.save()
    Attendance.objects.bulk_create(
        Attendance(organisation=organisation, session=session, person=p, attended=True)
        for p in dict.fromkeys(attendees)
    )
    audit_log(
        action="supervision.booked",
        user=access.user,
        organisation=organisation,
        obj=session,
        summary=str(session),
    )
    from thrive.supervision.invitations import invitation_send

    invitation_send(session, method="REQUEST")
    return session


@transaction.atomic
def session_cancel(*, access: Access, session: Session, version: int | None = None) -> Session:
    _require_supervisor_or_manager(access, session)
    with versioned_change(
        session,
        version=version,
        actor=access.user,
        action="supervision.cancelled",
        stale="Someone else changed this session while you were looking; check it before "
        "cancelling.",
    ) as change:
        session = change.obj
        if session.status != SessionStatus.BOOKED:
            raise ThriveError("Only a booked session can be cancelled.")
        session.status = SessionStatus.CANCELLED
        change.fields = ["status"]
    from thrive.supervision.invitations import invitation_send

    invitation_send(session, method="CANCEL")
    return session


@transaction.atomic
def session_move(
    *,
    access: Access,
    session: Session,
    starts_at: datetime,
    planned_minutes: int,
    location: str,
    version: int | None = None,
) -> Session:
    """Move a booked session still to come to another time, length or place: everyone in it gets
    the updated invitation (the same event, a higher SEQUENCE, ``METHOD:REQUEST``)."""
    _require_supervisor_or_manager(access, session)
    with versioned_change(
        session,
        version=version,
        actor=access.user,
        action="supervision.moved",
        stale="Someone else changed this session while you were looking; check it before "
        "moving it.",
    ) as change:
        session = change.obj
        if session.status != SessionStatus.BOOKED:
            raise ThriveError("Only a booked session can be moved.")
        if session.starts_at <= clock.now():
            raise ThriveError("This session has started: record it, or cancel it.")
        if starts_at <= clock.now():
            raise ThriveError("Choose a date and time still to come.", field="day")
        location = (location or "").strip()
        if (session.starts_at, session.planned_minutes, session.location) == (
            starts_at,
            planned_minutes,
            location,
        ):
            raise ThriveError("Nothing has changed: give a new time, length or place.")
        was = session.starts_at
        session.starts_at, session.planned_minutes, session.location = (
            starts_at,
            planned_minutes,
            location,
        )
        full_clean_or_raise(session)
        change.fields = ["starts_at", "planned_minutes", "location"]
        change.summary = f"Moved {session} from {was:%Y-%m-%d %H:%M}"
    from thrive.supervision.invitations import invitation_send

    invitation_send(session, method="REQUEST", moved=True)
    return session


def may_manage_session(access: Access, session: Session) -> bool:
    """The supervisor, or a manager of the session's team or service, books, moves and cancels."""
    team = session.team
    return _may_record(
        access, session.supervisor, team.pk if team else None, team.service_id if team else None
    )


def _require_supervisor_or_manager(access: Access, session: Session) -> None:
    if not may_manage_session(access, session):
        raise ThriveError("Only the supervisor or a manager of the team can do this.")


def _lock_check(session: Session, version: int | None) -> Session:
    locked = lock_checked(
        session,
        version=version,
        stale="Someone else saved this record while you were editing it. Your text is still in "
        "the form: copy it, open the record again, then add yours.",
    )
    if locked.locked:
        raise ThriveError("Both of you have signed this record: add a dated addendum instead.")
    return locked


def _check_debrief(session: Session, incident_on: date | None, incident: str) -> None:
    """What a debrief's record needs: when the incident was (on or before the debrief) and what
    happened."""
    if incident_on is None:
        raise ThriveError("Enter the date of the incident.", field="incident_on")
    if incident_on > session.starts_at.date():
        raise ThriveError(
            "The incident must be on or before the day of the debrief.", field="incident_on"
        )
    if not incident.strip():
        raise ThriveError("Say what happened.", field="incident")


def _check_recordable(session: Session, minutes: int) -> None:
    """What any record of a session needs: the session was not cancelled, it has happened, and
    it lasted a plausible number of minutes."""
    if session.status == SessionStatus.CANCELLED:
        raise ThriveError(
            "This session was cancelled, so it cannot be recorded. Book a new session for "
            "the supervision that took place."
        )
    if session.starts_at.date() > clock.today():
        raise ThriveError("A session cannot be recorded before it has happened.")
    if not 1 <= minutes <= 600:
        raise ThriveError("Enter the length in minutes (1 to 600).", field="minutes")


@transaction.atomic
def sessions_history_add(
    *, organisation: Organisation, sessions: Sequence[Session], actor: Any = None
) -> list[Session]:
    """Record many one-to-one or debrief sessions at once, as a council bringing its supervision
    history to Thrive does (and the demo): each booked, and a held one recorded with its length
    and signatures. The same rules as booking one (`session_book`) and recording it
    (`record_save`), checked on every session before any is written; the same entries in the
    audit trail, written together."""
    people = StaffMember.objects.for_org(organisation).in_bulk(
        {s.supervisor_id for s in sessions} | {s.supervisee_id for s in sessions if s.supervisee_id}
    )
    teams = set(
        Team.objects.for_org(organisation)
        .filter(pk__in={s.team_id for s in sessions if s.team_id})
        .values_list("pk", flat=True)
    )
    fks = ["organisation", "supervisor", "supervisee", "team"]
    for session in sessions:
        supervisor = people.get(session.supervisor_id)
        supervisee = people.get(session.supervisee_id) if session.supervisee_id else None
        if supervisor is None or (session.supervisee_id and supervisee is None):
            raise ThriveError("Everyone in a session must work for this council.")
        if session.team_id is not None and session.team_id not in teams:
            raise ThriveError("The team belongs to another council.")
        if session.kind == Kind.GROUP:
            raise ThriveError("Group case supervision has its own record.")
        _check_people(organisation.pk, session.kind, supervisor, supervisee)
        session.organisation = organisation
        session.supervisor, session.supervisee = supervisor, supervisee
        if session.status == SessionStatus.HELD:
            _check_recordable(session, session.minutes or 0)
            if session.kind == Kind.DEBRIEF:
                _check_debrief(session, session.incident_on, session.incident)
        elif session.status != SessionStatus.BOOKED:
            raise ThriveError("Only a booked or held session can be added.")
        # The people and team were checked above, and the one constraint (someone supervised
        # unless a group) by _check_people: no query per session.
        full_clean_or_raise(session, exclude=fks, validate_constraints=False)
    Session.objects.bulk_create(sessions, batch_size=2000)

    def events(session: Session) -> list[dict[str, Any]]:
        said = {"user": actor, "organisation": organisation, "obj": session}
        made = [{"action": "supervision.booked", "summary": str(session), **said}]
        if session.status == SessionStatus.HELD:
            signed = "Signed" if session.supervisor_signed_at else "Saved"
            made.append(
                {"action": "supervision.recorded", "summary": f"{signed} the record of {session}"}
                | said
            )
        if session.supervisee_signed_at is not None:
            made.append(
                {"action": "supervision.agreed", "summary": f"Agreed the record of {session}"}
                | said
            )
        return made

    audit_log_many(event for session in sessions for event in events(session))
    return list(sessions)
