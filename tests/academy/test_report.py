"""`thrive academy report` against a hand-worked Kaplan–Meier, and the academy endpoints.

The 2022 intake: six newly qualified social workers who started on 3 January 2022. Three left,
after 182, 436 and 546 days (0.498, 1.194 and 1.495 years); three are still here on 17 June 2026
(4.45 years, censored). By hand (Kaplan–Meier, the product of (n - d) / n at each leaving):
S(1) = 5/6 = 0.8333; S(2) = 5/6 x 4/5 x 3/4 = 0.5; S(3) = 0.5 (no one left in the third year).
The 95% interval is the exponential Greenwood one: with V = sum d / (n (n - d)) / ln(S)^2,
limits exp(-exp(ln(-ln S) +- 1.96 sqrt(V))). At 1 year the sum is 1/30, giving 0.2731 to 0.9747;
at 2 and 3 years it is 1/30 + 1/20 + 1/12, giving 0.1109 to 0.8037.

The comparators: five social workers who joined qualified in 2022, one of whom left after 912
days (2.497 years). S(1) = S(2) = 1; S(3) = 4/5 = 0.8, interval (sum 1/20) 0.2038 to 0.9692.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.academy.helpers import Council
from tests.factories import make_org, make_staff, make_team, make_user
from thrive.academy.report import _hide_by_difference, kaplan_meier
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.roles import Role
from thrive.people.services import spell_end

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


def _leave(person: Any, on: date) -> None:
    spell = person.spells.get()
    spell_end(spell=spell, end_date=on, leaving_reason=3, leaver_destination=1, version=None)


def _council() -> Any:
    org = make_org("332", "Council 332")
    team = make_team(org, "Assessment Team")
    start = date(2022, 1, 3)
    for n, left in enumerate(
        [date(2022, 7, 4), date(2023, 3, 15), date(2023, 7, 3), None, None, None]
    ):
        p = make_staff(org, staff_id=f"NQ{n}", team=team, start_date=start, start_origin=1)
        if left:
            _leave(p, left)
    for n in range(5):
        p = make_staff(org, staff_id=f"Q{n}", team=team, start_date=start, start_origin=2)
        if n == 0:
            _leave(p, date(2024, 7, 3))
    # A small 2023 intake (shown only as a count) and a Step Up graduate from before.
    for n in range(2):
        make_staff(org, staff_id=f"S{n}", team=team, start_date=date(2023, 9, 4), start_origin=1)
    make_staff(
        org,
        staff_id="SU",
        team=team,
        start_date=date(2019, 9, 2),
        start_origin=2,
        step_up_grad=True,
    )
    return org


def test_kaplan_meier_by_hand() -> None:
    years = [0.498289, 1.193703, 1.494867, 4.451745, 4.451745, 4.451745]
    curve = kaplan_meier("x", years, [1, 1, 1, 0, 0, 0])
    got = [(p.years, p.retained, p.low, p.high) for p in curve.points]
    assert got == [
        (1, 0.8333, 0.2731, 0.9747),
        (2, 0.5, 0.1109, 0.8037),
        (3, 0.5, 0.1109, 0.8037),
    ]
    assert kaplan_meier("few", [1.0, 2.0], [1, 0]).suppressed
    short = kaplan_meier("new", [0.5] * 5, [0] * 5)
    assert [p.retained for p in short.points] == [None, None, None]


def test_the_report_in_json_retention_by_cohort_and_grown_our_own(capsys: Any) -> None:
    org = _council()
    assert main(["academy", "report", "--org", org.code, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_year = {r["year"]: r for r in data["retention"]}
    cohort = by_year[2022]["cohort"]
    assert (cohort["n"], cohort["left"]) == (6, 3)
    assert cohort["retention"]["1y"] == {"retained": 0.8333, "low": 0.2731, "high": 0.9747}
    assert cohort["retention"]["3y"] == {"retained": 0.5, "low": 0.1109, "high": 0.8037}
    comparators = by_year[2022]["comparators"]
    assert comparators["n"] == 5
    assert comparators["retention"]["3y"] == {"retained": 0.8, "low": 0.2038, "high": 0.9692}
    assert by_year[2023]["cohort"] == {
        "label": "2023 academy cohort",
        "n": 2,
        "left": None,
        "suppressed": True,
        "retention": {f"{y}y": {"retained": None, "low": None, "high": None} for y in (1, 2, 3)},
    }
    # In post today: 3 of the 2022 intake, 4 comparators, 2 of the 2023 intake, the Step Up
    # graduate: 10 social workers, 6 grown (5 through the academy, 1 Step Up).
    grown = data["grown_our_own"]
    assert (grown["social_workers"], grown["grown"], grown["share"]) == (10, 6, 0.6)
    # One Step Up graduate is a group under five: hidden, and the academy's 5 with it (the
    # council's 6 less 5 would give the 1 away); the routes nobody came by show 0.
    assert grown["routes"] == {
        "academy": None,
        "step_up": None,
        "frontline": 0,
        "apprentice": 0,
        "internal": 0,
    }
    assert grown["by_team"] == [
        {"team": "Assessment Team", "social_workers": 10, "grown": 6, "share": 0.6}
    ]


def test_the_report_in_csv_and_refused_to_a_practitioner(capsys: Any) -> None:
    org = _council()
    assert main(["academy", "report", "--org", org.code, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["section", "name", "measure", "value", "low", "high"]
    assert ["retention", "2022 academy cohort", "retained_2y", "0.5", "0.1109", "0.8037"] in rows
    assert ["grown_our_own", "council", "share", "0.6", "", ""] in rows
    practitioner = make_user(org, Role.PRACTITIONER)
    assert main(["academy", "report", "--org", org.code, "--as", practitioner.email]) == 1
    assert "is not allowed to do this" in capsys.readouterr().err


def test_the_enrol_command(capsys: Any) -> None:
    c = Council()
    assert main(["academy", "enrol", "--org", c.org.code, "--as", c.lead.email]) == 0
    out = capsys.readouterr().out
    assert "NQ1  Nia Newly  January 2026 intake  from 2026-01-05" in out
    assert "Enrolled 1 newly qualified social worker." in out


def test_the_endpoints_own_asye_and_the_leads_cohorts(client: Client) -> None:
    c = Council()
    e = c.enrol()
    base = f"/api/organisations/{c.org.code}/academy/"
    _, key = api_token_create(user=c.nqsw_user, name="t")
    mine = client.get(base + "asye/mine/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert (
        mine["enrolled"] is True
        and mine["cohort"] == "January 2026 intake"
        and mine["evidence_need"] == 12
    )
    assert [r["due_on"] for r in mine["reviews"]] == ["2026-04-05", "2026-07-05", "2027-01-05"]
    assert mine["reviews_overdue"] == 1 and mine["development_due"] == "86.2"
    assert client.get(base + "cohorts/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 403
    _, lead_key = api_token_create(user=c.lead, name="t")
    body = client.get(base + "cohorts/", HTTP_AUTHORIZATION=f"Token {lead_key}").json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    assert [(r["name"], r["enrolled"]) for r in rows] == [("January 2026 intake", 1)]
    one = client.get(
        base + f"cohorts/{e.cohort_id}/", HTTP_AUTHORIZATION=f"Token {lead_key}"
    ).json()
    assert [m["person"] for m in one["members"]] == ["Nia Newly"]
    _, other_key = api_token_create(user=c.assessor_user, name="t")
    assert (
        client.get(base + "asye/mine/", HTTP_AUTHORIZATION=f"Token {other_key}").status_code == 404
    )


def test_the_cohorts_page_shows_retention_by_cohort_and_grown_our_own_by_team(
    client: Client,
) -> None:
    """The same hand-worked figures as the report, on the academy lead's page, and the API."""
    org = _council()
    lead = make_user(org, Role.WORKFORCE_DEVELOPMENT)
    client.force_login(lead)
    page = client.get(reverse("academy:cohorts", args=[org.code])).content.decode()
    assert 'id="retention-by-cohort-title"' in page and 'id="retention-table"' in page
    one_year = page.index("83.3% (27.3% to 97.5%)")
    assert page.index("50.0% (11.1% to 80.4%)") > one_year
    # The comparators' third year; the 2023 intake of two shows only that it is under five.
    assert "80.0% (20.4% to 96.9%)" in page and "Fewer than five" in page
    assert 'id="grown-by-team"' in page and "Assessment Team" in page and "60%" in page
    _, key = api_token_create(user=lead, name="t")
    body = client.get(
        f"/api/organisations/{org.code}/academy/report/", HTTP_AUTHORIZATION=f"Token {key}"
    ).json()
    by_year = {r["year"]: r for r in body["retention"]}
    assert by_year[2022]["cohort"]["retention"]["1y"] == {
        "retained": 0.8333,
        "low": 0.2731,
        "high": 0.9747,
    }
    assert body["grown_our_own"]["share"] == 0.6
    practitioner = make_user(org, Role.PRACTITIONER)
    _, other = api_token_create(user=practitioner, name="t")
    assert (
        client.get(
            f"/api/organisations/{org.code}/academy/report/",
            HTTP_AUTHORIZATION=f"Token {other}",
        ).status_code
        == 403
    )


