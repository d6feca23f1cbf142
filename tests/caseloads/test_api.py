"""Caseload endpoints: same numbers and same permissions as the pages; reads logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import linked_user, make_user
from thrive.accounts.services import api_token_create
from thrive.core.roles import Role
from thrive.people.models import Team


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
