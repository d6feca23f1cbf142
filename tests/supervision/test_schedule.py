"""Due dates worked by hand: an ASYE worker across weekly → fortnightly → monthly, and a policy
changed mid-year; the policy precedence (person, ASYE, role, team type, council)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone

from tests.supervision.conftest import Crew
from thrive.supervision.models import Session
from thrive.supervision.selectors import PolicyBook, schedules, supervised_spells
from thrive.supervision.services import supervision_policy_add


def held(crew: Crew, who: Any, day: date, minutes: int = 90) -> Session:
    return Session.objects.create(
        organisation=crew.org,
        supervisor=crew.manager,
        supervisee=who,
        team=crew.team,
        starts_at=timezone.make_aware(datetime(day.year, day.month, day.day, 10)),
        minutes=minutes,
        status="held",
    )


def schedule_of(crew: Crew, who: Any, on: date) -> Any:
    spells = [s for s in supervised_spells(crew.org, on) if s.person_id == who.pk]
    return schedules(crew.org, spells, on)[0]


@pytest.mark.django_db
def test_asye_ladder_worked_by_hand(crew: Crew) -> None:
    # Noor started newly qualified on 1 Sep 2025: weekly to 12 Oct (days 0-41), fortnightly to
    # 1 Mar 2026 (six calendar months), then monthly; the ASYE year ends 1 Sep 2026.
    first = schedule_of(crew, crew.asye, date(2025, 9, 3))
    assert first.asye_start == date(2025, 9, 1)
    assert first.next_due == date(2025, 9, 8)  # a week after starting
    held(crew, crew.asye, date(2025, 9, 5))
    assert schedule_of(crew, crew.asye, date(2025, 9, 6)).next_due == date(2025, 9, 12)
    held(crew, crew.asye, date(2025, 11, 3))  # fortnightly rung
    assert schedule_of(crew, crew.asye, date(2025, 11, 4)).next_due == date(2025, 11, 17)
    held(crew, crew.asye, date(2026, 3, 10))  # monthly rung
    after = schedule_of(crew, crew.asye, date(2026, 3, 11))
    assert after.next_due == date(2026, 4, 10)
    assert after.overdue_days is None
    # With nothing since 10 March, on 20 April she is 10 days overdue.
    assert schedule_of(crew, crew.asye, date(2026, 4, 20)).overdue_days == 10


@pytest.mark.django_db
def test_a_policy_changed_mid_year(crew: Crew) -> None:
    # Senior practitioners (OrgRole 4) move from monthly to six-weekly on 1 Jan 2026.
    supervision_policy_add(
        organisation=crew.org, effective_from=date(2026, 1, 1), frequency="six_weekly", org_role=4
    )
    held(crew, crew.senior, date(2025, 12, 1))
    # The December session was under the monthly rule: due 1 Jan 2026.
    assert schedule_of(crew, crew.senior, date(2025, 12, 2)).next_due == date(2026, 1, 1)
    held(crew, crew.senior, date(2026, 1, 5))
    # Under six-weekly: 5 Jan + 42 days = 16 Feb.
    assert schedule_of(crew, crew.senior, date(2026, 1, 6)).next_due == date(2026, 2, 16)
    # The ASYE worker is not a senior practitioner: her rule is unchanged.
    book = PolicyBook(crew.org)
    spell = crew.asye.spells.get()
    rule, row = book.rule_on(spell, date(2026, 1, 6), date(2025, 9, 1))
    assert rule.frequency == "asye" and row is None


@pytest.mark.django_db
def test_the_most_specific_policy_wins(crew: Crew) -> None:
    supervision_policy_add(
        organisation=crew.org, effective_from=date(2020, 1, 1), frequency="monthly"
    )
    supervision_policy_add(
        organisation=crew.org,
        effective_from=date(2020, 1, 1),
        frequency="six_weekly",
        team_type=crew.team.team_type,
    )
    spell = crew.senior.spells.get()
    book = PolicyBook(crew.org)
    assert book.rule_on(spell, date(2026, 1, 1), None)[0].frequency == "six_weekly"
    supervision_policy_add(
        organisation=crew.org,
        effective_from=date(2025, 6, 1),
        frequency="fortnightly",
        person=crew.senior,
        minimum_minutes_per_month=120,
    )
    book = PolicyBook(crew.org)
    rule = book.rule_on(spell, date(2026, 1, 1), None)[0]
    assert (rule.frequency, rule.minimum_minutes_per_month) == ("fortnightly", 120)
    # Before the person's own rule began, the team type's applied.
    assert book.rule_on(spell, date(2025, 5, 31), None)[0].frequency == "six_weekly"


@pytest.mark.django_db
def test_asye_outranks_council_team_type_and_role_rules(crew: Crew) -> None:
    # A council-wide monthly rule does not take a newly qualified worker off the ASYE ladder:
    # Noor started on 1 Sep 2025, so she is due a week later, not a month later.
    supervision_policy_add(
        organisation=crew.org,
        effective_from=date(2020, 1, 1),
        frequency="monthly",
        minimum_minutes_per_month=100,
    )
    first = schedule_of(crew, crew.asye, date(2025, 9, 3))
    assert first.next_due == date(2025, 9, 8)
    assert (first.rule.frequency, first.rule.minimum_minutes_per_month) == ("asye", 100)
    # Nor does a six-weekly rule for residential teams, hers among them, or a role's rule; each
    # still sets her minimum minutes.
    crew.team.team_type = "residential"
    crew.team.save()
    supervision_policy_add(
        organisation=crew.org,
        effective_from=date(2020, 1, 1),
        frequency="six_weekly",
        team_type="residential",
        minimum_minutes_per_month=60,
    )
    held(crew, crew.asye, date(2025, 11, 3))  # the fortnightly rung
    after = schedule_of(crew, crew.asye, date(2025, 11, 4))
    assert after.next_due == date(2025, 11, 17)
    assert (after.rule.frequency, after.rule.minimum_minutes_per_month) == ("asye", 60)
    supervision_policy_add(
        organisation=crew.org, effective_from=date(2020, 1, 1), frequency="monthly", org_role=5
    )
    assert schedule_of(crew, crew.asye, date(2025, 11, 4)).next_due == date(2025, 11, 17)
    # Once her ASYE year is over (1 Sep 2026), the team type's six-weekly rule applies.
    spell = crew.asye.spells.get()
    rule, _ = PolicyBook(crew.org).rule_on(spell, date(2026, 9, 2), date(2025, 9, 1))
    assert rule.frequency == "monthly"  # the role's rule, more specific than the team type's
    # An explicit ASYE rule and a person's own rule still win.
    supervision_policy_add(
        organisation=crew.org, effective_from=date(2020, 1, 1), frequency="weekly", asye=True
    )
    rule, _ = PolicyBook(crew.org).rule_on(spell, date(2025, 11, 4), date(2025, 9, 1))
    assert (rule.frequency, rule.minimum_minutes_per_month) == ("weekly", 90)
    supervision_policy_add(
        organisation=crew.org,
        effective_from=date(2020, 1, 1),
        frequency="fortnightly",
        person=crew.asye,
    )
    rule, _ = PolicyBook(crew.org).rule_on(spell, date(2025, 11, 4), date(2025, 9, 1))
    assert rule.frequency == "fortnightly"
    # Someone not in their ASYE keeps the council's or team type's rule.
    senior = crew.senior.spells.get()
    assert PolicyBook(crew.org).rule_on(senior, date(2025, 11, 4), None)[0].frequency == (
        "six_weekly"
    )


@pytest.mark.django_db
def test_moving_team_in_the_asye_keeps_the_ladder(crew: Crew) -> None:
    """Noor began her ASYE on 1 Sep 2025 and moved to another team on 1 Nov 2025: her ladder
    runs from her first spell, so after supervision on 3 Nov she is due a fortnight later."""
    from tests.factories import make_team
    from thrive.people.models import EmploymentSpell

    first = EmploymentSpell.objects.get(person=crew.asye)
    first.end_date = date(2025, 11, 1)
    first.save()
    first.pk = None
    first.start_date, first.end_date, first.start_origin = date(2025, 11, 1), None, None
    first.team = make_team(crew.org, "Children in Care Team")
    first.save()
    held(crew, crew.asye, date(2025, 11, 3))
    after = schedule_of(crew, crew.asye, date(2025, 11, 4))
    assert (after.rule.frequency, after.next_due) == ("asye", date(2025, 11, 17))
