"""The workbook's API endpoints: summaries only for the people connected to the family; reads
logged, refusals logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.caseloads.test_api import auth
from tests.factories import linked_user, make_user
from thrive.caseloads.models import Family
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.workbook.services import summary_save


@pytest.mark.django_db
def test_workbook_summaries_only_for_the_connected(client: Client, known: Any) -> None:
    worker = linked_user(known, "S1", Role.PRACTITIONER)
    family = Family.objects.get(family_id="F1")
    summary_save(
        access=access_for(worker, known),
        family=family,
        month=clock.today(),
        strengths="Mum engages.",
        concerns="School attendance.",
        family_shares="yes",
        direction="improving",
        next_steps="Meet the school.",
    )
    url = f"/api/organisations/{known.code}/families/{family.pk}/workbook/summaries/"
    data = client.get(url, headers=auth(worker)).json()
    assert data["family_id"] == "F1"
    assert data["summaries"][0]["direction"] == "improving"
    assert "1 improving" in data["direction_of_travel"]
    families = client.get(f"/api/organisations/{known.code}/families/", headers=auth(worker)).json()
    assert [f["family_id"] for f in families["results"]] == ["F1"]
    outsider = make_user(known, Role.SENIOR_LEADER)
    assert client.get(url, headers=auth(outsider)).status_code == 404
    assert AuditEvent.objects.filter(action="family.workbook.read", user=worker).count() == 1
    assert AuditEvent.objects.filter(action="family.refused", user=outsider).count() == 1
