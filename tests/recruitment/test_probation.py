"""A channel's yield counts the starters who left before the end of their probation: checked
against a hand-worked example.

The example (every starter came by word of mouth and started on 15 January 2026):

=========  =========  ==============  ===============  ==============================
starter    probation  probation ends  last day         left before the end of probation
=========  =========  ==============  ===============  ==============================
Ann        6 months   15 July 2026    31 May 2026      yes
Ben        6 months   15 July 2026    15 July 2026     no (worked to the day it ends)
Cara       6 months   15 July 2026    still in post    no
Dev        3 months   15 April 2026   31 May 2026      no (passed a 3-month probation)
Eve        6 months   15 July 2026    30 June 2026     not yet on 1 June; yes on 1 July
Finn       6 months   (no register record: start confirmed, not hired)  no
=========  =========  ==============  ===============  ==============================

On 1 July 2026: 6 starters, 2 left before the end of probation (Ann, Eve). On 1 June: 1 (Eve
has given notice, but a leaving date still to come is not yet a leaver).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_team, make_user
from tests.recruitment.helpers import apply, move, open_vacancy, recruiter
from tests.recruitment.test_checks import record_all_but
from thrive.cli import main
from thrive.core.roles import Role
from thrive.people.services import spell_end
from thrive.recruitment.selectors import channel_report
from thrive.recruitment.services import application_confirm_start, application_hire

START = date(2026, 1, 15)


def _starter(vacancy: Any, hr: Any, n: int, name: str, *, hire: bool = True) -> Any:
    application = apply(vacancy, hr, n, swe_number=f"SW{n:06}")
    application = move(application, hr, "shortlisted", "interviewed", "offered", "accepted")
    record_all_but(application, hr)
    application = application_confirm_start(application=application, start_date=START, actor=hr)
    if hire:
        application_hire(application=application, actor=hr, staff_id=f"N{n:03}", org_role=5)
    return application


def _leave(application: Any, last_day: date) -> None:
    application.refresh_from_db()
    (spell,) = application.hired.spells.all()
    spell_end(
        spell=spell,
        end_date=last_day,
        leaving_reason=1,
        leaver_destination=None,
        version=spell.version,
    )


@pytest.fixture
def starters(org: Any) -> Any:
    hr, leader = recruiter(org), make_user(org, Role.SENIOR_LEADER)
    team = make_team(org, "Assessment Team")
    six = open_vacancy(
        org, hr, leader, team=team, title="Social worker", closing_date=START, probation_months=6
    )
    three = open_vacancy(
        org, hr, leader, team=team, title="Family worker", closing_date=START, probation_months=3
    )
    ann = _starter(six, hr, 1, "Ann")
    ben = _starter(six, hr, 2, "Ben")
    _starter(six, hr, 3, "Cara")
    dev = _starter(three, hr, 4, "Dev")
    eve = _starter(six, hr, 5, "Eve")
    _starter(six, hr, 6, "Finn", hire=False)
    _leave(ann, date(2026, 5, 31))
    _leave(ben, date(2026, 7, 15))
    _leave(dev, date(2026, 5, 31))
    _leave(eve, date(2026, 6, 30))
    return hr


def _word_of_mouth(org: Any) -> Any:
    return next(r for r in channel_report(None, organisation=org) if r.channel == "Word of mouth")


@pytest.mark.today("2026-01-15")
@pytest.mark.django_db
def test_starters_who_left_before_the_end_of_probation_match_the_hand_worked_example(
    org: Any, starters: Any, frozen_clock: Any, client: Client, capsys: Any
) -> None:
    frozen_clock.move_to(date(2026, 6, 1))
    row = _word_of_mouth(org)
    assert (row.starters, row.left_in_probation) == (6, 1)
    frozen_clock.move_to(date(2026, 7, 1))
    row = _word_of_mouth(org)
    assert (row.starters, row.left_in_probation) == (6, 2)
    total = channel_report(None, organisation=org)[-1]
    assert total.channel == "Every channel" and total.left_in_probation == 2
    # Shown as every count is: 2 is "fewer than 5", on the page and in the CLI.
    assert row.shown()["left_in_probation"] == "fewer than 5"
    client.force_login(starters)
    page = client.get(f"/o/{org.code}/recruitment/channels/").content.decode()
    assert "Left before the end of probation" in page
    assert main(["recruitment", "report", "--org", org.code, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    mouth = next(r for r in out["channels"] if r["channel"] == "Word of mouth")
    assert (mouth["starters"], mouth["left_in_probation"]) == ("6", "fewer than 5")
