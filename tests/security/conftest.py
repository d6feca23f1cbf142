"""A small seeded council for the security tests: the supervision tests' team (a manager, an ASYE
worker and an experienced worker who holds child K1 of family FAM1), with a supervision record, a
group session, a workbook entry and summary and a specialist on the family; a learning item
with a session the worker is booked on, the worker's CPD record, a programme the worker takes
part in (its questionnaires), a staff survey with a theme and an action, and a support drop-in
slot the team manager hosts — so the fuzzer and the crawl post to real records, not "not
found".

Recruitment (a vacancy, an application, a panel), the academy (a cohort, an enrolment with its
evidence and reviews, a progression plan) and agency (a home, a placement) are built on first use
(``council.recruitment()``, ``.academy()``, ``.agency()``), so the tests of other areas don't pay
for them. ``other_council`` is the same council again in another organisation (330), for IDs that
exist but belong to another council.

Both councils, with all their areas' records, are built once per test module (``_shared``: inside
a transaction the module's tests each roll back to, on the suite's day) and each test gets its own
copy of the Python objects, so a test that changes a record changes neither the next test's
database nor its objects. The sweeps here are hundreds of tests; building the councils for each
took longer than most of them."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test.utils import override_settings

from tests.conftest import LONDON, default_day
from tests.factories import make_org
from tests.learning.conftest import item as learning_item
from tests.learning.conftest import session as learning_session
from tests.supervision.conftest import Crew, make_crew, make_family
from thrive.caseloads.models import Family, FamilyAssignment, FamilyMember
from thrive.caseloads.services import family_assign
from thrive.core import clock
from thrive.core.permissions import access_for
from thrive.engagement import dropins, flexible, recognition
from thrive.engagement.models import Action as EngagementAction
from thrive.engagement.models import (
    DropInSlot,
    FlexiblePattern,
    FlexibleRequest,
    Newsletter,
    Question,
    Survey,
    Theme,
)
from thrive.engagement.services import action_add, library_ensure, survey_create, theme_add
from thrive.learning.models import (
    Booking,
    CpdRecord,
    Invitation,
    LearningItem,
    LearningSession,
    Programme,
)
from thrive.learning.programmes import participant_add, programme_create
from thrive.learning.services import book, cpd_save
from thrive.supervision.models import Session
from thrive.supervision.services import session_book
from thrive.workbook.models import MonthlySummary, WorkbookEntry
from thrive.workbook.services import chapters_for_person, entry_save, summary_save


@dataclass
class Recruitment:
    hr: Any
    vacancy: Any
    application: Any
    panel: Any
    channel: Any


@dataclass
class Academy:
    cohort: Any
    enrolment: Any
    evidence: Any
    review: Any
    plan: Any
    plan_evidence: Any
    pool_member: Any = None
    request: Any = None
    pair: Any = None
    leadership: Any = None


@dataclass
class Agency:
    home: Any
    placement: Any


class Areas:
    """Recruitment's, the academy's and agency's records of a team, built on first use."""

    crew: Crew
    built: dict[str, Any]

    def recruitment(self) -> Recruitment:
        if "recruitment" not in self.built:
            self.built["recruitment"] = _recruitment(self)
        return self.built["recruitment"]  # type: ignore[no-any-return]

    def academy(self) -> Academy:
        if "academy" not in self.built:
            self.built["academy"] = _academy(self)
        return self.built["academy"]  # type: ignore[no-any-return]

    def agency(self) -> Agency:
        if "agency" not in self.built:
            self.built["agency"] = _agency(self)
        return self.built["agency"]  # type: ignore[no-any-return]


@dataclass
class Elsewhere(Areas):
    """Another council's team: its records' IDs exist, but not in the council asked."""

    crew: Crew
    built: dict[str, Any] = field(default_factory=dict, repr=False)


def elsewhere(other_org: Any) -> Elsewhere:
    """Another council's team: the module's shared other council's (a copy), when *other_org* is
    that council; else a new team in *other_org*."""
    shared = _SHARED.get(other_org.pk)
    if shared is not None:
        return Elsewhere(copy.deepcopy(shared.crew), copy.deepcopy(shared.built))
    return Elsewhere(make_crew(other_org, domain="other.test"))


