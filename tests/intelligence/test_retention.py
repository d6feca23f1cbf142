"""Retention of a council imported from a real staff file (data/retention_staff.csv): the same
eight tenures as tests/analytics/test_retention.py, worked by hand there, through the import, the
CLI, the API, the page and the workbook.

Hal Hunt's two spells (a promotion on 1 February 2024) are one tenure; the agency worker is not
counted. So: 8 people, 4 leavers, still in post after 1, 2 and 3 years 75%, 60%, 40%; median
tenure 800 days = 2.19 years; 2 of 7 left within twelve months (28.6%).
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.roles import Role
from thrive.people.imports import run_import

DATA = Path(__file__).parent / "data"
pytestmark = [pytest.mark.today("2026-01-01"), pytest.mark.django_db]


@pytest.fixture
def council(org: Any) -> Any:
    report = run_import(
        kind="staff",
        organisation=org,
        filename="staff.csv",
        content=(DATA / "retention_staff.csv").read_bytes(),
    )
    assert report.ok, report.summary()
    return org


def test_cli_json_matches_the_hand_worked_table(council: Any, capsys: Any) -> None:
    capsys.readouterr()
    assert main(["retention", "--org", council.code, "--by", "all"]) == 0
    out = json.loads(capsys.readouterr().out)
    (g,) = out["groups"]
    assert (g["at_risk"], g["leavers"], g["in_post"]) == (8, 4, 4)
    assert [g["survival"][h]["estimate"] for h in ("1", "2", "3")] == [0.75, 0.6, 0.4]
    assert g["survival"]["5"] is None and g["survival_notes"]["5"] == "not followed that long"
    assert (g["survival"]["1"]["low"], g["survival"]["1"]["high"]) == pytest.approx(
        (0.3148, 0.9309), abs=2e-4
    )
    assert g["median_years"] == 2.19
    assert (g["early_leavers"], g["early_base"], g["early_leaver_rate"]) == (2, 7, 28.6)
    # Four leavers: three to another English LA, one to an agency — both under five, hidden.
    assert [(d["code"], d["count"]) for d in out["destinations"]] == [(1, None), (3, None)]


def test_cli_by_start_origin_hides_groups_under_five_as_csv(council: Any, capsys: Any) -> None:
    capsys.readouterr()
    assert (
        main(["retention", "--org", council.code, "--by", "start_origin", "--format", "csv"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("group,at_risk,leavers,in_post,survival_1y,survival_1y_low")
    # Four newly qualified and four from another LA: both under five, so nothing but names.
    assert [line.split(",")[0] for line in lines[1:]] == [
        "Newly qualified",
        "Social work role in a different English local authority",
    ]
    assert all(line.split(",")[1] == "" and "fewer than five people" in line for line in lines[1:])


def test_retention_set_and_apply_still_work_beside_it(council: Any, capsys: Any) -> None:
    assert main(["retention", "apply", "--org", council.code, "--dry-run"]) == 0
    assert main(["retention"]) == 1
    assert "Say which council" in capsys.readouterr().err


def test_api_and_its_refusals(client: Client, council: Any, other_org: Any) -> None:
    _, key = api_token_create(user=make_user(council, Role.SENIOR_LEADER), name="t")
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
    url = f"/api/organisations/{council.code}/retention/"
    data = client.get(url, {"by": "all", "on": "2026-01-01"}, **auth).json()
    assert data["groups"][0]["survival"]["2"]["estimate"] == 0.6
    assert client.get(url, {"by": "shoe_size"}, **auth).status_code == 400
    assert client.get(url, {"on": "yesterday"}, **auth).status_code == 400
    other = f"/api/organisations/{other_org.code}/retention/"
    assert client.get(other, **auth).status_code == 403


def test_a_manager_of_another_team_sees_none_of_these_people(client: Client, council: Any) -> None:
    elsewhere = make_team(council, "South Team")
    _, key = api_token_create(user=make_user(council, Role.TEAM_MANAGER, team=elsewhere), name="t")
    data = client.get(
        f"/api/organisations/{council.code}/retention/",
        {"by": "all"},
        HTTP_AUTHORIZATION=f"Token {key}",
    ).json()
    assert data["groups"] == []


def test_page_shows_chart_table_and_downloads_a_formatted_workbook(
    client: Client, council: Any
) -> None:
    from openpyxl import load_workbook

    client.force_login(make_user(council, Role.SENIOR_LEADER))
    url = reverse("intelligence:retention", args=[council.code])
    text = client.get(url, {"by": "all"}).content.decode()
    assert text.count("<svg") == 1 and "Retention by all permanent social workers" in text
    assert ">75.0<" in text and ">60.0<" in text and ">40.0<" in text and ">2.19<" in text
    assert ">28.6<" in text and "fewer than 5" in text
    response = client.get(url, {"by": "all", "format": "xlsx"})
    assert response["Content-Disposition"].endswith('_all_2026-01-01.xlsx"')
    book = load_workbook(BytesIO(response.content))
    sheet = book["Retention"]
    assert sheet.freeze_panes == "B3"
    row = [c.value for c in sheet[3]]
    assert row[:7] == ["All permanent social workers", 8, 4, 4, 75.0, 31.5, 93.1]
    assert sheet.cell(3, 5).number_format == "0.0"
    assert book["Curves"]._charts and book["Leavers"]["B2"].value == "fewer than 5"


def test_practitioners_are_refused(client: Client, council: Any) -> None:
    client.force_login(make_user(council, Role.PRACTITIONER))
    assert client.get(reverse("intelligence:retention", args=[council.code])).status_code == 403


def test_by_academy_reads_the_academy_areas_enrolments_everywhere(
    client: Client, council: Any, capsys: Any
) -> None:
    """Everyone enrolled in the academy on their first day: one group, "Through the council's
    academy", with the hand-worked figures, from the CLI, the API, the page and the workbook."""
    from openpyxl import load_workbook

    from thrive.academy.models import Enrolment
    from thrive.academy.services import cohort_add, enrol
    from thrive.people.models import EmploymentSpell

    lead = make_user(council, Role.WORKFORCE_DEVELOPMENT)
    cohort = cohort_add(organisation=council, name="Intake", starts_on=_d("2022-01-01"), actor=lead)
    enrolled = set(Enrolment.objects.filter(organisation=council).values_list("person", flat=True))
    for spell in EmploymentSpell.objects.filter(organisation=council, contract="permanent"):
        if spell.person_id not in enrolled:
            enrolled.add(spell.person_id)
            enrol(person=spell.person, cohort=cohort, started_on=spell.start_date, actor=lead)
    capsys.readouterr()
    assert main(["retention", "--org", council.code, "--by", "academy"]) == 0
    (g,) = json.loads(capsys.readouterr().out)["groups"]
    assert g["group"] == "Through the council's academy"
    assert (g["at_risk"], g["leavers"], g["in_post"], g["median_years"]) == (8, 4, 4, 2.19)
    _, key = api_token_create(user=make_user(council, Role.SENIOR_LEADER), name="t")
    data = client.get(
        f"/api/organisations/{council.code}/retention/",
        {"by": "academy"},
        HTTP_AUTHORIZATION=f"Token {key}",
    ).json()
    assert [x["survival"]["2"]["estimate"] for x in data["groups"]] == [0.6]
    client.force_login(make_user(council, Role.SENIOR_LEADER))
    url = reverse("intelligence:retention", args=[council.code])
    text = client.get(url, {"by": "academy"}).content.decode()
    assert "Through the academy or not" in text and "Through the council&#x27;s academy" in text
    book = load_workbook(BytesIO(client.get(url, {"by": "academy", "format": "xlsx"}).content))
    assert book["Retention"]["A3"].value == "Through the council's academy"


def _d(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)
