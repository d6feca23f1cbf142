"""Flexible working requests under the rules since 6 April 2024: two in any 12 months, a
decision (appeal included) within two months, consultation before refusal, one of the eight
business reasons."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from tests.factories import make_staff, make_team
from thrive.core.errors import ThriveError
from thrive.engagement.flexible import (
    add_months,
    days_left,
    flexible_appeal,
    flexible_consult,
    flexible_decide,
    flexible_due,
    flexible_request_make,
)
from thrive.engagement.models import FlexibleRequest, FlexibleStatus


def test_the_two_month_clock_runs_on_calendar_months() -> None:
    assert add_months(date(2026, 6, 17), 2) == date(2026, 8, 17)
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 1), -12) == date(2025, 3, 1)


def test_a_request_run_to_its_deadline_through_refusal_and_appeal(org: Any) -> None:
    team = make_team(org)
    person = make_staff(org, staff_id="F1", team=team)
    r = flexible_request_make(
        person=person,
        team=team,
        pattern="compressed_hours",
        details="Four long days from September",
        received_on=date(2026, 6, 17),
        actor=None,
    )
    assert r.decide_by == date(2026, 8, 17) and days_left(r, date(2026, 8, 10)) == 7
    assert flexible_due(org, date(2026, 8, 10)) == [r]
    assert flexible_due(org, date(2026, 7, 1)) == []
    with pytest.raises(ThriveError, match="Consult the person"):
        flexible_decide(request=r, agree=False, on=date(2026, 7, 1), reason="costs", actor=None)
    flexible_consult(request=r, on=date(2026, 7, 1), note="Met to discuss duty rota", actor=None)
    with pytest.raises(ThriveError, match="eight business reasons"):
        flexible_decide(request=r, agree=False, on=date(2026, 7, 2), reason="dislike", actor=None)
    flexible_decide(request=r, agree=False, on=date(2026, 7, 2), reason="demand", actor=None)
    flexible_appeal(request=r, on=date(2026, 7, 10), actor=None)
    # The appeal is due by the same date: two months from receipt, appeal included.
    assert flexible_due(org, date(2026, 8, 17)) == [r] and days_left(r, date(2026, 8, 18)) == -1
    flexible_decide(
        request=r, agree=True, on=date(2026, 8, 17), note="Agreed on a trial", actor=None
    )
    r.refresh_from_db()
    assert r.status == FlexibleStatus.APPEAL_AGREED and flexible_due(org, date(2026, 8, 18)) == []
    # A refusal without a reason or a consultation is refused by the database too.
    with pytest.raises(IntegrityError), transaction.atomic():
        FlexibleRequest.objects.filter(pk=r.pk).update(status="refused", refusal_reason="")


def test_two_requests_in_any_twelve_months(org: Any) -> None:
    team = make_team(org)
    person = make_staff(org, staff_id="F2", team=team)

    def ask(on: date) -> FlexibleRequest:
        return flexible_request_make(
            person=person,
            team=team,
            pattern="hybrid",
            details="Two days at home",
            received_on=on,
            actor=None,
        )

    ask(date(2025, 9, 1))
    ask(date(2026, 3, 1))
    with pytest.raises(ThriveError, match="from 01 September 2026"):
        ask(date(2026, 6, 17))
    assert ask(date(2026, 9, 1)).decide_by == date(2026, 11, 1)


def test_a_request_is_judged_by_the_rules_in_force_on_the_day_it_was_received(org: Any) -> None:
    """Hand-worked. Received 1 March 2024 (before the 2023 Act came in on 6 April 2024): decided
    within three months, so by 1 June 2024, and one request in any 12 months, so a second on
    1 April 2024 is refused until 1 March 2025. Received 1 May 2024: two months, so by 1 July
    2024, and two a year (1 May and 1 June 2024 allowed; a third on 1 July refused)."""
    from thrive.engagement.flexible import flexible_rule_on

    assert flexible_rule_on(date(2024, 3, 1)).decision_months == 3
    assert flexible_rule_on(date(2024, 4, 6)).requests_a_year == 2
    team = make_team(org)
    before, after = (make_staff(org, staff_id=s, team=team) for s in ("R1", "R2"))

    def ask(person: Any, on: date) -> FlexibleRequest:
        return flexible_request_make(
            person=person, team=team, pattern="hybrid", details="Home", received_on=on, actor=None
        )

    assert ask(before, date(2024, 3, 1)).decide_by == date(2024, 6, 1)
    with pytest.raises(ThriveError, match="One request can be made .* from 01 March 2025"):
        ask(before, date(2024, 4, 1))
    assert ask(after, date(2024, 5, 1)).decide_by == date(2024, 7, 1)
    assert ask(after, date(2024, 6, 1)).decide_by == date(2024, 8, 1)
    with pytest.raises(ThriveError, match="2 requests can be made .* from 01 May 2025"):
        ask(after, date(2024, 7, 1))
    with pytest.raises(ThriveError, match="No flexible working rule was in force"):
        flexible_rule_on(date(2014, 6, 29))


def test_a_councils_own_limits_are_more_generous_never_less(org: Any) -> None:
    """The council allows three requests from 1 January 2025 and decides within one month; it
    cannot record one request or three months (the law then says two and two)."""
    from thrive.engagement.flexible import flexible_rule_add, flexible_rule_on

    with pytest.raises(ThriveError, match="never fewer") as refused:
        flexible_rule_add(
            organisation=org,
            effective_from=date(2025, 1, 1),
            requests_a_year=1,
            decision_months=2,
            actor=None,
        )
    assert refused.value.field == "requests_a_year"
    with pytest.raises(ThriveError, match="never later"):
        flexible_rule_add(
            organisation=org,
            effective_from=date(2025, 1, 1),
            requests_a_year=2,
            decision_months=3,
            actor=None,
        )
    flexible_rule_add(
        organisation=org,
        effective_from=date(2025, 1, 1),
        requests_a_year=3,
        decision_months=1,
        actor=None,
    )
    assert flexible_rule_on(date(2025, 1, 1), org).requests_a_year == 3
    assert flexible_rule_on(date(2025, 1, 1)).requests_a_year == 2  # the law's alone
    assert flexible_rule_on(date(2024, 12, 31), org).requests_a_year == 2
    team = make_team(org)
    person = make_staff(org, staff_id="R3", team=team)
    made = flexible_request_make(
        person=person,
        team=team,
        pattern="hybrid",
        details="Home",
        received_on=date(2025, 2, 3),
        actor=None,
    )
    assert made.decide_by == date(2025, 3, 3)
