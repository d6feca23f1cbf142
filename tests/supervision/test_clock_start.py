"""Supervision falls due from the rule, not from a start date decades ago: the clock starts on the
later of the start in post and the day the council's supervision policy started in Thrive; a
first-supervision rule ("within 14 days of starting") sets a starter's first due date; the ASYE
label and ladder belong only to a newly qualified worker inside their assessed year.

Worked by hand. The council was added to Thrive on 1 Oct 2025; its rule from 1 Nov 2025 is
monthly, first supervision within 14 days of starting. On 10 Mar 2026:

- Maya (in post since 2 Mar 1998, never supervised): clock from 1 Oct 2025, due 1 Nov 2025,
  overdue 30 + 31 + 31 + 28 + 9 = 129 days (not the ~10,000 days since 2 Apr 1998).
- Lee (newly qualified on 4 May 2010, never supervised): the same 129 days, monthly, and not ASYE.
- Ravi (experienced, started 2 Feb 2026): first due 14 days after starting, 16 Feb; 22 days overdue.
- Noor (newly qualified, started 5 Jan 2026; supervised 12 Jan): the ASYE ladder is weekly, and a
  council rule does not loosen it, so due 19 Jan; 13 + 28 + 9 = 50 days overdue.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from analytics import supervision as rules
from tests.factories import make_staff, make_team, make_user
from tests.supervision.test_api import auth
from thrive.core import clock
from thrive.core.roles import Role
from thrive.people.models import EmploymentSpell, Organisation, StaffMember
from thrive.supervision.models import Session
from thrive.supervision.selectors import (
    compliance_report,
    schedules,
    supervised_spells,
    supervision_since,
)
from thrive.supervision.services import supervision_policy_add

ON = date(2026, 3, 10)


def _person(org: Any, team: Any, staff_id: str, first: str, start: date, **kw: Any) -> Any:
    return make_staff(
        org,
        staff_id=staff_id,
        first_name=first,
        last_name="Clock",
        team=team,
        swe_number=f"SW{staff_id}",
        start_date=start,
        **kw,
    )


def _held(org: Any, supervisor: Any, who: Any, day: date) -> None:
    Session.objects.create(
        organisation=org,
        supervisor=supervisor,
        supervisee=who,
        starts_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
        minutes=90,
        status="held",
    )


@pytest.fixture
def council(org: Any) -> dict[str, Any]:
    Organisation.objects.filter(pk=org.pk).update(created_at=datetime(2025, 10, 1, 9, tzinfo=UTC))
    org.refresh_from_db()
    team = make_team(org, "Assessment Team 1")
    people = {
        "maya": _person(org, team, "200001", "Maya", date(1998, 3, 2), org_role=3),
        "lee": _person(org, team, "200002", "Lee", date(2010, 5, 4), start_origin=1),
        "ravi": _person(org, team, "200003", "Ravi", date(2026, 2, 2), start_origin=2),
        "noor": _person(org, team, "200004", "Noor", date(2026, 1, 5), start_origin=1),
    }
    supervision_policy_add(
        organisation=org,
        effective_from=date(2025, 11, 1),
        frequency="monthly",
        first_within_days=14,
        note="First supervision within two weeks of starting",
    )
    _held(org, people["maya"], people["noor"], date(2026, 1, 12))
    return {"org": org, "team": team, **people}


def _schedule(council: dict[str, Any]) -> dict[str, Any]:
    org = council["org"]
    return {s.person.first_name: s for s in schedules(org, supervised_spells(org, ON), ON)}


def test_the_rules_count_from_the_clock_start() -> None:
    monthly = [rules.DEFAULT_POLICY]
    since = date(2025, 10, 1)
    long_ago = date(1998, 3, 2)
    assert rules.next_due(monthly, None, start_date=long_ago) == date(1998, 4, 2)
    assert rules.next_due(monthly, None, start_date=long_ago, since=since) == date(2025, 11, 1)
    assert rules.overdue(monthly, [], start_date=long_ago, since=since, on=ON) == 129
    # A session before the clock start belongs to before the policy.
    old = [date(2024, 6, 1)]
    assert rules.overdue(monthly, old, start_date=long_ago, since=since, on=ON) == 129
    # A starter after the clock start under "within 14 days of starting".
    ravi = {"start_date": date(2026, 2, 2), "since": since, "first_within_days": 14}
    assert rules.next_due(monthly, None, **ravi) == date(2026, 2, 16)  # type: ignore[arg-type]
    assert rules.overdue(monthly, [], on=ON, **ravi) == 22  # type: ignore[arg-type]
    # Someone in post before the clock start is due one interval after it, not 14 days.
    assert rules.next_due(
        monthly, None, start_date=long_ago, since=since, first_within_days=14
    ) == date(2025, 11, 1)
    # Due dates in turn: 1 Nov met late on 20 Nov (19 days), 20 Dec missed, 20 Jan still open.
    checks = rules.due_dates(
        monthly, [date(2025, 11, 20)], start_date=long_ago, since=since, until=date(2026, 1, 31)
    )
    assert checks == [
        rules.DueCheck(date(2025, 11, 1), date(2025, 11, 20), 19),
        rules.DueCheck(date(2025, 12, 20), None, None, open=False),
        rules.DueCheck(date(2026, 1, 20), None, None, open=True),
    ]
    # Within policy over Q4 2025 is judged from the clock start, not from 1998.
    assert rules.on_time(
        monthly,
        [date(2025, 10, 30), date(2025, 11, 28), date(2025, 12, 27)],
        start_date=long_ago,
        since=since,
        window_start=date(2025, 10, 1),
        window_end=date(2025, 12, 31),
    )


@pytest.mark.django_db
def test_due_dates_and_overdue_list_by_hand(council: dict[str, Any]) -> None:
    org = council["org"]
    assert supervision_since(org) == date(2025, 10, 1)
    mine = _schedule(council)
    assert {k: (v.next_due, v.overdue_days) for k, v in mine.items()} == {
        "Maya": (date(2025, 11, 1), 129),
        "Lee": (date(2025, 11, 1), 129),
        "Ravi": (date(2026, 2, 16), 22),
        "Noor": (date(2026, 1, 19), 50),
    }
    assert {k: v.in_asye for k, v in mine.items()} == {
        "Maya": False,
        "Lee": False,
        "Ravi": False,
        "Noor": True,
    }
    assert mine["Lee"].rule.frequency == rules.Frequency.MONTHLY
    assert mine["Noor"].rule.frequency == rules.Frequency.ASYE
    report = compliance_report(org, None, ON)
    overdue = {spell.person.first_name: days for spell, days in report["overdue"]}
    assert overdue == {"Maya": 129, "Lee": 129, "Noor": 50, "Ravi": 22}
    # Nobody can be overdue from before the council used Thrive.
    assert max(overdue.values()) <= (ON - rules.add_months(date(2025, 10, 1), 1)).days


@pytest.mark.django_db
def test_an_earlier_rule_or_imported_session_moves_the_clock_start_back(
    council: dict[str, Any],
) -> None:
    org = council["org"]
    _held(org, council["maya"], council["lee"], date(2025, 6, 3))
    assert supervision_since(org) == date(2025, 6, 3)
    supervision_policy_add(organisation=org, effective_from=date(2025, 4, 1), frequency="monthly")
    assert supervision_since(org) == date(2025, 4, 1)
    mine = _schedule(council)
    assert mine["Maya"].next_due == date(2025, 5, 1)
    assert mine["Lee"].next_due == date(2025, 7, 3)


@pytest.mark.django_db
def test_overdue_list_in_the_api_and_the_excel_sheet(
    client: Client, council: dict[str, Any]
) -> None:
    org = council["org"]
    leader = make_user(org, Role.SENIOR_LEADER)
    base = f"/api/organisations/{org.code}/supervision/"
    report = client.get(f"{base}compliance/", {"on": ON.isoformat()}, headers=auth(leader)).json()
    assert {r["name"]: r["days_overdue"] for r in report["overdue"]} == {
        "Maya Clock": 129,
        "Lee Clock": 129,
        "Noor Clock": 50,
        "Ravi Clock": 22,
    }
    manager = make_user(org, Role.TEAM_MANAGER, team=council["team"])
    rows = client.get(f"{base}schedule/", {"on": ON.isoformat()}, headers=auth(manager)).json()
    assert {r["name"]: r["in_asye"] for r in rows}["Lee Clock"] is False
    assert {r["name"]: r["asye_start"] for r in rows}["Lee Clock"] == "2010-05-04"
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(leader)
    xlsx = client.get(reverse("supervision:compliance", args=[org.code]), {"format": "xlsx"})
    values = [c for row in load_workbook(BytesIO(xlsx.content))["Overdue"].values for c in row]
    numbers = [v for v in values if isinstance(v, int)]
    today = clock.today()
    assert numbers and max(numbers) <= (today - date(2025, 10, 1)).days


@pytest.mark.django_db
def test_diary_labels_only_workers_inside_their_asye(client: Client, org: Any) -> None:
    """Relative to today, so it holds on any day."""
    today = clock.today()
    team = make_team(org, "Assessment Team 2")
    manager = _person(org, team, "300001", "Maya", today - timedelta(days=4000), org_role=3)
    _person(org, team, "300002", "Lee", today - timedelta(days=3650), start_origin=1)
    _person(org, team, "300003", "Noor", today - timedelta(days=30), start_origin=1)
    EmploymentSpell.objects.exclude(person=manager).update(line_manager=manager)
    user = make_user(org, Role.TEAM_MANAGER, team=team)
    StaffMember.objects.filter(pk=manager.pk).update(user=user)
    client.force_login(user)
    page = client.get(reverse("supervision:home", args=[org.code])).content.decode()
    rows = {line.split("</td>")[0] for line in page.split('<td class="govuk-table__cell">')}
    assert any(r.startswith("Noor Clock") and "(ASYE)" in r for r in rows)
    assert any(r.startswith("Lee Clock") for r in rows)
    assert not any(r.startswith("Lee Clock") and "(ASYE)" in r for r in rows)
