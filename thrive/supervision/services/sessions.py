"""Writes for supervision sessions: booking and cancelling, with the checks every record write
shares (who may record, the version the writer saw, a session that can be recorded)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked, versioned_change
from thrive.core.errors import ThriveError
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import EmploymentSpell, StaffMember
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
    for person in [supervisor, supervisee, *attendees]:
        if person is not None and person.organisation_id != organisation.pk:
            raise ThriveError("Everyone in a session must work for this council.")
    if kind != Kind.GROUP and supervisee is None:
        raise ThriveError("Choose who is being supervised.", field="supervisee")
    if supervisee is not None and supervisee.pk == supervisor.pk:
        raise ThriveError("A person cannot supervise themselves.", field="supervisee")
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
    return session


def _require_supervisor_or_manager(access: Access, session: Session) -> None:
    team = session.team
    if not _may_record(
        access, session.supervisor, team.pk if team else None, team.service_id if team else None
    ):
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