@dataclass
class Council(Areas):
    crew: Crew
    family: Family
    child: FamilyMember
    assignment: FamilyAssignment
    session: Session
    group: Session
    entry: WorkbookEntry
    summary: MonthlySummary
    learning_item: LearningItem
    learning_session: LearningSession
    booking: Booking
    cpd: CpdRecord
    programme: Programme
    invitation: Invitation
    survey: Survey
    theme: Theme
    action: EngagementAction
    flexible_request: FlexibleRequest
    newsletter: Newsletter
    dropin: DropInSlot
    built: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Shared:
    org: Any
    other_org: Any
    council: Council
    other_council: Council


# The module's shared other council, by its organisation's id (for ``elsewhere``).
_SHARED: dict[int, Council] = {}


@pytest.fixture(scope="module")
def _shared(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Shared]:
    """Both councils with every area's records, built once for the module inside a transaction
    that is rolled back after its last test (each test runs in a savepoint within it). Built at
    09:00 on the suite's day, before the tests' 10:00, with quick password hashing."""
    with django_db_blocker.unblock(), transaction.atomic():
        moment = datetime.combine(default_day(), time(9, 0), tzinfo=LONDON)
        with (
            time_machine.travel(moment, tick=True),
            override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        ):
            org, other_org = make_org("331", "Coventry"), make_org("330", "Birmingham")
            crew = make_crew(org)
            ours = build_council(crew, make_family(crew))
            theirs_crew = make_crew(other_org, domain="other.test")
            theirs = build_council(theirs_crew, make_family(theirs_crew))
            for council in (ours, theirs):
                council.recruitment(), council.academy(), council.agency()
        _SHARED[other_org.pk] = theirs
        try:
            yield Shared(org, other_org, ours, theirs)
        finally:
            _SHARED.clear()
            transaction.set_rollback(True)


@pytest.fixture
def _copied(_shared: Shared, db: Any) -> Shared:
    """This test's own copy of the shared councils' objects (one copy, so the ``council``'s crew
    is the ``crew`` fixture's)."""
    return copy.deepcopy(_shared)


@pytest.fixture
def org(_copied: Shared) -> Any:
    return _copied.org


@pytest.fixture
def other_org(_copied: Shared) -> Any:
    return _copied.other_org


@pytest.fixture
def crew(_copied: Shared) -> Crew:
    return _copied.council.crew


@pytest.fixture
def family(_copied: Shared) -> Family:
    return _copied.council.family


@pytest.fixture
def council(_copied: Shared) -> Council:
    return _copied.council


@pytest.fixture
def other_council(_copied: Shared) -> Council:
    """The same council in another organisation: records whose IDs exist, but not here."""
    return _copied.other_council


