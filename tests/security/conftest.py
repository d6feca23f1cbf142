"""A small seeded council for the security tests: the supervision tests' team (a manager, an ASYE
worker and an experienced worker who holds child K1 of family FAM1), with a supervision record, a
group session, a workbook entry and summary and a specialist on the family; and a learning item
with a session the worker is booked on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from tests.learning.conftest import item as learning_item
from tests.learning.conftest import session as learning_session
from tests.supervision.conftest import Crew, crew, family  # noqa: F401  (fixtures used here)
from thrive.caseloads.models import Family, FamilyAssignment, FamilyMember
from thrive.caseloads.services import family_assign
from thrive.core import clock
from thrive.core.permissions import access_for
from thrive.learning.models import Booking, LearningItem, LearningSession
from thrive.learning.services import book
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
    )


def role_user(council: Any, role: str) -> Any:
    """A user with *role* in the council's team and service, linked to no register record."""
    from tests.factories import make_user

    team = council.crew.team
    return make_user(council.crew.org, role, team=team, service=team.service)
