"""Reads for the catalogue: a person's career stage, the published items and their sessions with
free places, what is recommended for a person and why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from analytics.supervision import add_months
from thrive.caseloads.selectors import asye_start
from thrive.core import clock
from thrive.core.permissions import Access
from thrive.learning.models import (
    Booking,
    BookingStatus,
    CareerStage,
    Champion,
    ItemType,
    LearningItem,
    LearningSession,
)
from thrive.learning.policy import nominates_in
from thrive.people.models import EmploymentSpell, Organisation, Service, StaffMember


def current_spell(person: StaffMember, on: date) -> EmploymentSpell | None:
    return person.spells.current(on).select_related("team").order_by("-start_date").first()


def career_stage(spell: EmploymentSpell | None, on: date) -> str:
    """A person's career stage on *on*, from their spell: ASYE in the first year after qualifying,
    then by census role (OrgRole) and years since qualifying."""
    if spell is None:
        return CareerStage.OTHER_PROFESSION
    if spell.profession != "social_worker":
        return CareerStage.OTHER_PROFESSION
    start = asye_start(spell)
    if start is not None and on < start + timedelta(days=365):
        return CareerStage.ASYE
    role = spell.org_role
    if role == 1:
        return CareerStage.LEADER
    if role in (2, 3):
        return CareerStage.MANAGER
    if role == 4:
        return CareerStage.SENIOR
    qualified = spell.person.qualified_on
    if qualified is not None and (on - qualified).days >= 5 * 365:
        return CareerStage.EXPERIENCED
    return CareerStage.SOCIAL_WORKER


def published(organisation: Organisation, on: date) -> QuerySet[LearningItem]:
    return (
        LearningItem.objects.for_org(organisation)
        .filter(published_at__isnull=False)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
    )


def upcoming_sessions(organisation: Organisation) -> QuerySet[LearningSession]:
    """Sessions not yet started, with places taken and waiting counted (one query)."""
    return (
        LearningSession.objects.for_org(organisation)
        .filter(cancelled=False, starts_at__gt=clock.now())
        .annotate(
            taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)),
            waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
        )
        .select_related("item")
        .order_by("starts_at")
    )


@dataclass
class Recommendation:
    item: LearningItem
    reasons: list[str] = field(default_factory=list)
    score: int = 0


def mandatory_status(
    person: StaffMember, items: list[LearningItem], on: date
) -> dict[int, date | None]:
    """For each mandatory item, when the person's attendance runs out (None: never attended)."""
    last = dict(
        Booking.objects.filter(person=person, attended=True, session__item__in=items)
        .values("session__item_id")
        .annotate(last=Max("session__starts_at"))
        .values_list("session__item_id", "last")
    )
    out: dict[int, date | None] = {}
    for item in items:
        when = last.get(item.pk)
        out[item.pk] = add_months(when.date(), item.renewal_months or 12) if when else None
    return out


def recommended_for(person: StaffMember, on: date, limit: int = 12) -> list[Recommendation]:
    """What to offer a person, best first, each with its reasons: mandatory learning missing or
    running out, items for their career stage and profession, and needs recorded for their team."""
    spell = current_spell(person, on)
    stage = career_stage(spell, on)
    profession = spell.profession if spell else ""
    items = list(published(person.organisation, on).prefetch_related("needs__teams"))
    mandatory = [i for i in items if i.mandatory and _for(i, stage, profession)]
    expiry = mandatory_status(person, mandatory, on)
    stage_label = dict(CareerStage.choices)[stage]
    recs: list[Recommendation] = []
    for item in items:
        rec = Recommendation(item)
        if item.pk in expiry:
            ends = expiry[item.pk]
            if ends is None:
                rec.reasons.append("Mandatory for you, and you have not done it yet.")
                rec.score += 100
            elif ends <= on + timedelta(days=60):
                rec.reasons.append(f"Mandatory: yours runs out on {ends:%-d %B %Y}.")
                rec.score += 80
        if item.career_stages and stage in item.career_stages:
            rec.reasons.append(f"Meant for your stage: {stage_label.lower()}.")
            rec.score += 20
        if item.professions and profession in item.professions:
            rec.score += 5
        if spell is not None:
            team_needs = [
                n for n in item.needs.all() if any(t.pk == spell.team_id for t in n.teams.all())
            ]
            if team_needs:
                rec.reasons.append(f"Meets a need recorded for your team: {team_needs[0].topic}.")
                rec.score += 10 * max(n.weight for n in team_needs)
        if rec.reasons and _for(item, stage, profession):
            recs.append(rec)
    recs.sort(key=lambda r: (-r.score, r.item.title))
    return recs[:limit]