def build_council(crew: Crew, family: Family) -> Council:  # noqa: F811
    today = clock.today()
    senior = access_for(crew.senior_user, crew.org)
    assignment = family_assign(
        family=family, person=crew.asye, role="probation", start_date=date(2025, 1, 1)
    )
    session = session_book(
        access=access_for(crew.manager_user, crew.org),
        supervisor=crew.manager,
        supervisee=crew.senior,
        starts_at=clock.now() - timedelta(days=1),
    )
    group = Session.objects.create(
        organisation=crew.org,
        supervisor=crew.manager,
        kind="group",
        team=crew.team,
        starts_at=clock.now() - timedelta(days=2),
    )
    entry = entry_save(
        access=senior,
        family=family,
        chapter=chapters_for_person(senior, today)[0],
        occurred_on=today,
        body="Visited the family at home.",
        title="Home visit",
    )
    summary = summary_save(
        access=senior,
        family=family,
        month=today.replace(day=1),
        strengths="Warm relationships",
        concerns="School attendance",
        family_shares="partly",
        direction="improving",
        next_steps="Review in a month",
    )
    child = FamilyMember.objects.filter(family=family, is_child=True).first()
    assert child is not None
    course = learning_item(crew.org)
    course_session = learning_session(course)
    booking = book(session=course_session, user=crew.senior_user, person=crew.senior)
    cpd = cpd_save(
        person=crew.senior,
        user=crew.senior_user,
        cpd_type="reading",
        title="Reading on contextual safeguarding",
        on=today - timedelta(days=3),
        hours=Decimal("1.5"),
    )
    programme = programme_create(
        organisation=crew.org,
        actor=None,
        name="Grit",
        kind="resilience",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=50),
    )
    participant = participant_add(
        programme=programme, person=crew.senior, joined_on=today, actor=None
    )
    invitation = participant.invitations.order_by("pk").first()
    assert invitation is not None
    library_ensure(organisation=crew.org)
    survey = survey_create(
        organisation=crew.org,
        name="Spring",
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=14),
        questions=list(Question.objects.filter(organisation=crew.org).order_by("pk")[:3]),
    )
    theme = theme_add(survey=survey, name="Workload", you_said="Too many cases", actor=None)
    action = action_add(
        theme=theme, what="Cap caseloads", owner="Head of service", due_on=today, actor=None
    )
    team = flexible.current_team(crew.senior, today)
    assert team is not None
    flexible_request = flexible.flexible_request_make(
        person=crew.senior,
        team=team,
        pattern=FlexiblePattern.COMPRESSED,
        details="Four long days",
        actor=crew.senior_user,
    )
    newsletter = recognition.newsletter_draft(organisation=crew.org, month=today, actor=None)
    dropin = dropins.dropin_slot_add(
        host=crew.manager,
        starts_at=clock.now() + timedelta(days=3),
        minutes=30,
        place="Room 4",
        actor=None,
    )
    return Council(
        crew,
        family,
        child,
        assignment,
        session,
        group,
        entry,
        summary,
        course,
        course_session,
        booking,
        cpd,
        programme,
        invitation,
        survey,
        theme,
        action,
        flexible_request,
        newsletter,
        dropin,
    )


def role_user(council: Any, role: str) -> Any:
    """A user with *role* in the council's team and service, linked to no register record."""
    from tests.factories import make_user

    team = council.crew.team
    return make_user(council.crew.org, role, team=team, service=team.service)


def _recruitment(council: Areas) -> Recruitment:
    """An open vacancy in the team with a shortlisted application before a panel the recruiter
    sits on."""
    from tests.factories import make_user
    from tests.recruitment.helpers import apply, channel, move, open_vacancy
    from thrive.core.roles import Role
    from thrive.recruitment.models import PanellistKind, Stage
    from thrive.recruitment.services import panel_add, panellist_add, question_add

    org, today = council.crew.org, clock.today()
    hr = make_user(org, Role.HR_RECRUITMENT, email=f"hr@{org.code}.test")
    leader = make_user(org, Role.SENIOR_LEADER, email=f"leader@{org.code}.test")
    vacancy = open_vacancy(
        org,
        hr,
        leader,
        team=council.crew.team,
        title="Social worker",
        closing_date=today + timedelta(days=30),
    )
    application = move(apply(vacancy, hr, 1), hr, Stage.SHORTLISTED)
    question = question_add(
        organisation=org,
        actor=hr,
        text="A family tells you something worrying. What do you do?",
        value="Curiosity",
        rubric="1: no curiosity; 3: asks; 5: asks, checks and records",
        role="any",
        effective_from=today - timedelta(days=30),
    )
    panel = panel_add(
        vacancy=vacancy, actor=hr, sits_on=today, questions=[question], candidates=[application]
    )
    panellist_add(panel=panel, actor=hr, user=hr, kind=PanellistKind.STAFF)
    return Recruitment(hr, vacancy, application, panel, channel(org, "Word of mouth"))


