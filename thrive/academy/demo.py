"""The academy in the demo: an intake cohort every year since 2021 from the register's newly
qualified starters (with the leavers the calibrated register already has, so retention is
measurable), their years passed, and the current cohort mid-ASYE — the demo's newly qualified
social worker with evidence in progress, a review coming up and the academy days on the
calendar. Called once per council by ``thrive.demo.seed``."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from thrive.academy import services
from thrive.academy.dates import add_months
from thrive.academy.models import Cohort, Enrolment, Evidence
from thrive.core import clock
from thrive.people.models import EmploymentSpell, Organisation, StaffMember

FIRST_YEAR = 2021


def _first_year_spells(org: Organisation) -> list[EmploymentSpell]:
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


def _complete_history(
    enrolment: Enrolment, rng: random.Random, years: dict[str, list[Any]]
) -> None:
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


def seed_academy(org: Organisation, rng: random.Random, *, lead_email: str = "") -> str:
    """Once per council; returns a line for the demo's notes (empty if already there)."""
    from thrive.accounts.models import User

    if Cohort.objects.for_org(org).exists():
        return ""
    lead = User.objects.filter(email=lead_email).first() if lead_email else None
    today = clock.today()
    by_year: dict[int, list[EmploymentSpell]] = defaultdict(list)
    for spell in _first_year_spells(org):
        by_year[spell.start_date.year].append(spell)
    current: tuple[Enrolment, EmploymentSpell] | None = None
    enrolled = 0
    years: dict[str, list[Any]] = {"evidence": [], "reviews": [], "passed": []}
    for year in sorted(by_year):
        for spell in sorted(by_year[year], key=lambda s: s.start_date):
            if spell.start_date > today:
                continue
            name = f"{spell.start_date.year} academy cohort"
            if today - spell.start_date < timedelta(days=365):
                name = f"{spell.start_date:%B %Y} intake"
            cohort = Cohort.objects.for_org(org).filter(name=name).first()
            if cohort is None:
                starts = date(year, 1, 1) if "academy cohort" in name else spell.start_date
                cohort = services.cohort_add(
                    organisation=org, name=name, starts_on=starts, actor=lead
                )
            enrolment = services.enrol(
                person=spell.person,
                cohort=cohort,
                started_on=spell.start_date,
                line_manager=spell.line_manager,
                actor=lead,
            )
            enrolled += 1
            stayed = spell.end_date is None or spell.end_date > add_months(spell.start_date, 12)
            if add_months(spell.start_date, 12) <= today and stayed:
                _complete_history(enrolment, rng, years)
            if spell.person.staff_id == f"NQ{org.code}":
                current = (enrolment, spell)
    services.asye_history_add(organisation=org, actor=lead, **years)
    # Those who left before their year ended: the outcome the register implies, not "in progress".
    services.leavers_record(organisation=org, on=today, actor=lead)
    if current is not None:
        _current_cohort(org, current[0], current[1], lead, today)
    panels = _progression(org, lead, today)
    return (
        f"academy: {enrolled} newly qualified social workers in cohorts since {FIRST_YEAR}; "
        f"{panels} progression plans, one progressed by a panel"
    )


def _progression(org: Organisation, lead: Any, today: date) -> int:
    """The default framework, a social worker progressed to senior practitioner by a panel last
    month (their register role changed from the first of this month) and one waiting for a panel."""
    from thrive.academy import selectors
    from thrive.academy.services import (
        manager_view_set,
        panel_decide,
        plan_add,
        plan_apply,
        progression_defaults,
        progression_evidence_add,
    )

    progression_defaults(organisation=org, actor=lead)
    senior = selectors.progression_levels(org, today)[2]
    role_from = today.replace(day=1)
    candidates = list(
        EmploymentSpell.objects.for_org(org)
        .current(today)
        .filter(
            profession="social_worker",
            contract="permanent",
            org_role=5,
            start_date__lt=role_from - timedelta(days=3 * 365),
        )
        .select_related("person")
        .order_by("start_date", "person__staff_id")[:2]
    )
    for n, spell in enumerate(candidates):
        plan = plan_add(
            person=spell.person,
            level=senior,
            goals="Hold complex child protection work and lead group supervision.",
            actor=lead,
        )
        for kind, title, days in (
            ("learning", "Practice supervisor development programme", 120),
            ("observation", "Observed a child protection conference", 60),
            ("feedback", "Feedback from a family after a step-down", 40),
        ):
            progression_evidence_add(
                plan=plan, kind=kind, title=title, on=today - timedelta(days=days), actor=lead
            )
        plan = manager_view_set(
            plan=plan, view="Ready: consistently strong.", version=plan.version, actor=lead
        )
        plan = plan_apply(
            plan=plan, on=today - timedelta(days=35), version=plan.version, actor=lead
        )
        if n == 0:
            panel_decide(
                plan=plan,
                panel_on=role_from - timedelta(days=14),
                members="Head of service; principal social worker; a team manager",
                scores=[4, 3, 3],
                notes=[],
                progressed=True,
                feedback="A reflective application; keep growing your group supervision.",
                role_from=role_from,
                version=plan.version,
                actor=lead,
            )
    return len(candidates)


def _current_cohort(
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
