"""A small council for the engagement tests: two services, three teams, a library, a survey."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tests.factories import link_user, make_staff, make_team, make_user
from thrive.engagement.models import Question, Survey
from thrive.engagement.services import library_ensure, survey_create


@dataclass
class Council:
    org: Any
    teams: dict[str, Any]
    survey: Survey
    lead: Any  # principal social worker


def council(org: Any, today: date, *, questions: tuple[str, ...] = ()) -> Council:
    teams = {
        "Assessment": make_team(org, "Assessment", service="Safeguarding"),
        "Duty": make_team(org, "Duty", service="Safeguarding"),
        "Fostering": make_team(org, "Fostering", service="Children in Care"),
    }
    library_ensure(organisation=org)
    codes = questions or ("hc-workload", "enps", "better")
    chosen = [Question.objects.get(organisation=org, code=c) for c in codes]
    survey = survey_create(
        organisation=org,
        name="Spring 2026",
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=14),
        questions=chosen,
    )
    lead = make_user(org, "principal_social_worker")
    return Council(org=org, teams=teams, survey=survey, lead=lead)


def person_in(org: Any, team: Any, staff_id: str, *, role: str = "practitioner", **kw: Any) -> Any:
    """A member of staff in *team* who signs in (a user linked to their register record)."""
    person = make_staff(org, staff_id=staff_id, team=team, **kw)
    user = make_user(org, role)
    link_user(person, user)
    return person, user


def q(org: Any, code: str) -> Question:
    return Question.objects.get(organisation=org, code=code)
