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
