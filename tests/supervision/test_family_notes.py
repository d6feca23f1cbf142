"""A family's notes inside supervision follow the family's own access rule, not the record's; the
chair of group supervision writes into a workbook only where they may; a session is cancelled only
as the person saw it; the calendar feed forgets councils the person has left; reminders count per
council."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import make_user
from tests.supervision.conftest import Crew
from thrive.accounts.models import RoleAssignment
from thrive.caseloads.models import Allocation, Family
from thrive.caseloads.services import family_assign
from thrive.cli import main
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.supervision.models import Session
from thrive.supervision.reminders import ACTION
from thrive.supervision.services import (
    FamilyNote,
    GroupFamily,
    group_record_save,
    record_save,
    session_book,
)
from thrive.workbook.models import WorkbookEntry


def url(crew: Crew, name: str, *args: Any) -> str:
    return reverse(f"supervision:{name}", args=[crew.org.code, *args])


@pytest.fixture
def recorded(crew: Crew, family: Family) -> Session:
    boss = access_for(crew.manager_user, crew.org)
    session = session_book(
        access=boss,
        supervisor=crew.manager,
        supervisee=crew.senior,
        starts_at=clock.now() - timedelta(days=1),
    )
    return record_save(
        access=boss,
        session=session,
        minutes=90,
        workload="At cap.",
        families=[FamilyNote(family, "Dad engaging with the drug service.", "Step down to CIN.")],
    )


@pytest.mark.django_db
def test_family_notes_are_shown_only_to_people_connected_to_the_family(
    client: Client, crew: Crew, family: Family, recorded: Session
) -> None:
    assert AuditEvent.objects.filter(
        action="family.supervision.noted", object_id=str(family.pk)
    ).exists()
    # The principal social worker may read the record, but not the family's notes.
    client.force_login(make_user(crew.org, Role.PRINCIPAL_SOCIAL_WORKER))
    page = client.get(url(crew, "session", recorded.pk)).content.decode()
    assert "At cap." in page
    assert "drug service" not in page and "Step down" not in page
    assert "1 family not shown" in page
    assert not AuditEvent.objects.filter(action="family.supervision.read").exists()
    # The supervisor (the worker's manager) and the worker see them, and each read is logged
    # against the family, where the access log finds it.
    for user in (crew.manager_user, crew.senior_user):
        client.force_login(user)
        page = client.get(url(crew, "session", recorded.pk)).content.decode()
        assert "drug service" in page and "not shown" not in page
    reads = AuditEvent.objects.filter(action="family.supervision.read", object_id=str(family.pk))
    assert set(reads.values_list("user_id", flat=True)) == {
        crew.manager_user.pk,
        crew.senior_user.pk,
    }
    # Once the worker no longer holds the family, the notes go from their view too.
    Allocation.objects.filter(child_id="K1").update(end_date=date(2025, 6, 1))
    client.force_login(crew.senior_user)
    page = client.get(url(crew, "session", recorded.pk)).content.decode()
    assert "drug service" not in page and "1 family not shown" in page


@pytest.mark.django_db
def test_the_chair_writes_next_steps_only_where_they_may_write(crew: Crew, family: Family) -> None:
    """Noor is assigned to the family as its probation worker: she sees it, but the social
    worker's chapter is not hers to write, so as chair she cannot put next steps there."""
    family_assign(family=family, person=crew.asye, role="probation", start_date=date(2025, 1, 1))
    session = Session.objects.create(
        organisation=crew.org,
        supervisor=crew.asye,
        kind="group",
        team=crew.team,
        starts_at=clock.now() - timedelta(days=1),
    )
    with pytest.raises(ThriveError, match="social work chapter"):
        group_record_save(
            access=access_for(crew.asye_user, crew.org),
            session=session,
            minutes=60,
            attended=[],
            families=[GroupFamily(family, "Probation to attend the core group.")],
        )
    assert not WorkbookEntry.objects.exists()
    session.refresh_from_db()
    assert session.status == "booked"
    assert AuditEvent.objects.filter(action="family.refused", object_id=str(family.pk)).exists()


@pytest.mark.django_db
def test_a_session_changed_meanwhile_is_not_cancelled(client: Client, crew: Crew) -> None:
    session = session_book(
        access=access_for(crew.manager_user, crew.org),
        supervisor=crew.manager,
        supervisee=crew.asye,
        starts_at=clock.now() + timedelta(days=2),
    )
    client.force_login(crew.manager_user)
    page = client.get(url(crew, "session", session.pk)).content.decode()
    assert f'name="version" value="{session.version}"' in page
    Session.objects.filter(pk=session.pk).update(version=session.version + 1, location="Room 9")
    response = client.post(
        url(crew, "session", session.pk),
        {"action": "cancel", "version": session.version},
        follow=True,
    )
    assert "Someone else changed this session" in response.content.decode()
    session.refresh_from_db()
    assert session.status == "booked"
    response = client.post(
        url(crew, "session", session.pk), {"action": "cancel", "version": session.version}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "cancelled"


@pytest.mark.django_db
def test_the_calendar_feed_forgets_a_council_the_person_has_left(
    client: Client, crew: Crew
) -> None:
    Session.objects.create(
        organisation=crew.org,
        supervisor=crew.manager,
        supervisee=crew.asye,
        team=crew.team,
        starts_at=clock.now() + timedelta(days=3),
    )
    client.force_login(crew.asye_user)
    client.post(url(crew, "feed_manage"), {"action": "create"})
    token = client.get(url(crew, "home")).content.decode().split("/calendar/")[1].split(".ics")[0]
    client.logout()
    events = Calendar.from_ical(client.get(f"/calendar/{token}.ics").content).walk("VEVENT")
    assert len(events) == 1
    RoleAssignment.objects.filter(user=crew.asye_user, organisation=crew.org).delete()
    feed = client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and Calendar.from_ical(feed.content).walk("VEVENT") == []


@pytest.mark.django_db(transaction=True)  # mail goes after the commit
def test_another_councils_reminder_does_not_stop_this_ones(
    crew: Crew, other_org: Any, capsys: Any
) -> None:
    """Maya also works for another council, which reminded her this morning; this council's
    reminder about Noor still goes."""
    on = date(2026, 6, 30)
    Session.objects.create(
        organisation=crew.org,
        supervisor=crew.manager,
        supervisee=crew.asye,
        team=crew.team,
        starts_at=timezone.make_aware(datetime(2026, 5, 15, 10)),
        status="held",
        minutes=90,
    )
    audit_log(
        action=ACTION,
        user=crew.manager_user,
        organisation=other_org,
        summary="Supervision: 1 thing to do",
        detail={"on": on.isoformat(), "items": 1},
    )
    assert main(["reminders", "send", "--org", crew.org.code, "--on", on.isoformat()]) == 0
    assert [m.to[0] for m in mail.outbox] == ["maya@example.test"]
