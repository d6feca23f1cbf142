"""Reads for strengths-based mentoring: the practice skills on offer, a person's own offers,
requests (each open one with its ranked suggestions from ``analytics.matching``) and pairs, the
skills their supervisors keep recording (suggested offers), practice champion networks, and
coverage and outcomes for the workforce lead, each in a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from analytics.matching import MentorOffer, Ranked, rank_mentors
from thrive.academy.models import (
    ChampionNetwork,
    MentoringOutcome,
    MentoringPair,
    NetworkMember,
    RequestStatus,
    SkillOffer,
    SkillRequest,
)
from thrive.core.dated_lists import offered
from thrive.people.models import EmploymentSpell, Organisation, StaffMember

if TYPE_CHECKING:
    from thrive.supervision.models import PracticeSkill

MIN_GROUP = 5
# A skill recorded in this many of a person's supervision sessions is suggested as an offer.
SEEN_ENOUGH = 2


def skills(organisation: Organisation, on: date) -> QuerySet[PracticeSkill]:
    """The council's practice skills offered today (supervision's list, one list for both)."""
    from thrive.supervision.models import PracticeSkill

    return offered(PracticeSkill, organisation, on).order_by("name")


def skill_of(organisation: Organisation, pk: int, on: date) -> PracticeSkill | None:
    return skills(organisation, on).filter(pk=pk).first()


def _current_spells(person_ids: list[int], on: date) -> QuerySet[EmploymentSpell]:
    return EmploymentSpell.objects.filter(person_id__in=person_ids, start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def seen_in_supervision(person_ids: list[int], skill_ids: list[int] | None = None) -> Counter:
    """(person, skill) -> held supervision sessions in which the skill was recorded in the
    person's work (they were the one supervised)."""
    from thrive.supervision.models import Session

    through = Session.skills.through
    rows = through.objects.filter(session__supervisee_id__in=person_ids, session__status="held")
    if skill_ids is not None:
        rows = rows.filter(practiceskill_id__in=skill_ids)
    counted = rows.values("session__supervisee_id", "practiceskill_id").annotate(n=Count("id"))
    return Counter({(r["session__supervisee_id"], r["practiceskill_id"]): r["n"] for r in counted})


def suggestions(request: SkillRequest, on: date) -> list[Ranked]:
    """Who could mentor the person who asked, ranked, with reasons: colleagues offering the skill
    with room, never the person's line manager. ``Ranked.person_id`` is the offer's id."""
    offers = list(
        SkillOffer.objects.for_org(request.organisation)
        .filter(skill_id=request.skill_id, withdrawn_on__isnull=True)
        .select_related("person")
        .annotate(
            current=Count(
                "person__mentoring_as_mentor",
                filter=Q(
                    person__mentoring_as_mentor__ended_on__isnull=True,
                    person__mentoring_as_mentor__skill_id=request.skill_id,
                ),
            )
        )
    )
    mentor_ids = [o.person_id for o in offers]
    working = set(_current_spells(mentor_ids, on).values_list("person_id", flat=True))
    mentee_spells = list(
        _current_spells([request.person_id], on).values("line_manager_id", "team_id")
    )
    managers = frozenset(s["line_manager_id"] for s in mentee_spells if s["line_manager_id"])
    teams = {s["team_id"] for s in mentee_spells}
    mentor_teams: dict[int, set[int]] = defaultdict(set)
    for s in _current_spells(mentor_ids, on).values("person_id", "team_id"):
        mentor_teams[s["person_id"]].add(s["team_id"])
    seen = seen_in_supervision(mentor_ids, [request.skill_id])
    champions = set(
        NetworkMember.objects.filter(
            network__skill_id=request.skill_id, left_on__isnull=True, person_id__in=mentor_ids
        ).values_list("person_id", flat=True)
    )
    return rank_mentors(
        [
            MentorOffer(
                offer_id=o.pk,
                person_id=o.person_id,
                name=o.person.full_name,
                capacity=o.capacity,
                current=o.current,  # type: ignore[attr-defined]
                seen_in_supervision=seen[(o.person_id, request.skill_id)],
                champion=o.person_id in champions,
                same_team=bool(mentor_teams[o.person_id] & teams),
            )
            for o in offers
            if o.person_id in working
        ],
        mentee_id=request.person_id,
        line_manager_ids=managers,
        skill=request.skill.name,
    )


def _pairs() -> QuerySet[MentoringPair]:
    return MentoringPair.objects.select_related("mentor", "mentee", "skill").prefetch_related(
        "meetings"
    )


@dataclass
class MyMentoring:
    offers: list[SkillOffer]
    requests: list[tuple[SkillRequest, list[Ranked]]]
    as_mentee: list[MentoringPair]
    as_mentor: list[MentoringPair]
    suggested_offers: list[tuple[PracticeSkill, int]] = field(default_factory=list)


def own_mentoring(person: StaffMember, on: date) -> MyMentoring:
    """A person's offers, requests (each open one with suggestions), pairs either way, and the
    skills their supervisors recorded often enough to suggest offering."""
    org = person.organisation
    offers = list(
        SkillOffer.objects.for_org(org)
        .filter(person=person, withdrawn_on__isnull=True)
        .select_related("skill")
    )
    requests = list(
        SkillRequest.objects.for_org(org)
        .filter(person=person)
        .exclude(status=RequestStatus.WITHDRAWN)
        .select_related("skill", "person__organisation")
    )
    pairs = list(_pairs().filter(organisation=org).filter(Q(mentee=person) | Q(mentor=person)))
    offered_ids = {o.skill_id for o in offers}
    seen = seen_in_supervision([person.pk])
    by_id = {s.pk: s for s in skills(org, on)}
    suggested = sorted(
        (
            (by_id[skill_id], n)
            for (_, skill_id), n in seen.items()
            if n >= SEEN_ENOUGH and skill_id not in offered_ids and skill_id in by_id
        ),
        key=lambda pair: (-pair[1], pair[0].name),
    )
    return MyMentoring(
        offers=offers,
        requests=[
            (r, suggestions(r, on) if r.status == RequestStatus.OPEN else []) for r in requests
        ],
        as_mentee=[p for p in pairs if p.mentee_id == person.pk],
        as_mentor=[p for p in pairs if p.mentor_id == person.pk],
        suggested_offers=suggested,
    )


