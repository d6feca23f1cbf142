"""The council's agency use against the region: CLI, page and API agree; 2026-Q1's spend is the
quarterly return's, hand-worked there (£116,285.72); a conversion counts in its quarter."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_user
from thrive.agency.models import Placement
from thrive.cli import main
from thrive.core.roles import Role

DATA = Path(__file__).parent / "data"


@pytest.mark.django_db
def test_rate_spend_and_conversions(known: Any, capsys: Any) -> None:
    assert main(["import", "agency_caps", str(DATA / "caps.csv")]) == 0
    assert main(["import", "placements", str(DATA / "placements.csv"), "--org", known.code]) == 0
    # A conversion recorded in 2026-Q1 (the service is tested in test_placements.py).
    Placement.objects.filter(organisation=known, placement_id="A8").update(
        converted_on=date(2026, 2, 2)
    )
    capsys.readouterr()
    assert main(["agency", "region", "--org", known.code, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [q["quarter"] for q in out["quarters"]] == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    q1 = out["quarters"][-1]
    assert q1["spend"] == "116285.72"
    assert q1["conversions"] == 1 and out["conversions_total"] == 1
    assert out["region"] == "West Midlands"
    hr = make_user(known, Role.HR_RECRUITMENT)
    client = Client()
    client.force_login(hr)
    page = client.get(f"/o/{known.code}/agency/against-region/").content.decode()
    assert "116285.72" in page and "Agency rate" in page
    api = client.get(f"/api/organisations/{known.code}/agency/against-region/").json()
    assert api["quarters"][-1]["spend"] == "116285.72"
    client.force_login(make_user(known, Role.PRACTITIONER))
    assert client.get(f"/o/{known.code}/agency/against-region/").status_code == 403
