"""Writes for supervision. Each checks on the server who may do it; records lock when both have
signed (after which changes are dated addenda); every write is in the audit trail."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from thrive.caseloads.models import Family
from thrive.caseloads.selectors import families_visible_to, family_connection
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked, versioned_change
from thrive.core.dated_lists import add_defaults
from thrive.core.errors import ThriveError
from thrive.core.permissions import Access
from thrive.core.roles import Cap
from thrive.people.models import EmploymentSpell, Organisation, StaffMember
from thrive.people.services import full_clean_or_raise
from thrive.supervision.defaults import DEFAULT_SKILLS
from thrive.supervision.models import (
    Action,
    ActionOwner,
    Addendum,
    Attendance,
    CalendarFeed,
    FamilyDiscussed,
    Kind,
    PracticeSkill,
    Session,
    SessionStatus,
    SupervisionPolicy,
    SupervisionSettings,
)
from thrive.workbook.models import Chapter, EntrySource, EntryStatus, WorkbookEntry
from thrive.workbook.services import writable_chapters


def practice_skills_add_defaults(*, organisation: Organisation) -> int:
    return add_defaults(PracticeSkill, organisation, DEFAULT_SKILLS)


@transaction.atomic
def supervision_policy_add(
    *,
    organisation: Organisation,
    effective_from: date,
    frequency: str,
    minimum_minutes_per_month: int = 90,
    person: StaffMember | None = None,
    asye: bool = False,
    org_role: int | None = None,
    team_type: str = "",
    first_within_days: int | None = None,
    note: str = "",
    actor: Any = None,
) -> SupervisionPolicy:
    """A rule from a date, for the council or one group of people. Earlier dates keep theirs."""
    named = sum([person is not None, asye, org_role is not None, bool(team_type)])
    if named > 1:
        raise ThriveError("A policy applies to one group: a person, ASYE, a role or a team type.")
    if person is not None and person.organisation_id != organisation.pk:
        raise ThriveError("The person works for another council.")
    policy = SupervisionPolicy(
        organisation=organisation,
        effective_from=effective_from,
        frequency=frequency,
        minimum_minutes_per_month=minimum_minutes_per_month,
        person=person,
        asye=asye,
        org_role=org_role,
        team_type=team_type,
        first_within_days=first_within_days,
        note=note,
    )
    full_clean_or_raise(policy)
    policy.save()
    audit_log(
        action="supervision.policy_added",
        user=actor,
        organisation=organisation,
        obj=policy,
        summary=f"{policy.applies_to}: {policy.get_frequency_display()} from {effective_from}",
    )
    return policy


@transaction.atomic
def settings_save(
    *,
    organisation: Organisation,
    personal_access: str,
    retention_years: int,
    grace_days: int | None = None,
    actor: Any,
    version: int | None = None,
) -> SupervisionSettings:
    """The council's supervision settings. *grace_days* left out keeps the days of grace; a save
    based on an older copy (*version*) is refused rather than overwriting someone else's."""
    current, _ = SupervisionSettings.objects.get_or_create(organisation=organisation)
    with versioned_change(
        current,
        version=version,
        actor=actor,
        action="supervision.settings_changed",
        stale="Someone else changed the settings while you were looking; check them again.",
    ) as change:
        found = change.obj
        found.personal_access = personal_access
        found.retention_years = retention_years
        if grace_days is not None:
            found.grace_days = grace_days
        full_clean_or_raise(found)
        change.summary = (
            f"Personal parts readable by: {found.get_personal_access_display()}; "
            f"kept {found.retention_years} years; {found.grace_days} days of grace"
        )
    return found


# --- Booking -----------------------------------------------------------------------------------


def _current_spell(person: StaffMember, on: date) -> EmploymentSpell | None:

    return (
        person.spells.current(on)
        .select_related("team")
        .order_by("-start_date")
        .first()
    )


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


# --- The one-to-one (and debrief) record -------------------------------------------------------


@dataclass(frozen=True)
class FamilyNote:
    family: Family
    what_changed: str = ""
    plan: str = ""


@dataclass(frozen=True)
class NewAction:
    text: str
    owner: str
    due_date: date
    owner_other: str = ""


