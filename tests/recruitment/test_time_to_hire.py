"""The time-to-hire trend against a hand-worked table: median days from advert to offer accepted
and to start, for the offers accepted in each month or quarter, a gap (not zero) where none was;
the same figures on the recruiter's page, in the API and from the CLI."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_team, make_user
from tests.recruitment.helpers import apply, open_vacancy, recruiter
from thrive.accounts.services import api_token_create
from thrive.cli import main
from thrive.core.roles import Role
from thrive.recruitment.services import application_move
from thrive.recruitment.time_to_hire import Hire, time_to_hire_trend

D = date
HIRES = [
    # advertised, accepted, started:  days to accepted, to start
    Hire(D(2026, 1, 5), D(2026, 1, 25), D(2026, 3, 1)),  # 20, 55
    Hire(D(2026, 1, 10), D(2026, 1, 20), None),  # 10, -
    Hire(D(2025, 12, 1), D(2026, 1, 31), D(2026, 2, 28)),  # 61, 89
    Hire(D(2026, 2, 1), D(2026, 3, 3), D(2026, 4, 1)),  # 30, 59
    Hire(D(2026, 3, 1), D(2026, 4, 10), D(2026, 5, 11)),  # 40, 71
    Hire(D(2026, 3, 15), D(2026, 4, 14), D(2026, 5, 18)),  # 30, 64
    Hire(D(2026, 4, 1), D(2026, 5, 2), None),  # accepted after the window: left out
]


def _table(rows: Any) -> list[tuple[Any, ...]]:
    return [(r.label, r.accepted, r.median_to_accept, r.starters, r.median_to_start) for r in rows]


def test_by_month_against_the_hand_worked_table() -> None:
    rows = time_to_hire_trend(HIRES, start=D(2026, 1, 1), end=D(2026, 4, 30), by="month")
    assert _table(rows) == [
        ("Jan 2026", 3, 20.0, 2, 72.0),  # median of 10, 20, 61; of 55 and 89
        ("Feb 2026", 0, None, 0, None),  # no offer accepted: a gap, not a zero
        ("Mar 2026", 1, 30.0, 1, 59.0),
        ("Apr 2026", 2, 35.0, 2, 67.5),  # median of 30 and 40; of 64 and 71
    ]


def test_by_quarter_against_the_hand_worked_table() -> None:
    rows = time_to_hire_trend(HIRES, start=D(2025, 11, 15), end=D(2026, 4, 30), by="quarter")
    assert _table(rows) == [
        ("2025 Q4", 0, None, 0, None),
        ("2026 Q1", 4, 25.0, 3, 59.0),  # 10, 20, 30, 61; 55, 59, 89
        ("2026 Q2", 2, 35.0, 2, 67.5),
    ]


@pytest.mark.django_db
@pytest.mark.today("2026-06-17")
def test_the_page_the_api_and_the_cli_show_the_trend(org: Any, client: Client, capsys: Any) -> None:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    team = make_team(org, "Assessment Team")
    job = open_vacancy(org, hr, leader, team=team, title="Social worker")  # opened today
    # Recorded later: the first application (1 May) is the advert day, not today's approval.
    a = apply(job, hr, 1, applied_on=D(2026, 5, 1))
    for stage, on in (
        ("shortlisted", D(2026, 5, 10)),
        ("interviewed", D(2026, 5, 20)),
        ("offered", D(2026, 5, 25)),
        ("accepted", D(2026, 6, 1)),
    ):
        a = application_move(application=a, stage=stage, actor=hr, on=on)
    client.force_login(hr)
    page = client.get(f"/o/{org.code}/recruitment/recruiter/").content.decode()
    assert 'id="time-to-hire-title"' in page  # the chart, with its table beside it
    june = page.split("Jun 2026</th>")[1].split("</tr>")[0]
    assert ">1<" in june and ">31<" in june and "No start" in june
    may = page.split("May 2026</th>")[1].split("</tr>")[0]
    assert "No offer accepted" in may
    _, key = api_token_create(user=hr, name="t")
    view = client.get(
        f"/api/organisations/{org.code}/recruitment/recruiter/?by=quarter",
        HTTP_AUTHORIZATION=f"Token {key}",
    ).json()
    assert view["time_to_hire_by"] == "quarter"
    assert view["time_to_hire"][-1] == {
        "period": "2026 Q2",
        "first_day": "2026-04-01",
        "offers_accepted": 1,
        "median_days_advert_to_accepted": 31.0,
        "starters": 0,
        "median_days_advert_to_start": None,
    }
    assert len(view["time_to_hire"]) == 8
    code = main(["recruitment", "report", "--org", org.code, "--format", "json", "--as", hr.email])
    assert code == 0
    trend = json.loads(capsys.readouterr().out)["time_to_hire"]
    assert len(trend) == 12 and trend[-1]["median_days_advert_to_accepted"] == 31.0
    assert trend[-2]["offers_accepted"] == 0 and trend[-2]["median_days_advert_to_accepted"] is None
