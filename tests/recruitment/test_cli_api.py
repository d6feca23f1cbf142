"""`thrive recruitment report` and the vacancies endpoint, with the permissions of the person
asking."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_org, make_team, make_user
from tests.recruitment.helpers import apply, move, open_vacancy, recruiter
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.roles import Role
from thrive.recruitment.models import Stage


@pytest.fixture
def recruiting(known: Any) -> Any:
    hr, leader = recruiter(known), make_user(known, Role.SENIOR_LEADER)
    vacancy = open_vacancy(known, hr, leader, post_id="P4")
    for n in range(6):
        a = apply(vacancy, hr, n, "Social media: LinkedIn")
        if n < 2:
            move(a, hr, Stage.SHORTLISTED)
    elsewhere = make_team(known, "Elsewhere Team", service="Elsewhere")
    other = open_vacancy(known, hr, leader, team=elsewhere, title="Far away")
    apply(other, hr, 50, "Armed forces leavers")
    return hr, vacancy, elsewhere


@pytest.mark.django_db
def test_the_report_in_json_hides_small_counts(known: Any, recruiting: Any, capsys: Any) -> None:
    hr, _, _ = recruiting
    code = main(
        ["recruitment", "report", "--org", known.code, "--format", "json", "--as", hr.email]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    linkedin = next(r for r in out["channels"] if r["channel"] == "Social media: LinkedIn")
    assert linkedin["applications"] == "6" and linkedin["shortlisted"] == "fewer than 5"
    assert out["channels"][-1]["applications"] == "7"
    assert out["stages"]["applied"] == "5" and out["stages"]["offered"] == "0"


# The report covers a fixed period (its applications are dated from the suite's day).
@pytest.mark.today("2026-06-17")
@pytest.mark.django_db
def test_the_report_in_csv_for_a_period_and_a_team(
    known: Any, recruiting: Any, capsys: Any
) -> None:
    hr, vacancy, _ = recruiting
    code = main(
        [
            "recruitment",
            "report",
            "--org",
            known.code,
            "--team",
            vacancy.team.name,
            "--from",
            "2026-06-01",
            "--to",
            "2026-06-30",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Social media: LinkedIn,Social media,6,fewer than 5,0,0" in out
    assert "Armed forces leavers,Armed forces leavers,0,0,0,0" in out
    assert main(["recruitment", "report", "--org", known.code, "--from", "2026-07-01"]) == 0
    assert "Every channel,,0,0,0,0" in capsys.readouterr().out
    assert main(["recruitment", "report", "--org", known.code, "--team", "Nowhere"]) == 1
    assert "no team called" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_report_as_someone_refused_or_narrower(
    known: Any, recruiting: Any, capsys: Any
) -> None:
    hr, vacancy, elsewhere = recruiting
    practitioner = make_user(known, Role.PRACTITIONER)
    assert main(["recruitment", "report", "--org", known.code, "--as", practitioner.email]) == 1
    assert "is not allowed to do this" in capsys.readouterr().err
    manager = make_user(known, Role.SERVICE_MANAGER, team=elsewhere, service=elsewhere.service)
    assert (
        main(
            [
                "recruitment",
                "report",
                "--org",
                known.code,
                "--format",
                "json",
                "--as",
                manager.email,
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["channels"][-1]["applications"] == "fewer than 5"
    refused = main(
        [
            "recruitment",
            "report",
            "--org",
            known.code,
            "--team",
            vacancy.team.name,
            "--as",
            manager.email,
        ]
    )
    assert refused == 1 and "may not see the recruitment" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_vacancies_endpoint_follows_the_grants(
    client: Client, known: Any, recruiting: Any
) -> None:
    hr, vacancy, elsewhere = recruiting
    url = f"/api/organisations/{known.code}/recruitment/vacancies/"
    _, key = api_token_create(user=hr, name="t")
    body = client.get(url, HTTP_AUTHORIZATION=f"Token {key}").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert {r["title"] for r in rows} == {"Social worker", "Far away"}
    first = next(r for r in rows if r["title"] == "Social worker")
    assert first["status"] == "open" and first["post_id"] == "P4"
    assert first["team"] == vacancy.team.name and first["salary_max"] == 42000
    manager = make_user(known, Role.SERVICE_MANAGER, team=elsewhere, service=elsewhere.service)
    _, key = api_token_create(user=manager, name="t")
    body = client.get(url, HTTP_AUTHORIZATION=f"Token {key}").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["title"] for r in rows] == ["Far away"]
    practitioner = make_user(known, Role.PRACTITIONER)
    _, key = api_token_create(user=practitioner, name="t")
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 403
    other = make_org("330", "Birmingham")
    _, key = api_token_create(user=recruiter(other), name="t")
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


@pytest.mark.django_db
def test_the_region_report_by_kind_of_channel_hides_what_would_reveal_another_council(
    client: Client, known: Any, recruiting: Any, capsys: Any
) -> None:
    from django.urls import reverse

    from thrive.people.models import Region

    hr, vacancy, _ = recruiting
    for n in range(5):
        apply(vacancy, hr, 100 + n, "Career changers")

    def council(code: str, name: str, region: str, plan: list[tuple[str, int]]) -> None:
        org = make_org(code, name, region=region)
        their_hr, their_leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
        job = open_vacancy(org, their_hr, their_leader, team=make_team(org, "Team"), title="SW")
        n = 200
        for channel_name, count in plan:
            for _ in range(count):
                n += 1
                apply(job, their_hr, n, channel_name)

    council(
        "330",
        "Birmingham",
        Region.WEST_MIDLANDS,
        [("Social media: Facebook", 7), ("University job fair", 2), ("Career changers", 2)],
    )
    council("202", "Camden", Region.LONDON, [("Social media: LinkedIn", 9)])
    code = main(
        ["recruitment", "report", "--org", known.code, "--region", "--format", "json"]
        + ["--as", hr.email]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["councils"] == 2  # Coventry and Birmingham; Camden is in London
    rows = {r["kind"]: r for r in out["channels"]}
    social = rows["Social media"]
    # Coventry 6 on LinkedIn, Birmingham 7 on Facebook: one kind, 13 in the region.
    assert (social["councils"], social["region_applications"], social["own_applications"]) == (
        2,
        "13",
        "6",
    )
    # Career changers: 5 here and 2 at Birmingham: the region's 7 would give the 2 away.
    changers = rows["Career changers"]
    assert (changers["region_applications"], changers["own_applications"]) == (
        "fewer than 5",
        "5",
    )
    fair = rows["University job fair"]
    assert (fair["region_applications"], fair["own_applications"]) == ("fewer than 5", "0")
    forces = rows["Armed forces leavers"]
    assert (forces["region_applications"], forces["own_applications"]) == (
        "fewer than 5",
        "fewer than 5",
    )
    every = rows["Every channel"]
    assert (every["region_applications"], every["own_applications"]) == ("23", "12")
    assert every["region_shortlisted"] == "fewer than 5"  # 2, all Coventry's
    # The page, for whole-council readers only.
    url = reverse("recruitment:channels_region", args=[known.code])
    client.force_login(hr)
    page = client.get(url)
    assert page.status_code == 200 and "13, 6" in page.text and "Birmingham" not in page.text
    manager = make_user(known, Role.SERVICE_MANAGER, email="sm2@example.org")
    client.force_login(manager)
    assert client.get(url).status_code == 403
