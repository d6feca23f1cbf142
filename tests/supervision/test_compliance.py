"""Compliance for a team recomputed by hand.

On 30 June 2026, over the 3 months from 1 April:
- Sam (monthly): 25 Mar, 24 Apr, 22 May, 20 Jun, 90 minutes each — on time, 90 a month: within.
- Noor (ASYE; monthly since 1 Mar): 20 Mar then 15 May — due 20 Apr, 25 days late: not within;
  due again 15 Jun, so 15 days overdue on 30 June; 90 minutes in 3 months = 30 a month.
- Maya (the manager, a social worker too): never supervised — overdue, 0 minutes.
Share 1 of 3 = 33.3%; overdue 2; intervals inside the window: Sam's 28 and 29 days = 28.5;
minutes a month (90 + 30 + 0) / 3 = 40.0; below the 90-minute minimum: 2.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.supervision.conftest import Crew
from tests.supervision.test_schedule import held
from thrive.supervision.selectors import compliance_report


@pytest.mark.django_db
def test_team_compliance_by_hand(crew: Crew) -> None:
    for day in [date(2026, 3, 25), date(2026, 4, 24), date(2026, 5, 22), date(2026, 6, 20)]:
        held(crew, crew.senior, day)
    for day in [date(2026, 3, 20), date(2026, 5, 15)]:
        held(crew, crew.asye, day)
    report = compliance_report(crew.org, None, date(2026, 6, 30))
    three = report["total"].windows[3]
    assert (three.people, three.within_policy, three.share) == (3, 1, 33.3)
    assert three.overdue == 2
    assert three.average_interval_days == 28.5
    assert three.minutes_per_month_average == 40.0
    assert three.below_minimum == 2
    assert [r.label for r in report["rows"]] == ["Assessment Team 1"]
    overdue = {spell.person.first_name: days for spell, days in report["overdue"]}
    assert overdue["Noor"] == 15
    assert len(report["trend"]) == 12 and report["trend"][-1]["date"] == date(2026, 6, 30)