def _team(name: str, people: int, grown: int) -> dict[str, Any]:
    shown = people >= 5
    return {
        "team": name,
        "social_workers": people,
        "grown": grown if shown else None,
        "share": round(grown / people, 3) if shown else None,
    }


def test_a_team_under_five_cannot_be_worked_out_from_the_council_less_the_others() -> None:
    """Council 22 social workers, 11 grown: A 12 (6), B 7 (3), C 3 (2). C is hidden, but
    11 - 6 - 3 would give its 2: B, the smallest shown, is hidden too (B and C together: 10
    people, 5 grown)."""
    teams = [_team("A", 12, 6), _team("B", 7, 3), _team("C", 3, 2)]
    _hide_by_difference(teams)
    assert [(t["team"], t["grown"]) for t in teams] == [("A", 6), ("B", None), ("C", None)]
    # Two hidden teams of three: together six, which is a group of five or more; nothing else.
    teams = [_team("A", 12, 6), _team("B", 3, 1), _team("C", 3, 2)]
    _hide_by_difference(teams)
    assert [(t["team"], t["grown"]) for t in teams] == [("A", 6), ("B", None), ("C", None)]
    # Nobody hidden: nothing to protect.
    teams = [_team("A", 12, 6), _team("B", 7, 3)]
    _hide_by_difference(teams)
    assert [t["grown"] for t in teams] == [6, 3]


def test_route_counts_hide_one_to_four_and_what_would_give_them_away() -> None:
    from thrive.academy.report import _route_counts

    assert _route_counts({"academy": 12, "step_up": 6}) == {
        "academy": 12,
        "step_up": 6,
        "frontline": 0,
        "apprentice": 0,
        "internal": 0,
    }
    # 2 and 2 hidden hold 4 together: the smallest shown (6) goes too; 12 stays.
    assert _route_counts({"academy": 12, "step_up": 6, "frontline": 2, "internal": 2}) == {
        "academy": 12,
        "step_up": None,
        "frontline": None,
        "apprentice": 0,
        "internal": None,
    }
    # Hidden routes holding five or more together need nothing more hidden.
    assert _route_counts({"academy": 9, "step_up": 3, "frontline": 4}) == {
        "academy": 9,
        "step_up": None,
        "frontline": None,
        "apprentice": 0,
        "internal": 0,
    }
