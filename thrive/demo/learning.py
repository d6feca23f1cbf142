"""Demo learning: a catalogue of every type and provider, past and coming sessions with places,
waiting lists, attendance, feedback and CPD; needs from all three voices; partners in the
exchange with places flowing both ways (offered and taken on each side, never over a session's
capacity); training champions.

The module is long because the past is made to read as a real council's: who had a place on
each past session depends only on who was in post then (never on who stayed), so the learning
records carry no trace of who later left."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from thrive.core import clock
from thrive.core.models import current_q
from thrive.core.roles import Role
from thrive.demo.days import working_day_on_or_after
from thrive.learning.models import (
    Booking,
    CpdRecord,
    Feedback,
    LearningItem,
    LearningSession,
    Partner,
)
from thrive.learning.services import (
    bookings_history_add,
    champion_add,
    cpd_history_add,
    exchange_offer,
    feedback_history_add,
    item_save,
    need_add,
    partner_add,
    partner_offer_add,
    partner_place_add,
    session_add,
)
from thrive.people.models import EmploymentSpell, Organisation, Service, StaffMember, Team

CATALOGUE: list[dict[str, Any]] = [
    {
        "title": "Safeguarding children refresher",
        "item_type": "course",
        "provider_kind": "in_house",
        "mandatory": True,
        "renewal_months": 24,
        "topics": ["safeguarding"],
        "cpd_hours": 6,
    },
    {
        "title": "Data protection and recording",
        "item_type": "elearning",
        "provider_kind": "commissioned",
        "provider_name": "Learning Pool",
        "mandatory": True,
        "renewal_months": 12,
        "topics": ["recording"],
        "cpd_hours": 1,
    },
    {
        "title": "ASYE recall day",
        "item_type": "course",
        "provider_kind": "in_house",
        "career_stages": ["asye"],
        "topics": ["asye"],
        "cpd_hours": 6,
    },
    {
        "title": "Motivational interviewing",
        "item_type": "residential",
        "provider_kind": "commissioned",
        "provider_name": "Change Talk Ltd",
        "topics": ["motivational interviewing", "substance misuse"],
        "cpd_hours": 14,
    },
    {
        "title": "Action learning set: complex families",
        "item_type": "action_learning",
        "provider_kind": "in_house",
        "career_stages": ["experienced", "senior"],
        "topics": ["neglect"],
        "cpd_hours": 3,
    },
    {
        "title": "Practice forum: neglect",
        "item_type": "forum",
        "provider_kind": "in_house",
        "topics": ["neglect"],
        "cpd_hours": 2,
    },
    {
        "title": "Newly qualified peer support group",
        "item_type": "peer_support",
        "provider_kind": "in_house",
        "career_stages": ["asye", "social_worker"],
        "topics": ["wellbeing"],
        "cpd_hours": 1.5,
    },
    {
        "title": "Child exploitation webinar",
        "item_type": "webinar",
        "provider_kind": "partner",
        "provider_name": "Police",
        "topics": ["exploitation"],
        "cpd_hours": 1.5,
    },
    {
        "title": "Research in practice podcast series",
        "item_type": "podcast",
        "provider_kind": "commissioned",
        "provider_name": "Research in Practice",
        "topics": ["research"],
        "cpd_hours": 1,
    },
    {
        "title": "Reading club: trauma-informed practice",
        "item_type": "reading_club",
        "provider_kind": "experts",
        "topics": ["trauma"],
        "cpd_hours": 1.5,
    },
    {
        "title": "Shadow the front door",
        "item_type": "shadowing",
        "provider_kind": "in_house",
        "career_stages": ["asye", "social_worker"],
        "topics": ["assessment"],
        "cpd_hours": 3,
    },
    {
        "title": "Practice week drop-in: court skills",
        "item_type": "practice_week",
        "provider_kind": "experts",
        "topics": ["court"],
        "cpd_hours": 1,
    },
    {
        "title": "Regional social work conference",
        "item_type": "conference",
        "provider_kind": "partner",
        "provider_name": "West Midlands Teaching Partnership",
        "topics": ["leadership", "research"],
        "cpd_hours": 6,
    },
    {
        "title": "Coaching for new team managers",
        "item_type": "coaching",
        "provider_kind": "commissioned",
        "provider_name": "Frontline",
        "career_stages": ["manager"],
        "topics": ["leadership"],
        "cpd_hours": 6,
    },
    {
        "title": "Practice educator stage 1",
        "item_type": "course",
        "provider_kind": "commissioned",
        "provider_name": "Coventry University",
        "career_stages": ["experienced", "senior"],
        "topics": ["practice education"],
        "cpd_hours": 18,
    },
    {
        "title": "Domestic abuse: the Safe and Together model",
        "item_type": "course",
        "provider_kind": "partner",
        "provider_name": "Women's Aid",
        "topics": ["domestic abuse"],
        "cpd_hours": 6,
    },
]
NEEDS = [
    ("workforce", "LGA health check 2026", "Court skills", 4),
    ("workforce", "Practice forum feedback", "Neglect", 3),
    ("families", "Children in care council", "Life story work", 4),
    ("families", "Parents' complaints review", "Neglect", 3),
    ("evidence", "ILACS inspection 2025", "Neglect", 4),
    ("evidence", "National review: child exploitation", "Exploitation", 5),
    ("workforce", "Staff survey 2026", "Wellbeing", 3),
    ("evidence", "Working Together 2023", "Multi-agency working", 3),
    ("families", "Care leavers' forum", "Care leavers' housing", 4),
]
PARTNERS = [
    ("City Police", "police"),
    ("Integrated Care Board", "health"),
    ("Schools Partnership", "education"),
    ("Probation Service", "probation"),
    ("Family Action", "voluntary"),
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _exchange(
    org: Organisation, rng: random.Random, sessions: list[LearningSession], now: datetime
) -> tuple[list[Partner], dict[int, list[tuple[Partner, Any]]]]:
    """The partners, each with people who sign in, and places offered to them on past and coming
    sessions; four of the five take some. Returns the partners and, per session, the partner
    places taken (partner, user) — always within the places offered."""
    from thrive.accounts.models import User
    from thrive.accounts.services import user_add

    partners = [
        partner_add(organisation=org, name=name, sector=sector, actor=None)
        for name, sector in PARTNERS
    ]
    # The demo's own partner login works for the first partner.
    demo_partner = User.objects.filter(
        role_assignments__organisation=org, role_assignments__role=Role.PARTNER
    ).first()
    past = [s for s in sessions if s.starts_at < now]
    upcoming = [s for s in sessions if s.starts_at > now]
    plan: dict[int, list[tuple[Partner, Any]]] = {}
    for index, partner in enumerate(partners):
        slug = partner.name.lower().replace(" ", "-")
        users = [
            user_add(
                email=f"learner{n}.{slug}@{org.code}.partners.thrive.test",
                organisation=org,
                role=Role.PARTNER,
                full_name=f"{partner.name} learner {n}",
            )[0]
            for n in (1, 2, 3)
        ]
        if index == 0 and demo_partner is not None:
            users.insert(0, demo_partner)
        partner.users.add(*users)
        chosen = rng.sample(past, k=min(2, len(past))) + rng.sample(
            upcoming, k=min(3, len(upcoming))
        )
        for s in chosen:
            offer = exchange_offer(session=s, partner=partner, places=rng.randint(2, 3), actor=None)
            if index == len(partners) - 1:
                continue  # the last partner has not taken any yet
            # Never more people than the places offered (the demo login, first in its
            # partner's list, takes one on each of its sessions).
            for user in users[: min(rng.randint(1, 2), offer.places)]:
                plan.setdefault(s.pk, []).append((partner, user))
    return partners, plan


def _partners_offer_us(
    org: Organisation, rng: random.Random, partners: list[Partner], today: date
) -> None:
    """Partners offer places on their own training; our people took some of them."""
    for index, partner in enumerate(partners):
        for title, days in (
            (f"{partner.name}: safeguarding in practice", -rng.randint(30, 200)),
            (f"{partner.name}: multi-agency briefing", rng.randint(20, 90)),
        ):
            offer = partner_offer_add(
                partner=partner,
                title=title,
                on=working_day_on_or_after(today + timedelta(days=days)),
                places=rng.randint(3, 6),
                actor=None,
            )
            if days < 0 and index != 2:
                partner_place_add(
                    partner=partner, offer=offer, places=rng.randint(1, offer.places), actor=None
                )


# Mandatory learning as councils report it: most people in date, some lapsed or never done.
MANDATORY_IN_DATE = (0.8, 0.92)


def _mandatory_history(
    org: Organisation,
    rng: random.Random,
    items: list[LearningItem],
    today: date,
) -> int:
    """For each mandatory item, a session a month over its renewal period (so the learning
    history runs back two years), attended by 80–92% of the people in post throughout it, so the
    mandatory-learning views show realistic completion rather than a handful. Each person's
    month is drawn from the whole period and kept only if they were in post then: drawn from the
    months they held, a leaver's one session fell in their last months in post, so the learning
    in anyone's last year rose the nearer they were to leaving, an effect of leaving on learning
    that the drivers model read as learning hastening leaving (``docs/retention.md``). Returns
    the bookings made."""
    longest = max((i.renewal_months or 12 for i in items if i.mandatory), default=0)
    if not longest:
        return 0
    earliest = today - timedelta(days=30 * longest + 9)
    in_post: dict[int, list[tuple[date, date | None]]] = {}
    for person_id, start, end in (
        EmploymentSpell.objects.for_org(org)
        .filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=earliest))
        .values_list("person_id", "start_date", "end_date")
    ):
        in_post.setdefault(person_id, []).append((start, end))
    people = StaffMember.objects.for_org(org).in_bulk(list(in_post))
    bookings: list[Booking] = []
    for item in items:
        if not item.mandatory:
            continue
        months = item.renewal_months or 12
        share = rng.uniform(*MANDATORY_IN_DATE)
        days = {
            back: working_day_on_or_after(today - timedelta(days=30 * back + 9))
            for back in range(1, months + 1)
        }
        by_month: dict[int, list[StaffMember]] = {}
        for person_id in sorted(in_post):
            back = rng.choice(sorted(days))
            day = days[back]
            held = any(s <= day and (e is None or e > day) for s, e in in_post[person_id])
            if rng.random() < share and held:
                by_month.setdefault(back, []).append(people[person_id])
        for back, attendees in sorted(by_month.items()):
            session = session_add(
                item=item,
                starts_at=_at(days[back], 10),
                ends_at=_at(days[back], 13),
                venue="" if item.item_type == "elearning" else "Council House, Room 1",
                online=item.item_type == "elearning",
                capacity=len(attendees) + 5,
            )
            bookings += [
                Booking(
                    organisation=org,
                    session=session,
                    person=person,
                    user_id=person.user_id,
                    status="booked",
                    attended=rng.random() < 0.97,
                )
                for person in attendees
            ]
    bookings_history_add(bookings=bookings)
    return len(bookings)


def seed_learning(org: Organisation, rng: random.Random) -> int:
    """Once per council; returns the number of bookings made."""
    if LearningItem.objects.for_org(org).exists():
        return 0
    today = clock.today()
    services = list(Service.objects.for_org(org).order_by("name"))
    now = clock.now()
    items = []
    for index, spec in enumerate(CATALOGUE):
        spec = dict(spec)
        spec["cpd_hours"] = Decimal(str(spec.get("cpd_hours", 0)))
        # In the catalogue since before the first sessions (published long ago).
        items.append(
            item_save(
                organisation=org,
                actor=None,
                published_at=now - timedelta(days=200),
                service=services[index % len(services)] if services and index % 3 == 0 else None,
                description=f"{spec['title']}: part of the council's learning offer.",
                **spec,
            )
        )
    sessions = []
    for item in items:
        for offset in (-150, -60, 20, 45):
            day = working_day_on_or_after(today + timedelta(days=offset + rng.randint(0, 10)))
            sessions.append(
                session_add(
                    item=item,
                    starts_at=_at(day, 9),
                    ends_at=_at(day, 16),
                    venue="Council House, Room 2"
                    if item.item_type not in ("webinar", "podcast", "elearning")
                    else "",
                    online=item.item_type in ("webinar", "podcast", "elearning"),
                    capacity=rng.choice([12, 16, 20, 24]),
                )
            )
    held = current_q(EmploymentSpell, today)
    staff = list(
        StaffMember.objects.for_org(org)
        .filter(spells__in=EmploymentSpell.objects.for_org(org).filter(held))
        .distinct()
        .order_by("staff_id")
    )
    partners, partner_plan = _exchange(org, rng, sessions, now)
    # A past session's places went to people in post on its day (not to those in post today:
    # that would give learning only to those who stayed, and the drivers model would read it).
    spells: dict[int, list[tuple[date, date | None]]] = {}
    for person_id, start, end in (
        EmploymentSpell.objects.for_org(org)
        .filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today - timedelta(days=400)))
        .values_list("person_id", "start_date", "end_date")
    ):
        spells.setdefault(person_id, []).append((start, end))
    everyone = StaffMember.objects.for_org(org).in_bulk(list(spells))

    def in_post_on(day: date) -> list[StaffMember]:
        return [
            everyone[p]
            for p in sorted(spells)
            if any(s <= day and (e is None or e > day) for s, e in spells[p])
        ]

    bookings: list[Booking] = []
    for session in sessions:
        past = session.starts_at < now
        theirs = partner_plan.get(session.pk, [])
        # Partners' people have places within what was offered to them; our people fill the
        # rest. Sessions to come: about half are full with some more waiting, the rest still
        # have places free (a quarter to two thirds of them), so a course can be booked.
        room = session.capacity - len(theirs)
        if past:
            wanted = room
        elif rng.random() < 0.5:
            wanted = room + rng.randint(0, 4)
        else:
            wanted = max(0, room - max(2, round(session.capacity * rng.uniform(0.25, 0.65))))
        pool = in_post_on(session.starts_at.date()) if past else staff
        people = rng.sample(pool, k=min(len(pool), wanted))
        for n, person in enumerate(people):
            full = n >= room
            bookings.append(
                Booking(
                    organisation=org,
                    session=session,
                    person=person,
                    user_id=person.user_id,
                    status="waiting" if full else "booked",
                    attended=(rng.random() < 0.88) if past and not full else None,
                )
            )
        for partner, user in theirs:
            bookings.append(
                Booking(
                    organisation=org,
                    session=session,
                    user=user,
                    partner=partner,
                    status="booked",
                    attended=(rng.random() < 0.85) if past else None,
                )
            )
    # Through the service that books a place as `book` does (a partner's places first: they are
    # within what was offered, and our people fill the rest, then the waiting list).
    order = {s.pk: n for n, s in enumerate(sessions)}
    bookings_history_add(
        bookings=sorted(bookings, key=lambda b: (order[b.session.pk], b.partner_id is None))
    )
    _mandatory_history(org, rng, items, today)
    feedback = [
        Feedback(
            organisation=org,
            booking=b,
            useful=rng.choice([3, 4, 4, 5, 5]),
            practice=rng.choice([2, 3, 4, 4, 5]),
            comment="",
        )
        for b in bookings
        if b.attended and rng.random() < 0.6
    ]
    feedback_history_add(feedback=feedback)
    cpd = []
    year_start = date(today.year if today.month == 12 else today.year - 1, 12, 1)
    for b in bookings:
        if b.attended and b.person is not None:
            cpd.append(
                CpdRecord(
                    organisation=org,
                    person=b.person,
                    cpd_type="course",
                    title=b.session.item.title,
                    on=b.session.starts_at.date(),
                    hours=b.session.item.cpd_hours,
                    learned="What I took from the session for my work with families.",
                    difference="I now plan visits differently.",
                    peer_reflected=rng.random() < 0.5,
                    peer_name="A colleague in my team",
                    draft=rng.random() < 0.2,
                )
            )
    for _ in range(len(staff) // 3):
        # The day first, then someone in post on it (not only those in post today).
        on = year_start + timedelta(days=rng.randint(0, max(0, (today - year_start).days)))
        person = rng.choice(in_post_on(on) or staff)
        cpd.append(
            CpdRecord(
                organisation=org,
                person=person,
                cpd_type=rng.choice(["reading", "supervision", "peer"]),
                title="Reflection on a research briefing",
                on=on,
                hours=Decimal("1.5"),
                learned="A new way to think about risk.",
                difference="I use it in assessments.",
                peer_reflected=rng.random() < 0.4,
                peer_name="My supervisor",
            )
        )
    cpd_history_add(records=cpd)
    teams = list(Team.objects.for_org(org).order_by("name"))
    by_title = {i.title: i for i in items}
    for voice, source, topic, weight in NEEDS:
        met_by = {
            "Neglect": ["Practice forum: neglect", "Action learning set: complex families"],
            "Exploitation": ["Child exploitation webinar"],
            "Court skills": ["Practice week drop-in: court skills"],
        }
        recorded_on = today - timedelta(days=rng.randint(10, 200))
        need_add(
            organisation=org,
            actor=None,
            teams=rng.sample(teams, k=min(2, len(teams))) if teams else [],
            items=[by_title[title] for title in met_by.get(topic, [])],
            voice=voice,
            source=source,
            topic=topic,
            weight=weight,
            recorded_on=recorded_on,
        )
    _partners_offer_us(org, rng, partners, today)
    for service in services:
        spell = (
            EmploymentSpell.objects.for_org(org)
            .filter(held, team__service=service, org_role=4)
            .select_related("person")
            .first()
        )
        if spell is not None:
            champion_add(organisation=org, person=spell.person, service=service, actor=None)
    return len(bookings)


def seed_programmes(org: Organisation, rng: random.Random) -> int:
    """A Grit-style programme that began 14 months ago, with answers at each point so far, and a
    Firstline-style programme for managers that has just started (its baseline answered)."""
    from thrive.learning.models import Programme
    from thrive.learning.programmes import answers_history_add, participant_add, programme_create

    if Programme.objects.for_org(org).exists():
        return 0
    today = clock.today()
    start = today - timedelta(days=425)
    grit = programme_create(
        organisation=org,
        actor=None,
        name="Grit: resilience workshop and coaching",
        kind="resilience",
        starts_on=start,
        ends_on=start + timedelta(days=60),
        description="Two days of workshops and six coaching sessions on resilience and calm "
        "under pressure.",
    )
    held = current_q(EmploymentSpell, start)
    spells = list(
        EmploymentSpell.objects.for_org(org)
        .filter(held, profession="social_worker", org_role__in=[4, 5])
        .select_related("person")
        .order_by("person__staff_id")
    )
    chosen = rng.sample(spells, k=min(24, len(spells)))
    lift = {"confidence": 0.9, "calm": 0.8, "conversations": 0.7, "valued": 0.4, "stay": 0.5}
    questions = list(grit.questions.all())
    answers: dict[Any, dict[int, int]] = {}
    for spell in chosen:
        participant = participant_add(
            programme=grit, person=spell.person, joined_on=start, actor=None
        )
        base = {q.pk: rng.choice([2, 2, 3, 3, 3, 4]) for q in questions}
        for inv in participant.invitations.select_related("point"):
            if inv.due_on > today or (spell.end_date and spell.end_date <= inv.due_on):
                continue
            months = inv.point.months_after if inv.point.months_after is not None else 2
            answers[inv] = {}
            for q in questions:
                gain = lift.get(q.key, 0.3) * min(months, 6) / 6
                score = max(1, min(5, round(base[q.pk] + gain + rng.choice([-1, 0, 0, 0, 1]))))
                answers[inv][q.pk] = score
    answers_history_add(programme=grit, answers=answers)
    firstline = programme_create(
        organisation=org,
        actor=None,
        name="Firstline: leadership programme for team managers",
        kind="leadership",
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=300),
    )
    # Its managers joined when it began and have answered the baseline questionnaire.
    now_held = Q(start_date__lte=firstline.starts_on) & (
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    )
    managers = list(
        EmploymentSpell.objects.for_org(org)
        .filter(now_held, profession="social_worker", org_role__in=[2, 3])
        .select_related("person")
        .order_by("person__staff_id")
    )
    questions = list(firstline.questions.all())
    answers = {}
    seen: set[int] = set()
    for spell in managers[:12]:
        if spell.person_id in seen:
            continue
        seen.add(spell.person_id)
        participant = participant_add(
            programme=firstline, person=spell.person, joined_on=firstline.starts_on, actor=None
        )
        baseline = participant.invitations.get(point__months_after=0)
        answers[baseline] = {q.pk: rng.choice([2, 3, 3, 3, 4]) for q in questions}
    answers_history_add(programme=firstline, answers=answers)
    return len(chosen) + len(seen)