def record_save(
    *,
    access: Access,
    session: Session,
    minutes: int,
    wellbeing: str = "",
    workload: str = "",
    learning: str = "",
    balance: str = "",
    balance_notes: str = "",
    notes: str = "",
    skills: Iterable[int] = (),
    families: Sequence[FamilyNote] = (),
    new_actions: Sequence[NewAction] = (),
    close_actions: Iterable[int] = (),
    sign: bool = False,
    version: int | None = None,
    incident_on: date | None = None,
    incident: str = "",
    support_agreed: str = "",
) -> Session:
    """The supervisor writes the record of a held session (and may sign it). Families discussed
    must be ones the supervisee holds or the supervisor may see; actions carry forward until
    closed in a later session. A debrief records the incident (when, what happened) and the
    support agreed."""
    if session.supervisor.user_id != access.user.pk:
        raise ThriveError("Only the supervisor writes the record.")
    if session.kind == Kind.GROUP:
        raise ThriveError("Group case supervision has its own record.")
    _check_recordable(session, minutes)
    if session.kind == Kind.DEBRIEF:
        if incident_on is None:
            raise ThriveError("Enter the date of the incident.", field="incident_on")
        if incident_on > session.starts_at.date():
            raise ThriveError(
                "The incident must be on or before the day of the debrief.", field="incident_on"
            )
        if not incident.strip():
            raise ThriveError("Say what happened.", field="incident")
    visible = set(families_visible_to(access, clock.today()).values_list("pk", flat=True))
    for note in families:
        if note.family.pk not in visible:
            raise ThriveError(f"{note.family} is not one of the families you can see.")
    with transaction.atomic():
        locked = _lock_check(session, version)
        _check_recordable(locked, minutes)  # as it is now, not as the form saw it
        if locked.supervisor_signed_at is not None:
            raise ThriveError("You have signed this record; the supervisee can return it to you.")
        locked.status = SessionStatus.HELD
        locked.minutes = minutes
        locked.wellbeing = wellbeing
        locked.workload = workload
        locked.learning = learning
        locked.balance = balance
        locked.balance_notes = balance_notes
        locked.notes = notes
        if locked.kind == Kind.DEBRIEF:
            locked.incident_on = incident_on
            locked.incident = incident
            locked.support_agreed = support_agreed
        if sign:
            locked.supervisor_signed_at = clock.now()
        locked.version += 1
        full_clean_or_raise(locked)
        locked.save()
        locked.skills.set(
            PracticeSkill.objects.for_org(access.organisation).filter(pk__in=list(skills))
        )
        for note in families:
            FamilyDiscussed.objects.update_or_create(
                session=locked,
                family=note.family,
                defaults={
                    "organisation": access.organisation,
                    "what_changed": note.what_changed,
                    "plan": note.plan,
                },
            )
            audit_log(
                action="family.supervision.noted",
                user=access.user,
                organisation=access.organisation,
                obj=note.family,
                summary=f"Wrote notes on {note.family} in {locked}",
            )
        assert locked.supervisee is not None
        for action in new_actions:
            if not action.text.strip():
                continue
            Action.objects.create(
                organisation=access.organisation,
                person=locked.supervisee,
                raised_in=locked,
                text=action.text.strip(),
                owner=action.owner or ActionOwner.SUPERVISEE,
                owner_other=action.owner_other,
                due_date=action.due_date,
            )
        Action.objects.filter(
            person=locked.supervisee, pk__in=list(close_actions), closed_on__isnull=True
        ).update(closed_on=locked.starts_at.date(), closed_in=locked)
        audit_log(
            action="supervision.recorded",
            user=access.user,
            organisation=access.organisation,
            obj=locked,
            summary=f"{'Signed' if sign else 'Saved'} the record of {locked}",
        )
    return locked


def reflections_save(
    *,
    access: Access,
    session: Session,
    reflections: str,
    agree: bool = False,
    return_to_supervisor: bool = False,
    version: int | None = None,
) -> Session:
    """The supervisee adds their reflections, then agrees (signs) the record — which locks it once
    the supervisor has signed — or returns it to the supervisor to change."""
    if session.supervisee is None or session.supervisee.user_id != access.user.pk:
        raise ThriveError("Only the person supervised adds their reflections.")
    with transaction.atomic():
        locked = _lock_check(session, version)
        if agree and locked.supervisor_signed_at is None:
            raise ThriveError("The supervisor has not signed the record yet.")
        locked.supervisee_reflections = reflections
        if agree:
            locked.supervisee_signed_at = clock.now()
        if return_to_supervisor:
            locked.supervisor_signed_at = None
        locked.version += 1
        locked.save()
        audit_log(
            action="supervision.agreed" if agree else "supervision.reflected",
            user=access.user,
            organisation=access.organisation,
            obj=locked,
            summary=("Agreed" if agree else "Returned" if return_to_supervisor else "Reflected on")
            + f" the record of {locked}",
        )
    return locked


