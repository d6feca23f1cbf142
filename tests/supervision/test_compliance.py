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

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_team, make_user
from tests.supervision.conftest import Crew, person
from tests.supervision.test_schedule import held
from thrive.core import clock
from thrive.core.roles import Role
from thrive.supervision.selectors import compliance_report, trend_days
from thrive.supervision.services import settings_save


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
    # The trend's points are month ends; its last point is the day asked about.
    assert report["trend"][-1]["compliance"] == three


@pytest.mark.parametrize(
    ("on", "first", "second", "before_last"),
    [
        (date(2026, 6, 30), date(2025, 7, 31), date(2025, 8, 31), date(2026, 5, 31)),
        (date(2026, 3, 15), date(2025, 4, 30), date(2025, 5, 31), date(2026, 2, 28)),
        (date(2024, 3, 31), date(2023, 4, 30), date(2023, 5, 31), date(2024, 2, 29)),
    ],
)
def test_trend_points_fall_on_month_ends(
    on: date, first: date, second: date, before_last: date
) -> None:
    days = trend_days(on)
    assert len(days) == 12 and days[0] == first and days[1] == second
    assert days[-2] == before_last and days[-1] == on


@pytest.mark.django_db
@pytest.mark.today("2026-11-20")  # every trend point after Noor's start on 1 September 2025
def test_each_team_has_its_own_trend(client: Client, crew: Crew) -> None:
    other = make_team(crew.org, "Children in Care 2")
    ada = person(crew.org, other, "200001", "Ada", start_date=date(2024, 1, 1))
    on = clock.today()
    # Ada is supervised every four weeks; nobody in Assessment Team 1 is.
    day = on - timedelta(days=480)
    while day <= on:
        held(crew, ada, day)
        day += timedelta(days=28)
    report = compliance_report(crew.org, None, on)
    rows = {r.label: r for r in report["rows"]}
    assert [p["compliance"].share for p in rows["Children in Care 2"].trend] == [100.0] * 12
    assert [p["compliance"].share for p in rows["Assessment Team 1"].trend] == [0.0] * 12
    assert report["trend"] == report["total"].trend
    assert {p["compliance"].share for p in report["trend"]} == {25.0}
    # The compliance page shows a chosen team's chart and table.
    client.force_login(make_user(crew.org, Role.PRINCIPAL_SOCIAL_WORKER))
    page_url = reverse("supervision:compliance", args=[crew.org.code])
    page = client.get(page_url).content.decode()
    assert "Trend: All teams" in page and f"team={other.pk}" in page
    page = client.get(page_url, {"team": other.pk}).content.decode()
    assert "Trend: Children in Care 2" in page and "<svg" in page
    table = page.split('id="trend"')[1].split("Overdue now")[0]
    assert table.count(">100.0<") == 12 and ">25.0<" not in table
    assert f"{on:%-d %b %Y}" in table
    # A team manager's page has their team only; another team is "not found".
    client.force_login(crew.manager_user)
    assert client.get(page_url, {"team": other.pk}).status_code == 404
    assert client.get(page_url, {"team": crew.team.pk}).status_code == 200


@pytest.mark.django_db
def test_days_of_grace_count_a_slightly_late_session_as_on_time(crew: Crew) -> None:
    # Sam, monthly: 25 Mar; 28 Apr (due 25 Apr: 3 days late); 26 May; 24 Jun.
    for day in [date(2026, 3, 25), date(2026, 4, 28), date(2026, 5, 26), date(2026, 6, 24)]:
        held(crew, crew.senior, day)
    on = date(2026, 6, 30)
    assert compliance_report(crew.org, None, on)["total"].windows[3].within_policy == 0
    settings_save(
        organisation=crew.org,
        personal_access="the_two",
        retention_years=7,
        grace_days=3,
        actor=None,
    )
    report = compliance_report(crew.org, None, on)
    assert report["grace_days"] == 3
    assert report["total"].windows[3].within_policy == 1
    assert report["trend"][-1]["compliance"].within_policy == 1
    # Saving the other settings without the days of grace keeps them.
    settings_save(organisation=crew.org, personal_access="managers", retention_years=7, actor=None)
    assert compliance_report(crew.org, None, on)["grace_days"] == 3