def _academy(council: Areas) -> Academy:
    """The team's newly qualified worker enrolled in a cohort, with a piece of evidence; the
    experienced worker's progression plan with one."""
    from thrive.academy import selectors as academy_selectors
    from thrive.academy.services import cohort_add, enrol, evidence_add
    from thrive.academy.services.progression import (
        plan_add,
        progression_defaults,
        progression_evidence_add,
    )

    team_crew, today = council.crew, clock.today()
    cohort = cohort_add(organisation=team_crew.org, name="Cohort", starts_on=today, actor=None)
    enrolment = enrol(
        person=team_crew.asye,
        cohort=cohort,
        started_on=today - timedelta(days=30),
        actor=None,
        assessor=team_crew.senior,
        line_manager=team_crew.manager,
    )
    evidence = evidence_add(
        enrolment=enrolment,
        kind=next(iter(enrolment.programme.evidence)),
        title="Direct observation",
        on=today - timedelta(days=1),
        actor=None,
    )
    progression_defaults(organisation=team_crew.org, actor=None)
    level = academy_selectors.progression_levels(team_crew.org, today)[-1]
    plan = plan_add(person=team_crew.senior, level=level, goals="Lead on assessments", actor=None)
    plan_evidence = progression_evidence_add(
        plan=plan, kind="observation", title="Observed", on=today - timedelta(days=1), actor=None
    )
    review = enrolment.reviews.order_by("pk").first()
    # The talent pool (a career conversation) and a mentoring pair (an offer and a request).
    from thrive.academy.services.mentoring import (
        mentoring_pair_start,
        skill_offer_add,
        skill_request_add,
    )
    from thrive.academy.services.pipeline import career_conversation_record
    from thrive.supervision.models import PracticeSkill
    from thrive.supervision.services import practice_skills_add_defaults

    career_conversation_record(
        person=team_crew.senior,
        held_on=today - timedelta(days=7),
        readiness="ready_now",
        actor=None,
    )
    pool_member = team_crew.senior.talent_pool.get()
    practice_skills_add_defaults(organisation=team_crew.org)
    skill = PracticeSkill.objects.filter(organisation=team_crew.org).order_by("pk").first()
    offer = skill_offer_add(person=team_crew.senior, skill=skill, capacity=3, actor=None)
    asked = skill_request_add(person=team_crew.asye, skill=skill, actor=None)
    pair = mentoring_pair_start(request=asked, offer=offer, actor=None)
    second = skill_request_add(person=team_crew.manager, skill=skill, actor=None)
    # An aspiring-managers programme (its course page plans sessions and enrols the cohort).
    leadership = programme_create(
        organisation=team_crew.org,
        actor=None,
        name="Aspiring managers",
        kind="leadership",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=80),
    )
    participant_add(
        programme=leadership, person=team_crew.senior, joined_on=leadership.starts_on, actor=None
    )
    return Academy(
        cohort,
        enrolment,
        evidence,
        review,
        plan,
        plan_evidence,
        pool_member,
        second,
        pair,
        leadership,
    )


def _agency(council: Areas) -> Agency:
    """A children's home with the team, and an agency worker placed in the team (through the
    placements import)."""
    from thrive.agency.models import HomeKind, Placement
    from thrive.agency.services import home_add
    from thrive.people.imports import run_import

    team_crew, today = council.crew, clock.today()
    home = home_add(
        organisation=team_crew.org,
        code="oak",
        name="Oak House",
        kind=HomeKind.CHILDRENS_HOME,
        team=team_crew.team,
        actor=None,
    )
    rows = [
        "placement_id,staff_id,agency,job_type,team,start_date,planned_end_date,notice_weeks,"
        "hourly_pay,employer_ni_and_levy,hourly_charge,hours_per_week,covers_post_id,"
        "qualified_on,pq_experience_years,last_permanent_la_code,left_permanent_on,"
        "reference_given,reference_obtained,project_team",
        f"A1,X1,Acme Social Care Ltd,social_worker,{team_crew.team.name},"
        f"{today - timedelta(days=60)},{today + timedelta(days=120)},4,36.00,5.00,55.00,37,,"
        "2015-07-01,10,,,yes,yes,no",
    ]
    report = run_import(
        kind="placements",
        organisation=team_crew.org,
        content="\n".join(rows).encode(),
        filename="placements.csv",
    )
    assert report.ok, report.summary()
    return Agency(home, Placement.objects.get(organisation=team_crew.org, placement_id="A1"))
