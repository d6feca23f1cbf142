"""A record taken through both signatures and an addendum; actions carried forward; group case
supervision leaving entries in workbooks; the personal parts kept to the two people."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_user
from tests.supervision.conftest import Crew
from thrive.caseloads.models import Family
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
    return timezone.now() - timedelta(days=days_ago)


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
            NewAction("Book the transfer meeting", "supervisee", date.today() + timedelta(days=7))
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
    # Group sessions and debriefs are not counted as supervision.
    session_book(
        access=boss,
        supervisor=crew.manager,
        supervisee=crew.senior,
        kind="debrief",
        starts_at=when(1),
    )
    from thrive.supervision.selectors import held_sessions

    assert held_sessions(crew.org, [crew.senior.pk]) == {}
    assert Session.objects.count() == 2


@pytest.mark.django_db
def test_only_supervisors_and_their_managers_book(crew: Crew) -> None:
    sam = access_for(crew.senior_user, crew.org)
    with pytest.raises(ThriveError, match="cannot book"):
        session_book(access=sam, supervisor=crew.manager, supervisee=crew.asye, starts_at=when(-3))
    # Sam may book supervision he gives himself (a senior practitioner supervising Noor).
    session_book(access=sam, supervisor=crew.senior, supervisee=crew.asye, starts_at=when(-3))
