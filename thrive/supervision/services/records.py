"""Writes for supervision records: the two-way record (families discussed, actions, signing),
the supervisee's reflections and agreement, dated addenda once both have signed, and group case
supervision (next steps into each family's workbook)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from thrive.caseloads.models import Family
from thrive.caseloads.selectors import families_visible_to, family_connection
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.permissions import Access
from thrive.people.services import full_clean_or_raise
from thrive.supervision.models import (
    Action,
    ActionOwner,
    Addendum,
    Attendance,
    FamilyDiscussed,
    Kind,
    PracticeSkill,
    Session,
    SessionStatus,
)
from thrive.supervision.services.sessions import (
    _check_debrief,
    _check_recordable,
    _lock_check,
)
from thrive.workbook.models import Chapter, EntrySource, EntryStatus, WorkbookEntry
from thrive.workbook.services import writable_chapters


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
        _check_debrief(session, incident_on, incident)
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
    version: int | None = None,
) -> Session:
    """The chair records group case supervision: who came, and each family's agreed next steps,
    which become an entry in that family's workbook. *version* is the session's as the chair's
    page showed it: a session moved or changed meanwhile is refused, not recorded over."""
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
        locked = _lock_check(session, version)
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