def own_request(person: StaffMember, pk: int) -> SkillRequest | None:
    return (
        SkillRequest.objects.for_org(person.organisation)
        .filter(person=person, pk=pk)
        .select_related("skill", "person__organisation")
        .first()
    )


def offer_of(organisation: Organisation, pk: int) -> SkillOffer | None:
    return SkillOffer.objects.for_org(organisation).filter(pk=pk).select_related("person").first()


def pair_of(organisation: Organisation, pk: int) -> MentoringPair | None:
    return _pairs().filter(organisation=organisation, pk=pk).first()


def networks(organisation: Organisation) -> QuerySet[ChampionNetwork]:
    """Practice champion networks with their current members."""
    return (
        ChampionNetwork.objects.for_org(organisation)
        .select_related("skill")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=NetworkMember.objects.filter(left_on__isnull=True).select_related(
                    "person"
                ),
                to_attr="current_members",
            )
        )
    )


def open_requests(organisation: Organisation) -> QuerySet[SkillRequest]:
    return (
        SkillRequest.objects.for_org(organisation)
        .filter(status=RequestStatus.OPEN)
        .select_related("person", "skill")
    )


def network_member_of(organisation: Organisation, pk: int) -> NetworkMember | None:
    return (
        NetworkMember.objects.for_org(organisation)
        .filter(pk=pk, left_on__isnull=True)
        .select_related("person", "network")
        .first()
    )


@dataclass
class SkillCoverage:
    skill: str
    offers: int
    requests_open: int
    requests_matched: int
    pairs_open: int
    pairs_closed: int
    champions: int
    # outcome label -> count, only when at least five pairs closed (else None)
    outcomes: dict[str, int] | None


@dataclass
class Coverage:
    rows: list[SkillCoverage]
    requests: int
    matched: int
    meetings: int
    outcomes: dict[str, int] | None

    @property
    def matched_share(self) -> float | None:
        return round(100 * self.matched / self.requests, 1) if self.requests else None


def coverage(organisation: Organisation, on: date) -> Coverage:
    """For the workforce lead: per skill, who offers it and who asks, pairs open and closed,
    champions, and how the closed pairs went (shown only where five or more closed)."""
    names = {s.pk: s.name for s in skills(organisation, on)}
    offers = Counter(
        SkillOffer.objects.for_org(organisation)
        .filter(withdrawn_on__isnull=True)
        .values_list("skill_id", flat=True)
    )
    requests = Counter(
        SkillRequest.objects.for_org(organisation)
        .exclude(status=RequestStatus.WITHDRAWN)
        .values_list("skill_id", "status")
    )
    pairs = list(
        MentoringPair.objects.for_org(organisation)
        .annotate(n_meetings=Count("meetings"))
        .values("skill_id", "ended_on", "outcome", "n_meetings")
    )
    champions = Counter(
        NetworkMember.objects.for_org(organisation)
        .filter(left_on__isnull=True, network__skill__isnull=False)
        .values_list("network__skill_id", flat=True)
    )
    labels = dict(MentoringOutcome.choices)
    outcomes: dict[int, Counter] = defaultdict(Counter)
    open_pairs: Counter = Counter()
    for p in pairs:
        if p["ended_on"] is None:
            open_pairs[p["skill_id"]] += 1
        else:
            outcomes[p["skill_id"]][labels.get(p["outcome"], p["outcome"])] += 1
    used = set(offers) | {s for s, _ in requests} | {p["skill_id"] for p in pairs}
    rows = []
    for skill_id in sorted(used | set(champions), key=lambda k: names.get(k, "")):
        closed = sum(outcomes[skill_id].values())
        rows.append(
            SkillCoverage(
                skill=names.get(skill_id, "A retired skill"),
                offers=offers[skill_id],
                requests_open=requests[(skill_id, RequestStatus.OPEN)],
                requests_matched=requests[(skill_id, RequestStatus.MATCHED)],
                pairs_open=open_pairs[skill_id],
                pairs_closed=closed,
                champions=champions[skill_id],
                outcomes=dict(outcomes[skill_id]) if closed >= MIN_GROUP else None,
            )
        )
    all_outcomes: Counter = Counter()
    for c in outcomes.values():
        all_outcomes.update(c)
    closed_total = sum(all_outcomes.values())
    # Complementary suppression: the whole is shown only if what it hides (the total less the
    # skills shown) is itself five or more pairs, or nothing.
    hidden = sum(r.pairs_closed for r in rows if r.outcomes is None)
    whole_shown = closed_total >= MIN_GROUP and (hidden == 0 or hidden >= MIN_GROUP)
    return Coverage(
        rows=rows,
        requests=sum(requests.values()),
        matched=sum(n for (_, status), n in requests.items() if status == RequestStatus.MATCHED),
        meetings=sum(p["n_meetings"] for p in pairs),
        outcomes=dict(all_outcomes) if whole_shown else None,
    )
