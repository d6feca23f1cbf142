"""The demo's engagement data: three survey waves in each council (the last one open, so a
practitioner can answer it), realistic answers and comments, and a "you said, we did" plan with
progress. Called once per council from ``thrive/demo/seed.py``."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef

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


SHOUTS = [
    "Covered my duty day at no notice so I could get to my son's school play.",
    "Stayed late to help me with a really difficult court statement.",
    "Brilliant direct work with a teenager everyone else had given up on.",
    "Always makes time for the newly qualified workers in the team.",
    "Calm, kind and clear in a very hard strategy meeting.",
]
TEAM_SHOUTS = ["Fantastic teamwork through the inspection.", "Thank you for the warm welcome."]
PARTNERS = ["DS Ali Khan, public protection unit", "Mrs Patel, head of St Mary's primary"]
STORY = (
    "I worked through an agency for six years. I came back to a permanent post because here I "
    "get supervision that is about the work, a caseload I can manage and a team I trust."
)


def seed_engagement_more(org: Any, rng: random.Random) -> dict[str, int]:
    """Everything beyond the surveys, through the services: flexible working requests at each
    stage, stay and exit conversations, a year of shout-outs and newsletters, the long-service
    rule and support drop-ins. Nothing if the council already has shout-outs."""
    from datetime import date, datetime, time

    from django.utils import timezone

    from thrive.engagement import conversations, dropins, flexible, longservice, recognition
    from thrive.engagement.exits import exit_conversation_record
    from thrive.engagement.models import ExitReason, ShoutOut

    if ShoutOut.objects.for_org(org).exists():
        return {}
    today = clock.today()
    current = list(
        EmploymentSpell.objects.for_org(org)
        .current(today)
        .exclude(contract="agency")
        .select_related("person__user", "team")
        .order_by("person__staff_id")
    )
    if len({s.person_id for s in current}) < 14:
        return {}
    # One spell a person (someone may hold two at once), so no one thanks themselves.
    people = list({s.person_id: s for s in current}.values())
    rng.shuffle(people)
    counts = {"flexible": 0, "exits": 0, "stays": 0, "shout_outs": 0, "newsletters": 0}

    # Flexible working: one request at each stage, judged by the law's limits (a flushed test
    # database has lost what migration 0011 loaded).
    flexible.flexible_rules_ensure()

    def ask(spell: Any, days_ago: int, pattern: str, details: str) -> Any:
        counts["flexible"] += 1
        return flexible.flexible_request_make(
            person=spell.person,
            team=spell.team,
            pattern=pattern,
            details=details,
            received_on=today - timedelta(days=days_ago),
            actor=None,
        )

    ask(people[0], 5, "hybrid", "Two days a week at home for recording, from next month.")
    r = ask(people[1], 20, "compressed_hours", "Four long days, Monday to Thursday.")
    flexible.flexible_consult(
        request=r, on=today - timedelta(days=10), note="Talked through duty cover.", actor=None
    )
    r = ask(people[2], 40, "term_time", "Term-time only, to care for my children.")
    flexible.flexible_consult(
        request=r, on=today - timedelta(days=30), note="Explored a part-year rota.", actor=None
    )
    flexible.flexible_decide(
        request=r, agree=False, on=today - timedelta(days=25), reason="demand", actor=None
    )
    flexible.flexible_appeal(request=r, on=today - timedelta(days=20), actor=None)
    r = ask(people[3], 90, "part_time", "0.8 FTE, not working Fridays.")
    flexible.flexible_decide(
        request=r, agree=True, on=today - timedelta(days=70), note="Agreed from 1st.", actor=None
    )
    r = ask(people[4], 120, "flexitime", "Start at 10 and finish at 6.")
    flexible.flexible_consult(
        request=r, on=today - timedelta(days=110), note="Evening visits discussed.", actor=None
    )
    flexible.flexible_decide(
        request=r, agree=False, on=today - timedelta(days=100), reason="quality", actor=None
    )

    # Exit conversations for the leavers of the last year.
    leavers = list(
        EmploymentSpell.objects.for_org(org)
        .filter(end_date__gte=today - timedelta(days=365), end_date__lte=today)
        .exclude(contract="agency")
        .filter(exit_conversation__isnull=True)
        .order_by("end_date", "pk")[:12]
    )
    reasons = [r for r in ExitReason.values if r != "other"]
    for spell in leavers:
        assert spell.end_date is not None
        exit_conversation_record(
            spell=spell,
            held_on=spell.end_date - timedelta(days=rng.randint(1, 14)),
            reasons=rng.sample(reasons, rng.randint(1, 3)),
            would_come_back=rng.choice(["yes", "maybe", "maybe", "no"]),
            reflective_conversation=rng.random() < 0.7,
            reference_promised=rng.random() < 0.8,
            notes="",
            actor=None,
        )
        counts["exits"] += 1
    counts["returners"] = _returners(org, rng, today)

    # Stay conversations.
    for spell in people[5:8]:
        conversations.stay_conversation_record(
            person=spell.person,
            team=spell.team,
            held_on=today - timedelta(days=rng.randint(7, 60)),
            notes="Talked about workload and what would help.",
            agreed="A protected day for recording each fortnight.",
            signals=["supervision"],
            actor=None,
        )
        counts["stays"] += 1

    # A year of shout-outs: two a month, most published.
    for months_ago in range(12, 0, -1):
        first = flexible.add_months(today.replace(day=1), -months_ago)
        for n in range(2):
            given_on = first + timedelta(days=rng.randint(0, 20))
            giver, about = rng.sample(people, 2)
            kind = rng.choice(["colleague", "colleague", "colleague", "team", "partner"])
            shout = recognition.shout_out_give(
                given_by=giver.person,
                about=kind,
                message=rng.choice(TEAM_SHOUTS if kind == "team" else SHOUTS),
                colleague=about.person if kind == "colleague" else None,
                team=about.team if kind == "team" else None,
                partner=rng.choice(PARTNERS) if kind == "partner" else "",
                given_on=given_on,
                actor=None,
            )
            if kind == "colleague" and (months_ago > 1 or n == 0):
                recognition.shout_out_consent(
                    shout=shout,
                    person=about.person,
                    agree=rng.random() < 0.9,
                    on=given_on + timedelta(days=2),
                    actor=None,
                )
            counts["shout_outs"] += 1
        letter = recognition.newsletter_draft(organisation=org, month=first, actor=None)
        recognition.newsletter_edit(
            letter=letter,
            title=letter.title,
            introduction="Thank you for everything you do for children and families.",
            body=letter.body,
            story=STORY if months_ago % 3 == 0 else "",
            version=letter.version,
            actor=None,
        )
        recognition.newsletter_send(
            letter=letter, actor=None, on=flexible.add_months(first, 1) + timedelta(days=2)
        )
        counts["newsletters"] += 1

    longservice.long_service_rule_set(
        organisation=org, effective_from=date(2000, 1, 1), basis="continuous", actor=None
    )

    # Support drop-ins over the next three weeks, with two hosts; three booked.
    hosts = people[8:10]
    slots = []
    for day in range(2, 22, 3):
        starts = timezone.make_aware(datetime.combine(today + timedelta(days=day), time(12, 30)))
        slots.append(
            dropins.dropin_slot_add(
                host=hosts[day % 2].person,
                starts_at=starts,
                minutes=45,
                place="Room 2.14, or a Teams call",
                actor=None,
            )
        )
    for slot, spell in zip(slots[:3], people[10:13], strict=False):
        dropins.dropin_book(slot=slot, person=spell.person, actor=None)
    counts["dropins"] = len(slots)
    return counts


RETURNERS = 2


def _returners(org: Any, rng: random.Random, today: Any) -> int:
    """Two permanent social workers who left two to four years ago come back this autumn (as
    Sefton welcomed back a worker who left three years before): their exit conversation said
    they might, and the register links the new spell to the old through the person."""
    from datetime import timedelta as days

    from thrive.engagement.exits import exit_conversation_record
    from thrive.people.services import spell_return

    later = EmploymentSpell.objects.for_org(org).filter(person_id=OuterRef("person_id"))
    candidates = list(
        EmploymentSpell.objects.for_org(org)
        .filter(
            contract="permanent",
            profession="social_worker",
            team__isnull=False,
            end_date__gte=today - days(days=4 * 365),
            end_date__lte=today - days(days=2 * 365),
            exit_conversation__isnull=True,
        )
        .exclude(Exists(later.filter(start_date__gt=OuterRef("end_date"))))
        .exclude(Exists(later.filter(end_date__isnull=True)))
        .select_related("person", "team")
        .order_by("end_date", "pk")[:40]
    )
    made = 0
    for spell in rng.sample(candidates, min(RETURNERS, len(candidates))):
        assert spell.end_date is not None
        exit_conversation_record(
            spell=spell,
            held_on=spell.end_date - days(days=rng.randint(2, 10)),
            reasons=["travel", "family"] if made == 0 else ["development", "pay"],
            would_come_back="yes",
            reflective_conversation=True,
            reference_promised=True,
            notes="Would like to come back when the children are at school."
            if made == 0
            else "Going for a senior post elsewhere; would come back for progression.",
            actor=None,
        )
        spell_return(
            person=spell.person,
            team=spell.team,
            start_date=today - days(days=rng.randint(20, 60)),
            contract="permanent",
            fte=spell.fte,
            org_role=spell.org_role or 5,
            job_title=spell.job_title,
            start_origin=2 if made else 5,
            actor=None,
        )
        made += 1
    return made
