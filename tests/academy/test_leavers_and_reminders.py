"""A worker who left before their assessed year ended gets the outcome the register implies (left,
not "in progress" with overdue reviews); review reminders go by email through the outbox, at most
once a week a review, from a scheduled job kind."""

from __future__ import annotations

from datetime import date

import pytest

from tests.academy.helpers import Council
from thrive.academy.models import Outcome
from thrive.academy.selectors import progress
from thrive.academy.services import leavers_record, review_reminders_send
from thrive.core.models import OutboxMessage
from thrive.jobs.registry import JOB_KINDS
from thrive.people.services import spell_end

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


def test_a_worker_who_left_mid_year_is_recorded_as_left_with_no_overdue_reviews() -> None:
    c = Council()
    enrolment = c.enrol()
    spell = c.nqsw.spells.get()
    spell_end(
        spell=spell,
        end_date=date(2026, 5, 29),
        leaving_reason=7,
        leaver_destination=8,
        version=None,
    )
    (before,) = progress(c.org, [enrolment], date(2026, 6, 17))
    assert [r.month for r in before.overdue] == [3]
    assert leavers_record(organisation=c.org, on=date(2026, 6, 17), actor=c.lead) == [enrolment]
    enrolment.refresh_from_db()
    assert enrolment.outcome == Outcome.LEFT and enrolment.outcome_on == date(2026, 5, 29)
    assert enrolment.get_outcome_display() == "Left before the year ended"
    (after,) = progress(c.org, [enrolment], date(2026, 6, 17))
    assert after.overdue == [] and after.next_review is None
    assert leavers_record(organisation=c.org, on=date(2026, 6, 17), actor=c.lead) == []


def test_review_reminders_go_through_the_outbox_once_a_week() -> None:
    c = Council()
    c.enrol()  # the 3-month review was due on 5 April 2026; the 6-month on 5 July
    assert review_reminders_send(organisation=c.org, on=date(2026, 6, 22)) == 2
    messages = OutboxMessage.objects.filter(kind="academy.review_reminder").order_by("pk")
    assert [m.subject for m in messages] == [
        "ASYE 3-month review for Nia Newly is overdue",
        "ASYE 6-month review for Nia Newly is coming up",
    ]
    assert set(messages[0].to) == {"nia@331.test", "ada@331.test"}
    assert "critical reflection" in messages[1].body
    assert review_reminders_send(organisation=c.org, on=date(2026, 6, 25)) == 0
    assert review_reminders_send(organisation=c.org, on=date(2026, 6, 29)) == 2
    assert "academy_reminders" in JOB_KINDS
