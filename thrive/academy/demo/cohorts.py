"""The demo's intake cohorts: the register's newly qualified starters since 2021, their finished
years, and the current cohort mid-ASYE."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from thrive.academy import services
from thrive.academy.dates import add_months
from thrive.academy.models import Enrolment, Evidence
from thrive.core import clock
from thrive.people.models import EmploymentSpell, Organisation, StaffMember

FIRST_YEAR = 2021


def first_year_spells(org: Organisation) -> list[EmploymentSpell]:
    from thrive.caseloads.selectors import asye_start

    first: dict[int, EmploymentSpell] = {}
    for spell in (
        EmploymentSpell.objects.for_org(org)
        .filter(profession="social_worker", contract__in=("permanent", "fixed_term"))
        .select_related("person", "team", "line_manager")
        .order_by("person_id", "start_date")
    ):
        first.setdefault(spell.person_id, spell)
    return [
        s
        for s in first.values()
        if s.start_date.year >= FIRST_YEAR and asye_start(s) == s.start_date
    ]


def complete_history(enrolment: Enrolment, rng: random.Random, years: dict[str, list[Any]]) -> None:
    """A finished year: the portfolio complete, every review held and signed off, passed (added
    to *years*, recorded for every council's years at once by `asye_history_add`)."""
    programme, today = enrolment.programme, clock.today()
    years["evidence"] += [
        Evidence(
            enrolment=enrolment,
            kind=kind,
            title=f"{kind.replace('_', ' ').capitalize()} {n + 1}",
            on=min(today, enrolment.started_on + timedelta(days=30 + 25 * n + rng.randint(0, 20))),
        )
        for kind, need in programme.evidence.items()
        for n in range(int(need))
    ]
    for review in enrolment.reviews.all():
        review.held_on = min(today, review.due_on + timedelta(days=rng.randint(0, 10)))
        review.summary = "Progressing as expected against the knowledge and skills statement."
        if review.reflection_needed:
            review.critical_reflection = "What I have learned about my practice this term."
        review.signed_off_on = review.held_on
        years["reviews"].append(review)
    enrolment.outcome_on = add_months(enrolment.started_on, 12)
    years["passed"].append(enrolment)


def current_cohort(
    org: Organisation, enrolment: Enrolment, spell: EmploymentSpell, lead: Any, today: date
) -> None:
    """The demo's newly qualified worker mid-year: an assessor and practice educator from their
    team, evidence in progress, the academy days planned (the induction attended)."""
    from thrive.learning.models import Booking, LearningSession
    from thrive.learning.services import bookings_history_add

    seniors = list(
        StaffMember.objects.for_org(org)
        .filter(
            spells__team=spell.team,
            spells__org_role__in=(3, 4),
            spells__end_date__isnull=True,
        )
        .exclude(pk=enrolment.person_id)
        .distinct()
        .order_by("staff_id")[:2]
    )
    services.people_set(
        enrolment=enrolment,
        assessor=seniors[0] if seniors else None,
        practice_educator=seniors[-1] if seniors else None,
        line_manager=enrolment.line_manager,
        actor=lead,
    )
    for kind, title, days in (
        ("direct_observation", "Observed home visit with a family", 30),
        ("direct_observation", "Observed child protection conference", 55),
        ("family_feedback", "Feedback from a young person", 45),
        ("professional_feedback", "Feedback from a school's safeguarding lead", 50),
    ):
        on = enrolment.started_on + timedelta(days=days)
        if on <= today:
            services.evidence_add(enrolment=enrolment, kind=kind, title=title, on=on, actor=lead)
    cohort = enrolment.cohort
    services.recall_days_plan(cohort=cohort, actor=lead)
    services.peer_groups_plan(cohort=cohort, actor=lead)
    past = LearningSession.objects.for_org(org).filter(
        item_id=cohort.recall_item_id, starts_at__lte=clock.now()
    )
    people = [e.person for e in cohort.enrolments.select_related("person")]
    bookings_history_add(
        bookings=[
            Booking(session=s, person=p, user=p.user, attended=True) for s in past for p in people
        ],
        actor=lead,
    )
