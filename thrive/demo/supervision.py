"""Demo supervision: line managers for every team, sixteen months of one-to-one sessions whose
regularity differs from team to team (some teams keep to the rhythm, some slip), newly qualified
workers on the ASYE ladder, a six-weekly rule for residential teams, a few full records for the
demo practitioner, monthly group case supervision in the demo manager's Family Safeguarding team
(next steps written to the families' workbooks through the real service) and two debriefs."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from analytics.supervision import Frequency, add_interval, add_months, asye_rung
from thrive.caseloads.selectors import asye_start, families_visible_to, family_connection
from thrive.core import clock
from thrive.core.models import current_q
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.demo.days import working_day_on_or_after, working_day_on_or_before
from thrive.people.models import EmploymentSpell, Organisation, StaffMember, TeamType
from thrive.people.services import line_managers_set
from thrive.supervision.models import Session
from thrive.supervision.services import (
    GroupFamily,
    group_record_save,
    session_book,
    sessions_history_add,
    supervision_policy_add,
)
from thrive.workbook.models import Chapter
from thrive.workbook.services import writable_chapters

# How reliably each team keeps to the rhythm: the chance a session happens when due, and how
# late it runs when it does (days). Teams are given one of these in turn.
TEAM_HABITS = [(0.97, 3), (0.9, 6), (0.8, 10), (0.65, 18), (0.93, 4), (0.5, 25)]

MONTHS_OF_HISTORY = 16
"""Sessions start this many months back, so the first point of the 12-month trend (a 3-month
window ending 11 months ago) already has a full history behind it."""

# How early an on-time session comes before its due date (days), by frequency.
EARLY = {
    Frequency.WEEKLY: (0, 1),
    Frequency.FORTNIGHTLY: (0, 3),
    Frequency.MONTHLY: (1, 6),
    Frequency.SIX_WEEKLY: (1, 7),
}


def _frequency(day: Any, asye: Any, residential: bool) -> Frequency:
    """The rhythm a person is on for a session held on *day* (as the council's policy says)."""
    if asye is not None and asye <= day < asye + timedelta(days=365):
        return asye_rung(day, asye)
    return Frequency.SIX_WEEKLY if residential else Frequency.MONTHLY


def _next_session(
    day: Any, frequency: Frequency, chance: float, lateness: int, rng: random.Random
) -> Any:
    """The day of the next session after one on *day*: before its due date, or slipping past it
    (by less on a weekly or fortnightly rung, where a week's slip is already a missed session)."""
    due = add_interval(day, frequency)
    if rng.random() < chance:
        low, high = EARLY[frequency]
        early = working_day_on_or_before(due - timedelta(days=rng.randint(low, high)))
        return working_day_on_or_after(max(early, day + timedelta(days=1)))
    if frequency in (Frequency.WEEKLY, Frequency.FORTNIGHTLY):
        return working_day_on_or_after(due + timedelta(days=rng.randint(1, max(2, lateness // 3))))
    return working_day_on_or_after(due + timedelta(days=rng.randint(2, lateness * 2)))


# The effect planted for the drivers model to find ("supervised fewer than three times in the
# last six months" going with leaving about twice as fast): exactly SLIPPED_SHARE of the permanent
# social workers who left in the months of history were barely supervised in their last nine months
# (a session every 80-110 days), and exactly STRETCH_SHARE of those in post long enough had such a
# stretch somewhere inside the history (a manager off sick, a team between managers), so going
# short is not only for leavers. Exact counts (not a draw per person) and stretches wholly inside
# the history keep the ratio from moving with the random stream. What the model finds depends on
# the leavers' share over the stayers': tuned on the demo's own session rhythm and team habits in
# simulated councils the size of Coventry (tests/analytics/test_supervision_plant.py), 0.35 of
# each gives 1.9-3.2 (median 2.45) over twelve seeds, every interval above 1 and holding 2 (0.3 of
# each missed once in twelve; 0.4 of each lowers compliance more for no surer finding). The
# earlier plant (a share drawn per leaver, 0.2, and no stretch for anyone else) was so strong that
# short supervision almost only ever came before leaving: the model could not be fitted ("not
# enough people"), and with a stretch for everyone in post (which overlapped everyone's last year)
# it found no clear effect.
SLIPPED_SHARE = 0.35
SLIP_DAYS = 270
SLIPPED_GAP = (80, 110)
STRETCH_SHARE = 0.35


def plant_supervision_slips(
    leavers: list[tuple[Any, Any, Any]],
    stayers: list[tuple[Any, Any]],
    *,
    today: Any,
    rng: random.Random,
) -> dict[Any, Any]:
    """The day each chosen person's short stretch starts (SLIP_DAYS long), by key: exactly
    SLIPPED_SHARE of *leavers* ((key, first day of history for them, last day)) in the SLIP_DAYS
    before they left, and exactly STRETCH_SHARE of *stayers* ((key, first day of history for
    them)) in post long enough, at a random time wholly inside their history."""
    slips: dict[Any, Any] = {}
    for key, _, end in rng.sample(leavers, round(SLIPPED_SHARE * len(leavers))):
        slips[key] = end - timedelta(days=SLIP_DAYS)
    room = [(key, first) for key, first in stayers if (today - first).days > SLIP_DAYS]
    for key, first in rng.sample(room, round(STRETCH_SHARE * len(room))):
        slips[key] = first + timedelta(days=rng.randint(0, (today - first).days - SLIP_DAYS))
    return slips


def session_days(
    first: Any,
    until: Any,
    *,
    asye: Any,
    residential: bool,
    chance: float,
    lateness: int,
    rng: random.Random,
    slip_from: Any = None,
) -> list[Any]:
    """The days of a person's one-to-ones from *first* to before *until*, on working days, on
    their rhythm kept with *chance*; for SLIP_DAYS from *slip_from*, each next one comes
    SLIPPED_GAP days after the last."""
    rung = _frequency(first, asye, residential)
    first_gap = {Frequency.WEEKLY: 5, Frequency.FORTNIGHTLY: 12}.get(rung, 14)
    day = working_day_on_or_after(first + timedelta(days=rng.randint(0, first_gap)))
    days = []
    while day < until:
        days.append(day)
        rung = _frequency(day, asye, residential)
        if slip_from is not None and slip_from <= day < slip_from + timedelta(days=SLIP_DAYS):
            day = working_day_on_or_after(day + timedelta(days=rng.randint(*SLIPPED_GAP)))
        else:
            day = _next_session(day, rung, chance, lateness, rng)
    return days


def seed_supervision(org: Organisation, rng: random.Random) -> int:
    """Once per council: returns the number of sessions made."""
    if Session.objects.for_org(org).exists():
        return 0
    today = clock.today()
    start = add_months(today, -MONTHS_OF_HISTORY)
    held = current_q(EmploymentSpell, today)
    # Those in post today, and the permanent social workers who left during the history (their
    # sessions end when they left; a share of them slipped before leaving, above).
    left_since = Q(contract="permanent", end_date__gt=start, end_date__lte=today)
    spells = list(
        EmploymentSpell.objects.for_org(org)
        .filter(profession="social_worker", contract__in=["permanent", "fixed_term", "agency"])
        .filter(held | left_since)
        .select_related("person", "team")
        .order_by("team__name", "person__staff_id")
    )
    gone = {s.pk for s in spells if s.end_date is not None and s.end_date <= today}
    # A leaver is one who did not go straight on into another spell here.
    went_on = {
        (s.person_id, s.start_date) for s in spells if s.end_date is None or s.end_date > today
    }
    # Leavers (who did not go straight on into another spell here) and permanent social workers
    # in post: the planted short stretches.
    slips = plant_supervision_slips(
        [
            (s.pk, max(s.start_date, start), s.end_date)
            for s in spells
            if s.contract == "permanent"
            and s.end_date is not None
            and s.end_date <= today
            and not any((s.person_id, s.end_date + timedelta(days=d)) in went_on for d in (0, 1))
        ],
        [
            (s.pk, max(s.start_date, start))
            for s in spells
            if s.contract == "permanent" and s.pk not in gone
        ],
        today=today,
        rng=rng,
    )
    by_team: dict[int, list[EmploymentSpell]] = defaultdict(list)
    for spell in spells:
        by_team[spell.team_id].append(spell)
    demo_manager = (
        StaffMember.objects.for_org(org)
        .filter(user__role_assignments__role=Role.TEAM_MANAGER)
        .first()
    )
    residential = {
        t
        for t, members in by_team.items()
        if members[0].team is not None and members[0].team.team_type == TeamType.RESIDENTIAL
    }
    if residential:
        supervision_policy_add(
            organisation=org,
            effective_from=add_months(today, -MONTHS_OF_HISTORY - 12),
            frequency="six_weekly",
            team_type=TeamType.RESIDENTIAL,
            note="Shift work: six-weekly one-to-ones, with reflective group sessions between",
        )
    sessions: list[Session] = []
    line_managers: dict[EmploymentSpell, StaffMember] = {}
    # Managers (and a team's lead where it has no manager) are supervised by a manager above
    # them, not by someone in their own team.
    leads: dict[int, EmploymentSpell] = {}
    for index, (team_id, members) in enumerate(sorted(by_team.items())):
        in_post = [s for s in members if s.pk not in gone]
        managers = [s for s in in_post if s.org_role == 3] or [
            s for s in in_post if s.org_role == 4
        ]
        if demo_manager is not None and any(s.person_id == demo_manager.pk for s in members):
            manager = next(s for s in members if s.person_id == demo_manager.pk)
        elif managers:
            manager = managers[0]
        else:
            manager = None
        chance, lateness = TEAM_HABITS[index % len(TEAM_HABITS)]
        for spell in members:
            if (
                manager is None
                or spell.person_id == manager.person_id
                or (spell.org_role is not None and spell.org_role <= 3)
            ):
                leads[spell.pk] = spell
                continue
            sessions += _one_to_ones(
                org,
                spell,
                manager.person_id,
                team_id in residential,
                chance,
                lateness,
                start,
                rng,
                slip_from=slips.get(spell.pk),
            )
            if spell.line_manager_id is None and spell.pk not in gone:
                line_managers[spell] = manager.person
    for spell in sorted(leads.values(), key=lambda s: (s.team.name if s.team else "", s.pk)):
        above = _manager_above(spell, [s for s in spells if s.pk not in gone])
        if above is None:
            continue
        sessions += _one_to_ones(
            org, spell, above.person_id, spell.team_id in residential, 0.9, 6, start, rng
        )
        if spell.line_manager_id is None and spell.pk not in gone:
            line_managers[spell] = above.person
    # Who manages whom, through the register's service: a revision and an audit entry each.
    line_managers_set(organisation=org, managers=line_managers, effective_date=today)
    # The council's supervision history, through the service that checks each session as
    # booking and recording one does, and writes the same audit trail.
    _demo_records(org, sessions)
    sessions_history_add(organisation=org, sessions=sessions)
    return len(sessions) + _group_and_debriefs(org, demo_manager, rng)


def _manager_above(spell: EmploymentSpell, spells: list[EmploymentSpell]) -> Any:
    """Who supervises a team's manager or lead: a service manager in the same service, else any
    service manager, else a head of service; a service manager, a head of service; a head of
    service, another head of service (the director is not on the social work register)."""
    role = spell.org_role or 5
    wanted = [2, 1] if role >= 3 else [1]
    service_id = spell.team.service_id if spell.team is not None else None
    for above_role in wanted:
        candidates = [
            s for s in spells if s.org_role == above_role and s.person_id != spell.person_id
        ]
        same = [s for s in candidates if s.team is not None and s.team.service_id == service_id]
        if same or candidates:
            return (same or candidates)[spell.pk % len(same or candidates)]
    return None


def _one_to_ones(
    org: Organisation,
    spell: EmploymentSpell,
    supervisor_id: int,
    residential: bool,
    chance: float,
    lateness: int,
    start: Any,
    rng: random.Random,
    slip_from: Any = None,
) -> list[Session]:
    """A person's one-to-ones since *start* (on working days) until today or their leaving and,
    for most of those in post, one booked ahead; few for SLIP_DAYS from *slip_from*."""
    today = clock.today()
    now = clock.now()
    team_id = spell.team_id
    asye = asye_start(spell)
    first = max(spell.start_date, start)
    until = min(today, spell.end_date) if spell.end_date else today
    lengths = [90, 90, 105, 120] if chance >= 0.9 else [60, 75, 90, 90, 120]
    sessions = []
    for day in session_days(
        first,
        until,
        asye=asye,
        residential=residential,
        chance=chance,
        lateness=lateness,
        rng=rng,
        slip_from=slip_from,
    ):
        at = timezone.make_aware(datetime.combine(day, time(rng.choice([9, 10, 13, 14]))))
        rung = _frequency(day, asye, residential)
        # Weekly ASYE sessions are shorter; a month's minutes still add up.
        minutes = rng.choice([60, 60, 75]) if rung is Frequency.WEEKLY else None
        sessions.append(
            Session(
                organisation=org,
                supervisor_id=supervisor_id,
                supervisee_id=spell.person_id,
                team_id=team_id,
                starts_at=at,
                planned_minutes=90,
                minutes=minutes or rng.choice(lengths),
                status="held",
                # Signed a few days later, but never after today.
                supervisor_signed_at=min(at + timedelta(days=2), now),
                supervisee_signed_at=min(at + timedelta(days=4), now),
            )
        )
    # One booked ahead for most people in post.
    if until == today and rng.random() < chance:
        ahead = working_day_on_or_after(today + timedelta(days=rng.randint(1, 20)))
        sessions.append(
            Session(
                organisation=org,
                supervisor_id=supervisor_id,
                supervisee_id=spell.person_id,
                team_id=team_id,
                starts_at=timezone.make_aware(datetime.combine(ahead, time(10))),
                planned_minutes=90,
            )
        )
    return sessions


def _practitioner_email(org: Organisation) -> str:
    """The demo practitioner's sign-in (not the newly qualified or agency worker's, who are
    practitioners too)."""
    from thrive.core.roles import Role
    from thrive.demo.seed import demo_email

    return demo_email(Role.PRACTITIONER, org.name)


def _group_and_debriefs(org: Organisation, chair: StaffMember | None, rng: random.Random) -> int:
    """Monthly group case supervision in the demo manager's team for the last three months, with
    social workers and adult specialists invited, and each family's next steps written to its
    workbook by the service a chair uses; and two debriefs after incidents. Returns the number
    of sessions."""
    if chair is None or chair.user is None:
        return 0
    today = clock.today()
    access = access_for(chair.user, org)
    current = EmploymentSpell.objects.for_org(org).current(today)
    team_id = current.filter(person=chair).values_list("team_id", flat=True).first()
    if team_id is None:
        return 0
    colleagues = list(
        current.filter(team_id=team_id)
        .exclude(person=chair)
        .select_related("person")
        .order_by("profession", "person__staff_id")
    )
    by_profession: dict[str, list[StaffMember]] = defaultdict(list)
    for spell in colleagues:
        by_profession[spell.profession].append(spell.person)
    # Up to four social workers and two of each other discipline.
    invited = [
        p
        for profession, people in sorted(by_profession.items())
        for p in people[: 4 if profession == "social_worker" else 2]
    ]
    writable = [
        f
        for f in families_visible_to(access, today).order_by("family_id")[:30]
        if Chapter.SOCIAL_WORKER.value in writable_chapters(family_connection(access, f, today))
    ]
    made = 0
    from thrive.demo.families import NEXT_STEPS

    for months_ago in (3, 2, 1):
        day = working_day_on_or_after(
            add_months(today, -months_ago) + timedelta(days=rng.randint(0, 5))
        )
        if not invited or not writable:
            break
        session = session_book(
            access=access,
            supervisor=chair,
            kind="group",
            starts_at=timezone.make_aware(datetime.combine(day, time(10))),
            planned_minutes=120,
            location="Family Safeguarding hub, meeting room 1",
            attendees=invited,
        )
        families = rng.sample(writable, min(3, len(writable)))
        group_record_save(
            access=access,
            session=session,
            minutes=rng.choice([110, 120, 120, 135]),
            attended=[p.pk for p in invited if rng.random() < 0.85],
            families=[GroupFamily(f, rng.choice(NEXT_STEPS)) for f in families],
            notes="Used the family's genogram and scaling to agree what would show progress.",
        )
        made += 1
    practitioner = (
        StaffMember.objects.for_org(org).filter(user__email=_practitioner_email(org)).first()
    )
    debriefed = [
        p
        for p in by_profession.get("social_worker", [])
        if practitioner is None or p.pk != practitioner.pk
    ][:2]
    incidents = [
        "A parent became aggressive at a home visit; the police were called. Talked through what "
        "happened, how she is, and the risk assessment for the next visit.",
        "A child on a plan was taken to hospital after self-harm. Went through the timeline, "
        "what was known before, and support for the worker.",
    ]
    teams = {spell.person_id: spell.team_id for spell in colleagues}
    debriefs = []
    for person, text in zip(debriefed, incidents, strict=False):
        day = working_day_on_or_before(today - timedelta(days=rng.randint(20, 80)))
        at = timezone.make_aware(datetime.combine(day, time(15)))
        debriefs.append(
            Session(
                kind="debrief",
                supervisor=chair,
                supervisee=person,
                team_id=teams.get(person.pk),
                starts_at=at,
                planned_minutes=45,
                status="held",
                minutes=rng.choice([40, 45, 60]),
                wellbeing="Shaken but supported; sleeping badly for a few nights.",
                incident_on=day - timedelta(days=1),
                incident=text,
                support_agreed="The employee assistance line; no visits alone to the family "
                "for a month; a check-in with the team manager next week.",
                # Signed that afternoon and agreed by the worker the next day.
                supervisor_signed_at=min(at + timedelta(hours=2), clock.now()),
                supervisee_signed_at=min(at + timedelta(days=1), clock.now()),
            )
        )
    # Debriefs held weeks ago come in as history does: the same checks as recording one, and
    # the booked, recorded and agreed entries in the audit trail, by the chair.
    sessions_history_add(organisation=org, sessions=debriefs, actor=chair.user)
    made += len(debriefs)
    return made


def _demo_records(org: Organisation, sessions: list[Session]) -> None:
    """Give the demo practitioner's latest sessions full records, one agreed and one waiting,
    before the history is added (so the service checks and audits them with the rest)."""
    person = StaffMember.objects.for_org(org).filter(user__email=_practitioner_email(org)).first()
    if person is None:
        return
    mine = sorted(
        (
            s
            for s in sessions
            if s.supervisee_id == person.pk and s.status == "held" and s.kind == "one_to_one"
        ),
        key=lambda s: s.starts_at,
        reverse=True,
    )[:2]
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