def _for(item: LearningItem, stage: str, profession: str) -> bool:
    return (not item.career_stages or stage in item.career_stages) and (
        not item.professions or profession in item.professions
    )


def sessions_from(item: LearningItem, on: date) -> list[LearningSession]:
    """The item's sessions, not cancelled and not yet started, on or after *on*: those a
    withdrawal from *on* cancels."""
    now = clock.now()
    return [
        s
        for s in item.sessions.filter(cancelled=False, starts_at__gt=now).order_by("starts_at")
        if timezone.localtime(s.starts_at).date() >= on
    ]


def learning_item(organisation: Organisation, pk: int | None) -> LearningItem | None:
    """One of the council's catalogue items (published or not), or None."""
    if pk is None:
        return None
    return LearningItem.objects.for_org(organisation).filter(pk=pk).first()


def is_published(item: LearningItem, on: date) -> bool:
    """Is *item* in the catalogue on *on* (published, not withdrawn)?"""
    return published(item.organisation, on).filter(pk=item.pk).exists()


def catalogue_items(
    organisation: Organisation,
    on: date,
    *,
    q: str = "",
    kind: str = "",
    stage: str = "",
    topic: str = "",
) -> list[LearningItem]:
    """The catalogue on *on*, by title, filtered by words in the title, description or provider,
    the kind of learning, a career stage (items for every stage match any) and a topic."""
    items = published(organisation, on)
    if q:
        items = items.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(provider_name__icontains=q)
        )
    if kind in ItemType.values:
        items = items.filter(item_type=kind)
    rows = list(items.order_by("title"))
    if stage in CareerStage.values:
        rows = [i for i in rows if not i.career_stages or stage in i.career_stages]
    topic = topic.strip().casefold()
    if topic:
        rows = [i for i in rows if any(topic in t.casefold() for t in i.topics)]
    return rows


def upcoming_by_item(
    organisation: Organisation, items: Iterable[LearningItem]
) -> dict[int, list[LearningSession]]:
    """The upcoming sessions of *items*, by item id (one query)."""
    out: dict[int, list[LearningSession]] = {}
    for s in upcoming_sessions(organisation).filter(item__in=[i.pk for i in items]):
        out.setdefault(s.item_id, []).append(s)
    return out


def upcoming_sessions_of(item: LearningItem) -> list[LearningSession]:
    """An item's sessions not yet started, with places taken and waiting counted."""
    return list(upcoming_sessions(item.organisation).filter(item=item))


def services_of(organisation: Organisation) -> QuerySet[Service]:
    return Service.objects.for_org(organisation).order_by("name")


def champions_of(organisation: Organisation) -> QuerySet[Champion]:
    """The council's training champions, by service."""
    return (
        Champion.objects.for_org(organisation)
        .select_related("person", "service")
        .order_by("service__name")
    )


def champion_service_ids(person: StaffMember | None) -> list[int]:
    """The services *person* is a training champion for."""
    if person is None:
        return []
    return list(Champion.objects.filter(person=person).values_list("service_id", flat=True))


def is_champion_for(person: StaffMember | None, service_id: int | None) -> bool:
    return service_id is not None and service_id in champion_service_ids(person)


def published_for_services(
    organisation: Organisation, on: date, services: Iterable[int]
) -> QuerySet[LearningItem]:
    """What is in the catalogue for *services*, newest first: a champion's page."""
    return (
        published(organisation, on).filter(service_id__in=list(services)).order_by("-published_at")
    )


def nominable_people(access: Access, on: date) -> list[StaffMember]:
    """Whom *access*'s person may put forward for learning on *on*: people in post in the teams
    the learning policy says they nominate in, by name."""
    spells = (
        EmploymentSpell.objects.for_org(access.organisation)
        .current(on)
        .select_related("person", "team")
    )
    out = {s.person_id: s.person for s in spells if nominates_in(access, s.team)}
    return sorted(out.values(), key=lambda p: (p.last_name, p.first_name))


def nominee(organisation: Organisation, pk: int | str) -> StaffMember | None:
    """A person in the council's register, by id (someone chosen on a nomination form)."""
    return StaffMember.objects.for_org(organisation).filter(pk=pk).first()


def regional_offer(organisations: list[Organisation], *, days: int = 90) -> list[LearningSession]:
    """The learning open across a partnership: every member council's sessions in the next
    *days* days (not cancelled, of published items), each with ``taken`` places and its
    council, soonest first (one query). Titles, dates and places only: nobody's name."""
    now = clock.now()
    return list(
        LearningSession.objects.filter(
            organisation__in=organisations,
            cancelled=False,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=days),
            item__published_at__isnull=False,
        )
        .annotate(taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)))
        .select_related("item", "organisation")
        .order_by("starts_at", "pk")
    )
