"""The council's agency use against the region: CLI, page and API agree; 2026-Q1's spend is the
quarterly return's, hand-worked there (£116,285.72); a conversion counts in its quarter."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
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
# The page, the API and the command (with no --on) show the last four complete quarters before
# today; tests/agency/data/placements.csv holds placements of 2025-26, so this is about the day
# its last four quarters end in 2026-Q1 (on any day after September 2026 none of them would be).
@pytest.mark.today("2026-06-17")
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


@pytest.mark.django_db
def test_rules_and_caps_are_changed_from_a_date_on_the_page(org: Any) -> None:
    """The region's set and its caps, changed on the page by the region's partnership lead (who
    may: tests/agency/test_shared_rules.py tries who may not)."""
    from thrive.agency.models import PriceCap, Rule
    from thrive.agency.selectors import rules_in_force
    from thrive.agency.services import rule_sets_ensure
    from thrive.core.models import AuditEvent

    rule_sets_ensure()
    lead = make_user(org, Role.PARTNERSHIP_LEAD)
    client = Client()
    client.force_login(lead)
    url = f"/o/{org.code}/agency/region-rules/"
    when = {
        "rule-effective_from_0": "1",
        "rule-effective_from_1": "9",
        "rule-effective_from_2": "2026",
    }
    form = {
        "change": "rule",
        "rule-rule_set": "west_midlands_mou",
        "rule-kind": "cool_off",
        "rule-value": "6",
        **when,
    }
    assert client.post(url, form).status_code == 302
    cool = {
        r.effective_from: r
        for r in Rule.objects.filter(rule_set__code="west_midlands_mou", kind="cool_off")
    }
    first = min(cool)
    assert cool[first].effective_to == date(2026, 9, 1)
    assert cool[date(2026, 9, 1)].value == 6 and cool[date(2026, 9, 1)].effective_to is None

    def wm_cool_off_on(day: date) -> Any:
        return next(
            r.value
            for r in rules_in_force(org, day)
            if r.kind == "cool_off" and r.set_code == "west_midlands_mou"
        )

    assert wm_cool_off_on(date(2026, 8, 31)) == 12 and wm_cool_off_on(date(2026, 9, 1)) == 6
    # The same date again is refused, kept as typed; a set of another region is not offered.
    again = client.post(url, {**form, "rule-value": "4"}).content.decode()
    assert "already has a cool_off rule from 2026-09-01" in again
    assert 'value="4"' in again
    refused = client.post(url, {**form, "rule-rule_set": "london_pledge"}).content.decode()
    assert "from the list" in refused
    cap = {
        "change": "cap",
        "cap-job_type": "social_worker",
        "cap-max_hourly": "44.50",
        "cap-effective_from_0": "1",
        "cap-effective_from_1": "4",
        "cap-effective_from_2": "2026",
    }
    assert client.post(url, cap).status_code == 302
    assert PriceCap.objects.get(
        region=org.region, effective_from=date(2026, 4, 1)
    ).max_hourly == Decimal("44.50")
    assert "is entered already" in client.post(url, cap).content.decode()
    assert (
        AuditEvent.objects.filter(action__in=["agency.rule_changed", "agency.cap_added"]).count()
        == 2
    )
    client.force_login(make_user(org, Role.TEAM_MANAGER))
    assert client.post(url, cap).status_code == 403
