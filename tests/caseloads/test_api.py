"""Caseload and workbook endpoints: same numbers and same permissions as the pages; reads logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.caseloads.conftest import linked_user
from tests.factories import make_user
from thrive.accounts.services import api_token_create
from thrive.caseloads.models import Family
from thrive.core import clock
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.people.models import Team
from thrive.workbook.services import summary_save


def auth(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="test")
    return {"Authorization": f"Token {key}"}


@pytest.mark.django_db
def test_caseload_summary_for_a_manager_and_mine_for_a_worker(client: Client, known: Any) -> None:
    base = f"/api/organisations/{known.code}/caseloads/"
    manager = make_user(known, Role.TEAM_MANAGER, team=Team.objects.get(name="Assessment Team 1"))
    data = client.get(base, {"on": "2025-09-30"}, headers=auth(manager)).json()
    assert [t["team"] for t in data["teams"]] == ["Assessment Team 1"]
    assert data["case_holders"] >= 1 and len(data["distribution"]) == 6
    worker = linked_user(known, "S1", Role.PRACTITIONER)
    assert client.get(base, headers=auth(worker)).status_code == 403
    mine = client.get(f"{base}mine/", {"on": "2025-09-01"}, headers=auth(worker)).json()
    assert len(mine) == 1
    assert {c["child_id"] for c in mine[0]["children"]} == {"C1", "C2", "C3"}
    assert mine[0]["cases"] == 3


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
