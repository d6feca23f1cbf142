"""Supervision pages that name families (a record's family picker, a group session's picker)
write a ``family.list`` entry to the access log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.supervision.conftest import Crew
from thrive.caseloads.models import Family
from thrive.caseloads.services import family_assign
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.supervision.models import Session
from thrive.supervision.services import session_book


@pytest.mark.django_db
def test_a_records_family_picker_is_logged(client: Client, crew: Crew, family: Family) -> None:
    session = session_book(
        access=access_for(crew.manager_user, crew.org),
        supervisor=crew.manager,
        supervisee=crew.senior,
        starts_at=clock.now() - timedelta(days=1),
    )
    client.force_login(crew.manager_user)
    page = client.get(reverse("supervision:record", args=[crew.org.code, session.pk]))
    assert page.status_code == 200
    listed = AuditEvent.objects.filter(action="family.list", user=crew.manager_user)
    assert listed.count() == 1 and "family picker" in listed.get().summary
    assert listed.get().ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_a_group_sessions_family_picker_is_logged(
    client: Client, crew: Crew, family: Family
) -> None:
    family_assign(family=family, person=crew.asye, role="probation", start_date=date(2025, 1, 1))
    session = Session.objects.create(
        organisation=crew.org,
        supervisor=crew.asye,
        kind="group",
        team=crew.team,
        starts_at=clock.now() - timedelta(days=1),
    )
    client.force_login(crew.asye_user)
    page = client.get(reverse("supervision:group_record", args=[crew.org.code, session.pk]))
    assert page.status_code == 200
    listed = AuditEvent.objects.get(action="family.list", user=crew.asye_user)
    assert listed.summary.startswith("Listed 1 family") and "family picker" in listed.summary
