"""A family is chosen by name, with its ID and the children's first names beside it (the shared
picker), not from a list of bare IDs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests.supervision.conftest import Crew
from thrive.caseloads.models import Family, FamilyMember
from thrive.core.permissions import access_for
from thrive.supervision.services import session_book


@pytest.mark.django_db
def test_group_record_picks_families_by_name(client: Client, crew: Crew, family: Family) -> None:
    Family.objects.filter(pk=family.pk).update(name="The Kent family")
    FamilyMember.objects.filter(family=family, member_id="K1").update(first_name="Kit")
    session = session_book(
        access=access_for(crew.manager_user, crew.org),
        supervisor=crew.manager,
        kind="group",
        starts_at=datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Europe/London")),
        attendees=[crew.senior],
    )
    client.force_login(crew.manager_user)
    url = reverse("supervision:group_record", args=[crew.org.code, session.pk])
    page = client.get(url).content.decode()
    select = page[page.index('<select name="family_1"') :]
    select = select[: select.index("</select>")]
    assert "data-thrive-picker" in select
    assert f'<option value="{family.pk}">The Kent family (FAM1): Kit</option>' in select
