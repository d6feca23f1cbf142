"""The projection's agency cost per FTE from the agency area's placements, worked by hand; the
council's dated default rate (entered on the agency rules page) where it has none; Thrive's
assumption, said so, where it has neither.

On 30 September 2025 the year is 1 October 2024 to 30 September 2025 (365 days):

    B1 social worker, in the whole year, £56 an hour, 37 hours a week
       365 days × 37 × 56 ÷ 7 = £108,040.00 over 365 full-time days
    B2 senior social worker, 1 April to 30 September 2025 (183 days), £63 an hour, 18.5 hours
       183 × 18.5 × 63 ÷ 7 = £30,469.50 over 183 × 18.5 ÷ 37 = 91.5 full-time days
    B3 team manager: not a case-holding social worker, not counted
    B4 social worker who left before the year: not counted

    (108,040 + 30,469.50) ÷ (365 + 91.5) × 365 = £110,746.92 a year per FTE
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from thrive.cli import main
from thrive.core.roles import Role

pytestmark = pytest.mark.django_db
HEADER = (
    "placement_id,staff_id,agency,job_type,team,start_date,planned_end_date,notice_weeks,"
    "hourly_pay,employer_ni_and_levy,hourly_charge,hours_per_week,covers_post_id,qualified_on,"
    "pq_experience_years,last_permanent_la_code,left_permanent_on,reference_given,"
    "reference_obtained,project_team"
)
ROWS = [
    "B1,X1,Acme,social_worker,{team},2024-10-01,2025-12-31,4,38.00,5.00,56.00,37,,,,,,yes,yes,no",
    "B2,X2,Acme,senior_social_worker,{team},2025-04-01,2025-09-30,4,40.00,6.00,63.00,18.5,,,,,,yes,yes,no",
    "B3,X3,Acme,team_manager,{team},2025-01-01,2025-12-31,4,50.00,7.00,80.00,37,,,,,,yes,yes,no",
    "B4,X4,Acme,social_worker,{team},2023-01-01,2024-09-30,4,28.00,4.00,40.00,37,,,,,,yes,yes,no",
]
ARGS = ["--years", "1", "--runs", "500", "--seed", "1", "--on", "2025-09-30"]


def _inputs(capsys: Any, code: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["projection", "--org", code, *ARGS]) == 0
    out = json.loads(capsys.readouterr().out)
    return {**out["inputs"], "year0_cost": out["years"][0]["agency_cost"]["p50"]}


def test_the_cost_is_worked_from_the_years_placements(
    known: Any, capsys: Any, tmp_path: Path
) -> None:
    from thrive.people.models import Team

    team = Team.objects.filter(organisation=known).order_by("name").first()
    assert team is not None
    path = tmp_path / "placements.csv"
    path.write_text("\n".join([HEADER, *(r.format(team=team.name) for r in ROWS)]) + "\n")
    assert main(["import", "placements", str(path), "--org", known.code]) == 0
    got = _inputs(capsys, known.code)
    assert got["agency_cost_per_fte"] == pytest.approx(110_746.92, abs=0.01)
    assert got["agency_cost_basis"].startswith(
        "from 2 agency social-worker placements in the year to 30 September 2025"
    )
    assert got["year0_cost"] == round(got["agency_fte"] * 110_746.92, -2)


def test_without_placements_the_councils_dated_default_then_the_assumption(
    client: Client, known: Any, capsys: Any
) -> None:
    got = _inputs(capsys, known.code)
    assert got["agency_cost_per_fte"] == 80_000.0
    assert got["agency_cost_basis"].startswith("assumed £80,000 a year: no agency placements")
    client.force_login(make_user(known, Role.HR_RECRUITMENT))
    url = reverse("agency:rules", args=[known.code])
    form = {"change": "cost", "cost-annual_cost": "91000", "cost-source": "Our framework rate"}
    day = {
        "cost-effective_from_0": "1",
        "cost-effective_from_1": "4",
        "cost-effective_from_2": "2025",
    }
    assert client.post(url, {**form, **day}).status_code == 302
    later = {**day, "cost-effective_from_2": "2026"}
    assert client.post(url, {**form, **later, "cost-annual_cost": "99000"}).status_code == 302
    again = client.post(url, {**form, **day})  # the same date twice: refused, said where
    assert again.status_code == 200 and "entered already" in again.content.decode()
    bad = client.post(url, {**form, **later, "cost-annual_cost": "-5"})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    page = client.get(url).content.decode()
    assert "Our framework rate" in page and "91,000" in page and "99,000" in page
    got = _inputs(capsys, known.code)  # on 30 September 2025: the rate from 1 April 2025
    assert got["agency_cost_per_fte"] == 91_000.0
    assert got["agency_cost_basis"] == (
        "no placements in the year: the council's default rate from 1 April 2025 "
        "(Our framework rate)"
    )
    client.force_login(make_user(known, Role.PRACTITIONER))
    assert client.post(url, {**form, **day}).status_code == 403


def test_only_the_councils_agency_managers_enter_its_default_cost_in_the_service(
    known: Any, other_org: Any
) -> None:
    from datetime import date
    from decimal import Decimal

    from django.core.exceptions import PermissionDenied

    from thrive.agency import services
    from thrive.agency.models import AgencyCostRate
    from thrive.core.permissions import access_for

    def add(user: Any, org: Any) -> Any:
        return services.agency_cost_rate_add(
            organisation=org,
            annual_cost=Decimal("91000"),
            effective_from=date(2025, 4, 1),
            actor=user,
            access=access_for(user, known),
        )

    for role in (Role.PARTNERSHIP_LEAD, Role.PRACTITIONER, Role.PRINCIPAL_SOCIAL_WORKER):
        with pytest.raises(PermissionDenied):
            add(make_user(known, role), known)
    manager = make_user(known, Role.HR_RECRUITMENT)
    with pytest.raises(PermissionDenied):  # their own access, another council's record
        add(manager, other_org)
    assert not AgencyCostRate.objects.exists()
    assert add(manager, known).annual_cost == Decimal("91000")
