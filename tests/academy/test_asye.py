"""The assessed year end to end: evidence against the programme, reviews held, reflected on and
signed off, development time against the rule, the outcome (pass, extension with reasons, fail)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.academy.helpers import Council, add_evidence
from thrive.academy import selectors
from thrive.academy.models import Review
from thrive.academy.services import (
    evidence_add,
    outcome_record,
    review_record,
    review_sign_off,
    transition_record,
)
from thrive.core.errors import ThriveError

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-17")]


def _sign(review: Review, actor: object, reflection: str = "") -> None:
    review_record(
        review=review,
        held_on=min(review.due_on, date(2026, 6, 17)),
        summary="Good progress.",
        actor=actor,
    )
    if reflection:
        review_record(review=review, critical_reflection=reflection, actor=actor)
    review_sign_off(review=review, actor=actor)


def test_evidence_is_counted_against_the_programme_and_checked() -> None:
    c = Council()
    e = c.enrol()
    evidence_add(
        enrolment=e,
        kind="direct_observation",
        title="Home visit",
        on=date(2026, 2, 3),
        actor=c.lead,
    )
    (glance,) = selectors.progress(c.org, [e], date(2026, 6, 17))
    assert [(line.kind, line.have, line.need) for line in glance.evidence] == [
        ("direct_observation", 1, 3),
        ("family_feedback", 0, 3),
        ("professional_feedback", 0, 3),
        ("written_report", 0, 3),
    ]
    assert (glance.evidence_have, glance.evidence_need) == (1, 12)
    with pytest.raises(ThriveError, match="does not ask for that kind"):
        evidence_add(enrolment=e, kind="selfie", title="x", on=date(2026, 2, 3), actor=c.lead)
    with pytest.raises(ThriveError, match="before the assessed year began"):
        evidence_add(
            enrolment=e, kind="written_report", title="x", on=date(2025, 12, 1), actor=c.lead
        )
    with pytest.raises(ThriveError, match="future"):
        evidence_add(
            enrolment=e, kind="written_report", title="x", on=date(2026, 6, 18), actor=c.lead
        )


def test_reviews_are_due_overdue_reflected_on_and_signed_off_by_someone_else() -> None:
    c = Council()
    e = c.enrol()
    (glance,) = selectors.progress(c.org, [e], date(2026, 6, 17))
    # The 3-month review was due on 5 April 2026 and is not signed off.
    assert [r.month for r in glance.overdue] == [3]
    assert glance.next_review is not None and glance.next_review.month == 3
    three, six = e.reviews.get(month=3), e.reviews.get(month=6)
    with pytest.raises(ThriveError, match="held and the assessor's summary first"):
        review_sign_off(review=three, actor=c.assessor_user)
    review_record(review=three, held_on=date(2026, 4, 7), summary="Settling in.", actor=c.lead)
    with pytest.raises(ThriveError, match="cannot sign off your own"):
        review_sign_off(review=three, actor=c.nqsw_user)
    review_sign_off(review=three, actor=c.assessor_user)
    with pytest.raises(ThriveError, match="signed off; it cannot be changed"):
        review_record(review=three, summary="Rewritten", actor=c.lead)
    review_record(review=six, held_on=date(2026, 6, 16), summary="Strong.", actor=c.lead)
    with pytest.raises(ThriveError, match="needs the worker's critical reflection"):
        review_sign_off(review=six, actor=c.assessor_user)
    (glance,) = selectors.progress(c.org, [e], date(2026, 6, 17))
    assert glance.overdue == [] and glance.reviews_signed == 1


def test_development_time_due_is_the_rules_share_of_the_week_since_the_year_began() -> None:
    from thrive.learning.services import cpd_save

    c = Council()
    e = c.enrol()
    # 5 January to 17 June 2026 is 163 days: 163 / 7 weeks x 37 hours x 10% = 86.157... hours.
    (glance,) = selectors.progress(c.org, [e], date(2026, 6, 17))
    assert glance.development_due == Decimal("86.2")
    assert glance.development_hours == 0 and not glance.development_ok
    cpd_save(
        person=c.nqsw,
        user=c.nqsw_user,
        cpd_type="course",
        title="Direct work with adolescents",
        on=date(2026, 3, 10),
        hours=Decimal("90"),
        learned="x",
        difference="y",
    )
    (glance,) = selectors.progress(c.org, [e], date(2026, 6, 17))
    assert glance.development_hours == Decimal("90") and glance.development_ok


def test_the_outcome_pass_only_when_complete_extension_with_reasons_then_pass() -> None:
    c = Council()
    e = c.enrol()
    with pytest.raises(ThriveError, match=r"0 of 12 pieces, 0 of 3 reviews signed off"):
        outcome_record(enrolment=e, outcome="passed", on=date(2026, 6, 17), actor=c.lead)
    with pytest.raises(ThriveError, match="Give the reasons"):
        outcome_record(enrolment=e, outcome="extended", on=date(2026, 6, 17), actor=c.lead)
    outcome_record(
        enrolment=e,
        outcome="extended",
        on=date(2026, 6, 17),
        reasons="Long sickness absence; two observations still to do.",
        extended_to=date(2027, 4, 5),
        actor=c.lead,
    )
    e.refresh_from_db()
    assert e.outcome == "extended" and e.extended_to == date(2027, 4, 5)
    add_evidence(e, c.nqsw_user)
    for review in e.reviews.all():
        _sign(
            review, c.assessor_user, reflection="I learned ..." if review.reflection_needed else ""
        )
    outcome_record(enrolment=e, outcome="passed", on=date(2026, 6, 17), actor=c.lead)
    e.refresh_from_db()
    # The record of the extension is kept beside the pass.
    assert e.outcome == "passed" and e.extended_to == date(2027, 4, 5)
    assert "sickness" in e.outcome_reasons
    with pytest.raises(ThriveError, match="already recorded"):
        outcome_record(
            enrolment=e, outcome="failed", on=date(2026, 6, 17), reasons="x", actor=c.lead
        )


def test_the_move_to_a_substantive_team_is_recorded() -> None:
    c = Council()
    e = c.enrol()
    transition_record(enrolment=e, team=c.other_team, on=date(2026, 7, 6), actor=c.lead)
    e.refresh_from_db()
    assert (e.substantive_team, e.transitioned_on) == (c.other_team, date(2026, 7, 6))
    with pytest.raises(ThriveError, match="before the assessed year"):
        transition_record(enrolment=e, team=c.other_team, on=date(2025, 1, 1), actor=c.lead)
