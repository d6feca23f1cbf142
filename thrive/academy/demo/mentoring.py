"""The demo's strengths-based mentoring: skills offered, requests matched, pairs and champions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from thrive.academy.demo.pipeline import experienced
from thrive.academy.models import SkillOffer
from thrive.people.models import Organisation, StaffMember

EXTRA_SKILLS = [
    ("Setting boundaries with young people", "Kindly and clearly, and keeping to them."),
    ("Direct work with adolescents", "Building trust with young people who have learned not to."),
    ("Working with fathers", "Bringing fathers and male carers into the work."),
]


def mentoring(org: Organisation, lead: Any, today: date) -> int:
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
    mentors = [s.person for s in experienced(org, today, 5)[-6:]]
    newest = [s.person for s in experienced(org, today, 0)[:2]]
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
