"""The drivers page, the team stability view (a manager sees their own teams), their Excel, and
the API for projections and drivers, on the known council."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.accounts.services import api_token_create
from thrive.core.roles import Role
from thrive.people.models import Team

pytestmark = pytest.mark.django_db


def test_drivers_page_and_workbook(client: Client, known: Any) -> None:
    from openpyxl import load_workbook

    url = reverse("intelligence:drivers", args=[known.code])
    client.force_login(make_user(known, Role.PRACTITIONER))
    assert client.get(url).status_code == 403
    team = Team.objects.filter(organisation=known).order_by("name").first()
    assert team is not None
    client.force_login(make_user(known, Role.TEAM_MANAGER, team=team))
    page = client.get(url).content.decode()
    main = page.split("<main")[1]
    assert "not enough people to say" in main and 'id="stability-table"' in main
    # Only the manager's own team; the known council's teams have fewer than five in post.
    others = Team.objects.filter(organisation=known).exclude(pk=team.pk)
    assert team.name in main and not any(f">{t.name}<" in main for t in others)
    assert "fewer than 5" in main
    book = load_workbook(BytesIO(client.get(url, {"format": "xlsx"}).content))
    assert book.sheetnames == ["What drives leaving", "Team stability"]
    factors = book["What drives leaving"]
    assert factors.freeze_panes == "B3" and factors["A2"].font.bold
    assert factors.max_row >= 9  # title, header, seven factors


def test_projection_and_drivers_api(client: Client, known: Any, other_org: Any) -> None:
    _, key = api_token_create(user=make_user(known, Role.SENIOR_LEADER), name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    base = f"/api/organisations/{known.code}"
    data = client.get(f"{base}/projection/?years=2&runs=500&seed=3&on=2025-12-01", **auth)
    assert data.status_code == 200
    body = data.json()
    again = client.get(f"{base}/projection/?years=2&runs=500&seed=3&on=2025-12-01", **auth)
    assert again.json() == body  # deterministic for a seed
    assert len(body["years"]) == 3
    first = body["years"][0]["inpost_fte"]
    assert first["p10"] == first["p50"] == first["p90"]  # year 0 is the register
    for row in body["years"]:
        band = row["inpost_fte"]
        assert band["p10"] <= band["p50"] <= band["p90"]
    refused = client.get(f"{base}/projection/?runs=20000", **auth)
    assert refused.status_code == 400 and "runs" in str(refused.json())
    assert client.get(f"{base}/projection/?scenario=Magic", **auth).status_code == 400
    drivers = client.get(f"{base}/drivers/?on=2025-12-01", **auth).json()
    assert len(drivers["factors"]) == 8 and drivers["on"] == "2025-12-01"
    assert all(t["relative_leaving_rate"] is None for t in drivers["teams"])
    other = client.get(f"/api/organisations/{other_org.code}/drivers/", **auth)
    assert other.status_code == 403
