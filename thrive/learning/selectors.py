"""Reads for learning: a person's career stage, the catalogue with free places, what is
recommended for a person and why, a team's gaps in mandatory learning, feedback by item and by
provider, the prioritised needs analysis, and the exchange ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from analytics.supervision import add_months
from thrive.caseloads.selectors import asye_start
from thrive.core import clock
from thrive.learning.models import (
    Booking,
    BookingStatus,
    CareerStage,
    CpdRecord,
    ExchangeOffer,
    Feedback,
    LearningItem,
    LearningSession,
    Need,
    Partner,
    PartnerOffer,
    PartnerPlace,
    ProviderKind,
    Voice,
)
from thrive.people.models import EmploymentSpell, Organisation, StaffMember

SMALLEST_GROUP = 5
"""Feedback averages are never shown for fewer people than this."""


def current_spell(person: StaffMember, on: date) -> EmploymentSpell | None:
    return (
        person.spells.current(on)
        .select_related("team")
        .order_by("-start_date")
        .first()
    )


def cpd_records_visible_to(access: Any, on: date) -> QuerySet[CpdRecord]:
    """The CPD records (and so evidence files) *access*'s person may open on *on*: their own, and
    — for managers — those of people in their teams or services *now*. A manager someone has left
    behind no longer reads their CPD."""
    from thrive.core.roles import Cap, Scope

    organisation = access.organisation
    records = CpdRecord.objects.for_org(organisation)
    scope = access.scope(Cap.CPD_VIEW)
    if scope >= Scope.ORG:
        return records
    current = (
        EmploymentSpell.objects.for_org(organisation)
        .current(on)
    )
    condition = Q(person__user_id=access.user.pk)
    if services := access.services_for(Cap.CPD_VIEW):
        condition |= Q(
            person_id__in=current.filter(team__service_id__in=services).values("person_id")
        )
    if teams := access.teams_for(Cap.CPD_VIEW):
        condition |= Q(person_id__in=current.filter(team_id__in=teams).values("person_id"))
    return records.filter(condition)


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


def in_post_spells(
    organisation: Organisation, on: date, teams: QuerySet[Any] | None = None
) -> list[EmploymentSpell]:
    """Everyone in post on *on* (any profession, any contract), optionally in *teams*: whom
    mandatory learning is for — items can be meant for any profession, not only social workers."""
    spells = (
        EmploymentSpell.objects.for_org(organisation)
        .current(on)
    )
    if teams is not None:
        spells = spells.filter(team__in=teams)
    return list(
        spells.select_related("person", "team").order_by(
            "person__last_name", "person__first_name", "id"
        )
    )


def team_gaps(
    organisation: Organisation, spells: list[EmploymentSpell], on: date
) -> list[dict[str, Any]]:
    """For each person, the mandatory items they lack or that run out within 60 days."""
    items = [i for i in published(organisation, on) if i.mandatory]
    attended: dict[tuple[int, int], date] = {}
    for person_id, item_id, last in (
        Booking.objects.filter(
            person_id__in=[s.person_id for s in spells], attended=True, session__item__in=items
        )
        .values("person_id", "session__item_id")
        .annotate(last=Max("session__starts_at"))
        .values_list("person_id", "session__item_id", "last")
    ):
        attended[(person_id, item_id)] = last.date()
    rows = []
    for spell in spells:
        stage = career_stage(spell, on)
        missing, expiring = [], []
        for item in items:
            if not _for(item, stage, spell.profession):
                continue
            last = attended.get((spell.person_id, item.pk))
            if last is None:
                missing.append(item)
            else:
                ends = add_months(last, item.renewal_months or 12)
                if ends <= on + timedelta(days=60):
                    expiring.append((item, ends))
        rows.append(
            {
                "spell": spell,
                "stage": dict(CareerStage.choices)[stage],
                "missing": missing,
                "expiring": expiring,
            }
        )
    return rows


def feedback_summary(organisation: Organisation) -> dict[str, list[dict[str, Any]]]:
    """Average usefulness and difference to practice per item and per provider (the kind of
    provider and its name: two in-house teams without a name are one group, "In-house"); a group
    smaller than five shows its count but not its averages."""
    base = Feedback.objects.for_org(organisation)
    kinds = dict(ProviderKind.choices)

    def rows(keys: list[str], label: Any) -> list[dict[str, Any]]:
        out = []
        for r in (
            base.values(*keys)
            .annotate(n=Count("id"), useful=Avg("useful"), practice=Avg("practice"))
            .order_by(*keys)
        ):
            shown = r["n"] >= SMALLEST_GROUP
            out.append(
                {
                    "label": label(r),
                    "n": r["n"],
                    "useful": round(r["useful"], 1) if shown else None,
                    "practice": round(r["practice"], 1) if shown else None,
                }
            )
        return out

    kind, name = "booking__session__item__provider_kind", "booking__session__item__provider_name"

    def provider(r: dict[str, Any]) -> str:
        label = kinds.get(r[kind], r[kind])
        return f"{r[name]} ({label.lower()})" if r[name] else label

    providers = rows([kind, name], provider)
    providers.sort(key=lambda r: r["label"].casefold())
    return {
        "items": rows(
            ["booking__session__item__title"],
            lambda r: r["booking__session__item__title"] or "Not named",
        ),
        "providers": providers,
    }


@dataclass
class Priority:
    topic: str
    score: int
    voices: list[str]
    needs: list[Need]
    items: list[LearningItem]

    @property
    def agreement(self) -> str:
        n = len(self.voices)
        return {3: "All three sources agree", 2: "Two sources agree"}.get(n, "One source")

    @property
    def unmet(self) -> bool:
        return not self.items


def needs_analysis(organisation: Organisation) -> list[Priority]:
    """Needs grouped by topic and ranked: the weights added up, doubled when two sources agree and
    trebled when all three do — so what the workforce, families and the evidence all say comes
    first. Topics with no catalogue item are unmet: for commissioning."""
    groups: dict[str, list[Need]] = defaultdict(list)
    for need in Need.objects.for_org(organisation).prefetch_related("items", "teams"):
        groups[need.topic.strip().casefold()].append(need)
    labels = dict(Voice.choices)
    out = []
    for needs in groups.values():
        voices = sorted({n.voice for n in needs})
        items = {i.pk: i for n in needs for i in n.items.all()}
        out.append(
            Priority(
                topic=needs[0].topic.strip(),
                score=sum(n.weight for n in needs) * len(voices),
                voices=[labels[v] for v in voices],
                needs=needs,
                items=list(items.values()),
            )
        )
    out.sort(key=lambda p: (-p.score, p.topic))
    return out


def exchange_ledger(organisation: Organisation) -> list[dict[str, Any]]:
    """Per partner, both sides of the exchange: places we offered on our sessions, places they
    took (on sessions held, not marked absent) and places they have booked on sessions still to
    come; places they offered us on their training and places we took; and the balance — places
    they took less places we took (positive: they owe us places). Cancelled sessions count for
    nothing."""
    now = clock.now()

    def by_partner(rows: Any) -> dict[int, int]:
        return {pid: int(n or 0) for pid, n in rows}

    live = Q(session__cancelled=False)
    we_offered = by_partner(
        ExchangeOffer.objects.for_org(organisation)
        .filter(live)
        .values("partner_id")
        .annotate(n=Sum("places"))
        .values_list("partner_id", "n")
    )
    partner_bookings = (
        Booking.objects.for_org(organisation)
        .filter(live, partner__isnull=False, status=BookingStatus.BOOKED)
        .values("partner_id")
    )
    they_took = by_partner(
        partner_bookings.filter(session__starts_at__lte=now)
        .exclude(attended=False)
        .annotate(n=Count("id"))
        .values_list("partner_id", "n")
    )
    they_booked = by_partner(
        partner_bookings.filter(session__starts_at__gt=now)
        .annotate(n=Count("id"))
        .values_list("partner_id", "n")
    )
    they_offered = by_partner(
        PartnerOffer.objects.for_org(organisation)
        .values("partner_id")
        .annotate(n=Sum("places"))
        .values_list("partner_id", "n")
    )
    we_took = by_partner(
        PartnerPlace.objects.for_org(organisation)
        .values("partner_id")
        .annotate(n=Sum("places"))
        .values_list("partner_id", "n")
    )
    rows = []
    for p in Partner.objects.for_org(organisation):
        took, ours = they_took.get(p.pk, 0), we_took.get(p.pk, 0)
        rows.append(
            {
                "partner": p,
                "places_offered": we_offered.get(p.pk, 0),
                "they_took": took,
                "they_booked": they_booked.get(p.pk, 0),
                "they_offered": they_offered.get(p.pk, 0),
                "we_took": ours,
                "balance": took - ours,
            }
        )
    return rows


def waiting_ahead() -> Coalesce:
    """For annotating bookings: how many people are ahead on the same session's waiting list
    (the list is offered in the order people joined it), so a place shows its position."""
    ahead = (
        Booking.objects.filter(session=OuterRef("session"), status=BookingStatus.WAITING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("session")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(ahead), Value(0))
