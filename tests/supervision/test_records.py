"""A record taken through both signatures and an addendum; actions carried forward; group case
supervision leaving entries in workbooks; the personal parts kept to the two people."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.factories import make_user
from tests.supervision.conftest import Crew
from thrive.caseloads.models import Family
from thrive.core import clock
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.supervision.models import Action, Session
from thrive.supervision.selectors import may_read, may_read_personal
from thrive.supervision.services import (
    FamilyNote,
    GroupFamily,
    NewAction,
    addendum_add,
    group_record_save,
    record_save,
    reflections_save,
    session_book,
    settings_save,
)
from thrive.workbook.models import WorkbookEntry


def when(days_ago: int) -> datetime:
    return clock.now() - timedelta(days=days_ago)


@pytest.mark.django_db
def test_both_sign_then_only_addenda(crew: Crew, family: Family) -> None:
    boss = access_for(crew.manager_user, crew.org)
    sam = access_for(crew.senior_user, crew.org)
    session = session_book(
        access=boss, supervisor=crew.manager, supervisee=crew.senior, starts_at=when(2)
    )
    session = record_save(
        access=boss,
        session=session,
        minutes=95,
        wellbeing="Tired after a difficult court week; taking Friday off.",
        workload="17 children, at cap; one case to transfer.",
        families=[
            FamilyNote(
                family,
                "Dad engaging with the drug service.",
                "Step down to CIN if tests stay clear.",
            )
        ],
        new_actions=[
            NewAction("Book the transfer meeting", "supervisee", clock.today() + timedelta(days=7))
        ],
        sign=True,
    )
    assert session.status == "held" and session.supervisor_signed_at
    with pytest.raises(ThriveError, match="signed this record"):
        record_save(access=boss, session=session, minutes=90)
    session = reflections_save(
        access=sam, session=session, reflections="Helpful; I felt heard.", agree=True
    )
    assert session.locked
    with pytest.raises(ThriveError, match="addendum"):
        reflections_save(access=sam, session=session, reflections="changed my mind")
    addendum_add(access=sam, session=session, text="The transfer meeting moved to Monday.")
    assert session.addenda.count() == 1
    # The open action carries forward to the next session, where it is closed.
    action = Action.objects.get()
    nxt = session_book(
        access=boss, supervisor=crew.manager, supervisee=crew.senior, starts_at=when(1)
    )
    record_save(access=boss, session=nxt, minutes=90, close_actions=[action.pk])
    action.refresh_from_db()
    assert action.closed_in == nxt


@pytest.mark.django_db
def test_the_supervisee_can_return_a_record(crew: Crew) -> None:
    boss = access_for(crew.manager_user, crew.org)
    noor = access_for(crew.asye_user, crew.org)
    session = session_book(
        access=boss, supervisor=crew.manager, supervisee=crew.asye, starts_at=when(1)
    )
    with pytest.raises(ThriveError, match="not signed the record yet"):
        reflections_save(access=noor, session=session, reflections="x", agree=True)
    record_save(access=boss, session=session, minutes=60, sign=True)
    session = reflections_save(
        access=noor,
        session=session,
        reflections="The workload part is wrong.",
        return_to_supervisor=True,
    )
    assert session.supervisor_signed_at is None
    record_save(
        access=boss,
        session=session,
        minutes=60,
        workload="Corrected.",
        sign=True,
        version=session.version,
    )


@pytest.mark.django_db
def test_personal_parts_follow_the_councils_setting(crew: Crew) -> None:
    boss = access_for(crew.manager_user, crew.org)
    session = session_book(
        access=boss, supervisor=crew.manager, supervisee=crew.asye, starts_at=when(1)
    )
    psw = access_for(make_user(crew.org, Role.PRINCIPAL_SOCIAL_WORKER), crew.org)
    other_manager = access_for(make_user(crew.org, Role.TEAM_MANAGER), crew.org)
    colleague = access_for(crew.senior_user, crew.org)
    assert may_read(psw, session) and not may_read_personal(psw, session)
    assert not may_read(colleague, session) and not may_read(other_manager, session)
    assert may_read_personal(access_for(crew.asye_user, crew.org), session)
    settings_save(
        organisation=crew.org, personal_access="managers_psw", retention_years=7, actor=None
    )
    assert may_read_personal(psw, session)
    assert not may_read_personal(colleague, session)


@pytest.mark.django_db
def test_group_supervision_writes_next_steps_into_workbooks(crew: Crew, family: Family) -> None:
    boss = access_for(crew.manager_user, crew.org)
    session = session_book(
        access=boss,
        supervisor=crew.manager,
        kind="group",
        starts_at=when(1),
        attendees=[crew.senior, crew.asye],
    )
    group_record_save(
        access=boss,
        session=session,
        minutes=120,
        attended=[crew.senior.pk],
        families=[GroupFamily(family, "Mental health worker to join the next home visit.")],
    )
    entry = WorkbookEntry.objects.get(family=family)
    assert entry.source == "group_supervision" and entry.status == "final"
    assert "Mental health worker" in entry.body
    attended = dict(session.attendance.values_list("person_id", "attended"))
    assert attended == {crew.senior.pk: True, crew.asye.pk: False}
    assert AuditEvent.objects.filter(
        action="family.workbook.entry_added", object_id=str(family.pk)
    ).exists()
    # Group sessions and debriefs are not counted as supervision, even once held and recorded.
    debrief = session_book(
        access=boss,
        supervisor=crew.manager,
        supervisee=crew.senior,
        kind="debrief",
        starts_at=when(1),
    )
    # A debrief is its own record: the incident and when, and the support agreed.
    with pytest.raises(ThriveError, match="date of the incident"):
        record_save(access=boss, session=debrief, minutes=60, incident="A parent threatened me.")
    with pytest.raises(ThriveError, match="Say what happened"):
        record_save(access=boss, session=debrief, minutes=60, incident_on=when(2).date())
    debrief = record_save(
        access=boss,
        session=debrief,
        minutes=60,
        incident_on=when(2).date(),
        incident="A parent threatened him at a home visit.",
        support_agreed="Joint visits only for a month.",
        wellbeing="Shaken; sleeping badly.",
    )
    assert debrief.status == "held" and debrief.minutes == 60
    assert debrief.incident == "A parent threatened him at a home visit."
    assert Session.objects.filter(status="held").count() == 2

    from thrive.supervision.selectors import compliance_report, held_sessions

    assert held_sessions(crew.org, [crew.senior.pk]) == {}
    report = compliance_report(crew.org, None, clock.today())
    overdue = {spell.person_id for spell, _ in report["overdue"]}
    assert crew.senior.pk in overdue  # nothing that counts since he started in 2020
    assert report["total"].windows[3].minutes_per_month_average == 0.0  # the debrief's 60 not


@pytest.mark.django_db
def test_only_supervisors_and_their_managers_book(crew: Crew) -> None:
    sam = access_for(crew.senior_user, crew.org)
    with pytest.raises(ThriveError, match="cannot book"):
        session_book(access=sam, supervisor=crew.manager, supervisee=crew.asye, starts_at=when(-3))
    # Sam may book supervision he gives himself (a senior practitioner supervising Noor).
    session_book(access=sam, supervisor=crew.senior, supervisee=crew.asye, starts_at=when(-3))


@pytest.mark.django_db
def test_a_cancelled_session_cannot_be_recorded(crew: Crew) -> None:
    from thrive.supervision.selectors import held_sessions
    from thrive.supervision.services import session_cancel

    boss = access_for(crew.manager_user, crew.org)
    session = session_book(
        access=boss, supervisor=crew.manager, supervisee=crew.senior, starts_at=when(2)
    )
    session_cancel(access=boss, session=session)
    with pytest.raises(ThriveError, match="cancelled, so it cannot be recorded"):
        record_save(access=boss, session=session, minutes=90)
    # Nor with a stale copy of the session that still says "booked".
    session.status = "booked"
    with pytest.raises(ThriveError, match="cancelled"):
        record_save(access=boss, session=session, minutes=90)
    session.refresh_from_db()
    assert session.status == "cancelled" and session.minutes is None
    assert held_sessions(crew.org, [crew.senior.pk]) == {}


@pytest.mark.django_db
def test_group_supervision_is_recorded_only_once_held(crew: Crew, family: Family) -> None:
    boss = access_for(crew.manager_user, crew.org)
    steps = [GroupFamily(family, "Mental health worker to join the next home visit.")]

    def group(starts_at: datetime) -> Session:
        return session_book(
            access=boss,
            supervisor=crew.manager,
            kind="group",
            starts_at=starts_at,
            attendees=[crew.senior],
        )

    ahead = group(when(-10))
    with pytest.raises(ThriveError, match="before it has happened"):
        group_record_save(
            access=boss, session=ahead, minutes=90, attended=[crew.senior.pk], families=steps
        )
    past = group(when(1))
    for minutes in (0, 601):
        with pytest.raises(ThriveError, match="length in minutes"):
            group_record_save(
                access=boss, session=past, minutes=minutes, attended=[], families=steps
            )
    from thrive.supervision.services import session_cancel

    session_cancel(access=boss, session=past)
    with pytest.raises(ThriveError, match="cancelled"):
        group_record_save(access=boss, session=past, minutes=90, attended=[], families=steps)
    # Nothing reached the family's workbook, and both sessions are as they were.
    assert not WorkbookEntry.objects.filter(family=family).exists()
    assert set(Session.objects.values_list("status", flat=True)) == {"booked", "cancelled"}


@pytest.mark.django_db
def test_a_personal_addendum_is_kept_with_the_personal_parts(crew: Crew) -> None:
    boss = access_for(crew.manager_user, crew.org)
    sam = access_for(crew.senior_user, crew.org)
    session = session_book(
        access=boss, supervisor=crew.manager, supervisee=crew.senior, starts_at=when(2)
    )
    record_save(access=boss, session=session, minutes=90, sign=True)
    reflections_save(access=sam, session=session, reflections="Fine.", agree=True)
    session.refresh_from_db()
    added = addendum_add(
        access=sam, session=session, text="Correction: I am off sick next week.", personal=True
    )
    assert added.personal
    assert AuditEvent.objects.filter(
        action="supervision.addendum", summary__startswith="Confidential addendum"
    ).exists()
    assert not addendum_add(access=sam, session=session, text="Meeting moved.").personal
