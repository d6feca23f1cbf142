"""A small seeded council for the security tests: the supervision tests' team (a manager, an ASYE
worker and an experienced worker who holds child K1 of family FAM1), with a supervision record, a
group session, a workbook entry and summary and a specialist on the family; a learning item
with a session the worker is booked on, the worker's CPD record, a programme the worker takes
part in (its questionnaires), and a staff survey with a theme and an action — so the fuzzer and
the crawl post to real records, not "not found"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.learning.conftest import item as learning_item
from tests.learning.conftest import session as learning_session
from tests.supervision.conftest import Crew, crew, family  # noqa: F401  (fixtures used here)
from thrive.caseloads.models import Family, FamilyAssignment, FamilyMember
from thrive.caseloads.services import family_assign
from thrive.core import clock
from thrive.core.permissions import access_for
from thrive.engagement import flexible, recognition
from thrive.engagement.models import Action as EngagementAction
from thrive.engagement.models import (
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
class Council:
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


@pytest.fixture
def council(crew: Crew, family: Family) -> Council:  # noqa: F811
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
    )


def role_user(council: Any, role: str) -> Any:
    """A user with *role* in the council's team and service, linked to no register record."""
    from tests.factories import make_user

    team = council.crew.team
    return make_user(council.crew.org, role, team=team, service=team.service)
