"""The demo's engagement data: three survey waves in each council (the last one open, so a
practitioner can answer it), realistic answers and comments, and a "you said, we did" plan with
progress. Called once per council from ``thrive/demo/seed.py``."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction

from thrive.core import clock
from thrive.engagement.models import Question, Survey
from thrive.engagement.services import (
    PastResponse,
    action_add,
    action_progress,
    comments_tag,
    library_ensure,
    survey_create,
    survey_history_add,
    theme_add,
)
from thrive.people.models import EmploymentSpell

COMMENTS = {
    "workload": [
        "Caseloads are too high to do the direct work families need.",
        "Less duplication in recording would give me back hours each week.",
        "Workload is relentless when the team is carrying vacancies.",
    ],
    "supervision": [
        "Supervision keeps getting cancelled; I need it to be protected time.",
        "Reflective supervision has really helped me this year.",
    ],
    "development": [
        "A clear route to advanced practitioner without having to manage.",
        "More time for training that counts towards CPD.",
    ],
    "other": [
        "Hybrid working and a decent laptop make a big difference.",
        "Better parking at the office, honestly.",
        "Senior leaders coming to team meetings has been appreciated.",
    ],
}
CODES = ("hc-workload", "hc-supervision", "hc-cpd", "hc-valued", "stay-12m", "enps", "wb-cope")


def _value(code: str, rng: random.Random, lift: float, mood: float) -> int:
    if code == "enps":
        return max(0, min(10, round(rng.gauss(6.5 + 2 * lift + mood, 2.2))))
    base = {"hc-workload": 2.6, "hc-supervision": 3.4, "hc-valued": 3.2}.get(code, 3.5)
    if code == "hc-workload":
        base += lift  # the council acted on workload, and it shows
    return max(1, min(5, round(rng.gauss(base + mood, 0.9))))


@transaction.atomic
def seed_engagement(org: Any, rng: random.Random) -> int:
    """Three waves of a staff survey, unless the council already has surveys. Returns the
    number of responses."""
    if Survey.objects.for_org(org).exists():
        return 0
    library_ensure(organisation=org)
    questions = {q.code: q for q in Question.objects.for_org(org)}
    chosen = [questions[c] for c in (*CODES, "better")]
    today = clock.today()
    spells = list(
        EmploymentSpell.objects.for_org(org)
        .current(today)
        .select_related("team")
        .order_by("person_id", "-start_date")
    )
    people: dict[int, Any] = {}
    for spell in spells:
        people.setdefault(spell.person_id, spell)
    moods = {s.team_id: rng.uniform(-0.4, 0.3) for s in people.values()}
    waves = [
        (today - timedelta(days=400), 0.0),
        (today - timedelta(days=220), 0.4),
        (today - timedelta(days=5), 0.7),
    ]
    total = 0
    surveys = []
    for opens, lift in waves:
        is_open = lift == 0.7
        survey = survey_create(
            organisation=org,
            name=f"Staff survey {opens:%B %Y}",
            opens_on=opens,
            closes_on=today + timedelta(days=14) if is_open else opens + timedelta(days=21),
            questions=chosen,
        )
        surveys.append(survey)
        responses: list[PastResponse] = []
        # The open wave has only a few answers so far; the demo's practitioners can add theirs.
        rate = 0.3 if is_open else 0.65
        for spell in people.values():
            if spell.person.user_id is not None and is_open:
                continue
            if rng.random() > rate:
                continue
            mood = moods[spell.team_id]
            answers: dict[int, Any] = {
                questions[code].pk: _value(code, rng, lift, mood) for code in CODES
            }
            if rng.random() < 0.35:
                kind = rng.choice(list(COMMENTS))
                answers[questions["better"].pk] = rng.choice(COMMENTS[kind])
            responses.append(PastResponse(spell.person, spell.team, spell.profession, answers))
        rng.shuffle(responses)
        # Through the service a council bringing a wave from another tool uses: the same checks
        # as answering one, taking part recorded apart from the answers.
        survey_history_add(survey=survey, responses=responses)
        total += len(responses)
    _plan(org, surveys[0], today)
    return total


def _plan(org: Any, survey: Survey, today: Any) -> None:
    """The first wave's "you said, we did": themes, their comments, actions and progress."""
    workload = theme_add(
        survey=survey,
        name="Workload",
        you_said="Caseloads are too high, and recording takes time away from families.",
        keywords="caseload, workload, hours, duplication",
        actor=None,
    )
    supervision = theme_add(
        survey=survey,
        name="Supervision",
        you_said="Supervision is too often cancelled; when it happens, it helps.",
        keywords="supervision",
        actor=None,
    )
    theme_add(
        survey=survey,
        name="Development",
        you_said="People want a route to progress in practice, not only into management.",
        keywords="advanced practitioner, training, cpd",
        actor=None,
    )
    from thrive.engagement.selectors import comments_to_tag, themes_for_survey

    comments = comments_to_tag(survey, themes_for_survey(survey))
    comments_tag(survey=survey, tags={c.id: c.suggested_id for c in comments}, actor=None)
    done = action_add(
        theme=workload,
        what="Cap caseloads at 18 children and review weekly at duty meetings",
        owner="Head of Safeguarding",
        due_on=today - timedelta(days=200),
        actor=None,
    )
    action_progress(
        action=done, status="done", progress="In place; average caseload down to 16.", actor=None
    )
    under_way = action_add(
        theme=supervision,
        what="Protect supervision time in diaries; the PSW audits cancellations each quarter",
        owner="Principal social worker",
        due_on=today + timedelta(days=60),
        actor=None,
    )
    action_progress(
        action=under_way,
        status="under_way",
        progress="Cancellations down by a third since the spring.",
        actor=None,
    )
