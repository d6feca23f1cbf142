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
from thrive.academy.models import Cohort, Enrolment, Evidence, PoolMember, SkillOffer
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
    pool = _pipeline(org, lead, today)
    pairs = _mentoring(org, lead, today)
    return (
        f"academy: {enrolled} newly qualified social workers in cohorts since {FIRST_YEAR}; "
        f"{panels} progression plans, one progressed by a panel; an aspiring-managers cohort "
        f"and a talent pool of {pool}; "
        f"{pairs} mentoring pairs and practice champions"
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


# --- The leadership pipeline and mentoring -------------------------------------------------------

# Readiness after the aspiring-managers programme, in the order of its participants.
CONVERSATIONS = [
    ("ready_now", ["child_protection"], ""),
    ("ready_now", ["assessment", "child_protection"], ""),
    ("ready_12", ["children_in_care"], ""),
    ("ready_12", ["child_protection"], ""),
    ("ready_12", [], ""),
    ("other_path", [], "Advanced practitioner in adolescent exploitation"),
]
EXTRA_SKILLS = [
    ("Setting boundaries with young people", "Kindly and clearly, and keeping to them."),
    ("Direct work with adolescents", "Building trust with young people who have learned not to."),
    ("Working with fathers", "Bringing fathers and male carers into the work."),
]


def _experienced(org: Organisation, today: date, years: int) -> list[EmploymentSpell]:
    return list(
        EmploymentSpell.objects.for_org(org)
        .current(today)
        .filter(
            profession="social_worker",
            contract="permanent",
            org_role__in=(4, 5),
            start_date__lt=today - timedelta(days=years * 365),
        )
        .select_related("person", "team")
        .order_by("-start_date", "person__staff_id")
    )


def _pipeline(org: Organisation, lead: Any, today: date) -> int:
    """An aspiring-managers cohort that ended three months ago, a career conversation with each
    (two ready now, three in 12 months, one another path) and one earlier pool member appointed."""
    from thrive.academy.services.pipeline import career_conversation_record, pool_outcome_record
    from thrive.learning.programmes import participant_add, programme_create

    people = [s.person for s in _experienced(org, today, 3)[: len(CONVERSATIONS) + 1]]
    if len(people) < len(CONVERSATIONS) + 1:
        return 0
    programme = programme_create(
        organisation=org,
        actor=lead,
        name="Aspiring managers programme (seven weeks)",
        kind="leadership",
        description="Six to eight weeks for social workers who want to manage: a cohort a year.",
        starts_on=today - timedelta(days=140),
        ends_on=today - timedelta(days=140 - 6 * 7),
    )
    for person in people:
        participant_add(
            programme=programme, person=person, joined_on=programme.starts_on, actor=lead
        )
    _programme_sessions(org, lead, programme, people)
    earlier, cohort = people[0], people[1:]
    career_conversation_record(
        person=earlier,
        held_on=programme.ends_on + timedelta(days=3),
        readiness="ready_now",
        interest=["assessment"],
        programme=programme,
        actor=lead,
    )
    member = earlier.talent_pool.get()  # type: ignore[attr-defined]
    pool_outcome_record(
        member=member,
        status="appointed",
        on=programme.ends_on + timedelta(days=40),
        note="Team manager, assessment (appointed without advertising)",
        version=member.version,
        actor=lead,
    )
    for person, (readiness, interest, path) in zip(cohort, CONVERSATIONS, strict=True):
        career_conversation_record(
            person=person,
            held_on=programme.ends_on + timedelta(days=7),
            readiness=readiness,
            interest=interest,
            other_path=path,
            programme=programme,
            notes="After the aspiring managers programme.",
            actor=lead,
        )
    return len(cohort) + 1


def _programme_sessions(org: Organisation, lead: Any, programme: Any, people: list[Any]) -> None:
    """The cohort's seven weekly sessions as learning sessions of one learning item, each
    attended by the cohort (so they are in everyone's learning record and CPD)."""
    from datetime import datetime, time
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from thrive.core.working_days import working_day_on_or_after
    from thrive.learning.models import Booking
    from thrive.learning.services import (
        bookings_history_add,
        item_publish,
        item_save,
        session_add,
    )

    london = ZoneInfo("Europe/London")
    item = item_save(
        organisation=org,
        actor=lead,
        title=programme.name[:160],
        item_type="action_learning",
        provider_kind="in_house",
        description="A day a week for seven weeks: leading practice, supervision, managing people.",
        career_stages=["experienced", "senior"],
        cpd_hours=Decimal("6"),
    )
    item_publish(item=item, actor=lead)
    sessions = []
    for week in range(7):
        day = working_day_on_or_after(programme.starts_on + timedelta(weeks=week))
        sessions.append(
            session_add(
                item=item,
                starts_at=datetime.combine(day, time(9, 30), tzinfo=london),
                ends_at=datetime.combine(day, time(16, 30), tzinfo=london),
                capacity=len(people) + 2,
                venue=f"Aspiring managers, week {week + 1}",
                actor=lead,
            )
        )
    bookings_history_add(
        bookings=[
            Booking(session=s, person=p, user=p.user, attended=True)
            for s in sessions
            for p in people
        ],
        actor=lead,
    )


def seed_talent_offer(org: Organisation, *, lead_email: str, recruiter_email: str) -> str:
    """After recruitment's demo (which seeds only a council without vacancies): a team manager
    post in a child protection team raised by the recruiter, not yet advertised, and the talent
    pool's shortlist for it offered to them."""
    from thrive.academy.services.pipeline import shortlist_offer
    from thrive.accounts.models import User
    from thrive.people.models import Team, TeamType
    from thrive.recruitment.services import vacancy_raise

    lead = User.objects.filter(email=lead_email).first()
    recruiter = User.objects.filter(email=recruiter_email).first()
    team = (
        Team.objects.for_org(org)
        .filter(team_type=TeamType.CHILD_PROTECTION)
        .order_by("name")
        .first()
    )
    if recruiter is None or team is None or not PoolMember.objects.for_org(org).exists():
        return ""
    vacancy = vacancy_raise(
        organisation=org,
        actor=recruiter,
        grade="Grade 11",
        salary_min=52_000,
        salary_max=57_000,
        closing_date=clock.today() + timedelta(days=42),
        tests=["Leading practice", "Supporting staff", "Courage and honesty"],
        team=team,
        title="Team manager, child protection",
    )
    offer = shortlist_offer(vacancy=vacancy, on=clock.today(), actor=lead)
    return f"a talent-pool shortlist of {len(offer.shortlist)} offered for {vacancy.title}"


def _mentoring(org: Organisation, lead: Any, today: date) -> int:
    """Relationship-based skills offered by experienced practitioners, the newly qualified
    social worker and two colleagues asking, each choosing the best suggestion (one pair closed
    with a reflection), and two practice champion networks."""
    from thrive.academy.selectors_mentoring import suggestions
    from thrive.academy.services.mentoring import (
        champion_add,
        champion_network_add,
        mentoring_close,
        mentoring_meeting_add,
        mentoring_pair_start,
        skill_offer_add,
        skill_request_add,
    )
    from thrive.core.dated_lists import item_add
    from thrive.supervision.models import PracticeSkill
    from thrive.supervision.services import practice_skills_add_defaults

    practice_skills_add_defaults(organisation=org)
    for name, description in EXTRA_SKILLS:
        if not PracticeSkill.objects.for_org(org).filter(name=name).exists():
            item_add(
                PracticeSkill,
                organisation=org,
                name=name,
                description=description,
                available_from=today - timedelta(days=365),
                actor=lead,
            )
    skills = {s.name: s for s in PracticeSkill.objects.for_org(org)}
    mentors = [s.person for s in _experienced(org, today, 5)[-6:]]
    newest = [s.person for s in _experienced(org, today, 0)[:2]]
    nqsw = StaffMember.objects.for_org(org).filter(staff_id=f"NQ{org.code}").first()
    if len(mentors) < 6:
        return 0
    offers = [
        (0, "Setting boundaries with young people", 2),
        (1, "Setting boundaries with young people", 1),
        (2, "Direct work with adolescents", 2),
        (3, "Working with fathers", 2),
        (4, "Working with fathers", 1),
        (5, "Building relationships", 1),
    ]
    for n, skill, capacity in offers:
        skill_offer_add(person=mentors[n], skill=skills[skill], capacity=capacity, actor=lead)
    fathers = champion_network_add(
        organisation=org,
        topic="Working with fathers",
        skill=skills["Working with fathers"],
        description="Practice champions who bring fathers and male carers into the work.",
        actor=lead,
    )
    adolescents = champion_network_add(
        organisation=org,
        topic="Direct work with adolescents",
        skill=skills["Direct work with adolescents"],
        actor=lead,
    )
    for network, people in ((fathers, mentors[3:5]), (adolescents, mentors[2:3])):
        for person in people:
            champion_add(network=network, person=person, on=today - timedelta(days=200), actor=lead)
    asks = [
        (p, s)
        for p, s in (
            (nqsw, "Setting boundaries with young people"),
            (newest[0] if newest else None, "Working with fathers"),
            (newest[-1] if newest else None, "Direct work with adolescents"),
        )
        if p is not None and p not in mentors
    ]
    pairs = 0
    for n, (person, skill) in enumerate(dict(asks).items()):
        request = skill_request_add(person=person, skill=skills[skill], actor=lead)
        best = suggestions(request, today)
        if not best:
            continue
        offer = SkillOffer.objects.get(pk=best[0].person_id)
        started = today - timedelta(days=70 if n else 40)
        pair = mentoring_pair_start(request=request, offer=offer, actor=lead, on=started)
        for weeks in (1, 4):
            mentoring_meeting_add(
                pair=pair,
                held_on=started + timedelta(weeks=weeks),
                note="Practised the conversation together, then reflected on it.",
                actor=lead,
            )
        if n == 1:
            mentoring_close(
                pair=pair,
                on=started + timedelta(weeks=8),
                reflection="I now invite fathers to every review, and plan for them.",
                outcome="developed",
                version=pair.version,
                actor=lead,
            )
        pairs += 1
    return pairs