@transaction.atomic
def addendum_add(
    *, access: Access, session: Session, text: str, personal: bool = False
) -> Addendum:
    """A dated change to a signed record, by either of the two. A *personal* one (about wellbeing
    or the reflections) is shown only to those who may read the personal parts."""
    people = {session.supervisor.user_id, getattr(session.supervisee, "user_id", None)}
    if access.user.pk not in people:
        raise ThriveError("Only the supervisor or the supervisee can add to the record.")
    if not session.locked:
        raise ThriveError("The record is not signed yet: change it directly.")
    if not text.strip():
        raise ThriveError("Enter the addendum.", field="text")
    addendum = Addendum.objects.create(
        organisation=access.organisation,
        session=session,
        author=access.user,
        text=text.strip(),
        personal=personal,
    )
    audit_log(
        action="supervision.addendum",
        user=access.user,
        organisation=access.organisation,
        obj=session,
        summary=f"{'Confidential addendum' if personal else 'Addendum'} to {session}",
    )
    return addendum


# --- Group case supervision --------------------------------------------------------------------


@dataclass(frozen=True)
class GroupFamily:
    family: Family
    next_steps: str


def group_record_save(
    *,
    access: Access,
    session: Session,
    minutes: int,
    attended: Iterable[int],
    families: Sequence[GroupFamily],
    notes: str = "",
) -> Session:
    """The chair records group case supervision: who came, and each family's agreed next steps,
    which become an entry in that family's workbook."""
    if session.kind != Kind.GROUP:
        raise ThriveError("This is not a group case supervision session.")
    if session.supervisor.user_id != access.user.pk:
        raise ThriveError("Only the chair records group case supervision.")
    if session.status == SessionStatus.HELD:
        raise ThriveError("This session is already recorded.")
    _check_recordable(session, minutes)
    today = clock.today()
    for item in families:
        # The next steps become a final entry in the social worker's chapter, which only the
        # family's allocated workers and their managers write.
        connection = family_connection(access, item.family, today)
        if Chapter.SOCIAL_WORKER.value not in writable_chapters(connection):
            audit_log(
                action="family.refused",
                user=access.user,
                organisation=access.organisation,
                obj=item.family,
                summary="Tried to add group supervision next steps to a family's workbook "
                "they may not write in",
            )
            raise ThriveError(
                f"You cannot add to {item.family}'s social work chapter: only its allocated "
                "workers and their managers can."
            )
        if not item.next_steps.strip():
            raise ThriveError(f"Enter the agreed next steps for {item.family}.")
    came = set(attended)
    with transaction.atomic():
        locked = _lock_check(session, None)
        if locked.status == SessionStatus.HELD:
            raise ThriveError("This session is already recorded.")
        _check_recordable(locked, minutes)
        locked.status = SessionStatus.HELD
        locked.minutes = minutes
        locked.notes = notes
        locked.version += 1
        locked.save()
        Attendance.objects.filter(session=locked).update(attended=False)
        Attendance.objects.filter(session=locked, person_id__in=came).update(attended=True)
        held_on = locked.starts_at.date()
        for item in families:
            entry = WorkbookEntry.objects.create(
                organisation=access.organisation,
                family=item.family,
                chapter=Chapter.SOCIAL_WORKER.value,
                author=access.user,
                occurred_on=held_on,
                title="Group case supervision: agreed next steps",
                body=item.next_steps.strip(),
                status=EntryStatus.FINAL,
                source=EntrySource.GROUP_SUPERVISION,
                finalised_at=clock.now(),
            )
            FamilyDiscussed.objects.create(
                organisation=access.organisation,
                session=locked,
                family=item.family,
                next_steps=item.next_steps.strip(),
                workbook_entry=entry,
            )
            audit_log(
                action="family.workbook.entry_added",
                user=access.user,
                organisation=access.organisation,
                object_type="caseloads.family",
                object_id=str(item.family.pk),
                summary=f"Group case supervision next steps for {item.family}",
            )
        audit_log(
            action="supervision.recorded",
            user=access.user,
            organisation=access.organisation,
            obj=locked,
            summary=f"Recorded {locked}",
        )
    return locked


# --- Calendar feed -----------------------------------------------------------------------------


def feed_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user: Any) -> str:
    """A new secret calendar address for *user* (any earlier one stops working). The secret is
    shown once; only its hash is kept."""
    CalendarFeed.objects.filter(user=user).delete()
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(user=user, token_hash=feed_hash(token))
    audit_log(action="supervision.feed_created", user=user, summary="Created a calendar address")
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: Any) -> int:
    count, _ = CalendarFeed.objects.filter(user=user).delete()
    audit_log(action="supervision.feed_revoked", user=user, summary="Revoked the calendar address")
    return count


def calendar_feed_used(*, feed: CalendarFeed) -> None:
    """Note when a calendar address was last read (so a person sees whether it is in use)."""
    feed.last_used_at = clock.now()
    feed.save(update_fields=["last_used_at"])
