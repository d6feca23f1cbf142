"""Supervision endpoints: schedules and compliance, with the pages' permissions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_team, make_user
from tests.supervision.conftest import Crew
from tests.supervision.test_schedule import held
from thrive.accounts.services import api_token_create
from thrive.core.roles import Role


def auth(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="t")
    return {"Authorization": f"Token {key}"}


@pytest.mark.django_db
def test_schedule_and_compliance(client: Client, crew: Crew) -> None:
    held(crew, crew.senior, date(2026, 6, 20))
    base = f"/api/organisations/{crew.org.code}/supervision/"
    rows = client.get(
        f"{base}schedule/", {"on": "2026-06-30"}, headers=auth(crew.manager_user)
    ).json()
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"Maya Test", "Noor Test", "Sam Test"}
    assert by_name["Sam Test"]["next_due"] == "2026-07-20"
    assert by_name["Noor Test"]["asye_start"] == "2025-09-01"
    mine = client.get(
        f"{base}schedule/", {"on": "2026-06-30"}, headers=auth(crew.senior_user)
    ).json()
    assert [r["name"] for r in mine] == ["Sam Test"]
    report = client.get(
        f"{base}compliance/", {"on": "2026-06-30"}, headers=auth(crew.manager_user)
    ).json()
    assert report["all_teams"]["windows"][0]["months"] == 3
    assert report["teams"][0]["team"] == "Assessment Team 1"
    assert client.get(f"{base}compliance/", headers=auth(crew.senior_user)).status_code == 403
    leader = make_user(crew.org, Role.SENIOR_LEADER)
    assert client.get(f"{base}compliance/", headers=auth(leader)).status_code == 200


@pytest.mark.django_db
def test_compliance_gives_the_trend_and_everyone_overdue(client: Client, crew: Crew) -> None:
    held(crew, crew.senior, date(2026, 6, 20))
    base = f"/api/organisations/{crew.org.code}/supervision/compliance/"
    report = client.get(base, {"on": "2026-06-30"}, headers=auth(crew.manager_user)).json()
    trend = report["all_teams"]["trend"]
    assert [p["date"] for p in trend][:2] == ["2025-07-31", "2025-08-31"]
    assert trend[-1]["date"] == "2026-06-30" and len(trend) == 12
    assert set(trend[-1]) == {"date", "people", "within_policy", "share"}
    assert report["teams"][0]["trend"] == trend  # one team: its trend is everyone's
    overdue = {r["name"]: r for r in report["overdue"]}
    # Maya has never been supervised; Noor's ASYE ladder was monthly from 1 Mar 2026.
    assert set(overdue) == {"Maya Test", "Noor Test"}
    assert overdue["Noor Test"]["staff_id"] == "100002"
    assert overdue["Noor Test"]["team"] == "Assessment Team 1"
    assert overdue["Noor Test"]["days_overdue"] > 0
    assert report["grace_days"] == 0
    # Someone who may not see the compliance page gets neither.
    assert client.get(base, {"on": "2026-06-30"}, headers=auth(crew.senior_user)).status_code == 403
    # A team manager of another team sees only theirs: nobody's names from this one.
    other = make_user(crew.org, Role.TEAM_MANAGER, team=make_team(crew.org, "Elsewhere"))
    theirs = client.get(base, {"on": "2026-06-30"}, headers=auth(other)).json()
    assert theirs["overdue"] == [] and theirs["teams"] == []
