"""Cohorts and enrolment: the newly qualified found in the register, reviews with due dates from
the programme definition (data, not code), recall days as learning sessions with places."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.academy.helpers import Council
from tests.factories import make_staff
from thrive.academy.dates import add_months
from thrive.academy.models import Cohort, Enrolment
from thrive.academy.services import (
    enrol_newly_qualified,
    enrolment_for_spell,
    programme_add,
    recall_days_plan,
    rule_add,
)
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.learning.models import Booking, LearningSession

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


def test_month_arithmetic_keeps_to_the_end_of_short_months() -> None:
    assert add_months(date(2026, 5, 31), 3) == date(2026, 8, 31)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 5), 12) == date(2027, 1, 5)


def test_the_newly_qualified_in_the_register_are_enrolled_once_with_their_reviews_due() -> None:
    c = Council()
    # Qualified within the year before starting, though the start origin is not "newly
    # qualified": the caseload ramp's rule counts them too.
    late = make_staff(
        c.org,
        staff_id="NQ2",
        team=c.team,
        start_date=date(2026, 2, 2),
        start_origin=9,
        qualified_on=date(2025, 9, 1),
    )
    # Newly qualified, but more than a year ago: not in their first year any more.
    make_staff(c.org, staff_id="OLD", team=c.team, start_date=date(2025, 6, 2), start_origin=1)
    done = enrol_newly_qualified(organisation=c.org, actor=c.lead)
    assert sorted(e.person.staff_id for e in done) == ["NQ1", "NQ2"]
    (cohort,) = Cohort.objects.filter(organisation=c.org)
    assert cohort.name == "January 2026 intake" and cohort.starts_on == date(2026, 1, 1)
    nia = Enrolment.objects.get(person=c.nqsw)
    assert nia.programme.name == "ASYE" and nia.started_on == date(2026, 1, 5)
    assert [(r.month, r.due_on, r.reflection_needed) for r in nia.reviews.all()] == [
        (3, date(2026, 4, 5), False),
        (6, date(2026, 7, 5), True),
        (12, date(2027, 1, 5), True),
    ]
    assert Enrolment.objects.get(person=late).cohort == cohort
    assert enrol_newly_qualified(organisation=c.org, actor=c.lead) == []
    assert AuditEvent.objects.filter(action="academy.enrolled").count() == 2


def test_a_spell_added_later_enrols_its_worker_in_a_new_intake() -> None:
    c = Council()
    enrol_newly_qualified(organisation=c.org, actor=c.lead)
    sept = make_staff(
        c.org, staff_id="NQ9", team=c.team, start_date=date(2026, 9, 7), start_origin=1
    )
    enrolment = enrolment_for_spell(spell=sept.spells.get(), actor=None)
    assert enrolment is not None and enrolment.cohort.name == "September 2026 intake"
    assert enrolment_for_spell(spell=c.assessor.spells.get(), actor=None) is None


def test_the_early_career_programme_is_a_new_definition_not_new_code() -> None:
    c = Council()
    programme_add(
        organisation=c.org,
        name="Early career development programme",
        effective_from=date(2026, 1, 1),
        review_months=[3, 6, 9, 12, 18, 24],
        reflection_months=[12, 24],
        evidence={"direct_observation": 4, "family_feedback": 3, "supervision_log": 2},
        actor=c.lead,
    )
    enrolment = c.enrol()
    assert enrolment.programme.name == "Early career development programme"
    assert [r.month for r in enrolment.reviews.all()] == [3, 6, 9, 12, 18, 24]
    assert enrolment.reviews.get(month=24).due_on == date(2028, 1, 5)
    with pytest.raises(ThriveError, match="each reflection month must be a review month"):
        programme_add(
            organisation=c.org,
            name="Broken",
            effective_from=date(2027, 9, 1),
            review_months=[3],
            reflection_months=[6],
            evidence={"direct_observation": 1},
            actor=c.lead,
        )


def test_recall_days_follow_the_dated_rule_and_the_enrolled_get_places_on_those_to_come() -> None:
    c = Council()
    enrolment = c.enrol()
    cohort = enrolment.cohort
    added = recall_days_plan(cohort=cohort, actor=c.lead)
    # Induction from Thursday 1 January 2026, then every second month through the year.
    assert added == 7
    days = [s.starts_at.date() for s in LearningSession.objects.filter(item=cohort.recall_item)]
    # Each on the cohort's day of the month, or the next working day: New Year's Day is a bank
    # holiday (2 January 2026, a Friday; 4 January 2027, the Monday after).
    assert days == [
        date(2026, 1, 2),
        date(2026, 3, 2),
        date(2026, 5, 1),
        date(2026, 7, 1),
        date(2026, 9, 1),
        date(2026, 11, 2),
        date(2027, 1, 4),
    ]
    # Places on the four days after 17 June 2026.
    assert Booking.objects.filter(person=c.nqsw, status="booked").count() == 4
    with pytest.raises(ThriveError, match="already planned"):
        recall_days_plan(cohort=cohort, actor=c.lead)


def test_a_new_rule_from_a_date_changes_the_recall_rhythm_of_later_cohorts() -> None:
    from thrive.academy.services import cohort_add

    c = Council()
    rule_add(
        organisation=c.org,
        actor=c.lead,
        effective_from=date(2026, 5, 1),
        recall_every_months=3,
        induction_days=5,
        development_percent=10,
        weekly_hours=37,
        transition_months=6,
    )
    older = cohort_add(organisation=c.org, name="January", starts_on=date(2026, 1, 5), actor=c.lead)
    newer = cohort_add(
        organisation=c.org, name="September", starts_on=date(2026, 9, 7), actor=c.lead
    )
    assert recall_days_plan(cohort=older, actor=c.lead) == 7
    assert recall_days_plan(cohort=newer, actor=c.lead) == 5
    with pytest.raises(ThriveError, match="already a rule from that date"):
        rule_add(organisation=c.org, actor=c.lead, effective_from=date(2026, 5, 1))


def test_an_import_adding_more_spells_than_one_statement_may_name_enrols_them_all(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thrive.core import staging
    from thrive.people.imports import run_import

    c = Council()
    # SQLite's parameter limit, lowered so a dozen spells are more than one statement may name.
    monkeypatch.setattr(staging, "IN_LIST_LIMIT", 5)
    header = "staff_id,first_name,last_name,profession,contract,team,fte,start_date,org_role,"
    rows = [header + "swe_number,start_origin"] + [
        f"N{i:02d},New,Worker{i},social_worker,permanent,Assessment Team,1,2026-02-02,6,"
        f"SW9{i:04d},1"
        for i in range(12)
    ]
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = run_import(
            kind="staff",
            organisation=c.org,
            content="\n".join(rows).encode(),
            filename="staff.csv",
            user=c.lead,
        )
    assert report.ok and report.new == 12, report.summary()
    enrolled = Enrolment.objects.filter(organisation=c.org, person__staff_id__startswith="N")
    assert enrolled.count() == 12
    lists = [
        found.split(",")
        for q in queries.captured_queries
        for found in re.findall(
            r'"people_employmentspell"\."(?:id|person_id)" IN \(([^)]*)\)', q["sql"]
        )
    ]
    assert len(lists) >= 6 and max(map(len, lists)) <= 5, lists


def test_peer_groups_every_four_weeks_between_the_academy_days_with_places_for_those_to_come(
    client: Any,
) -> None:
    """The January 2026 cohort (1 January): a peer group every 4 weeks by the default rule, from
    29 January 2026 (a Thursday) to 31 December 2026, the last before the year ends on 1 January
    2027: 13 dates, none on a weekend, a bank holiday or a recall day (2 Jan, 2 Mar, 1 May, 1 Jul,
    1 Sep, 2 Nov). Places on those after 17 June 2026: 18 June onwards, 8 of them."""
    from django.urls import reverse

    from thrive.academy.services import peer_groups_plan

    c = Council()
    enrolment = c.enrol()
    cohort = enrolment.cohort
    with pytest.raises(ThriveError, match="Plan the induction and recall days first"):
        peer_groups_plan(cohort=cohort, actor=c.lead)
    recall_days_plan(cohort=cohort, actor=c.lead)
    booked_before = Booking.objects.filter(person=c.nqsw, status="booked").count()
    client.force_login(c.lead)
    url = reverse("academy:cohort", args=[c.org.code, cohort.pk])
    assert "Plan the peer groups" in client.get(url).content.decode()
    client.post(url, {"action": "peer_groups"})
    groups = LearningSession.objects.filter(item=cohort.recall_item, venue="Peer group")
    days = sorted(s.starts_at.date() for s in groups)
    assert days[:3] == [date(2026, 1, 29), date(2026, 2, 26), date(2026, 3, 26)]
    assert days[-1] == date(2026, 12, 31) and len(days) == 13
    assert all(d.weekday() < 5 for d in days)
    after = [d for d in days if d > date(2026, 6, 17)]
    assert len(after) == 8
    assert Booking.objects.filter(person=c.nqsw, status="booked").count() == booked_before + len(
        after
    )
    page = client.get(url).content.decode()
    assert "Plan the peer groups" not in page and page.count("Peer group") == 13
    with pytest.raises(ThriveError, match="already planned"):
        peer_groups_plan(cohort=cohort, actor=c.lead)


def test_a_rule_with_no_peer_groups_plans_none() -> None:
    from thrive.academy.services import cohort_add, peer_groups_plan

    c = Council()
    rule_add(
        organisation=c.org,
        actor=c.lead,
        effective_from=date(2026, 5, 1),
        recall_every_months=2,
        induction_days=10,
        development_percent=10,
        weekly_hours=37,
        transition_months=6,
        peer_group_every_weeks=0,
    )
    later = cohort_add(
        organisation=c.org, name="September", starts_on=date(2026, 9, 7), actor=c.lead
    )
    recall_days_plan(cohort=later, actor=c.lead)
    with pytest.raises(ThriveError, match="plans no peer groups"):
        peer_groups_plan(cohort=later, actor=c.lead)
