"""The academy in the demo: an intake cohort every year since 2021 from the register's newly
qualified starters (with the leavers the calibrated register already has, so retention is
measurable), their years passed, and the current cohort mid-ASYE — the demo's newly qualified
social worker with evidence in progress, a review coming up and the academy days on the
calendar. Called once per council by ``thrive.demo.seed``; split by sub-area: ``cohorts``,
``progression``, ``pipeline`` (and the talent offer), ``mentoring``."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from thrive.academy import services
from thrive.academy.dates import add_months
from thrive.academy.demo.cohorts import (
    FIRST_YEAR,
    complete_history,
    current_cohort,
    first_year_spells,
)
from thrive.academy.demo.mentoring import mentoring
from thrive.academy.demo.pipeline import pipeline, seed_talent_offer
from thrive.academy.demo.progression import progression
from thrive.academy.models import Cohort, Enrolment
from thrive.core import clock
from thrive.people.models import EmploymentSpell, Organisation

__all__ = ["seed_academy", "seed_talent_offer"]


def seed_academy(org: Organisation, rng: random.Random, *, lead_email: str = "") -> str:
    """Once per council; returns a line for the demo's notes (empty if already there)."""
    from thrive.accounts.models import User

    if Cohort.objects.for_org(org).exists():
        return ""
    lead = User.objects.filter(email=lead_email).first() if lead_email else None
    today = clock.today()
    by_year: dict[int, list[EmploymentSpell]] = defaultdict(list)
    for spell in first_year_spells(org):
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
                complete_history(enrolment, rng, years)
            if spell.person.staff_id == f"NQ{org.code}":
                current = (enrolment, spell)
    services.asye_history_add(organisation=org, actor=lead, **years)
    # Those who left before their year ended: the outcome the register implies, not "in progress".
    services.leavers_record(organisation=org, on=today, actor=lead)
    if current is not None:
        current_cohort(org, current[0], current[1], lead, today)
    panels = progression(org, lead, today)
    pool = pipeline(org, lead, today)
    pairs = mentoring(org, lead, today)
    return (
        f"academy: {enrolled} newly qualified social workers in cohorts since {FIRST_YEAR}; "
        f"{panels} progression plans, one progressed by a panel and two declined; "
        f"an aspiring-managers cohort "
        f"and a talent pool of {pool}; "
        f"{pairs} mentoring pairs and practice champions"
    )
