"""Demo supervision: line managers for every team, a year of one-to-one sessions whose
regularity differs from team to team (some teams keep to the rhythm, some slip), a few full
records for the demo practitioner, and a group case supervision session."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from analytics.supervision import add_months
from thrive.people.models import EmploymentSpell, Organisation, StaffMember
from thrive.supervision.models import Session

# How reliably each team keeps to the rhythm: the chance a session happens when due, and how
# late it runs when it does (days). Teams are given one of these in turn.
TEAM_HABITS = [(0.97, 3), (0.9, 6), (0.8, 10), (0.65, 18), (0.93, 4), (0.5, 25)]


def seed_supervision(org: Organisation, rng: random.Random) -> int:
    """Once per council: returns the number of sessions made."""
    if Session.objects.for_org(org).exists():
        return 0
    today = timezone.localdate()
    held = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gt=today))
    spells = list(
        EmploymentSpell.objects.for_org(org)
        .filter(
            held, profession="social_worker", contract__in=["permanent", "fixed_term", "agency"]
        )
        .select_related("person", "team")
        .order_by("team__name", "person__staff_id")
    )
    by_team: dict[int, list[EmploymentSpell]] = defaultdict(list)
    for spell in spells:
        by_team[spell.team_id].append(spell)
    demo_manager = (
        StaffMember.objects.for_org(org).filter(user__role_assignments__role="team_manager").first()
    )
    sessions = []
    updates = []
    start = add_months(today, -14)
    for index, (team_id, members) in enumerate(sorted(by_team.items())):
        managers = [s for s in members if s.org_role == 3] or [
            s for s in members if s.org_role == 4
        ]
        if demo_manager is not None and any(s.person_id == demo_manager.pk for s in members):
            manager = next(s for s in members if s.person_id == demo_manager.pk)
        elif managers:
            manager = managers[0]
        else:
            continue
        chance, lateness = TEAM_HABITS[index % len(TEAM_HABITS)]
        for spell in members:
            if spell.person_id == manager.person_id:
                continue
            if spell.line_manager_id is None:
                spell.line_manager_id = manager.person_id
                updates.append(spell)
            day = max(spell.start_date, start) + timedelta(days=rng.randint(0, 14))
            lengths = [90, 90, 105, 120] if chance >= 0.9 else [60, 75, 90, 90, 120]
            while day < today:
                at = timezone.make_aware(datetime.combine(day, time(rng.choice([9, 10, 13, 14]))))
                sessions.append(
                    Session(
                        organisation=org,
                        supervisor_id=manager.person_id,
                        supervisee_id=spell.person_id,
                        team_id=team_id,
                        starts_at=at,
                        planned_minutes=90,
                        minutes=rng.choice(lengths),
                        status="held",
                        supervisor_signed_at=at + timedelta(days=2),
                        supervisee_signed_at=at + timedelta(days=4),
                    )
                )
                if rng.random() < chance:  # the next one on time, within four weeks or so
                    day += timedelta(days=rng.randint(24, 29))
                else:  # it slips past the due date
                    day = add_months(day, 1) + timedelta(days=rng.randint(2, lateness * 2))
            # One booked ahead for most people.
            if rng.random() < chance:
                ahead = today + timedelta(days=rng.randint(1, 20))
                sessions.append(
                    Session(
                        organisation=org,
                        supervisor_id=manager.person_id,
                        supervisee_id=spell.person_id,
                        team_id=team_id,
                        starts_at=timezone.make_aware(datetime.combine(ahead, time(10))),
                        planned_minutes=90,
                    )
                )
    EmploymentSpell.objects.bulk_update(updates, ["line_manager"], batch_size=2000)
    Session.objects.bulk_create(sessions, batch_size=2000)
    _demo_records(org, rng)
    return len(sessions)


def _demo_records(org: Organisation, rng: random.Random) -> None:
    """Give the demo practitioner's latest sessions full records: one agreed, one waiting."""
    person = (
        StaffMember.objects.for_org(org).filter(user__role_assignments__role="practitioner").first()
    )
    if person is None:
        return
    mine = list(
        Session.objects.for_org(org)
        .filter(supervisee=person, status="held")
        .order_by("-starts_at")[:2]
    )
    texts: list[dict[str, Any]] = [
        {
            "wellbeing": "Feeling more settled since the team moved offices; sleeping better.",
            "workload": "Within cap. Two court reports due this month; "
            "agreed to protect Friday mornings.",
            "learning": "Booked onto the motivational interviewing refresher.",
            "balance": "balanced",
            "balance_notes": "Challenged the drift on one family's plan; "
            "supported on the complaint.",
            "supervisee_reflections": "Helpful to think about why the plan for the younger "
            "child is stuck.",
        },
        {
            "wellbeing": "Tired after a hard week; one visit was distressing.",
            "workload": "Near cap; one new family allocated this month.",
            "learning": "Read the serious case review summary shared at the practice forum.",
            "balance": "support",
            "balance_notes": "Mostly support this time after the difficult visit.",
            "supervisee_reflections": "",
        },
    ]
    for session, text in zip(mine, texts, strict=False):
        for key, value in text.items():
            setattr(session, key, value)
        if not text["supervisee_reflections"]:
            session.supervisee_signed_at = None
        session.save()
