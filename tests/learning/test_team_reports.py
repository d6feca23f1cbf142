"""Council-wide learning views: mandatory learning gaps by team with drill-down, CPD status by team
against the registration year with filters, their CSV and Excel files, and who may see them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import make_org, make_team, make_user
from tests.learning.conftest import Org, item
from tests.supervision.conftest import person
from thrive.core import clock
from thrive.core.roles import Role
from thrive.learning.models import Booking, CpdRecord, LearningItem, LearningSession
from thrive.learning.registration import AT_RISK, NOT_STARTED, ON_TRACK
from thrive.learning.team_reports import cpd_status_by_team, mandatory_gaps_by_team
from thrive.people.models import StaffMember, Team


@dataclass
class Council:
    c: Org
    court: Team
    other_sol: StaffMember
    refresher: LearningItem
    psw: Any
    wfd: Any


def attended(it: LearningItem, who: StaffMember, on: date) -> None:
    start = timezone.make_aware(datetime.combine(on, datetime.min.time().replace(hour=9)))
    session = LearningSession.objects.create(
        organisation=it.organisation,
        item=it,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        capacity=20,
    )
    Booking.objects.create(
        organisation=it.organisation, session=session, person=who, status="booked", attended=True
    )


def cpd(who: StaffMember, on: date, peer: bool = False) -> None:
    CpdRecord.objects.create(
        organisation=who.organisation,
        person=who,
        cpd_type="reading",
        title="Reading",
        on=on,
        hours=Decimal(1),
        peer_reflected=peer,
        peer_name="Sam" if peer else "",
    )


@pytest.fixture
def wide(council: Org) -> Council:
    """Two teams in two services: Assessment Team 1 (Nia, Sol, Mo) and the Court Team, whose
    Sol Test shares a name with Assessment's; a refresher mandatory for everyone."""
    court = make_team(council.org, "Court Team", service="Family Help")
    other_sol = person(council.org, court, "300001", "Sol")
    refresher = item(council.org, "Safeguarding refresher", mandatory=True, renewal_months=12)
    today = clock.today()
    attended(refresher, council.senior, today - timedelta(days=330))  # runs out within 60 days
    attended(refresher, other_sol, today - timedelta(days=400))  # ran out
    return Council(
        c=council,
        court=court,
        other_sol=other_sol,
        refresher=refresher,
        psw=make_user(council.org, Role.PRINCIPAL_SOCIAL_WORKER),
        wfd=make_user(council.org, Role.WORKFORCE_DEVELOPMENT),
    )


