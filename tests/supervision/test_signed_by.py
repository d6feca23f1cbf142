"""A signed supervision record says who signed it and when: the supervisor, then the supervisee
who agreed it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import dateformat

from tests.supervision.conftest import Crew
from thrive.core.permissions import access_for
from thrive.supervision.services import record_save, reflections_save, session_book

LONDON = ZoneInfo("Europe/London")


def _when(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    return f"{dateformat.format(local, 'j F Y')} at {dateformat.format(local, 'H:i')}"


@pytest.mark.django_db
def test_signed_record_names_each_signer_and_when(client: Client, crew: Crew) -> None:
    boss = access_for(crew.manager_user, crew.org)
    session = session_book(
        access=boss,
        supervisor=crew.manager,
        supervisee=crew.senior,
        starts_at=datetime(2025, 3, 4, 10, 0, tzinfo=LONDON),
    )
    page_url = reverse("supervision:session", args=[crew.org.code, session.pk])
    session = record_save(access=boss, session=session, minutes=60, workload="Fine.")
    client.force_login(crew.manager_user)
    assert "signed-by-supervisor" not in client.get(page_url).content.decode()

    session = record_save(access=boss, session=session, minutes=60, workload="Fine.", sign=True)
    page = client.get(page_url).content.decode()
    assert session.supervisor_signed_at is not None
    when = _when(session.supervisor_signed_at)
    signed = f"By {crew.manager.full_name}, the supervisor, on {when}"
    assert signed in page and "signed-by-supervisee" not in page

    session = reflections_save(
        access=access_for(crew.senior_user, crew.org),
        session=session,
        reflections="Helpful.",
        agree=True,
    )
    assert session.supervisee_signed_at is not None
    page = client.get(page_url).content.decode()
    assert f"By {crew.senior.full_name} on {_when(session.supervisee_signed_at)}" in page
