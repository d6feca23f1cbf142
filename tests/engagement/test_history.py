"""A wave's answers from before Thrive (and the demo's) come in through one service, checked as
answering one is."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.engagement.helpers import council, q
from tests.factories import make_staff
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.engagement.models import Answer, Participation, Response
from thrive.engagement.services import PastResponse, survey_history_add

pytestmark = pytest.mark.django_db


def test_past_answers_are_checked_then_added_with_taking_part_apart(
    org: Any, other_org: Any, today: date
) -> None:
    c = council(org, today)
    team = c.teams["Duty"]
    people = [make_staff(org, staff_id=f"H{i}", team=team) for i in range(3)]
    good = {q(org, "hc-workload").pk: 4, q(org, "enps").pk: 9}

    def past(person: Any, answers: dict[int, Any]) -> PastResponse:
        return PastResponse(person, team, "social_worker", answers)

    for responses, words in [
        ([past(people[0], {q(org, "hc-workload").pk: 9, q(org, "enps").pk: 9})], "choose one"),
        ([past(people[0], good), past(people[0], good)], "twice"),
        ([past(make_staff(other_org, staff_id="X1"), good)], "work for this council"),
    ]:
        with pytest.raises(ThriveError, match=words):
            survey_history_add(survey=c.survey, responses=responses)
    assert not Response.objects.filter(survey=c.survey).exists()
    assert not Participation.objects.filter(survey=c.survey).exists()

    with_text = good | {q(org, "better").pk: "More time for reflective practice."}
    added = survey_history_add(
        survey=c.survey,
        responses=[past(people[0], with_text), *(past(p, good) for p in people[1:])],
    )
    assert added == 3
    assert Participation.objects.filter(survey=c.survey).count() == 3
    written = Response.objects.filter(survey=c.survey)
    assert written.count() == 3 and not written.filter(person__isnull=False).exists()
    assert Answer.objects.filter(response__survey=c.survey).count() == 7
    assert AuditEvent.objects.filter(action="engagement.survey_answered").count() == 3