def _url(name: str, w: Council, **query: Any) -> str:
    url = reverse(f"learning:{name}", args=[w.c.org.code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.django_db
def test_gaps_are_counted_per_team_and_item_with_the_rule(wide: Council) -> None:
    report = mandatory_gaps_by_team(wide.c.org, clock.today())
    assessment, court = report.team(wide.c.team.pk), report.team(wide.court.pk)
    assert assessment is not None and court is not None
    a, c = assessment.counts[wide.refresher.pk], court.counts[wide.refresher.pk]
    assert (a.applies, a.missing, a.running_out) == (3, 2, 1)  # Nia and Mo never; Sol soon
    assert (c.applies, c.missing, c.running_out) == (1, 1, 0)  # the other Sol ran out
    assert report.rules[wide.refresher.pk] == (
        "Mandatory for everyone in post; renewed every 12 months"
    )
    assert (report.people, report.with_gaps) == (4, 4)
    assert report.repeated_names == {wide.c.senior.pk, wide.other_sol.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["psw", "wfd"])
def test_the_psw_and_workforce_development_see_every_team_and_drill_down(
    wide: Council, client: Client, who: str
) -> None:
    client.force_login(getattr(wide, who))
    page = client.get(_url("team", wide)).content.decode()
    assert "Assessment Team 1" in page and "Court Team" in page
    assert "2 of 3" in page and "1 of 1" in page
    assert "Mandatory for everyone in post; renewed every 12 months" in page
    assert "Nia Test" not in page  # names only on drill-down
    page = client.get(_url("team", wide, team=wide.court.pk)).content.decode()
    person_url = reverse("people:person", args=[wide.c.org.code, wide.other_sol.pk])
    assert f'href="{person_url}"' in page
    assert "(staff ID 300001)" in page  # two Sol Tests in the council
    assert "Safeguarding refresher (ran out" in page
    assert "Nia Test" not in page


@pytest.mark.django_db
def test_a_team_manager_keeps_their_own_team_only(wide: Council, client: Client) -> None:
    client.force_login(wide.c.manager_user)
    response = client.get(_url("team", wide))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nia Test" in page and "Court Team" not in page  # straight to their one team
    assert client.get(_url("team", wide, team=wide.court.pk)).status_code == 404
    body = client.get(_url("team", wide, format="csv")).content.decode("utf-8-sig")
    assert "300001" not in body and "200001" in body
    assert client.get(_url("team", wide, team="x")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.HR_RECRUITMENT, Role.SENIOR_LEADER, Role.PARTNER]
)
def test_people_without_the_capability_are_refused(
    wide: Council, client: Client, role: str
) -> None:
    client.force_login(make_user(wide.c.org, role, team=wide.c.team))
    assert client.get(_url("team", wide)).status_code == 403
    assert client.get(_url("team", wide, format="xlsx")).status_code == 403


@pytest.mark.django_db
def test_another_councils_psw_is_refused(wide: Council, client: Client) -> None:
    elsewhere = make_org("330", "Birmingham")
    client.force_login(make_user(elsewhere, Role.PRINCIPAL_SOCIAL_WORKER))
    assert client.get(_url("team", wide)).status_code == 403
    assert client.get(_url("cpd_team", wide)).status_code == 403


@pytest.mark.django_db
def test_gaps_as_csv_and_excel(wide: Council, client: Client) -> None:
    client.force_login(wide.psw)
    teams = list(
        csv.reader(
            io.StringIO(
                client.get(_url("team", wide, table="teams", format="csv")).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert teams[0][:2] == ["Team", "Mandatory item"]
    assert teams[1] == [
        "Assessment Team 1",
        "Safeguarding refresher",
        "Mandatory for everyone in post; renewed every 12 months",
        "3",
        "2",
        "1",
    ]
    response = client.get(_url("team", wide, format="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["By team", "People", "Rules"]
    sheet = book["By team"]
    assert sheet.freeze_panes == "C2" and sheet["A1"].font.bold
    assert [c.value for c in sheet[3]][:5] == ["Court Team", "Safeguarding refresher"] + [
        "Mandatory for everyone in post; renewed every 12 months",
        1,
        1,
    ]
    assert sheet["D2"].number_format == "#,##0"
    people = book["People"]
    assert {r[0] for r in people.iter_rows(min_row=2, values_only=True)} == {
        "200001",
        "200002",
        "200003",
        "300001",
    }


@pytest.mark.django_db
@pytest.mark.today("2026-06-17")  # registration year 1 Dec 2025 - 30 Nov 2026; 166 days to go
def test_cpd_status_by_team_in_the_middle_of_the_year(wide: Council, client: Client) -> None:
    cpd(wide.c.senior, date(2026, 1, 10), peer=True)
    cpd(wide.c.senior, date(2026, 2, 10))  # met
    cpd(wide.c.manager, date(2026, 3, 1))  # started, more than 120 days to go
    cpd(wide.other_sol, date(2025, 11, 1))  # last year's: not started this year
    report = cpd_status_by_team(wide.c.org, clock.today())
    status = {r.person.pk: r.check.status for r in report.rows}
    assert status == {
        wide.c.senior.pk: ON_TRACK,
        wide.c.manager.pk: ON_TRACK,
        wide.c.nqsw.pk: NOT_STARTED,
        wide.other_sol.pk: NOT_STARTED,
    }
    client.force_login(wide.wfd)
    page = client.get(_url("cpd_team", wide)).content.decode()
    assert "1 December 2025 to 30 November 2026" in page
    assert "has no finished CPD record this registration year" in page
    assert "Court Team" in page and "(staff ID 300001)" in page
    page = client.get(_url("cpd_team", wide, status="not_started")).content.decode()
    people = page.split('id="people"')[1]
    assert "Nia Test" in people and "Mo Test" not in people
    page = client.get(_url("cpd_team", wide, team=wide.court.pk)).content.decode()
    people = page.split('id="people"')[1]
    assert "Court Team" in people and "Nia Test" not in people


@pytest.mark.django_db
@pytest.mark.today("2026-09-10")  # inside the renewal window
def test_cpd_short_of_the_rule_in_the_renewal_window_is_at_risk(wide: Council) -> None:
    cpd(wide.c.manager, date(2026, 3, 1))
    report = cpd_status_by_team(wide.c.org, clock.today())
    status = {r.person.pk: r.check.status for r in report.rows}
    assert status[wide.c.manager.pk] == AT_RISK
    assert status[wide.c.nqsw.pk] == NOT_STARTED
    team = next(t for t in report.teams if t.team == wide.c.team)
    assert (team.on_track, team.at_risk, team.not_started) == (0, 1, 2)


@pytest.mark.django_db
@pytest.mark.today("2026-12-01")  # a new registration year: last year's records do not count
def test_cpd_on_the_first_day_of_a_registration_year(wide: Council) -> None:
    cpd(wide.c.senior, date(2026, 1, 10), peer=True)
    cpd(wide.c.senior, date(2026, 2, 10))
    report = cpd_status_by_team(wide.c.org, clock.today())
    assert report.year_label == "1 December 2026 to 30 November 2027"
    assert {r.check.status for r in report.rows} == {NOT_STARTED}


@pytest.mark.django_db
def test_cpd_by_team_as_csv_and_excel(wide: Council, client: Client) -> None:
    cpd(wide.c.senior, clock.today() - timedelta(days=1))
    client.force_login(wide.psw)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(_url("cpd_team", wide, table="teams", format="csv")).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0] == [
        "Team",
        "Social workers",
        "On track",
        "Of whom met the rule",
        "At risk",
        "Not started",
    ]
    assert rows[-1][:2] == ["All teams", "4"]
    response = client.get(_url("cpd_team", wide, status="not_started", format="xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["By team", "People", "Definitions"]
    people = book["People"]
    assert people.freeze_panes == "C2" and people["A1"].font.bold
    statuses = {r[5] for r in people.iter_rows(min_row=2, values_only=True)}
    assert statuses == {"Not started"}
    assert people["D2"].number_format == "#,##0"


@pytest.mark.django_db
def test_cpd_by_team_refuses_practitioners_and_other_teams(wide: Council, client: Client) -> None:
    client.force_login(wide.c.senior_user)
    assert client.get(_url("cpd_team", wide)).status_code == 403
    client.force_login(wide.c.manager_user)
    page = client.get(_url("cpd_team", wide)).content.decode()
    assert "Court Team" not in page and "Nia Test" in page
    assert client.get(_url("cpd_team", wide, team=wide.court.pk)).status_code == 404


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_number_of_people(wide: Council, client: Client) -> None:
    client.force_login(wide.psw)
    urls = [
        _url("team", wide),
        _url("team", wide, team=wide.c.team.pk),
        _url("cpd_team", wide),
        _url("team", wide, format="xlsx"),
        _url("cpd_team", wide, format="csv"),
    ]
    client.get(urls[0])  # the first visit records the council as the user's last
    before = [_queries(client, u) for u in urls]
    for n in range(12):
        who = person(wide.c.org, wide.court if n % 2 else wide.c.team, f"40{n:04d}", f"P{n}")
        attended(wide.refresher, who, clock.today() - timedelta(days=30))
        cpd(who, clock.today() - timedelta(days=1))
    assert [_queries(client, u) for u in urls] == before


@pytest.mark.django_db
@pytest.mark.today("2026-06-17")
def test_the_at_risk_days_are_an_editable_dated_rule(wide: Council, client: Client) -> None:
    cpd(wide.c.manager, date(2026, 3, 1))
    client.force_login(wide.wfd)
    data = {
        "effective_from_0": "1",
        "effective_from_1": "6",
        "effective_from_2": "2026",
        "year_start_day": "1",
        "year_start_month": "12",
        "renewal_window_start_day": "1",
        "renewal_window_start_month": "9",
        "minimum_records": "2",
        "minimum_peer_reflected": "1",
        "at_risk_days": "200",
    }
    assert client.post(_url("cpd_rules", wide), data).status_code == 302
    report = cpd_status_by_team(wide.c.org, clock.today())
    assert {r.person.pk: r.check.status for r in report.rows}[wide.c.manager.pk] == AT_RISK
    page = client.get(_url("cpd_team", wide)).content.decode()
    assert "fewer than 200 days to the year&#x27;s end" in page


def _api(client: Client, user: Any, path: str) -> Any:
    from thrive.accounts.services import api_token_create

    _, key = api_token_create(user=user, name="t")
    return client.get(path, headers={"Authorization": f"Token {key}"})


@pytest.mark.django_db
@pytest.mark.today("2026-06-17")
def test_the_api_gives_the_same_figures_to_the_same_people(wide: Council, client: Client) -> None:
    cpd(wide.c.senior, date(2026, 1, 10), peer=True)
    cpd(wide.c.senior, date(2026, 2, 10))
    base = f"/api/organisations/{wide.c.org.code}/"
    gaps = _api(client, wide.psw, f"{base}learning/gaps/").json()
    assert gaps["items"] == [
        {
            "id": wide.refresher.pk,
            "title": "Safeguarding refresher",
            "rule": "Mandatory for everyone in post; renewed every 12 months",
        }
    ]
    by_team = {t["team"]: t for t in gaps["teams"]}
    assert by_team["Assessment Team 1"]["items"] == [
        {"item_id": wide.refresher.pk, "applies": 3, "missing": 2, "running_out": 1}
    ]
    assert len(gaps["people"]) == 4
    court = _api(client, wide.wfd, f"{base}learning/gaps/?team={wide.court.pk}").json()
    assert [p["staff_id"] for p in court["people"]] == ["300001"]
    assert court["people"][0]["missing"] == [wide.refresher.pk]
    cpd_teams = _api(client, wide.wfd, f"{base}cpd/teams/").json()
    assert cpd_teams["year_end"] == "2026-11-30"
    assert set(cpd_teams["definitions"]) == {"on_track", "at_risk", "not_started"}
    assert cpd_teams["all_teams"] == {
        "team_id": None,
        "team": "All teams",
        "social_workers": 4,
        "on_track": 1,
        "met": 1,
        "at_risk": 0,
        "not_started": 3,
    }
    started = _api(client, wide.psw, f"{base}cpd/teams/?status=not_started").json()["people"]
    assert {p["staff_id"] for p in started} == {"200001", "200003", "300001"}
    assert _api(client, wide.psw, f"{base}cpd/teams/?status=late").status_code == 400


@pytest.mark.django_db
def test_the_api_refuses_whom_the_pages_refuse(wide: Council, client: Client) -> None:
    base = f"/api/organisations/{wide.c.org.code}/"
    for user in (wide.c.senior_user, make_user(wide.c.org, Role.HR_RECRUITMENT)):
        assert _api(client, user, f"{base}learning/gaps/").status_code == 403
        assert _api(client, user, f"{base}cpd/teams/").status_code == 403
    manager = wide.c.manager_user
    mine = _api(client, manager, f"{base}learning/gaps/").json()
    assert [t["team"] for t in mine["teams"]] == ["Assessment Team 1"]
    assert "300001" not in {p["staff_id"] for p in mine["people"]}
    assert _api(client, manager, f"{base}learning/gaps/?team={wide.court.pk}").status_code == 404
    assert _api(client, manager, f"{base}cpd/teams/?team={wide.court.pk}").status_code == 404
    elsewhere = make_user(make_org("330", "Birmingham"), Role.PRINCIPAL_SOCIAL_WORKER)
    assert _api(client, elsewhere, f"{base}learning/gaps/").status_code == 403


@pytest.mark.django_db
@pytest.mark.today("2026-06-17")
def test_the_command_line_gives_the_same_figures(
    wide: Council, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from thrive.cli import main

    code = wide.c.org.code
    assert main(["learning", "gaps", "--org", code, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][0] == "Assessment Team 1" and rows[1][3:] == ["3", "2", "1"]
    out = tmp_path / "cpd.xlsx"
    assert main(["learning", "cpd", "--org", code, "--out", str(out), "--as", wide.psw.email]) == 0
    assert load_workbook(out)["By team"]["A4"].value == "All teams"
    assert main(["learning", "cpd", "--org", code]) == 0
    assert "All teams: 4 social workers, 0 on track (0 met), 0 at risk, 4 not started" in (
        capsys.readouterr().out
    )
    manager = wide.c.manager_user.email
    args = ["learning", "gaps", "--org", code, "--as", manager, "--team", "Court Team"]
    assert main(args) == 1
    assert "no team called 'Court Team' that you may see" in capsys.readouterr().err
    assert main(["learning", "cpd", "--org", code, "--as", wide.c.senior_user.email]) == 1
    assert main(["learning", "gaps", "--org", code, "--as", wide.c.senior_user.email]) == 1


@pytest.mark.django_db
def test_a_rule_for_some_professions_and_stages_reads_as_words(council: Org) -> None:
    from thrive.learning.team_reports import mandatory_rule

    restraint = item(
        council.org,
        "Safe restraint",
        mandatory=True,
        renewal_months=36,
        professions=["family_support", "residential"],
        career_stages=["other"],
    )
    assert mandatory_rule(restraint) == (
        "Mandatory for family support workers or residential workers at stage other "
        "professions in the service; renewed every 36 months"
    )


@pytest.mark.django_db
def test_a_service_manager_sees_the_teams_of_their_service_only(
    wide: Council, client: Client
) -> None:
    same_service = make_team(wide.c.org, "Assessment Team 2")
    person(wide.c.org, same_service, "500001", "Ada")
    client.force_login(make_user(wide.c.org, Role.SERVICE_MANAGER, service=wide.c.team.service))
    page = client.get(_url("team", wide)).content.decode()
    assert "Assessment Team 1" in page and "Assessment Team 2" in page
    assert "Court Team" not in page
    page = client.get(_url("cpd_team", wide)).content.decode()
    assert "Assessment Team 2" in page and "Court Team" not in page


@pytest.mark.django_db
def test_a_team_page_counts_gaps_as_the_gaps_page_does_and_links_to_its_names(
    wide: Council, client: Client
) -> None:
    client.force_login(wide.psw)
    url = reverse("people:team", args=[wide.c.org.code, wide.c.team.pk])
    page = client.get(url).content.decode()
    assert "3 of 3 people have something missing or running out" in page
    assert f"{_url('team', wide)}?team={wide.c.team.pk}#people" in page
